"""Votes on a motion: who voted for or against a resolution, and toward whom that is a position.

News of a UN vote names the motion once, with what it demands or who drafted it, and the voters later,
often with no target in their sentence: "Majelis Umum PBB mengesahkan resolusi yang menuntut Rusia
menghentikan penggunaan kekuatan terhadap Ukraina. … Lima negara menolak, yakni Rusia, Belarus, Korea
Utara …". A motion's position toward a target comes from its author ("rancangan resolusi yang diajukan
Amerika Serikat" favours the US) or from what it says, read by the rules as if the motion were the holder;
"resolusi itu", or a vote with no object, refers back to the last motion named. Each voter becomes a
candidate of role ``vote`` in the vote's sentence, with `Candidate.motion` its vote times the motion's
position; the rule `rules.rule_vote_on_motion` scores it. Word lists: ``votes.csv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .candidates import Candidate, may_hold_toward, target_of, token_span
from .gazetteer import Gazetteer, normalise_tokens
from .resources import language_forms, read_language_table
from .rules import SentenceContext, names_a_place, score_candidate
from .tokens import Tokens

__all__ = ["vote_candidates"]

_VOTES = {"for": 1, "against": -1, "abstain": 0}
# Words before a name that make it its members, not itself ("hampir semua negara ASEAN mendukung").
_MEMBERS = frozenset(("negara", "anggota"))
_CLAUSE_END = re.compile(r"[,;:()]")
_LIST_GAP = re.compile(r"\w+|,")
# How many tokens after a vote its motion may start ("menolak rancangan resolusi").
_OBJECT_REACH = 2
# How many tokens after a motion word its author verb or back-reference may stand ("rancangan resolusi
# Dewan Keamanan PBB yang diajukan …", "Resolusi berjudul “Agresi terhadap Ukraina” itu").
_MODIFIER_REACH = 8
# How many sentences back a vote with no object may refer to the last motion named.
_MOTION_REACH = 12
# A motion's own words are read by the rules with the motion as holder: the relative clause ("resolusi
# yang menuntut …") leaves it no subject, so any reading the rules make counts, however weak.
_CONTENT_SCORE = 0.05
# Plain words allowed between a motion word and its author's name ("rancangan asli AS").
_AUTHOR_GAP = 1
_AUTHOR_GAP_WORDS = frozenset(("asli", "awal", "baru", "terbaru"))


@dataclass(frozen=True, slots=True)
class _Motion:
    first: int  # its first and last token
    last: int
    stance: dict[str, int]  # target -> +1 (the motion favours it) or -1


@cache
def _words() -> dict[str, frozenset[tuple[str, ...]]]:
    table = read_language_table("votes", required=("form", "role"))
    out: dict[str, set[tuple[str, ...]]] = {}
    for form, role in zip(table["form"], table["role"], strict=True):
        out.setdefault(role, set()).add(normalise_tokens(form, lower=True))
    return {role: frozenset(forms) for role, forms in out.items()}


@cache
def _fillers() -> frozenset[str]:
    return frozenset(f[0] for f in _words()["filler"]) | frozenset(language_forms("weekdays"))


@cache
def _starts() -> dict[str, frozenset[str]]:
    """The first word of each role's forms: most tokens start none, and are passed over at once."""
    return {role: frozenset(form[0] for form in forms) for role, forms in _words().items()}


@cache
def _scanned() -> frozenset[str]:
    """The first words of motions and votes: the only tokens the scan of an article stops at."""
    return frozenset().union(*(_starts()[role] for role in ("motion", *_VOTES)))


def _match(t: Tokens, i: int, role: str) -> int:
    """How many tokens from `i` a word of `role` spans (0: none), the longest first, within a sentence."""
    if t.lowers[i] not in _starts()[role]:
        return 0
    for n in (3, 2, 1):
        if i + n <= len(t) and t.sentence[i + n - 1] == t.sentence[i] and tuple(t.lowers[i : i + n]) in _words()[role]:
            return n
    return 0


def _joined(t: Tokens, a: int, b: int) -> bool:
    """Only spaces stand between tokens a and b (b = a + 1): one phrase."""
    return not t.text[t.ends[a] : t.starts[b]].strip()


