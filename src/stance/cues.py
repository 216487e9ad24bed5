"""Stance cues in a tokenised article: lexicon words with their polarity, negation and intensity."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .gazetteer import normalise_tokens
from .resources import ResourceError, language_forms, read_language_table
from .tokens import Tokens

__all__ = ["VERB_PREFIXES", "Cue", "find_cues"]

# How many tokens before a cue a negator or an intensifier may stand ("tidak akan pernah mendukung").
_MODIFIER_WINDOW = 3
# "tidak mendukung" reads as against, but more weakly than "menentang".
_FLIPPED_FACTOR = 0.5
# A cue's weight after boosting never exceeds this.
_MAX_WEIGHT = 1.0
# Verb prefixes of Indonesian: a verb-scoped negator ("menolak") negates only a cue that starts so.
VERB_PREFIXES = ("me", "ber", "di", "ter", "per")
# The clitic "-nya" (its, his, her; it as object) glued to a cue: "dukungannya", "serangannya".
_CLITIC = "nya"
# Words shorter than this keep their ending ("hanya", "punya"): too short to be a cue with a clitic.
_MIN_CLITIC_WORD = 7


def _without_clitic(word: str) -> str:
    """ "dukungannya" -> "dukungan": the cue under the clitic; other words as they are."""
    return word[: -len(_CLITIC)] if len(word) >= _MIN_CLITIC_WORD and word.endswith(_CLITIC) else word


@dataclass(frozen=True, slots=True)
class Cue:
    """A stance cue spanning tokens [first, last]; `polarity` already reflects a flipping negator."""

    first: int
    last: int
    form: str
    polarity: int
    kind: str
    weight: float
    negated: str  # "", "flip" or "cancel"
    passive: bool  # di- form: the agent follows ("Ukraina diserang Rusia")


@dataclass(frozen=True)
class _Lexicon:
    cues: dict[tuple[str, ...], tuple[str, int, str, float]]
    negators: dict[tuple[str, ...], tuple[str, str]]
    factors: dict[tuple[str, ...], float]
    first_tokens: dict[str, int]
    modifier_first: dict[str, int]
    neutral: frozenset[tuple[str, ...]]
    modal_verbs: frozenset[str]
    openers: frozenset[str]  # the words that can open a cue or a neutral phrase, with "-nya" glued or not


@cache
def _lexicon(lang: str = "id") -> _Lexicon:
    table = read_language_table("stance_cues", lang, ("form", "polarity", "kind", "weight"))
    cues = {}
    for row in table.itertuples():
        if row.polarity not in ("1", "-1") or row.kind not in ("act", "attitude", "trait", "threat"):
            raise ResourceError(
                f"stance_cues.csv:{row.line}: polarity must be 1 or -1 and kind act, attitude, threat or trait"
            )
        try:
            weight = float(row.weight)
        except ValueError as err:
            raise ResourceError(f"stance_cues.csv:{row.line}: weight {row.weight!r} is not a number") from err
        cues[normalise_tokens(row.form, lower=True)] = (row.form, int(row.polarity), row.kind, weight)
    negators = {
        normalise_tokens(r.form, lower=True): (r.effect, r.scope)
        for r in read_language_table("negators", lang, ("form", "effect", "scope")).itertuples()
    }
    factors = {
        normalise_tokens(r.form, lower=True): float(r.factor)
        for r in read_language_table("intensifiers", lang, ("form", "factor")).itertuples()
    }
    neutral = frozenset(normalise_tokens(f, lower=True) for f in language_forms("neutral_phrases", lang))
    first: dict[str, int] = {}
    for key in [*cues, *neutral]:
        first[key[0]] = max(first.get(key[0], 0), len(key))
    modifier_first: dict[str, int] = {}
    for key in [*negators, *factors]:
        modifier_first[key[0]] = max(modifier_first.get(key[0], 0), len(key))
    modal_verbs = frozenset(language_forms("modal_verbs", lang))
    # a word with the clitic is one `_without_clitic` turns into a one-word cue ("dukungannya")
    clitics = {key[0] + _CLITIC for key in cues if len(key) == 1 and len(key[0]) + len(_CLITIC) >= _MIN_CLITIC_WORD}
    openers = frozenset(first) | frozenset(clitics)
    return _Lexicon(cues, negators, factors, first, modifier_first, neutral, modal_verbs, openers)


def find_cues(tokens: Tokens, lang: str = "id") -> list[Cue]:
    """Every stance cue in the article, longest match first, with the negator and intensifiers before it."""
    lex = _lexicon(lang)
    lowers = tokens.lowers
    out: list[Cue] = []
    n = len(tokens)
    after_cue = 0  # a negator acts only on the next cue, never across one
    resume = 0  # the first token not inside a cue or neutral phrase found so far
    # only a token that can open a cue or a neutral phrase starts one (or a cue with "-nya" glued to it):
    # the others are not looked at
    openers = [j for j, low in enumerate(lowers) if low in lex.openers]
    for i in openers:
        if i < resume:
            continue
        longest = lex.first_tokens.get(lowers[i], 1)
        step = 1
        for length in range(min(longest, tokens.reach[i]), 0, -1):
            key = tuple(lowers[i : i + length])
            if key in lex.neutral:
                step = length  # "tidak memihak", "menahan diri": no position, whatever the words in it
                break
            entry = lex.cues.get(key)
            if entry is None and (bare := _without_clitic(key[-1])) != key[-1]:
                entry = lex.cues.get((*key[:-1], bare))  # "dukungannya bagi Ukraina", "bantuan militernya"
            if entry is None:
                continue
            form, polarity, kind, weight = entry
            negator = lex.negators.get(tuple(lowers[i : i + length]))
            if negator and i + length < n:
                next_is_cue, next_is_verb = _starts_cue(lowers, i + length, lex)
                if next_is_cue and (negator[1] == "any" or next_is_verb):
                    break  # "menolak mengecam": here "menolak" negates the next cue, it is no cue itself
            negated, factor = _modifiers(tokens, i, max(after_cue, i - _MODIFIER_WINDOW), lex)
            if negated == "flip" and polarity < 0:
                negated = "cancel"  # "tidak mengecam" withholds criticism; it is no support
            elif negated == "flip":
                polarity, factor = -polarity, factor * _FLIPPED_FACTOR  # "tidak mendukung": a weak against
            weight = min(_MAX_WEIGHT, weight * factor)
            passive = kind != "trait" and lowers[i].startswith("di") and len(lowers[i]) > 4
            out.append(Cue(i, i + length - 1, form, polarity, kind, weight, negated, passive))
            step = length
            after_cue = i + length
            break
        resume = i + step
    return out


def _starts_cue(lowers: list[str], i: int, lex: _Lexicon) -> tuple[bool, bool]:
    """Whether a cue starts at token i, and whether that cue is a verb."""
    longest = lex.first_tokens.get(lowers[i], 0)
    found = any(tuple(lowers[i : i + n]) in lex.cues for n in range(longest, 0, -1))
    found = found or (_without_clitic(lowers[i]),) in lex.cues
    return found, found and lowers[i].startswith(VERB_PREFIXES)


def _verb_between(tokens: Tokens, a: int, b: int, lex: _Lexicon) -> bool:
    """An active verb of its own (me- form, not a framing verb such as "mencoba") in tokens [a, b): a
    negator before it negates that verb, not the cue after it ("tidak pernah melupakan bantuan"). A
    passive ("tidak ditujukan untuk melawan") frames the cue and passes the negation on."""
    return any(
        len(w) > 4 and w.startswith("me") and w not in lex.modal_verbs and (w,) not in lex.factors
        for w in tokens.lowers[a:b]
    )


def _modifiers(tokens: Tokens, i: int, start: int, lex: _Lexicon) -> tuple[str, float]:
    """The negator and the product of intensifiers in tokens [start, i) of token i's sentence."""
    negated, factor = "", 1.0
    k = tokens.sentence[i]
    is_verb = tokens.lowers[i].startswith(VERB_PREFIXES)
    j = start
    while j < i:
        step = 1
        if tokens.sentence[j] == k:
            for length in range(min(lex.modifier_first.get(tokens.lowers[j], 0), i - j), 0, -1):
                key = tuple(tokens.lowers[j : j + length])
                if key in lex.negators:
                    effect, scope = lex.negators[key]
                    if (scope == "any" or is_verb) and not _verb_between(tokens, j + length, i, lex):
                        negated = effect
                    step = length
                    break
                if key in lex.factors:
                    factor, step = factor * lex.factors[key], length
                    break
        j += step
    return negated, factor
