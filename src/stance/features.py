"""The candidate table: one row per (sentence, holder, target) candidate with what the scorers read.

Both scorers take this table: the rules read `rule_score`; the classifier reads the masked text
around the pair and the structural and lexicon features. Building it once keeps them comparable.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import compress, pairwise

import pandas as pd

from .candidates import DEFAULT_TARGETS, Candidate, find_candidates
from .cues import Cue, find_cues
from .extract import ArticleReading
from .gazetteer import Gazetteer
from .rules import SentenceContext, is_reported, is_subject, preposition_before, score_candidate
from .tokens import Tokens, lower
from .votes import vote_candidates

__all__ = ["CANDIDATE_COLUMNS", "candidate_rows", "candidate_table", "candidate_values", "strongest_candidates"]

# Words of context kept on each side of the pair for the classifier's masked text.
_CONTEXT_WORDS = 8
# Words kept on each side of the target.
_NEAR_WORDS = 4

CANDIDATE_COLUMNS = [
    "sentence_idx", "holder", "target", "role", "quoted", "speaker", "cue", "holder_type",
    "holder_first", "rule", "rule_cue", "rule_score", "masked", "between", "near_target", "distance",
    "pos_cues", "neg_cues", "negated", "holder_subject", "holder_after", "target_after", "reported",
]  # fmt: skip


@dataclass
class _Article:
    tokens: Tokens
    ctx: SentenceContext
    named_for: dict[str, set[str]]  # country -> the entities mentioned in the article that roll up to it
    masked_words: list[str]  # each token lower-cased, or ENT inside a mention: what `_masked_texts` starts from
    # whether each masked word is written: not when it repeats the word before and is not lower-case (ENT)
    masked_keep: list[bool]
    # per holder, worked out at its first candidate: its side (`_own_side`) and its holder type
    own_sides: dict[str, set[str]] = field(default_factory=dict)
    holder_types: dict[str, str] = field(default_factory=dict)


def _preposition_at(article: _Article, first: int) -> str:
    """The kind of preposition right before token `first` (``none`` without one); `preposition_before`
    works it out once per token of the article, as many candidates share a holder or a target."""
    return preposition_before(article.tokens, first) or "none"


def _prepare(reading: ArticleReading, gazetteer: Gazetteer) -> _Article:
    tokens = reading.tokens
    cues = find_cues(tokens)
    spans = []
    masked = list(tokens.lowers)  # each token lower-cased, ENT inside a mention
    n = len(tokens)
    for m in reading.mentions:
        first = tokens.first_token_at(m.start)
        last = max(first, bisect_right(tokens.ends, m.end) - 1)  # the last token ending by the mention's end
        if first < n and tokens.starts[first] < m.end:
            spans.append((first, last, m.entity))
            masked[first : last + 1] = ["ENT"] * (last - first + 1)
    named_for: dict[str, set[str]] = {}
    for entity in {e for _, _, e in spans}:
        country = gazetteer.country_of(entity)
        if country:
            named_for.setdefault(country, set()).add(entity)
    keep = [True, *(word != before or word.islower() for before, word in pairwise(masked))]
    return _Article(tokens, SentenceContext(tokens, cues, spans), named_for, masked, keep)


def _own_side(holder: str, gazetteer: Gazetteer, article: _Article) -> set[str]:
    """The holder's side: the holder, the country it rolls up to, and every entity of the article that
    rolls up to that country (grouped once per article in `_prepare`). Worked out once per holder of
    the article; the rules only read it."""
    own = article.own_sides.get(holder)
    if own is None:
        country = gazetteer.country_of(holder) if not holder.startswith("person:") else None
        own = {holder}
        if country:
            own.add(country)
            own |= article.named_for.get(country, set())
        article.own_sides[holder] = own
    return own


def _holder_type(holder: str, gazetteer: Gazetteer, article: _Article) -> str:
    """The holder's entity type, ``group`` for one the gazetteer does not know; once per holder of the article."""
    kind = article.holder_types.get(holder)
    if kind is None:
        kind = gazetteer.entity_type(holder) if holder in gazetteer or holder.startswith("person:") else "group"
        article.holder_types[holder] = kind
    return kind


def _masked_texts(article: _Article, c: Candidate, windows: tuple[tuple[int, int], ...]) -> list[str]:
    """For each window of words lo..hi (inclusive): its words lower-cased, the holder as HOLDER, the target
    as TARGET, other entities ENT (a run of one marker written once); "" for an empty window.

    The windows of one candidate overlap, so the markers are placed once over all of them together. A
    word is dropped when it repeats the word before it and is not lower-case (a marker, a number): the
    word before is always the last one kept, so comparing neighbours is enough, and only the words of
    the holder and the target and the word after each compare otherwise than in `masked_keep`."""
    last = len(article.masked_words) - 1
    base, top = max(min(lo for lo, _ in windows), 0), min(max(hi for _, hi in windows), last)
    if base > top:
        return [""] * len(windows)
    words, keep = article.masked_words[base : top + 1], article.masked_keep[base : top + 1]
    spans = [(span, marker) for span, marker in ((c.target_span, "TARGET"), (c.holder_span, "HOLDER")) if span]
    for (first, end), marker in spans:  # the holder (last) wins
        first, end = max(first, base), min(end, top)
        if first <= end:
            words[first - base : end - base + 1] = [marker] * (end - first + 1)
    for (first, end), _ in spans:
        for i in range(max(first, base + 1) - base, min(end + 1, top) - base + 1):
            keep[i] = words[i] != words[i - 1] or words[i].islower()
    texts = []
    for lo, hi in windows:
        a, b = max(lo, 0) - base, min(hi, last) - base
        texts.append(" ".join([words[a], *compress(words[a + 1 : b + 1], keep[a + 1 : b + 1])]) if a <= b else "")
    return texts