def vote_candidates(ctx: SentenceContext, gazetteer: Gazetteer, targets: tuple[str, ...]) -> list[Candidate]:
    """A candidate of role ``vote`` for each voter and each target its motion takes a position toward,
    in text order."""
    t = ctx.tokens
    if _starts()["motion"].isdisjoint(t.lowers):
        return []  # no motion named: most articles, answered at once
    motions: list[_Motion] = []
    out: list[Candidate] = []
    scanned = _scanned()
    i, size = 0, len(t)
    while i < size:
        if t.lowers[i] not in scanned:
            i += 1
            continue
        if n := _match(t, i, "motion"):
            motions.append(_read_motion(ctx, i, i + n - 1, motions, gazetteer, targets))
            i += n
            continue
        vote = next(((role, n) for role in _VOTES if (n := _match(t, i, role))), None)
        if vote is None:
            i += 1
            continue
        role, n = vote
        after = i + n
        named = _motion_named(t, after)
        if named is not None:  # "mendukung resolusi yang …": the motion is read before the vote is counted
            motions.append(_read_motion(ctx, *named, motions, gazetteer, targets))
            motion: _Motion | None = motions[-1]
            after = named[1] + 1
        else:
            motion = _motion_elided(t, after, motions)
        if _VOTES[role] and motion is not None and motion.stance:
            out += _voter_candidates(ctx, gazetteer, (i, i + n - 1), role, motion)
        i = after
    return out


def _read_motion(
    ctx: SentenceContext, first: int, last: int, before: list[_Motion], gazetteer: Gazetteer, targets: tuple[str, ...]
) -> _Motion:
    """A motion named at tokens first..last: its author's target, else what the rules read in it toward
    each target after it; a motion that refers back ("resolusi itu") or says nothing of its own is the
    last one named, unless another body or author is named right after it ("resolusi Eropa")."""
    t = ctx.tokens
    same = _refers_back(t, last)
    if same and before:
        return _Motion(first, last, before[-1].stance)
    author = _author(ctx, first, last, gazetteer, targets)
    if author:
        return _Motion(first, last, {author: 1})
    body = ctx.spans_starting(last + 1, last + 1)
    stance = _content(ctx, (first, body[0][1] if body else last), targets, gazetteer)
    if stance:
        return _Motion(first, last, stance)
    previous = before[-1] if before and t.sentence[first] - t.sentence[before[-1].first] <= _MOTION_REACH else None
    return _Motion(first, last, previous.stance if previous else {})


def _refers_back(t: Tokens, last: int) -> bool:
    """ "resolusi itu", "rancangan tersebut", "resolusi serupa", "Resolusi berjudul “…” itu"."""
    for j in range(last + 1, min(last + 1 + _MODIFIER_REACH, len(t))):
        if t.sentence[j] != t.sentence[last] or _match(t, j, "author") or t.lowers[j] == "yang":
            return False
        if _match(t, j, "same"):
            return j == last + 1 or t.lowers[last + 1] == "berjudul"
    return False


def _author(ctx: SentenceContext, first: int, last: int, gazetteer: Gazetteer, targets: tuple[str, ...]) -> str | None:
    """The target whose motion it is: named right after it ("rancangan asli AS", "rancangan Washington"),
    after an author verb ("yang diajukan Amerika Serikat dan Albania"), or as the subject of one right
    before it ("AS juga mengajukan rancangan resolusinya")."""
    t = ctx.tokens
    for j in range(last + 1, min(last + 2 + _AUTHOR_GAP, len(t))):
        if t.sentence[j] != t.sentence[last] or not _joined(t, j - 1, j):
            break
        if j > last + 1 and t.lowers[j - 1] not in _AUTHOR_GAP_WORDS:
            break
        spans = ctx.spans_starting(j, j)
        if spans:
            if author := target_of(spans[0][2], gazetteer, targets):
                return author
            break  # a body ("resolusi Dewan Keamanan PBB yang diajukan …"): its author may follow
    for j in range(last + 1, min(last + 1 + _MODIFIER_REACH, len(t))):
        if t.sentence[j] != t.sentence[last]:
            break
        if n := _match(t, j, "author"):
            for span in ctx.spans_starting(j + n, j + n):
                return target_of(span[2], gazetteer, targets)
            break
    j = _over_adverbs(t, first - 1, first)
    if j >= 1 and _match(t, j, "author") == 1 and t.sentence[j - 1] == t.sentence[first]:
        for span in ctx.spans_ending_at(_over_adverbs(t, j - 1, first)):
            return target_of(span[2], gazetteer, targets)
    return None


