"""Candidate (holder, target) pairs in each sentence, with the structure the scorers read.

A holder is who may take a position: the speaker of a quote or statement (for the targets inside what
they said), or an entity in the sentence (for the targets after it, or before it in a passive). The
scorers decide; a pair whose holder is merely nearby comes out neutral.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from .gazetteer import Gazetteer, normalise_tokens
from .mentions import Mention
from .quotes import Quote
from .resources import language_forms, read_language_table
from .rules import names_a_place
from .tokens import Tokens, lower

__all__ = ["DEFAULT_TARGETS", "Candidate", "can_hold", "find_candidates", "may_hold_toward", "target_of", "token_span"]

DEFAULT_TARGETS = ("united_states", "ukraine", "china")


@dataclass(slots=True)
class Candidate:
    """One (holder, target) pair in one sentence. Spans are token indices, inclusive."""

    sentence_idx: int
    holder: str
    target: str
    role: str  # "speaker": the holder said the text holding the target; "mention": both are named here
    holder_span: tuple[int, int] | None  # None when the speaker is named outside the sentence (ujarnya)
    target_span: tuple[int, int]
    context: tuple[int, int]  # the tokens that carry the position: what was said, or the sentence
    quoted: bool  # the target stands inside a direct quote
    speaker: str  # who said the text holding the target ("" when nobody did)
    cue: str  # the speech cue of that statement (for a vote: the vote)
    motion: int = 0  # for a vote (role "vote", `stance.votes`): the vote times the motion's position, +1 or -1


def token_span(tokens: Tokens, start: int, end: int) -> tuple[int, int]:
    """The first and last token of the text from offset `start` to `end`."""
    first = bisect_left(tokens.starts, start)
    last = bisect_left(tokens.ends, end)
    return first, max(first, min(last, len(tokens.words) - 1))  # (`len(tokens)` calls Python code)


def target_of(entity: str, gazetteer: Gazetteer, targets: tuple[str, ...]) -> str | None:
    """The target an entity mention stands for: the target itself, or a person or body that represents it."""
    if entity in targets:
        return entity
    if entity in gazetteer:
        country = gazetteer.country_of(entity)
        if country in targets and gazetteer.entity_type(entity) == "person":
            return country
    return None


def _is_place(tokens: Tokens, m: Mention) -> bool:
    """Whether a mention comes right after a locative, directional or topic preposition in its sentence
    (``di Moskow``, ``kunjungan ke Roma, Italia``, ``yang menyangkut Taiwan``): where something happens
    or goes, or what is talked about, not who acts."""
    return names_a_place(tokens, tokens.first_token_at(m.start), topic=True)


def can_hold(entity: str, gazetteer: Gazetteer) -> bool:
    return entity.startswith("person:") or (entity in gazetteer and not gazetteer.is_media(entity))


def may_hold_toward(holder: str, target: str, gazetteer: Gazetteer) -> bool:
    """A holder that can take a position toward `target`: not the target, nor a part of it, nor its allies
    (on its side by definition), and not a medium or an unknown name."""
    return (
        holder != target
        and gazetteer.country_of(holder) != target
        and gazetteer.allies_of(target) != holder
        and can_hold(holder, gazetteer)
    )


# What may join the names of one list: "AS, Inggris dan Kanada", "AS bersama Jepang", "antara Rusia dengan China".
_LIST_JOINERS = frozenset(("", "dan", "serta", "maupun", "atau", "bersama", "dengan"))


@cache
def _descriptors() -> frozenset[tuple[str, ...]]:
    """Nouns before a state's name that make the phrase name something else, not a target ("laser buatan
    China", "media AS"; non_state_prefixes.csv, target none)."""
    table = read_language_table("non_state_prefixes", required=("form", "target"))
    return frozenset(normalise_tokens(f, lower=True) for f in table["form"][table["target"] == "none"])


def _names_something_else(tokens: Tokens, m: Mention) -> bool:
    if m.kind != "attribute":
        return False
    first = tokens.first_token_at(m.start)
    return any(tuple(tokens.lowers[first : first + n]) in _descriptors() for n in (1, 2, 3))


@cache
def _reciprocal_words() -> tuple[frozenset[tuple[str, ...]], int, frozenset[str]]:
    """The reciprocal words (as token tuples), the longest one's length, and the words they start with."""
    forms = {normalise_tokens(f, lower=True) for f in language_forms("reciprocal_words")}
    return frozenset(forms), max(len(f) for f in forms), frozenset(f[0] for f in forms)


def _has_reciprocal_word(tokens: Tokens, first: int, last: int) -> bool:
    """Whether tokens first..last hold a word of a joint or mutual act ("sepakat", "kemitraan")."""
    forms, longest, starts = _reciprocal_words()
    lowers = tokens.lowers
    if starts.isdisjoint(lowers[first : last + 1]):
        return False  # no token can begin one: most sentences, answered without building n-grams
    return any(
        tuple(lowers[i : i + n]) in forms
        for i in range(first, last + 1)
        if lowers[i] in starts
        for n in range(1, longest + 1)
        if i + n <= last + 1
    )


def _co_listed(text: str, a: Mention, b: Mention, in_order: list[Mention]) -> bool:
    """Two mentions in one list of names: only joiners and other names stand between them
    (`in_order`: the sentence's mentions by start)."""
    first, second = (a, b) if a.start < b.start else (b, a)
    pos = first.end
    for m in in_order:
        if first.end <= m.start and m.end <= second.start and m.start >= pos:
            if lower(text[pos : m.start].strip(" ,()")) not in _LIST_JOINERS:
                return False
            pos = m.end
    return lower(text[pos : second.start].strip(" ,()")) in _LIST_JOINERS