def _cue_stats(cues: list[Cue]) -> tuple[float, float, bool]:
    pos = sum(c.weight for c in cues if c.polarity > 0 and c.negated != "cancel")
    neg = sum(c.weight for c in cues if c.polarity < 0 and c.negated != "cancel")
    return pos, neg, any(c.negated for c in cues)


def _row(c: Candidate, article: _Article, gazetteer: Gazetteer) -> tuple:
    t_first, t_last = c.target_span
    lo, hi = c.context
    if c.holder_span is not None:
        a = min(c.holder_span[0], t_first)
        between_lo, between_hi = (
            (c.holder_span[1] + 1, t_first - 1) if c.holder_span[0] < t_first else (t_last + 1, c.holder_span[0] - 1)
        )
        window = (max(lo, a - _CONTEXT_WORDS), min(hi, max(c.holder_span[1], t_last) + _CONTEXT_WORDS))
        distance = abs(t_first - c.holder_span[0])
        holder_first = c.holder_span[0] < t_first
    else:
        between_lo, between_hi = lo, t_first - 1
        window = (max(lo, t_first - 2 * _CONTEXT_WORDS), min(hi, t_last + _CONTEXT_WORDS))
        distance = t_first - lo
        holder_first = True
    between_cues = article.ctx.cues_between(between_lo - 1, between_hi + 1)  # shared with the rules
    pos, neg, negated = _cue_stats(between_cues)
    own = _own_side(c.holder, gazetteer, article)
    result = score_candidate(c, article.ctx, own)
    acts = [q for q in between_cues if q.kind != "trait"]
    holder_subject = bool(
        c.holder_span and acts and c.holder_span[0] < t_first and is_subject(article.ctx, c.holder_span, acts[0])
    )
    masked, between, near_target = _masked_texts(
        article, c, (window, (between_lo, between_hi), (t_first - _NEAR_WORDS, t_last + _NEAR_WORDS))
    )
    return (
        c.sentence_idx,
        c.holder,
        c.target,
        c.role,
        c.quoted,
        c.speaker,
        lower(c.cue),
        _holder_type(c.holder, gazetteer, article),
        holder_first,
        result.rule,
        result.cue,
        result.score,
        masked,
        between,
        near_target,
        distance,
        pos,
        neg,
        negated,
        holder_subject or c.role == "speaker",
        _preposition_at(article, c.holder_span[0]) if c.holder_span else "speaker",
        _preposition_at(article, t_first),
        is_reported(c, own),
    )  # in the order of CANDIDATE_COLUMNS


def candidate_values(
    reading: ArticleReading, gazetteer: Gazetteer, targets: tuple[str, ...] = DEFAULT_TARGETS
) -> list[tuple]:
    """Every candidate pair of one read article as a tuple of `CANDIDATE_COLUMNS` values, in text order:
    callers reading many articles build one table from all of them, which costs far less than a table
    each (and tuples less than dictionaries)."""
    article = _prepare(reading, gazetteer)
    candidates = find_candidates(article.tokens, reading.mentions, reading.quotes, gazetteer, targets)
    votes = vote_candidates(article.ctx, gazetteer, targets)
    if votes:
        candidates = sorted(candidates + votes, key=lambda c: c.sentence_idx)  # stable: text order kept
    return [_row(c, article, gazetteer) for c in candidates]


def candidate_rows(
    reading: ArticleReading, gazetteer: Gazetteer, targets: tuple[str, ...] = DEFAULT_TARGETS
) -> list[dict]:
    """Every candidate pair of one read article as a row (`CANDIDATE_COLUMNS`), in text order."""
    return [
        dict(zip(CANDIDATE_COLUMNS, values, strict=True)) for values in candidate_values(reading, gazetteer, targets)
    ]


def candidate_table(
    reading: ArticleReading, gazetteer: Gazetteer, targets: tuple[str, ...] = DEFAULT_TARGETS
) -> pd.DataFrame:
    """Every candidate pair of one read article, with its features, in text order."""
    return pd.DataFrame(candidate_values(reading, gazetteer, targets), columns=CANDIDATE_COLUMNS)


def strongest_candidates(candidates: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """One candidate per `key`: the speaker's if there is one, else the one with the strongest rule score.

    Rows come out strongest first (callers that need text order sort the index back).
    """
    ranked = candidates.assign(_speaker=candidates["role"] == "speaker", _strength=candidates["rule_score"].abs())
    ranked = ranked.sort_values(["_speaker", "_strength"], ascending=False, kind="stable")
    return ranked.drop_duplicates(key).drop(columns=["_speaker", "_strength"])