_AUTHOR_ADVERBS = frozenset(("juga", "akan", "telah", "sudah"))


def _over_adverbs(t: Tokens, j: int, first: int) -> int:
    """Token `j`, or the nearest token before it that is no adverb of `_AUTHOR_ADVERBS`, in token `first`'s
    sentence ("AS juga mengajukan rancangan …")."""
    while j >= 1 and t.sentence[j] == t.sentence[first] and t.lowers[j] in _AUTHOR_ADVERBS:
        j -= 1
    return j


def _content(
    ctx: SentenceContext, motion: tuple[int, int], targets: tuple[str, ...], gazetteer: Gazetteer
) -> dict[str, int]:
    """What the motion's own words say toward each target after it in its sentence, read by the rules
    with the motion as the holder ("resolusi yang mengecam invasi Rusia ke Ukraina": for Ukraine)."""
    t = ctx.tokens
    k = t.sentence[motion[0]]
    lo = token_span(t, *t.sentence_bounds[k])[0]
    hi = motion[1]  # what the motion says ends with its clause ("…, dan sebelumnya menyalahkan AS")
    while hi + 1 < len(t) and t.sentence[hi + 1] == k and not _CLAUSE_END.search(t.text, t.ends[hi], t.starts[hi + 1]):
        hi += 1
    stance: dict[str, int] = {}
    for first, last, entity in ctx.spans_starting(motion[1] + 1, hi):
        target = target_of(entity, gazetteer, targets)
        if target is None or target in stance:
            continue
        c = Candidate(k, "motion", target, "mention", motion, (first, last), (lo, hi), False, "", "")
        score = score_candidate(c, ctx, {"motion"}).score
        if abs(score) >= _CONTENT_SCORE:
            stance[target] = 1 if score > 0 else -1
        elif _withdrawal_from(t, motion[1], first):
            stance[target] = 1
    return stance


def _withdrawal_from(t: Tokens, lo: int, target: int) -> bool:
    """A withdrawal from the target demanded between token `lo` and the target ("menuntut Rusia menarik
    pasukannya dari Ukraina", "menuntut penarikan pasukan Rusia dari wilayah Ukraina"): for the target."""
    before = target - 1
    if before > lo and t.lowers[before] in ("wilayah", "seluruh"):
        before -= 1
    if t.lowers[before] != "dari":
        return False
    return any(_match(t, j, "withdrawal") for j in range(lo + 1, before))


def _motion_named(t: Tokens, after: int) -> tuple[int, int] | None:
    """The motion named right after a vote that ends before token `after` ("menolak rancangan resolusi")."""
    for j in range(after, min(after + _OBJECT_REACH + 1, len(t))):
        if t.sentence[j] != t.sentence[after - 1]:
            break
        if n := _match(t, j, "motion"):
            return j, j + n - 1
    return None


def _motion_elided(t: Tokens, after: int, motions: list[_Motion]) -> _Motion | None:
    """The motion of a vote with no object ("Lima negara menolak, yakni …", "Indonesia termasuk negara yang
    mendukung."): the last one named, not long before. A vote followed by another object ("menolak
    tuduhan itu") is no vote on a motion."""
    followed = after < len(t) and t.sentence[after] == t.sentence[after - 1] and _joined(t, after - 1, after)
    if followed and not _match(t, after, "list"):
        return None
    if not motions or t.sentence[after - 1] - t.sentence[motions[-1].first] > _MOTION_REACH:
        return None
    return motions[-1]


