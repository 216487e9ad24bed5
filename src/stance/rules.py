"""The transparent scorer: stance of a candidate pair from lexicon cues and word order, one rule a function.

Each rule returns a score in [-1, 1] (its sign the position, its size the cue's weight) or None when
it does not apply; `score_candidate` tries them in order and says which one decided.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise, takewhile
from math import prod
from typing import TYPE_CHECKING, Any

from .cues import VERB_PREFIXES, Cue, _lexicon
from .resources import language_forms, read_language_table
from .tokens import Tokens, lower

if TYPE_CHECKING:  # candidates reads the preposition table from here
    from .candidates import Candidate

# A stretch of tokens: (first, last), or (first, last, entity) as the sentence's spans hold them.
Span = tuple[Any, ...]

__all__ = [
    "STANCE_THRESHOLD",
    "RuleResult",
    "SentenceContext",
    "after_preposition",
    "is_reported",
    "is_subject",
    "names_a_place",
    "preposition_before",
    "score_candidate",
    "stance_of",
]

# A score at or beyond this size is a position; below it, neutral. Half of a weak cue's weight (0.6).
STANCE_THRESHOLD = 0.3
# How far (in tokens) an agent may stand before its verb, with only fillers between ("AS juga telah mengecam").
_AGENT_GAP = 3
# How near a trait word must stand to the entity it describes ("kebijakan imperialis Amerika Serikat").
_TRAIT_WINDOW = 3
# A double negative chain ("mengecam serangan terhadap Ukraina") reads as sympathy: a weaker favour.
_SYMPATHY_FACTOR = 0.6
# When the holder is named but is not the subject of the cue, the pair is a weak signal, below the
# threshold on its own (the classifier still sees it).
_NOT_AGENT_FACTOR = 0.25
# A holder named inside someone else's direct quote ("“…Putin menyalahkan Barat…,” kata Biden") is
# the speaker's claim about it, not its own position (SPEC §3: an accusation stays with the accuser).
_REPORTED_FACTOR = 0.25
# A target that is only the place where something happens ("kebijakan di Ukraina") is barely aimed at.
_PLACE_FACTOR = 0.25
# Only a hostile act by the target ("menyerang", "memprovokasi", "mengintai": weight 0.8 or more)
# makes the speaker's report of it an accusation; "menolak" (reject) does not.
_HOSTILE_WEIGHT = 0.8
# A target more than this many tokens after the last cue is probably not its object ("bekerja sama
# dengan Departemen Keamanan Dalam Negeri untuk memperketat visa dari China").
_OBJECT_REACH = 6
_FAR_OBJECT_FACTOR = 0.5
# How far (in tokens) a subject may stand before its first cue ("Kim mengekspresikan “dukungan …").
_SUBJECT_REACH = 10
_CLAUSE_GAP = re.compile(r"[,;:()“”\"]")
# The prefixes of an active verb ("menuduh", "berpegang"): a word so begun is something someone does.
_ACTIVE_VERB = ("me", "ber")
# Between a subject and its verb (past any aside), these end the subject's clause.
_SUBJECT_BREAK = re.compile(r"[,;:()]")
# A colon or semicolon: what follows is another statement, not the object of the act before (quote
# marks are not: news quotes phrases inside a sentence, "mengekspresikan “dukungan penuh” bagi …").
_HARD_BREAK = re.compile(r"[;:]")
# Nouns of places that may stand between a preposition and a place's name ("di desa Przewodów, Polandia").
_PLACE_NOUNS = frozenset(("desa", "kota", "kabupaten", "provinsi", "negara", "bagian", "pulau", "wilayah", "kawasan"))
# How many words a place name before a comma may have ("di Phnom Penh, Kamboja").
_MAX_PLACE_WORDS = 3
# ", bersama Inggris dan Kanada," between a subject and its verb is an aside, not a clause break.
_PARENTHETICAL = re.compile(r"\s*,[^,;:]{1,80},|\s*\([^()]{1,80}\)")
# ", yang berada di Phnom Penh, Kamboja, untuk …," and ", bersama Inggris, Kanada dan Australia," hold
# commas of their own.
_RELATIVE_ASIDE = re.compile(r"\s*,\s*(?:yang|bersama)\b[^;:“”\"]{1,120},")


@dataclass(frozen=True, slots=True)
class RuleResult:
    score: float
    rule: str
    cue: str


@dataclass
class SentenceContext:
    """What the rules need about one article: its tokens, cues and mention spans (token indices).

    Indexed once so that a rule looks only at the cues and mentions near its candidate: scanning the
    whole article for each candidate made scoring quadratic (a 100 KB article took half a minute).
    """

    tokens: Tokens
    cues: list[Cue]
    mention_spans: list[tuple[int, int, str]]  # (first, last, entity)
    _cue_firsts: list[int] = field(init=False, repr=False)
    _cue_lasts: list[int] = field(init=False, repr=False)
    _cues_in_order: bool = field(init=False, repr=False)
    _spans_by_first: list[tuple[int, int, str]] = field(init=False, repr=False)
    _span_firsts: list[int] = field(init=False, repr=False)
    _spans_by_last: dict[int, list[tuple[int, int, str]]] = field(init=False, repr=False)
    # What the candidates of one article ask again about the same spans and cues (a holder's clause, a
    # cue's agent or owners, a list's end), worked out once per article: see `is_subject`, `_agent_of`,
    # `_owners` and `_list_end` for the keys.
    _subjects: dict[tuple[int, int, int], bool] = field(init=False, repr=False, default_factory=dict)
    _agents: dict[int, tuple[int, int, str] | None] = field(init=False, repr=False, default_factory=dict)
    _owner_spans: dict[tuple[int, int, str], list[tuple[int, int, str]]] = field(
        init=False, repr=False, default_factory=dict
    )
    _list_ends: dict[Span, Span] = field(init=False, repr=False, default_factory=dict)
    _between: dict[tuple[int, int], list[Cue]] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._cue_firsts = [c.first for c in self.cues]
        self._cue_lasts = [c.last for c in self.cues]
        # find_cues gives cues in text order, none overlapping: firsts and lasts both increase.
        self._cues_in_order = all(c.first <= c.last for c in self.cues) and all(
            a.last < b.first for a, b in pairwise(self.cues)
        )
        self._spans_by_first = sorted(self.mention_spans, key=lambda s: s[0])  # stable: ties keep their order
        self._span_firsts = [s[0] for s in self._spans_by_first]
        by_last: dict[int, list[tuple[int, int, str]]] = {}
        for span in self.mention_spans:
            by_last.setdefault(span[1], []).append(span)
        self._spans_by_last = by_last

    def cues_touching(self, lo: int, hi: int) -> list[Cue]:
        """The cues that end at or after token `lo` and start at or before `hi`, in text order: a
        superset of every cue inside [lo, hi] or reaching into it."""
        if not self._cues_in_order:
            return [c for c in self.cues if c.last >= lo and c.first <= hi]
        return self.cues[bisect_left(self._cue_lasts, lo) : bisect_right(self._cue_firsts, hi)]

    def cues_between(self, a: int, b: int) -> list[Cue]:
        """The cues strictly between tokens a and b, in text order; once per (a, b) of the article, as a
        candidate's rules and its features ask for the same stretch (callers only read the list)."""
        found = self._between.get((a, b))
        if found is None:
            found = self._between[a, b] = [c for c in self.cues_touching(a + 1, b - 1) if a < c.first and c.last < b]
        return found

    def spans_starting(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """Mention spans whose first token is in [lo, hi], by first token."""
        return self._spans_by_first[bisect_left(self._span_firsts, lo) : bisect_right(self._span_firsts, hi)]

    def first_span_start(self, lo: int) -> int | None:
        """The first token of the earliest mention starting at or after token `lo`."""
        i = bisect_left(self._span_firsts, lo)
        return self._span_firsts[i] if i < len(self._span_firsts) else None

    def spans_ending_at(self, last: int) -> list[tuple[int, int, str]]:
        """Mention spans whose last token is `last`, in their order."""
        return self._spans_by_last.get(last, [])


@cache
def _cue_lexicon() -> dict[tuple[str, ...], tuple[str, int, str, float]]:
    return _lexicon().cues


@cache
def _first_person() -> frozenset[str]:
    return frozenset(language_forms("first_person"))


@cache
def _agent_fillers() -> frozenset[str]:
    return frozenset(language_forms("agent_fillers"))


@cache
def _prepositions() -> dict[str, str]:
    table = read_language_table("prepositions", required=("form", "kind"))
    return dict(zip(table["form"].str.lower(), table["kind"], strict=True))


def preposition_kind(word: str) -> str | None:
    """``locative`` or ``other`` for a (lower-case) preposition, None for any other word."""
    return _prepositions().get(word)


@cache
def _conditionals() -> frozenset[str]:
    return frozenset(language_forms("conditionals"))


def _condition_before(ctx: SentenceContext, lo: int, first: int) -> bool:
    """A condition or a fear ("jika", "kekhawatiran bahwa") opens the clause of token `first`."""
    t, conditionals = ctx.tokens, _conditionals()
    for j in range(first - 1, max(lo, 0) - 1, -1):
        if _CLAUSE_GAP.search(t.text, t.ends[j], t.starts[j + 1]) or t.sentence[j] != t.sentence[first]:
            return False
        if t.lowers[j] in conditionals or (j > 0 and f"{t.lowers[j - 1]} {t.lowers[j]}" in conditionals):
            return True
    return False


@cache
def _clause_breaks() -> frozenset[str]:
    return frozenset(language_forms("clause_breaks"))


def after_preposition(ctx: SentenceContext, first: int) -> str | None:
    """The kind of preposition right before token `first` in its sentence, if any."""
    return preposition_before(ctx.tokens, first)


_UNSEEN = "\0"  # no preposition kind: a token not looked at yet (one dict look-up, not two)


def preposition_before(t: Tokens, first: int) -> str | None:
    """The kind of preposition right before token `first` in its sentence, over a place apposition
    ("di Phnom Penh, Kamboja"), if any. Once per token of an article (kept in `Tokens.prepositions`)."""
    kind = t.prepositions.get(first, _UNSEEN)
    if kind == _UNSEEN:
        kind = t.prepositions[first] = _find_preposition(t, first)
    return kind


def _find_preposition(t: Tokens, first: int) -> str | None:
    if first == 0 or t.sentence[first - 1] != t.sentence[first]:
        return None
    kind = _prepositions().get(t.lowers[first - 1])
    if kind is None and t.text[t.ends[first - 1] : t.starts[first]].strip() == ",":
        return _apposition_preposition(t, first - 1)
    return kind


def names_a_place(t: Tokens, first: int, *, topic: bool = False) -> bool:
    """Token `first` follows a locative or directional preposition ("di Moskow", "ke Roma, Italia"), or
    with `topic` a topic one ("menyangkut Taiwan"): where something happens or goes, not who acts."""
    kind = preposition_before(t, first)
    return kind in ("locative", "direction") or (topic and kind == "topic")


def _apposition_preposition(t: Tokens, last: int) -> str | None:
    """ "di Phnom Penh, Kamboja", "ke Roma, Italia": a name after a comma that follows a place named
    after a preposition is that place's country, governed by the same preposition."""
    j = last
    while j >= 0 and t.words[j][:1].isupper() and t.sentence[j] == t.sentence[last] and last - j < _MAX_PLACE_WORDS:
        if j == last or not t.text[t.ends[j] : t.starts[j + 1]].strip():
            j -= 1
        else:
            break
    if j == last or j < 0 or t.sentence[j] != t.sentence[last] or t.text[t.ends[j] : t.starts[j + 1]].strip():
        return None
    if j > 0 and t.lowers[j] in _PLACE_NOUNS and t.sentence[j - 1] == t.sentence[j]:
        j -= 1  # "di desa Przewodów, Polandia"
    return _prepositions().get(t.lowers[j])


def is_subject(ctx: SentenceContext, holder: Span, cue: Cue) -> bool:
    """Whether the holder is the subject of the clause the cue is in: close before it, not after a
    preposition, no clause break between, and no other subject-like mention between. Once per holder
    and cue of an article: the rules and the candidate's features ask for the same pair."""
    key = (holder[0], holder[1], cue.first)  # all `_is_subject` reads of them
    known = ctx._subjects.get(key)
    if known is None:
        known = ctx._subjects[key] = _is_subject(ctx, holder, cue)
    return known


def _is_subject(ctx: SentenceContext, holder: Span, cue: Cue) -> bool:
    t = ctx.tokens
    if (lead := _co_actor_of(ctx, holder)) is not None:
        return is_subject(ctx, lead, cue)  # "AS, bersama Inggris dan Kanada, memboikot …": Kanada acts too
    if cue.first <= holder[1] or after_preposition(ctx, holder[0]):
        return False
    agent = _agent_of(ctx, cue)  # "sejak Rusia menyerang": after a conjunction, still the verb's own subject
    listed = _list_end(ctx, holder)  # "Jerman, Belanda, dan Italia akan mengirim": the list acts together
    after_aside = t.ends[holder[1]]  # past an aside: "Korea Utara, seperti dikutip KCNA, mengecam"
    for last in dict.fromkeys((holder[1], listed[1] if listed[1] < cue.first else holder[1])):
        aside = _RELATIVE_ASIDE.match(t.text, t.ends[last], t.starts[cue.first]) or _PARENTHETICAL.match(
            t.text, t.ends[last], t.starts[cue.first]
        )
        after_aside = max(after_aside, aside.end() if aside else t.ends[last])
    if _SUBJECT_BREAK.search(t.text, after_aside, t.starts[cue.first]):
        return False
    inside = [j for j in range(holder[1] + 1, cue.first) if t.starts[j] >= after_aside]
    if len(inside) >= _SUBJECT_REACH:  # the aside does not count toward the reach
        return False
    breaks, fillers = _clause_breaks(), _agent_fillers()
    if any(t.lowers[j] in breaks for j in inside) and not _issues_statement(ctx, inside):
        return False
    said = [j for j in inside if t.lowers[j] not in fillers]
    if said and (t.lowers[said[-1]] in ("dan", "serta") or t.lowers[said[0]] in ("dan", "serta")):
        return False  # "Moskow mendukung prinsip Satu China dan (tetap) menuduh Washington": Moscow's verb again
    for span in ctx.spans_starting(holder[1] + 1, cue.first - 1):
        between = span[1] < cue.first and t.starts[span[0]] >= after_aside
        governed = after_preposition(ctx, span[0]) and span != agent and not _acts_next(ctx, span)
        if between and not governed and not _coordinated(ctx, holder, span):
            return False
    return True


@cache
def _statement_frames() -> tuple[frozenset[str], frozenset[str]]:
    table = read_language_table("statement_frames", required=("form", "role"))
    forms = table["form"].str.lower()
    return frozenset(forms[table["role"] == "verb"]), frozenset(forms[table["role"] == "noun"])


# How many words may describe the document between its noun and "yang" ("pernyataan bersama resmi yang").
_DOCUMENT_WORDS = 2


def _issues_statement(ctx: SentenceContext, inside: list[int]) -> bool:
    """The words between a holder and a cue are the holder issuing a document whose content the cue is
    ("ia dan Putin meneken pernyataan bersama yang mengecam …"): the only clause break is that "yang"."""
    t, fillers = ctx.tokens, _agent_fillers()
    words = [j for j in inside if t.lowers[j] not in fillers]
    verbs, nouns = _statement_frames()
    if len(words) < 3 or t.lowers[words[-1]] != "yang" or t.lowers[words[0]] not in verbs:
        return False
    if t.lowers[words[1]] not in nouns or len(words) - 3 > _DOCUMENT_WORDS:
        return False
    return not any(t.lowers[j] in _clause_breaks() for j in words[2:-1])


def _talk_between(ctx: SentenceContext, a: int, b: int) -> bool:
    """A word of talks (joint_acts.csv, role talk) between the act and the target: the act is aimed at
    the talks ("menyambut perundingan langsung Rusia dan Ukraina"), not at either party."""
    talk = _joint_acts()[1]
    return any(w in talk for w in ctx.tokens.lowers[a + 1 : b])


def _acts_next(ctx: SentenceContext, span: Span) -> bool:
    """An active verb follows the mention: it is a clause's subject even after a word that can be a
    preposition ("sejak Rusia melancarkan invasi": since Russia launched, not "since Russia")."""
    t, j, fillers = ctx.tokens, span[1] + 1, _agent_fillers()
    while j < len(t.words) and t.sentence[j] == t.sentence[span[0]] and t.lowers[j] in fillers:
        j += 1
    return j < len(t.words) and t.sentence[j] == t.sentence[span[0]] and t.lowers[j].startswith(_ACTIVE_VERB)


def _co_actor_of(ctx: SentenceContext, holder: Span) -> Span | None:
    """The subject a holder is listed with in "AS(,) bersama X, Y dan Z(,)": the co-actors share its acts."""
    t = ctx.tokens
    j = holder[0] - 1
    while j >= 0 and t.sentence[j] == t.sentence[holder[0]]:
        if t.lowers[j] == "bersama":
            before = ctx.spans_ending_at(j - 1)
            joined = bool(before) and t.text[t.ends[j - 1] : t.starts[j]].strip() in (",", "")
            return before[-1][:2] if joined else None
        if ending := ctx.spans_ending_at(j):
            j = ending[-1][0] - 1
        elif t.lowers[j] in ("dan", "serta"):
            j -= 1
        else:
            return None
    return None


def stance_of(score: float) -> str:
    """favor, against or neutral for a score, at `STANCE_THRESHOLD`."""
    if score >= STANCE_THRESHOLD:
        return "favor"
    if score <= -STANCE_THRESHOLD:
        return "against"
    return "neutral"


def _gap_is_filler(ctx: SentenceContext, a: int, b: int) -> bool:
    """Tokens strictly between a and b are few fillers, with no clause break in the text between."""
    t = ctx.tokens
    if b - a - 1 > _AGENT_GAP:
        return False
    if _CLAUSE_GAP.search(t.text, t.ends[a], t.starts[b]):
        return False
    fillers = _agent_fillers()
    return all(t.lowers[j] in fillers for j in range(a + 1, b))


def _agent_of(ctx: SentenceContext, cue: Cue) -> tuple[int, int, str] | None:
    """The mention right before a cue (its agent), over fillers such as "juga telah": the nearest one
    ending at most `_AGENT_GAP` tokens before it (the first listed, when several end there). Once per
    cue start of an article."""
    if cue.first not in ctx._agents:
        ctx._agents[cue.first] = _find_agent(ctx, cue)
    return ctx._agents[cue.first]


def _find_agent(ctx: SentenceContext, cue: Cue) -> tuple[int, int, str] | None:
    sentence = ctx.tokens.sentence
    for last in range(cue.first - 1, max(cue.first - 2 - _AGENT_GAP, -1), -1):
        if sentence[last] != sentence[cue.first]:
            return None  # "… ke wilayah Ukraina. Tuduhan itu …": never an agent in the sentence before
        spans = ctx.spans_ending_at(last)
        if spans and _gap_is_filler(ctx, last, cue.first):
            return spans[0]
    return None


def _first_person_agent(ctx: SentenceContext, cue: Cue, lo: int) -> bool:
    t, first_person = ctx.tokens, _first_person()
    for j in range(max(lo, cue.first - 1 - _AGENT_GAP), cue.first):
        if t.lowers[j] in first_person and _gap_is_filler(ctx, j, cue.first):
            return True
    return False


def _chain(cues: list[Cue]) -> tuple[int, float, str]:
    """Polarity through a chain of cues: "mendukung sanksi terhadap X" is against X; "menolak sanksi
    terhadap X" is for X; a threat makes whatever it threatens hostile ("mengancam menaikkan tarif").
    Attitudes in a row compose ("menentang resolusi yang mengecam invasi ke X": against what condemns
    an attack on X, so against X); deeds in a row by one agent: the last one reaches the target, with
    the attitudes right before it ("menuntut Rusia menghentikan penggunaan kekuatan terhadap X")."""
    first, last = cues[0], cues[-1]
    if first is last:
        return first.polarity, first.weight, first.form
    if first.kind == "threat":
        return -1, min(first.weight, last.weight), f"{first.form}>{last.form}"
    attitudes = list(takewhile(lambda c: c.kind == "attitude", cues))
    if len(attitudes) == len(cues):
        used = cues
    else:  # attitudes right before the last deed act on it too ("menuntut Rusia menghentikan serangan ke X")
        rest = cues[len(attitudes) : -1]
        trailing = list(takewhile(lambda c: c.kind == "attitude", reversed(rest)))[::-1]
        used = [*attitudes, *trailing, last]
    polarity = prod(c.polarity for c in used)
    weight = min(c.weight for c in used)
    if sum(c.polarity < 0 for c in used) >= 2:
        weight *= _SYMPATHY_FACTOR
    shown = used if used[0] is first else [first, *used]
    return polarity, weight, ">".join(c.form for c in shown)


# Words that may stand between "dan" and the verb of a second predicate ("dan tetap berpegang pada").
_PREDICATE_GAP = 2


def _last_predicate(ctx: SentenceContext, cues: list[Cue]) -> list[Cue]:
    """The cues from the last verb joined by "dan"/"serta" to an earlier one on: a second predicate of the
    same subject, not an act on the first one's object ("tidak mendukung kemerdekaan Taiwan dan tetap
    berpegang pada kebijakan Satu China": for China, whatever the first verb says)."""
    t = ctx.tokens
    for i in range(len(cues) - 1, 0, -1):
        verb = cues[i].first
        if not t.lowers[verb].startswith(_ACTIVE_VERB) or t.lowers[verb].endswith("nya"):
            continue
        gap = range(max(cues[i - 1].last + 1, verb - 1 - _PREDICATE_GAP), verb)
        joins = [j for j in gap if t.lowers[j] in ("dan", "serta")]
        if (
            joins
            and not ctx.spans_starting(joins[-1] + 1, verb - 1)
            and all(not t.lowers[k].startswith(_ACTIVE_VERB) for k in range(joins[-1] + 1, verb))
        ):
            return cues[i:]
    return cues


def _usable(cues: list[Cue]) -> list[Cue]:
    return [c for c in cues if c.negated != "cancel"]


def _owners(ctx: SentenceContext, cue: Cue) -> list[tuple[int, int, str]]:
    """The entities right after a noun cue, over evaluative words only: whose act or attitude the noun
    is ("dukungan China", "invasi ilegal Rusia"), not whom it is aimed at. Once per cue of an article
    (callers only read the list)."""
    key = (cue.first, cue.last, cue.kind)  # all `_find_owners` reads of the cue
    found = ctx._owner_spans.get(key)
    if found is None:
        found = ctx._owner_spans[key] = _find_owners(ctx, cue)
    return found


def _find_owners(ctx: SentenceContext, cue: Cue) -> list[tuple[int, int, str]]:
    t = ctx.tokens
    if cue.kind == "trait" or t.lowers[cue.first].startswith(VERB_PREFIXES):
        return []
    j, plain = cue.last + 1, 0
    while (
        j < len(t)
        and t.sentence[j] == t.sentence[cue.first]
        and not _CLAUSE_GAP.search(t.text, t.ends[j - 1], t.starts[j])
    ):
        found = ctx.spans_starting(j, j)
        if found:
            return found
        trait = next((c for c in ctx.cues_touching(j, j) if c.first == j and c.kind == "trait"), None)
        if trait is not None:
            j = trait.last + 1
        elif plain < _OWNER_MODIFIERS and _is_modifier(t, j):
            plain, j = plain + 1, j + 1  # "dukungan skala besar China", "serangan rudal Rusia"
        elif t.lowers[j] in ("dan", "serta") and j + 1 < len(t) and _is_modifier(t, j + 1) and plain < _OWNER_MODIFIERS:
            plain, j = plain + 1, j + 2  # "campur tangan serta pengaruh China": one owner for both nouns
        else:
            return []
    return []


# How many plain words (not evaluative) may stand between a noun act and its owner ("dukungan skala besar China").
_OWNER_MODIFIERS = 2


def _is_modifier(t: Tokens, j: int) -> bool:
    """A lower-case word that can describe a noun: no preposition, conjunction, clause break or verb."""
    word = t.lowers[j]
    return (
        t.words[j].islower()
        and word.isalpha()
        and preposition_kind(word) is None
        and word not in _clause_breaks()
        and word not in ("dan", "serta", "atau", "itu", "ini", "tersebut")
        and not word.startswith(VERB_PREFIXES)
    )


# How many words may stand between a noun act and "dari" + its source ("bantuan militer dan ekonomi dari China").
_SOURCE_GAP = 3


def _target_owns(ctx: SentenceContext, cue: Cue, target: Span) -> bool:
    """ "dengan dukungan Rusia dan China", "meminta bantuan dari China": a noun cue right before the
    target, or before "dari" and the target, makes the target its owner or source (the one who
    supports), not whom it is aimed at."""
    if any(owner[0] == target[0] for owner in _owners(ctx, cue)):
        return True
    t = ctx.tokens
    source = target[0] - 1
    if cue.kind == "trait" or t.lowers[cue.first].startswith(VERB_PREFIXES) or t.lowers[source] != "dari":
        return False
    gap = range(cue.last + 1, source)
    if len(gap) > _SOURCE_GAP or any(preposition_kind(t.lowers[j]) for j in gap):
        return False  # "tarif untuk barang impor dari China": aimed at the goods from China
    return not _CLAUSE_GAP.search(t.text, t.ends[cue.last], t.starts[target[0]])


# --- rules for a speaker and a target inside what they said ---------------------------------------
def rule_speech_cue(c: Candidate, ctx: SentenceContext, own: set[str]) -> RuleResult | None:
    """The speech verb itself takes a position toward what comes first: "Peskov menuduh Washington …"."""
    entry = _cue_lexicon().get(tuple(lower(c.cue).split()))
    if entry is None or c.quoted:
        return None
    lo, _ = c.context
    first_mention = ctx.first_span_start(lo)
    if first_mention is None or first_mention != c.target_span[0] or c.target_span[0] - lo > _AGENT_GAP:
        return None
    if after_preposition(ctx, c.target_span[0]) or ctx.cues_between(lo - 1, c.target_span[0]):
        return None  # "memperingatkan bahwa serangan baru ke Ukraina …": the object is the attack, not Ukraine
    _, polarity, _, weight = entry
    return RuleResult(polarity * weight, "speech_cue", c.cue)


# How many plain words may name the target's thing before it ("kunjungan Pelosi"), and stand between the
# target and "sebagai"; how many words after "sebagai" the label's evaluating word may come.
_LABEL_REACH = 3
_LABEL_WORDS = 4


def rule_labelled_as(c: Candidate, ctx: SentenceContext, own: set[str]) -> RuleResult | None:
    """The speaker calls the target, or the target's doing, by a name that evaluates it: "Peskov menyebut
    kunjungan Pelosi sebagai provokasi" -> against the US; "… menyebut Jepang sebagai mitra" -> for Japan."""
    if c.quoted:
        return None
    t, (lo, hi) = ctx.tokens, c.context
    first, last = c.target_span
    if first - lo > _LABEL_REACH or ctx.cues_between(lo - 1, first) or ctx.spans_starting(lo, first - 1):
        return None  # the label is of the first thing said, the target's own or the target itself
    if lo >= 2 and t.lowers[lo - 2] in _negators():
        return None  # "tidak menyebut X sebagai …"
    label = next((k for k in range(last + 1, min(last + 2 + _LABEL_REACH, hi + 1)) if t.lowers[k] == "sebagai"), None)
    if label is None or _CLAUSE_GAP.search(t.text, t.ends[last], t.starts[label]):
        return None
    verbs = any(t.lowers[j].startswith(_ACTIVE_VERB) for j in range(last + 1, label))
    if verbs or ctx.spans_starting(last + 1, label - 1):
        return None  # "Beijing tetap memandang Moskow sebagai mitra": the target labels someone else
    cues = [
        q
        for q in _usable(ctx.cues_touching(label + 1, label + _LABEL_WORDS))
        if label < q.first <= label + _LABEL_WORDS and not _CLAUSE_GAP.search(t.text, t.ends[label], t.starts[q.first])
    ]
    if not cues:
        return None
    head = cues[0]
    return RuleResult(head.polarity * head.weight, "labelled_as", f"sebagai>{head.form}")


@cache
def _cue_verbs() -> tuple[frozenset[str], frozenset[str]]:
    """From cue_verbs.csv: the verbs said before their content ("menyebut", "mengatakan", "melaporkan"),
    and those of a medium reporting events ("Fars melaporkan bahwa …", type report)."""
    table = read_language_table("cue_verbs", required=("form", "position", "type"))
    forms = table["form"].str.lower()
    return frozenset(forms[table["position"] == "before"]), frozenset(forms[table["type"] == "report"])


def _claim_between(ctx: SentenceContext, a: int, b: int) -> bool:
    """Someone else's claim stands between tokens a and b ("laporan … yang menyebut …"): what follows
    is that claim's content, which the holder's act (denying, welcoming the report) does not take as
    its own position toward the target."""
    t = ctx.tokens
    said_before = _cue_verbs()[0]
    return any(t.lowers[j] in said_before and t.lowers[j - 1] == "yang" for j in range(a + 2, b))


def rule_accused_by_speaker(c: Candidate, ctx: SentenceContext, own: set[str]) -> RuleResult | None:
    """The target does something hostile in the speaker's words: "AS memprovokasi Moskow" -> against.
    A report of events is not an accusation ("Fars melaporkan bahwa jet-jet tempur AS dan Israel menyerang
    kapal-kapal Iran")."""
    if lower(c.cue) in _cue_verbs()[1]:
        return None
    for cue in ctx.cues_touching(c.target_span[0] - 1 - _OWNER_MODIFIERS, c.target_span[0] - 1):
        # a threat the speaker names as the target's ("terintimidasi oleh ancaman China"); not an attack,
        # which is as often described as denounced ("serangan balasan Ukraina"), nor in an analyst's words
        threat = cue.kind == "threat" and cue.negated != "cancel" and not c.holder.startswith("person:")
        owned = cue.last < c.target_span[0] and any(o[:2] == c.target_span for o in _owners(ctx, cue))
        if threat and owned and _hostile_noun(ctx, cue):
            return RuleResult(-cue.weight, "accused_by_speaker", cue.form)
    t_last = _list_end(ctx, c.target_span)[1]  # "rumusan China dan Brasil merusak": the whole list acts
    # The target can be a cue's agent only if the cue starts at most _AGENT_GAP tokens after it.
    for cue in ctx.cues_touching(t_last + 1, t_last + 1 + _AGENT_GAP):
        hostile = cue.polarity < 0 and cue.weight >= _HOSTILE_WEIGHT and cue.negated != "cancel"
        if cue.first > t_last and cue.kind != "trait" and not cue.passive and hostile:
            agent = _agent_of(ctx, cue)
            if agent and agent[1] == t_last:
                return RuleResult(-cue.weight, "accused_by_speaker", cue.form)
    return None


@cache
def _obligation_words() -> frozenset[str]:
    return frozenset(language_forms("obligation_words"))


def rule_prescribed_for_target(c: Candidate, ctx: SentenceContext, own: set[str]) -> RuleResult | None:
    """In the speaker's words the target, "harus" and a passive stance verb: what the speaker says should
    be done to it ("Ukraina harus dilibatkan dalam setiap perundingan" -> favor, "Rusia harus dihukum"
    -> against). Without the obligation word a passive tells what happened ("Ukraina diserang")."""
    t, t_last = ctx.tokens, c.target_span[1]
    j = t_last + 1
    while j < len(t) and j - t_last <= _AGENT_GAP and t.sentence[j] == t.sentence[t_last]:
        if _CLAUSE_GAP.search(t.text, t.ends[j - 1], t.starts[j]):
            return None
        if t.lowers[j] in _obligation_words():
            cue = next((q for q in ctx.cues_touching(j + 1, j + 2) if q.first in (j + 1, j + 2)), None)
            if cue is None or not cue.passive or cue.negated == "cancel":
                return None
            return RuleResult(cue.polarity * cue.weight, "prescribed_for_target", f"{t.lowers[j]} {cue.form}")
        listed = t.lowers[j] in ("dan", "serta") or t.words[j][:1].isupper()  # "Ukraina dan Eropa harus …"
        if t.lowers[j] not in _agent_fillers() and not listed:
            return None
        j += 1
    return None


# The active forms a verb stem takes after me-: "bantu" -> "membantu", "dukung" -> "mendukung", "kirim" ->
# "mengirim", "tolak" -> "menolak", "serang" -> "menyerang", "pasok" -> "memasok" (stem, form to try).
_ACTIVE_PREFIXES = (
    ("", "mem"), ("", "men"), ("", "meng"), ("", "me"), ("", "menge"),
    ("p", "mem"), ("t", "men"), ("s", "meny"), ("k", "meng"),
)  # fmt: skip
# How many words (modals, "harus", "akan", "terus") may stand between the target and "kami"/"kita".
_FOCUS_GAP = 2


def _active_cue(stem: str) -> tuple | None:
    """The cue-lexicon entry of the me- form of a bare verb stem, if it has one."""
    lexicon = _cue_lexicon()
    for dropped, prefix in _ACTIVE_PREFIXES:
        if stem.startswith(dropped):
            entry = lexicon.get((prefix + stem[len(dropped) :],))
            if entry is not None:
                return entry
    return None


def rule_object_focus(c: Candidate, ctx: SentenceContext, own: set[str]) -> RuleResult | None:
    """The target first, then "kami"/"kita" and a bare verb: what the speaker's side does to it ("Ukraina
    harus kami bantu agar bisa bertahan" -> favor; "akan terus kita dukung"): Indonesian puts the object
    first with the first person and the verb's stem."""
    t, j = ctx.tokens, c.target_span[1] + 1
    words = 0
    while j < len(t) and t.sentence[j] == t.sentence[c.target_span[1]] and words <= _FOCUS_GAP:
        if _CLAUSE_GAP.search(t.text, t.ends[j - 1], t.starts[j]):
            return None
        if t.lowers[j] in ("kami", "kita"):
            if j + 1 >= len(t) or t.sentence[j + 1] != t.sentence[j]:
                return None
            entry = _active_cue(t.lowers[j + 1])
            if entry is None:
                return None
            if any(w in _negators() for w in t.lowers[c.target_span[1] + 1 : j]):
                return None  # "China tidak akan kami serang": a deed denied is no position either way
            _, polarity, _, weight = entry
            return RuleResult(polarity * weight, "object_focus", t.lowers[j + 1])
        if t.lowers[j] not in _agent_fillers() and t.lowers[j] not in _obligation_words():
            return None
        words, j = words + 1, j + 1
    return None


def _attitude_to_owned_act(chain: list[Cue]) -> RuleResult | None:
    """The speaker's attitude right before an act the target owns is the speaker's attitude toward the
    target ("keberatan atas dukungan perusahaan China bagi industri militer Rusia": against China;
    "memuji bantuan Jepang": for Japan), whatever that act is aimed at; without one, nothing."""
    if len(chain) < 2 or chain[-2].kind != "attitude" or chain[-1].first - chain[-2].last > _OWNER_GAP + 1:
        return None
    attitude = chain[-2]
    return RuleResult(
        attitude.polarity * attitude.weight, "speaker_acts_on_target", f"{attitude.form}>{chain[-1].form}"
    )


def rule_speaker_acts_on_target(c: Candidate, ctx: SentenceContext, own: set[str]) -> RuleResult | None:
    """The speaker's side acts on the target: "kami mendukung Ukraina", "Moskow melawan kebijakan AS"."""
    lo, _ = c.context
    before = _usable([cue for cue in ctx.cues_between(lo - 1, c.target_span[0]) if cue.kind != "trait"])
    if not before:
        return None
    for start in range(len(before)):
        head = before[start]
        agent = _agent_of(ctx, head)
        if agent is not None and agent[0] > 0 and ctx.tokens.lowers[agent[0] - 1] == "bersama":
            agent = None  # "bertempur bersama militer Rusia melawan Ukraina": a partner, not the one acting
        mine = (
            _first_person_agent(ctx, head, lo)
            or (agent is not None and bool(_listed_side(ctx, agent, lo) & own))
            or (
                agent is None
                and start == 0
                and _speaks_for_a_side(c.holder, own)
                and not _third_party_between(ctx, lo, head.first, own)
                and not _condition_before(ctx, lo, head.first)
                and not (_hostile_noun(ctx, head) and not _own_side_named(ctx, lo, c.target_span[0], own))
            )
        )
        if mine:
            if _target_owns(ctx, before[-1], c.target_span):
                return _attitude_to_owned_act(before[start:])  # "keberatan atas dukungan perusahaan China bagi …"
            if _object_before(ctx, before[-1], c.target_span):
                return None  # "tidak akan mengakui klaim Rusia atas wilayah Ukraina": aimed at Russia's claim
            if _plain_verb_between(ctx, before[-1].last, c.target_span[0]):
                return None  # "bekerja sama dengan Departemen … akan memperketat kriteria visa … dari China"
            if _talk_between(ctx, before[-1].last, c.target_span[0]):
                return None  # "menyambut perundingan langsung Rusia dan Ukraina": aimed at the talks
            last_agent = _agent_of(ctx, before[-1]) if before[-1] is not head else None
            t = ctx.tokens
            if (
                last_agent is not None
                and last_agent[2] not in own
                and _CLAUSE_GAP.search(t.text, t.ends[head.last], t.starts[last_agent[0]])
            ):
                return None  # "sanksi terhadap Rusia …, setelah pasukan Rusia menyerbu Ukraina": Russia's deed
            polarity, weight, form = _chain(_last_predicate(ctx, before[start:]))
            if after_preposition(ctx, c.target_span[0]) == "locative":
                weight *= _PLACE_FACTOR
            return RuleResult(polarity * weight, "speaker_acts_on_target", form)
    return None


def _plain_verb_between(ctx: SentenceContext, a: int, b: int) -> bool:
    """An active verb that is no cue stands between tokens a and b: the target is that verb's object, out
    of the earlier cue's reach ("bekerja sama dengan X akan memperketat kriteria visa … dari China")."""
    t, framing = ctx.tokens, _lexicon().modal_verbs  # "mencoba", "memilih": they frame the cue, not replace it
    cued = {j for q in ctx.cues_touching(a + 1, b - 1) for j in range(q.first, q.last + 1)}
    return any(
        len(t.lowers[j]) > 4 and t.lowers[j].startswith("me") and j not in cued and t.lowers[j] not in framing
        for j in range(a + 1, b)
    )


def _nominal(word: str) -> bool:
    """A noun, or a verb made a noun by "-nya" ("berhentinya"): not a verb someone does."""
    return not word.startswith(VERB_PREFIXES) or word.endswith("nya")


def _hostile_noun(ctx: SentenceContext, cue: Cue) -> bool:
    """A hostile act named as a noun ("serangan baru ke Ukraina") with no owner: in a statement it is
    someone else's act spoken of, unless the speaker's side is named with it (its aid or support, named
    without an owner, usually is the speaker's side's own)."""
    hostile = cue.kind in ("act", "threat")  # "ancaman lapis baja dan serangan udara yang kini dihadapi Ukraina"
    return cue.polarity < 0 and hostile and not ctx.tokens.lowers[cue.first].startswith(VERB_PREFIXES)


def _own_side_named(ctx: SentenceContext, lo: int, hi: int, own: set[str]) -> bool:
    """The speaker's side is named, or "kami"/"kita" said, in tokens [lo, hi) ("AS melakukan aktivitas
    spionase terhadap China", "serangan yang kita lakukan terhadap China")."""
    t = ctx.tokens
    return any(s[2] in own for s in ctx.spans_starting(lo, hi - 1)) or any(
        t.lowers[j] in _first_person() for j in range(lo, hi)
    )


def _speaks_for_a_side(holder: str, own: set[str]) -> bool:
    """A state, or an official speaking for one, owns a deed without a named agent in its words ("akan
    terus membantu Ukraina"); an analyst the gazetteer does not know (``person:…``) represents no one,
    so such a deed is someone else's, described ("serangan balik Ukraina membuat Moskow terdesak")."""
    return len(own) > 1 or not holder.startswith("person:")


def _third_party_between(ctx: SentenceContext, a: int, b: int, own: set[str]) -> bool:
    """Someone else is named in tokens [a, b): the deed after it may be theirs. A partner named after
    "bersama" is not ("mengirim pasukan untuk bertempur bersama militer Rusia melawan Ukraina")."""
    t = ctx.tokens
    return any(
        s[1] < b and s[2] not in own and not (s[0] > 0 and t.lowers[s[0] - 1] == "bersama")
        for s in ctx.spans_starting(a, b - 1)
    )


def rule_trait_of_target(c: Candidate, ctx: SentenceContext, own: set[str]) -> RuleResult | None:
    """An evaluative word right by the target: "kebijakan imperialis Amerika Serikat" -> against."""
    t_first, t_last = c.target_span
    if ctx.tokens.lowers[t_first] in _plural_pronouns():
        return None  # "… bahwa mereka tidak sendirian": whom a plural pronoun stands for is a guess
    near = [
        cue
        for cue in ctx.cues_touching(t_first - _TRAIT_WINDOW, t_last + _TRAIT_WINDOW)
        if cue.kind == "trait"
        and cue.negated != "cancel"
        and ctx.tokens.sentence[cue.first] == ctx.tokens.sentence[t_first]
        and (0 < t_first - cue.last <= _TRAIT_WINDOW or 0 < cue.first - t_last <= _TRAIT_WINDOW)
        and not _entity_between(ctx, cue, c.target_span)  # "invasi ilegal Rusia ke Ukraina": Russia's trait
    ]
    if not near:
        predicate = _predicate_trait(ctx, c.target_span)
        return (
            RuleResult(predicate.polarity * predicate.weight, "trait_of_target", predicate.form) if predicate else None
        )
    cue = min(near, key=lambda q: min(abs(t_first - q.last), abs(q.first - t_last)))
    return RuleResult(cue.polarity * cue.weight, "trait_of_target", cue.form)


@cache
def _plural_pronouns() -> frozenset[str]:
    table = read_language_table("pronouns", required=("form", "number"))
    return frozenset(table["form"][table["number"] == "plural"].str.lower())


@cache
def _copulas() -> frozenset[str]:
    return frozenset(language_forms("copulas"))


# How far after its subject an evaluative predicate may stand ("AS tetap negara yang tidak bersahabat").
_PREDICATE_REACH = 6


def _predicate_trait(ctx: SentenceContext, target: Span) -> Cue | None:
    """An evaluative word predicated of the target in its clause ("AS tetap negara yang tidak bersahabat",
    "Beijing dinilai terlalu agresif"): no verb but a copula, no other entity and no clause break between."""
    t = ctx.tokens
    last, gap_from = target[1], t.ends[target[1]]
    if aside := _PARENTHETICAL.match(t.text, gap_from):  # "Ukraina, menurut hukum internasional, berhak …"
        last, gap_from = t.first_token_at(aside.end()) - 1, aside.end()
    for cue in ctx.cues_touching(last + 1, last + _PREDICATE_REACH):
        if cue.first <= last or cue.first - last > _PREDICATE_REACH or cue.negated == "cancel":
            continue
        if cue.kind != "trait" or t.sentence[cue.first] != t.sentence[target[1]]:
            return None
        if _CLAUSE_GAP.search(t.text, gap_from, t.starts[cue.first]):
            return None
        between = range(last + 1, cue.first)
        if any(t.lowers[j].startswith(VERB_PREFIXES) and t.lowers[j] not in _copulas() for j in between):
            return None  # "Ukraina menghadapi serangan yang berbahaya": the word describes something else
        if ctx.spans_starting(last + 1, cue.first - 1):
            return None
        return cue
    return None


def _entity_between(ctx: SentenceContext, cue: Cue, target: Span) -> bool:
    """Another entity between the cue and the target, unless listed with the target ("rencana Washington
    dan Berlin keliru": the word describes both)."""
    lo, hi = (cue.last, target[0]) if cue.last < target[0] else (target[1], cue.first)
    previous = target
    for span in ctx.spans_starting(lo + 1, hi - 1):
        if span[1] >= hi:
            continue
        if not (cue.last > target[1] and _list_gap(ctx, previous, span)):
            return True
        previous = span
    return False


# --- rules for a holder and a target both named in the sentence ---------------------------------
def rule_holder_acts_on_target(c: Candidate, ctx: SentenceContext, own: set[str]) -> RuleResult | None:
    """Holder, verb, target: "AS menjatuhkan sanksi terhadap China" -> against; chains compose
    ("Kim mendukung perang Putin melawan Ukraina" -> against Ukraine)."""
    if c.holder_span is None or c.holder_span[1] >= c.target_span[0]:
        return None
    acts = [q for q in _usable(ctx.cues_between(c.holder_span[1], c.target_span[0])) if q.kind != "trait"]
    if acts and acts[0].passive:
        acts = acts[1:]  # "Rusia, yang didukung China, menyerang Ukraina": the passive is someone else's act
    if not acts:
        return None
    if _target_owns(ctx, acts[-1], c.target_span):
        return None
    owners = _owners(ctx, acts[0])
    if owners and all(owner[2] != c.holder for owner in owners):
        return None  # "sejak invasi Rusia ke Ukraina": the act is the owner's, not the holder's
    if _new_clause_at(ctx, c.target_span):
        return None  # "Rusia menyerang Ukraina dan China mendukung …": China opens a clause of its own
    if _object_before(ctx, acts[-1], c.target_span):
        return None  # "tidak akan mengakui klaim Rusia atas wilayah Ukraina": the act is aimed at Russia's claim
    if _addressee(ctx, c.holder_span):
        return None  # "menuntut Rusia menghentikan penggunaan kekuatan terhadap Ukraina": asked of Russia
    t = ctx.tokens
    if _HARD_BREAK.search(t.text, t.ends[acts[0].last], t.starts[c.target_span[0]]):
        return None  # "… dalam kecaman keras bahwa “ini belum akhir”: Presiden Iran … serangan ke AS"
    if _condition_before(ctx, c.context[0], c.holder_span[0]):
        return None  # "kekhawatiran bahwa Rusia akan menyerang Ukraina": feared or supposed, not done
    if _contrast_between(ctx, c.holder_span[1], c.target_span[0]):
        return None  # "Rusia memveto …, sementara China memilih abstain": China opens a clause of its own
    if _talk_between(ctx, acts[-1].last, c.target_span[0]):
        return None  # "Beijing menyambut perundingan langsung Rusia dan Ukraina": the talks, not Ukraine
    if _claim_between(ctx, acts[0].last, c.target_span[0]):
        return None  # "menepis laporan media Barat yang menyebut kesepakatan antara Teheran dan Washington"
    polarity, weight, form = _chain(_last_predicate(ctx, acts))
    if not is_subject(ctx, c.holder_span, acts[0]):
        weight *= _NOT_AGENT_FACTOR
    if c.target_span[0] - acts[-1].last > _OBJECT_REACH:
        weight *= _FAR_OBJECT_FACTOR  # the act's object is something nearer than the target
    if after_preposition(ctx, c.target_span[0]) == "locative":
        weight *= _PLACE_FACTOR
    return RuleResult(polarity * weight, "holder_acts_on_target", form)


def _destination(t: Tokens, first: int) -> bool:
    """Token `first` follows a directional preposition, maybe over a place noun ("ke wilayah Ukraina"):
    where something is sent or fired, whatever the thing sent is called."""
    if first > 1 and t.lowers[first - 1] in _PLACE_NOUNS and t.sentence[first - 1] == t.sentence[first]:
        first -= 1
    return preposition_before(t, first) == "direction"


def _object_before(ctx: SentenceContext, cue: Cue, target: Span) -> bool:
    """Another entity stands between the act and the target as the act's object, not listed with the
    target, not the act's owner ("serangan Rusia terhadap Ukraina") and not after a preposition: the
    target sits deeper, inside a phrase about that entity."""
    if _destination(ctx.tokens, target[0]):
        return False  # "menembakkan rudal pasokan Korea Utara ke wilayah Ukraina": sent at the target
    owners = {owner[0] for owner in _owners(ctx, cue)}
    between = [s for s in ctx.spans_starting(cue.last + 1, target[0] - 1) if s[1] < target[0]]
    for i, span in enumerate(between):
        if span[0] in owners or after_preposition(ctx, span[0]):
            continue
        following = between[i + 1] if i + 1 < len(between) else target
        if _list_gap(ctx, span, following):
            continue  # "sanksi terhadap Rusia, Belarus dan Iran": one list with the target
        return True
    return False


@cache
def _request_verbs() -> frozenset[str]:
    return frozenset(language_forms("request_verbs"))


def _addressee(ctx: SentenceContext, holder: Span) -> bool:
    """The holder is whom a request is made of ("menuntut Rusia segera menghentikan …", "meminta Beijing
    untuk membantu AS"): what it then does is asked of it, not its own act."""
    t, fillers = ctx.tokens, _agent_fillers()
    j = holder[0] - 1
    while j >= 0 and t.sentence[j] == t.sentence[holder[0]] and t.lowers[j] in fillers:
        j -= 1
    same_clause = j >= 0 and not _CLAUSE_GAP.search(t.text, t.ends[j], t.starts[holder[0]])
    return same_clause and t.sentence[j] == t.sentence[holder[0]] and t.lowers[j] in _request_verbs()


# Conjunctions after which the target stands in a clause of its own: a contrast, or the content of a
# statement ("menyesalkan ancaman Korut dan menyatakan bahwa latihan dengan AS …").
_CONTRASTS = frozenset(("sementara", "sedangkan", "namun", "tetapi", "tapi", "padahal", "sebaliknya", "bahwa"))


def _contrast_between(ctx: SentenceContext, a: int, b: int) -> bool:
    """A contrasting conjunction between tokens a and b opens another clause, with its own subject."""
    return any(w in _CONTRASTS for w in ctx.tokens.lowers[a + 1 : b])


def _new_clause_at(ctx: SentenceContext, target: Span) -> bool:
    """The target opens a clause after "dan" or a comma: it is the subject of the next verb, not the
    object of the verb before ("… menyerang Ukraina dan China mendukung Rusia")."""
    t = ctx.tokens
    first = target[0]
    if first == 0 or t.sentence[first - 1] != t.sentence[first]:
        return False
    joined = t.lowers[first - 1] in ("dan", "serta") or "," in t.text[t.ends[first - 1] : t.starts[first]]
    if not joined:
        return False
    after = ctx.cues_touching(target[1] + 1, len(t))
    verb = next((c for c in after if c.first > target[1] and c.kind != "trait" and not c.passive), None)
    return verb is not None and (agent := _agent_of(ctx, verb)) is not None and agent[:2] == target


def _coordinated(ctx: SentenceContext, holder: Span, agent: Span) -> bool:
    """ "AS dan sekutu-sekutunya mengecam", "AS bersama Jerman, Belanda dan Italia akan mengirim": the
    holder and the agent are items of one list (joined by commas, dan/serta or "bersama")."""
    return holder[1] < agent[0] and _list_end(ctx, holder)[1] >= agent[1]


def _listed_side(ctx: SentenceContext, agent: tuple[int, int, str], lo: int) -> set[str]:
    """The entities of the list an agent ends ("AS bersama Jerman dan Italia akan mengirim": all three),
    from token `lo` on."""
    return {span[2] for span in ctx.spans_starting(lo, agent[0]) if span == agent or _coordinated(ctx, span, agent)}


_JOINERS = frozenset(("dan", "serta", "", "bersama", "bersama dengan"))


def _list_end(ctx: SentenceContext, first: Span) -> Span:
    """The last item of the list that starts with span `first` ("Jerman, Belanda, Rumania, dan Italia").
    Once per span of an article."""
    end = ctx._list_ends.get(first)
    if end is None:
        end = ctx._list_ends[first] = _find_list_end(ctx, first)
    return end


def _find_list_end(ctx: SentenceContext, first: Span) -> Span:
    t, item = ctx.tokens, first
    while (following := ctx.first_span_start(item[1] + 1)) is not None and t.sentence[following] == t.sentence[item[0]]:
        span = next(s for s in ctx.spans_starting(following, following))
        if lower(t.text[t.ends[item[1]] : t.starts[span[0]]].strip(" ,")) not in _JOINERS:
            break
        item = span
    return item


def _list_gap(ctx: SentenceContext, a: Span, b: Span) -> bool:
    """Only "dan", "serta" or a comma (or nothing) stands between span `a` and span `b`."""
    t = ctx.tokens
    return lower(t.text[t.ends[a[1]] : t.starts[b[0]]].strip(" ,")) in ("dan", "serta", "")


def rule_passive_agent(c: Candidate, ctx: SentenceContext, own: set[str]) -> RuleResult | None:
    """Target, passive verb, holder: "Ukraina diserang Rusia" -> Russia against Ukraine."""
    if c.holder_span is None or c.holder_span[0] <= c.target_span[1]:
        return None
    t = ctx.tokens
    for cue in _usable(ctx.cues_between(c.target_span[1], c.holder_span[0])):
        if not cue.passive or not _passive_subject(ctx, c.target_span, cue):
            continue
        gap = [t.lowers[j] for j in range(cue.last + 1, c.holder_span[0])]
        if len(gap) <= 1 and all(w == "oleh" for w in gap):
            return RuleResult(cue.polarity * cue.weight, "passive_agent", cue.form)
    return None


def _passive_subject(ctx: SentenceContext, target: Span, cue: Cue) -> bool:
    """The target is what the passive verb is about: right before it ("Ukraina diserang"), or with only
    "yang" and fillers between ("Ukraina, yang terus diserang"), not a noun further back."""
    t = ctx.tokens
    gap = [t.lowers[j] for j in range(target[1] + 1, cue.first)]
    if _CLAUSE_GAP.search(t.text, t.ends[target[1]], t.starts[cue.first]) and gap[:1] != ["yang"]:
        return False
    fillers = _agent_fillers()
    return len(gap) <= _AGENT_GAP and all(w == "yang" or w in fillers for w in gap)


@cache
def _aid_frames() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """The giving verbs, what is given, the giving verbs' passive forms and their nouns (aid_frames.csv)."""
    table = read_language_table("aid_frames", required=("form", "role"))
    forms = table["form"].str.lower()
    verb, given, passive, noun = (
        frozenset(forms[table["role"] == role]) for role in ("verb", "object", "passive", "noun")
    )
    return verb, given, passive, noun


# How many tokens a giving verb, its object and "ke/kepada/untuk/bagi" + the receiver may span.
_AID_SPAN = 14
_AID_WEIGHT = 0.8
_RECEIVER_PREPOSITIONS = frozenset(("ke", "kepada", "untuk", "bagi"))


def rule_aid_to_target(c: Candidate, ctx: SentenceContext, own: set[str]) -> RuleResult | None:
    """Giver, giving verb, aid, "ke" receiver: "Jerman mengirim 1.000 senjata antitank ke Ukraina"."""
    speaking, holder = c.role == "speaker", c.holder_span
    if not speaking and (holder is None or holder[1] >= c.target_span[0]):
        return None
    t = ctx.tokens
    first = c.target_span[0]
    if first == 0 or t.lowers[first - 1] not in _RECEIVER_PREPOSITIONS:
        return None
    verbs, objects, _, _ = _aid_frames()
    lo = c.context[0] if speaking or holder is None else holder[1] + 1
    verb = next((j for j in range(max(lo, first - _AID_SPAN), first) if t.lowers[j] in verbs), None)
    if verb is None or not any(t.lowers[j] in objects for j in range(verb + 1, first)):
        return None
    pseudo = Cue(verb, verb, t.lowers[verb], 1, "act", _AID_WEIGHT, "", False)
    if speaking:  # in the speaker's words: their own side gives ("kami akan mengirim …", "akan mengirim …")
        agent = _agent_of(ctx, pseudo)
        agentless_mine = _speaks_for_a_side(c.holder, own) and not _third_party_between(ctx, lo, verb, own)
        mine = (agentless_mine if agent is None else _listed_side(ctx, agent, lo) & own) or _first_person_agent(
            ctx, pseudo, lo
        )
        return RuleResult(_AID_WEIGHT, "aid_to_target", t.lowers[verb]) if mine else None
    if holder is None:  # (not speaking: the holder is named, checked above)
        return None
    if _CLAUSE_GAP.search(t.text, t.ends[_list_end(ctx, holder)[1]], t.starts[first]):
        return None  # (the holder's list may hold commas: "Jerman, Belanda, dan Italia akan mengirim")
    weight = _AID_WEIGHT if is_subject(ctx, holder, pseudo) else _AID_WEIGHT * _NOT_AGENT_FACTOR
    return RuleResult(weight, "aid_to_target", t.lowers[verb])


def rule_passive_aid(c: Candidate, ctx: SentenceContext, own: set[str]) -> RuleResult | None:
    """Passive giving verb, giver, "ke" receiver: "sistem … yang dikirim AS ke Ukraina", "dipasok oleh
    Jerman kepada Ukraina": the giver favours the receiver."""
    if c.holder_span is None or c.holder_span[1] >= c.target_span[0]:
        return None
    t = ctx.tokens
    first, (h_first, h_last) = c.target_span[0], c.holder_span
    verb = h_first - 1 - (h_first >= 2 and t.lowers[h_first - 1] == "oleh")
    if verb < 0 or t.sentence[verb] != t.sentence[h_first] or t.lowers[verb] not in _aid_frames()[2]:
        return None
    if t.lowers[first - 1] not in _RECEIVER_PREPOSITIONS or first - 1 - h_last > 2:
        return None
    if _CLAUSE_GAP.search(t.text, t.ends[verb], t.starts[first]):
        return None
    return RuleResult(_AID_WEIGHT, "passive_aid", t.lowers[verb])


def _list_start(ctx: SentenceContext, last: Span) -> Span:
    """The first item of the list that ends with span `last` ("Denmark dan Belanda": Denmark)."""
    t, item = ctx.tokens, last
    while item[0] > 0 and (before := ctx.spans_ending_at(item[0] - 1) or _spans_ending_before(ctx, item[0])):
        span = before[0]
        if t.sentence[span[0]] != t.sentence[item[0]] or not _list_gap(ctx, span, item):
            break
        item = span
    return item


def _spans_ending_before(ctx: SentenceContext, first: int) -> list[tuple[int, int, str]]:
    """The mentions ending right before a joining word at token `first - 1` ("Denmark dan Belanda")."""
    t = ctx.tokens
    return ctx.spans_ending_at(first - 2) if first >= 2 and t.lowers[first - 1] in ("dan", "serta") else []


def rule_aid_from_source(c: Candidate, ctx: SentenceContext, own: set[str]) -> RuleResult | None:
    """Aid, "dari" the giver, "ke" the receiver: "pengiriman jet tempur F-16 dari Denmark dan Belanda ke
    Ukraina", "bantuan militer dari Jerman untuk Ukraina": the giver favours the receiver."""
    if c.holder_span is None or c.holder_span[1] >= c.target_span[0]:
        return None
    t = ctx.tokens
    receiver = c.target_span[0] - 1
    if t.lowers[receiver] not in _RECEIVER_PREPOSITIONS:
        return None
    first = _list_start(ctx, c.holder_span)[0]
    end = _list_end(ctx, c.holder_span)[1]
    if first == 0 or t.lowers[first - 1] != "dari" or receiver != end + 1:
        return None
    _, objects, _, nouns = _aid_frames()
    lo = max(c.context[0], first - 1 - _AID_SPAN)
    aid = next((j for j in range(first - 2, lo - 1, -1) if t.lowers[j] in objects or t.lowers[j] in nouns), None)
    if aid is None or _CLAUSE_GAP.search(t.text, t.ends[aid], t.starts[first]):
        return None
    return RuleResult(_AID_WEIGHT, "aid_from_source", t.lowers[aid])


# The prepositions by which a noun act owned by the holder is aimed at the target: "serangan Rusia terhadap Ukraina".
_AIM_PREPOSITIONS = frozenset(("terhadap", "ke", "kepada", "untuk", "bagi", "atas"))
# How many words may stand between the owner and that preposition ("dukungan Inggris yang teguh untuk").
_OWNER_GAP = 2


def rule_owner_acts_on_target(c: Candidate, ctx: SentenceContext, own: set[str]) -> RuleResult | None:
    """The holder owns a noun act aimed at the target: "serangan Rusia terhadap Ukraina", "dukungan Inggris
    untuk Ukraina", "sanksi AS atas China": the act, its owner, then a preposition and the target."""
    if c.holder_span is None or c.holder_span[1] >= c.target_span[0]:
        return None
    t = ctx.tokens
    before_target = c.target_span[0] - 1
    owner_end = c.holder_span[1]
    aside = _RELATIVE_ASIDE.match(t.text, t.ends[owner_end], t.starts[c.target_span[0]])
    if aside:  # "dukungan penuh Jepang, yang tahun ini memegang kepresidenan G7, kepada Ukraina"
        owner_end = t.first_token_at(aside.end()) - 1
    if t.lowers[before_target] not in _AIM_PREPOSITIONS or before_target - owner_end - 1 > _OWNER_GAP:
        return None
    if _CLAUSE_GAP.search(t.text, aside.end() if aside else t.ends[owner_end], t.starts[c.target_span[0]]):
        return None
    if any(s[1] < c.target_span[0] for s in ctx.spans_starting(owner_end + 1, before_target)):
        return None  # another entity between: "serangan Rusia dan Belarus terhadap …" is read for each on its own
    reach = c.holder_span[0] - 1 - _TRAIT_WINDOW
    for cue in reversed(ctx.cues_touching(reach, c.holder_span[0] - 1)):
        if cue.last >= c.holder_span[0] or cue.kind == "trait" or cue.negated == "cancel":
            continue
        if any(owner[:2] == c.holder_span for owner in _owners(ctx, cue)):
            # attitudes right before the act bear on it: "berhentinya pasokan senjata AS ke Kyiv"
            chain = [cue]  # a nominal attitude, not someone's verb ("mengecam invasi Rusia": the condemner's)
            while (
                (before := ctx.cues_between(chain[0].first - 3, chain[0].first))
                and before[-1].kind == "attitude"
                and _nominal(ctx.tokens.lowers[before[-1].first])
            ):
                chain.insert(0, before[-1])
            polarity, weight, form = _chain(chain)
            return RuleResult(polarity * weight, "owner_acts_on_target", form)
        return None  # the nearest act before the holder is not the holder's
    return None


# How far after a pair of co-listed names "saling" and its cue may stand ("… dan Trump terus saling melontarkan").
_MUTUAL_REACH = 4
# How many words may stand between the two names (the joiner and titles).
_MUTUAL_GAP = 4


def _paired(ctx: SentenceContext, first: Span, second: Span, most: int, marks: str) -> bool:
    """Spans `first` and `second` are two items of one list: between them one "dan"/"serta" and otherwise
    only capitalised words (titles, a person's name), at most `most` words once `marks` are dropped."""
    t = ctx.tokens
    between = t.lowers[first[1] + 1 : second[0]]  # a joiner of the gap is a token of its own
    if "dan" not in between and "serta" not in between:  # most pairs
        # "Indonesia-AS memiliki kesepakatan": a pair written as one compound
        return "-" in marks and t.text[t.ends[first[1]] : t.starts[second[0]]].strip() in ("-", "–")
    gap = t.text[t.ends[first[1]] : t.starts[second[0]]]
    for mark in marks:
        gap = gap.replace(mark, " ")
    words = gap.split()
    if len(words) > most:
        return False
    joiners = [w for w in words if lower(w) in ("dan", "serta")]
    return len(joiners) == 1 and all(w in joiners or w[:1].isupper() for w in words)


def rule_mutual_act(c: Candidate, ctx: SentenceContext, own: set[str]) -> RuleResult | None:
    """Holder and target listed together, then "saling" and a cue: each does it to the other ("rezim Kim
    Jong-un dan Presiden Donald Trump terus saling melontarkan ancaman perang" -> against each other)."""
    if c.holder_span is None:
        return None
    first, second = sorted((c.holder_span, c.target_span))
    t = ctx.tokens
    if not _paired(ctx, first, second, _MUTUAL_GAP, ","):
        return None  # "Kim Jong-un dan Presiden Donald Trump": one list, titles allowed
    for j in range(second[1] + 1, min(second[1] + 1 + _MUTUAL_REACH, len(t))):
        if t.sentence[j] != t.sentence[second[1]] or _CLAUSE_GAP.search(t.text, t.ends[j - 1], t.starts[j]):
            return None
        if t.lowers[j] == "saling":
            cue = next((q for q in ctx.cues_touching(j + 1, j + 3) if q.first > j and q.kind != "trait"), None)
            if cue is None or cue.negated == "cancel" or cue.first - j > 3:
                return None
            return RuleResult(cue.polarity * cue.weight, "mutual_act", f"saling {cue.form}")
    return None


def _parties(ctx: SentenceContext, first: Span, last: Span) -> int:
    """How many parties a list of names from span `first` to span `last` names: a name right after
    another (a title's state and the person, "AS Donald Trump", "(AS)") belongs to the same party."""
    t = ctx.tokens
    spans = [s for s in ctx.spans_starting(first[0], last[0]) if s[1] <= last[1]]
    count, previous = 0, None
    for span in sorted(set(s[:2] for s in spans)):
        if previous is not None and span[0] <= previous[1]:
            continue  # nested or overlapping: the same name
        if previous is None or t.text[t.ends[previous[1]] : t.starts[span[0]]].strip(" ()"):
            count += 1
        previous = span
    return count


@cache
def _joint_acts() -> tuple[frozenset[tuple[str, ...]], frozenset[str]]:
    """The verbs of a joint act (as word tuples) and the words that make it an agreement to talk only."""
    table = read_language_table("joint_acts", required=("form", "role"))
    forms = table["form"].str.lower()
    acts = frozenset(tuple(form.split()) for form in forms[table["role"] == "act"])
    return acts, frozenset(forms[table["role"] == "talk"])


# How far after the verb of agreement a word of talking may come ("sepakat agar tim masing-masing segera
# memulai perundingan").
_TALK_REACH = 8


@cache
def _negators() -> frozenset[str]:
    """The one-word negators of the cue lexicon ("tidak", "tak", "bukan" …)."""
    return frozenset(key[0] for key in _lexicon().negators if len(key) == 1)


# How far after a pair of co-listed names a joint act may start ("… dan Albanese pada Senin menandatangani").
_JOINT_REACH = 4
_JOINT_WEIGHT = 0.6
# How many words may stand between the two (the joiner, a person's name and titles).
_JOINT_GAP = 8


def rule_joint_agreement(c: Candidate, ctx: SentenceContext, own: set[str]) -> RuleResult | None:
    """Holder and target listed together, then a verb of agreement or cooperation (joint_acts.csv): each
    favours the other ("Presiden AS Donald Trump dan PM Anthony Albanese menandatangani perjanjian mineral
    kritis" -> Albanese favours the US). A negator on the way cancels it ("AS dan China tidak sepakat")."""
    if c.holder_span is None:
        return None
    if c.holder_span == c.target_span:  # one group named at once: "Ketiga negara menyepakati …"
        return _joint_act_after(ctx, c.holder_span[1])
    first, second = sorted((c.holder_span, c.target_span))
    if second[0] - first[1] > 2 * _JOINT_GAP:
        return None  # too far apart to be one list (each word of the gap is at most a few tokens)
    if not _paired(ctx, first, second, _JOINT_GAP, ",()-"):
        return None  # one list; names and titles allowed ("AS Donald Trump dan Perdana Menteri (PM) Anthony Albanese")
    if _parties(ctx, _list_start(ctx, first), _list_end(ctx, second)) != 2:
        return None  # "AS, Uni Eropa, Inggris dan Kanada sepakat mengeluarkan bank Rusia": allies acting together
    return _joint_act_after(ctx, _list_end(ctx, second)[1])


def _joint_act_after(ctx: SentenceContext, end: int) -> RuleResult | None:
    """A verb of agreement within reach after token `end`, in the same clause and not negated."""
    t, (acts, talk), negators = ctx.tokens, _joint_acts(), _negators()
    for j in range(end + 1, min(end + 1 + _JOINT_REACH, len(t))):
        if t.sentence[j] != t.sentence[end] or _CLAUSE_GAP.search(t.text, t.ends[j - 1], t.starts[j]):
            return None
        if t.lowers[j] in negators:
            return None
        for n in (2, 1):
            if tuple(t.lowers[j : j + n]) in acts:
                after = range(j + n, min(j + n + _TALK_REACH, len(t)))
                if any(t.sentence[k] == t.sentence[j] and t.lowers[k] in talk for k in after):
                    return None  # "keduanya sepakat bertemu dalam waktu dekat": to talk, no position yet
                return RuleResult(_JOINT_WEIGHT, "joint_agreement", " ".join(t.lowers[j : j + n]))
    return None


# A vote on a motion is a deed on the record, as firm as giving aid.
_VOTE_WEIGHT = 0.8


def rule_vote_on_motion(c: Candidate, ctx: SentenceContext, own: set[str]) -> RuleResult | None:
    """A vote for or against a motion that takes a position toward the target (read by `stance.votes`):
    "Lima negara menolak, yakni Rusia, Belarus …" after a resolution for Ukraine -> against Ukraine."""
    return RuleResult(c.motion * _VOTE_WEIGHT, "vote_on_motion", c.cue) if c.motion else None


VOTE_RULES = (rule_vote_on_motion,)

SPEAKER_RULES = (
    rule_speech_cue,
    rule_labelled_as,
    rule_accused_by_speaker,
    rule_prescribed_for_target,
    rule_object_focus,
    rule_speaker_acts_on_target,
    rule_aid_to_target,
    rule_trait_of_target,
)
MENTION_RULES = (
    rule_holder_acts_on_target,
    rule_aid_to_target,
    rule_passive_agent,
    rule_owner_acts_on_target,
    rule_mutual_act,
    rule_joint_agreement,
    rule_passive_aid,
    rule_aid_from_source,
)


def is_reported(c: Candidate, own: set[str]) -> bool:
    """The holder is named inside someone else's direct quote: what it does there is the speaker's account."""
    return bool(c.role == "mention" and c.quoted and c.speaker and not set(c.speaker.split("|")) & own)


def score_candidate(c: Candidate, ctx: SentenceContext, own: set[str]) -> RuleResult:
    """The first rule that applies decides; none applying means neutral.

    `own` is the holder's side: the holder, the state it represents, and what that state is called.
    A holder named in someone else's direct quote is the speaker's account of it: its act counts for
    a quarter (SPEC §3: an accusation stays with the accuser).
    """
    rules = SPEAKER_RULES if c.role == "speaker" else VOTE_RULES if c.role == "vote" else MENTION_RULES
    reported = is_reported(c, own)
    for rule in rules:
        result = rule(c, ctx, own)
        if result is not None:
            return RuleResult(result.score * _REPORTED_FACTOR, result.rule, result.cue) if reported else result
    return RuleResult(0.0, "no_rule", "")
