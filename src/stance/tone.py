"""Tone of a text from the Indonesian tone lexicon, and the tone labels (SPEC §4).

Kept apart from `stance.sentiment` (the trainable classifier) so that scoring with a compiled model
reads tone without importing scikit-learn.
"""

from __future__ import annotations

import math
import re
from functools import cache

from .gazetteer import WORD, normalise_tokens
from .resources import ResourceError, read_language_table
from .tokens import lower_words

__all__ = ["TONES", "TONE_THRESHOLD", "lexicon_tone", "lexicon_tones", "tone_label"]

TONES = ("negative", "neutral", "positive")
# VADER's normalisation of a summed score into [-1, 1]: s / sqrt(s^2 + ALPHA), ALPHA = 15 (Hutto &
# Gilbert 2014); it keeps one strong word from reading as certainty.
_ALPHA = 15.0
# A tone score beyond this is positive or negative (VADER's compound threshold is 0.05; our lexicon
# is smaller and news is rarely neutral in words, so we ask for more).
TONE_THRESHOLD = 0.15
# How many words before a tone word a negator may stand ("tidak ada korban").
_NEGATION_WINDOW = 3


@cache
def _lexicon(lang: str = "id") -> tuple[dict[tuple[str, ...], float], dict[str, int], frozenset[str]]:
    table = read_language_table("tone_lexicon", lang, ("form", "score"))
    words: dict[tuple[str, ...], float] = {}
    for row in table.itertuples():
        try:
            words[normalise_tokens(row.form, lower=True)] = float(row.score)
        except ValueError as err:
            raise ResourceError(f"tone_lexicon.csv:{row.line}: score {row.score!r} is not a number") from err
    first: dict[str, int] = {}
    for key in words:
        first[key[0]] = max(first.get(key[0], 0), len(key))
    negators = read_language_table("negators", lang, ("form", "effect", "scope"))
    flips = frozenset(negators.loc[negators["effect"] == "flip", "form"].str.lower()) | {"tanpa", "belum"}
    return words, first, flips


def tone_label(score: float) -> str:
    if score >= TONE_THRESHOLD:
        return "positive"
    if score <= -TONE_THRESHOLD:
        return "negative"
    return "neutral"


def lexicon_tone(text: str, lang: str = "id") -> float:
    """Tone score of a text in [-1, 1] from the lexicon, negation flipping the words it precedes.

    Examples
    --------
    >>> lexicon_tone("Serangan itu menewaskan 12 warga.") < 0 < lexicon_tone("Kedua negara sepakat berdamai.")
    True
    >>> lexicon_tone("Tidak ada korban jiwa.") > 0
    True
    """
    return _score_tokens(lower_words(WORD.findall(text)), lang)


def lexicon_tones(texts: list[str], lang: str = "id") -> list[float]:
    """`lexicon_tone` of each text, its words found in one pass over all the texts.

    The texts are joined by a separator no word holds, so each text has the words it has alone; one
    search and one lower-casing of the batch cost far less than one of each per text."""
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) != len(texts) - 1:  # a text holds the separator: text by text
        return [lexicon_tone(text, lang) for text in texts]
    words = lower_words(_WORDS_AND_SEPARATORS.findall(joined))
    scores, start = [], 0
    for _ in range(len(texts) - 1):
        end = words.index(_SEPARATOR, start)
        scores.append(_score_tokens(words[start:end], lang))
        start = end + 1
    scores.append(_score_tokens(words[start:], lang))
    return scores


# What `lexicon_tones` puts between texts, and the words of its joined texts with the separators.
_SEPARATOR = "\x00"
_WORDS_AND_SEPARATORS = re.compile(r"\x00|\w+")


def _score_tokens(tokens: list[str], lang: str) -> float:
    """The tone score of a text's lower-cased words."""
    words, first, flips = _lexicon(lang)
    total, resume = 0.0, 0
    for i in [j for j, token in enumerate(tokens) if token in first]:  # only where a lexicon entry can start
        if i < resume:
            continue  # inside the entry found before
        for length in range(first[tokens[i]], 0, -1):
            value = words.get(tuple(tokens[i : i + length]))
            if value is not None:
                if any(t in flips for t in tokens[max(0, i - _NEGATION_WINDOW) : i]):
                    value = -value
                total += value
                resume = i + length
                break
    return total / math.sqrt(total * total + _ALPHA)
