"""Tone of a text from the Indonesian tone lexicon, and the tone labels (SPEC §4).

Kept apart from `stance.sentiment` (the trainable classifier) so that scoring with a compiled model
reads tone without importing scikit-learn.
"""

from __future__ import annotations

import math
from functools import cache

from .gazetteer import WORD, normalise_tokens
from .resources import ResourceError, read_language_table

__all__ = ["TONES", "TONE_THRESHOLD", "lexicon_tone", "tone_label"]

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
    words, first, flips = _lexicon(lang)
    tokens = [t.lower() for t in WORD.findall(text)]
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