def _voter_candidates(
    ctx: SentenceContext,
    gazetteer: Gazetteer,
    vote: tuple[int, int],
    role: str,
    motion: _Motion,
) -> list[Candidate]:
    t = ctx.tokens
    k = t.sentence[vote[0]]
    cue = " ".join(t.lowers[vote[0] : vote[1] + 1])
    target_span = (motion.first, motion.last) if t.sentence[motion.first] == k else vote
    context = token_span(t, *t.sentence_bounds[k])
    out = []
    for span in _voters(ctx, vote):
        if names_a_place(t, span[0], topic=True) or (span[0] and t.lowers[span[0] - 1] in _MEMBERS):
            continue  # "Di Dewan Keamanan PBB, Rusia memveto": where; "negara ASEAN mendukung": its members
        holder = span[2]
        for target, side in motion.stance.items():
            if not may_hold_toward(holder, target, gazetteer):
                continue
            out.append(
                Candidate(
                    k, holder, target, "vote", (span[0], span[1]), target_span, context, False, "", cue,
                    _VOTES[role] * side,
                )
            )  # fmt: skip
    return out


def _voters(ctx: SentenceContext, vote: tuple[int, int]) -> list[tuple[int, int, str]]:
    """Who cast the vote: a list brought in after it ("menolak, yakni Rusia, Belarus dan Suriah"), else the
    names right before it over filler words ("Indonesia menjadi salah satu dari 141 negara yang mendukung",
    "Korea Utara, satu dari lima negara yang menolak", "China dan Rusia memveto")."""
    t = ctx.tokens
    j = vote[1] + 1
    here = j < len(t) and t.sentence[j] == t.sentence[vote[0]]
    if here and t.text[t.ends[vote[1]] : t.starts[j]].strip() in ("", ",") and (n := _match(t, j, "list")):
        return _list_from(ctx, j + n)
    j = vote[0] - 1
    comma = False
    while j >= 0 and t.sentence[j] == t.sentence[vote[0]]:
        ending = ctx.spans_ending_at(j)
        if ending:
            return _list_back(ctx, ending[0])
        gap = t.text[t.ends[j] : t.starts[j + 1]].strip()
        if gap == "," and not comma:
            comma = True  # "Korea Utara, satu dari lima negara yang menolak": an apposition
        elif gap:
            return []
        if not (t.lowers[j] in _fillers() or t.lowers[j].isdigit()):
            return []
        j -= 1
    return []


def _list_from(ctx: SentenceContext, j: int) -> list[tuple[int, int, str]]:
    """The names listed from token `j` on, joined by commas and "dan"."""
    t = ctx.tokens
    spans = ctx.spans_starting(j, j)
    if not spans:
        return []
    out = [spans[0]]
    while True:
        last = out[-1][1]
        following = ctx.first_span_start(last + 1)
        if following is None or t.sentence[following] != t.sentence[j]:
            break
        if not _names_gap(t.text[t.ends[last] : t.starts[following]]):
            break
        out.append(ctx.spans_starting(following, following)[0])
    return out


def _names_gap(gap: str) -> bool:
    """Only commas, "dan"/"serta" and names the gazetteer does not know ("Rusia, Eritrea dan Suriah")
    stand between two items of one list. Unlike the rules' lists (`rules._list_gap`), a roll of voters
    names states the gazetteer need not know, and skipping them must not end the list."""
    words = [w for w in _LIST_GAP.findall(gap) if not w[:1].isupper()]
    return bool(words) and set(words) <= {",", "dan", "serta"}


def _list_back(ctx: SentenceContext, last: tuple[int, int, str]) -> list[tuple[int, int, str]]:
    """The names of the list that ends with `last` ("China dan Rusia")."""
    t = ctx.tokens
    out = [last]
    while out[0][0] > 0:
        first = out[0][0]
        before = next(
            (
                s
                for j in range(first - 1, max(first - 3, -1), -1)
                for s in ctx.spans_ending_at(j)
                if t.sentence[s[0]] == t.sentence[first]
            ),
            None,
        )
        if before is None or not _names_gap(t.text[t.ends[before[1]] : t.starts[first]]):
            break
        out.insert(0, before)
    return out