def _inside_words(holder: Mention, target: Mention, words: list[Quote]) -> bool:
    """The holder is named inside someone's direct quote and the target outside it (often the speaker):
    whatever the holder does in those words is the speaker's claim and not aimed at the target."""
    return any(q.start <= holder.start < q.end and not q.start <= target.start < q.end for q in words)


def find_candidates(
    tokens: Tokens,
    mentions: list[Mention],
    quotes: list[Quote],
    gazetteer: Gazetteer,
    targets: tuple[str, ...] = DEFAULT_TARGETS,
) -> list[Candidate]:
    """All candidate pairs of an article, sentence by sentence: one per statement for its speaker, and
    one per pair of mentions (a holder named twice gives two; the scorer keeps the stronger)."""
    out: list[Candidate] = []
    seen: set[tuple] = set()  # a pair of mentions is one candidate
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence_idx, []).append(m)
    statements_in: dict[int, list[Quote]] = {}  # what was said (with a speaker), by sentence
    words_in: dict[int, list[Quote]] = {}  # direct quotes, by sentence
    for q in quotes:
        if q.status == "ok" and q.speaker:
            statements_in.setdefault(q.sentence_idx, []).append(q)
        if q.status == "ok" and q.direct:
            words_in.setdefault(q.sentence_idx, []).append(q)
    # what each entity of the article stands for: the target it names, whether it can hold a position, its country
    entities = {m.entity for m in mentions}
    target_for = {entity: target_of(entity, gazetteer, targets) for entity in entities}
    holds = {entity: can_hold(entity, gazetteer) for entity in entities}
    country_of = {entity: gazetteer.country_of(entity) for entity in entities}
    for k, (s, e) in enumerate(tokens.sentence_bounds):
        here = by_sentence.get(k)
        if not here:
            continue
        target_mentions = [(m, t) for m in here if (t := target_for[m.entity]) and not _names_something_else(tokens, m)]
        if not target_mentions:
            continue
        sentence_span = token_span(tokens, s, e)
        statements = statements_in.get(k, [])
        words = words_in.get(k, [])
        mutual = _has_reciprocal_word(tokens, *sentence_span)
        in_order = sorted(here, key=lambda x: x.start)
        # the mentions that may hold a position whatever the target, with their token spans (once a sentence)
        holders = [
            (m, token_span(tokens, m.start, m.end), country_of[m.entity])
            for m in here
            if m.kind != "attribute" and holds[m.entity] and not _is_place(tokens, m)
        ]
        for target_mention, target in target_mentions:
            t_span = token_span(tokens, target_mention.start, target_mention.end)
            holding = [q for q in statements if q.start <= target_mention.start and target_mention.end <= q.end]
            for q in sorted(holding, key=lambda q: -q.start):  # the narrowest statement first: its own cue
                context = token_span(tokens, q.start, q.end)
                speakers = q.speaker.split("|")
                if target in speakers:
                    continue  # "AS dan sekutu-sekutunya mengatakan …": the target speaks too, nothing is aimed at it
                for speaker in speakers:
                    if not may_hold_toward(speaker, target, gazetteer):
                        continue
                    key: tuple = (k, speaker, target, "speaker", q.start, t_span)  # each statement, each mention
                    if key in seen:
                        continue
                    seen.add(key)
                    holder_mention = next(
                        (m for m in here if m.entity == speaker and not q.start <= m.start < q.end), None
                    )
                    h_span = token_span(tokens, holder_mention.start, holder_mention.end) if holder_mention else None
                    out.append(
                        Candidate(k, speaker, target, "speaker", h_span, t_span, context, q.direct, q.speaker, q.cue)
                    )
            quote = holding[0] if holding else None
            allies = gazetteer.allies_of(target)
            for m, h_span, country in holders:
                # "di Jakarta", "Kedubes China di London" (a place) and "media AS" are out already
                if m.entity == target or m is target_mention or country == target:
                    continue
                if (m.start, m.end) == (target_mention.start, target_mention.end) and not mutual:
                    continue  # one group named at once ("ketiga negara"): its members deal with each other only
                    # in a joint act ("Ketiga negara menyepakati …")
                if allies == m.entity:
                    continue  # "AS dan sekutu-sekutunya": the allies are on the target's side by definition
                if quote is not None and not (quote.start <= m.start < quote.end):
                    continue  # the target is inside someone's statement; only its speaker holds it from outside
                if not mutual and _co_listed(tokens.text, m, target_mention, in_order):
                    continue  # "AS, Inggris dan Kanada memboikot …": co-actors, no position toward each other
                if quote is None and words and _inside_words(m, target_mention, words):
                    continue  # "“…Putin tidak boleh menyalahkan Barat…,” kata Biden": a claim, not aimed at Biden
                key = (k, m.entity, target, "mention", h_span, t_span)
                if key in seen:
                    continue
                seen.add(key)
                out.append(
                    Candidate(
                        k, m.entity, target, "mention", h_span, t_span, sentence_span,
                        bool(quote and quote.direct), quote.speaker if quote else "", quote.cue if quote else "",
                    )
                )  # fmt: skip
    return out
