"""Word tokens of a cleaned article with their offsets and sentences, computed once and shared."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

# str.lower, called as a function so that compiled modules (setup.py) run CPython's own: mypyc compiles
# `s.lower()` to its own routine, which on Python < 3.13 misses the final-sigma rule ("ΟΔΟΣ" -> "οδοσ",
# not "οδος"). The modules that are compiled lower-case strings with this (tests/test_native.py checks).
lower = str.lower

__all__ = ["Tokens", "lower_words", "tokenize"]

_WORD_PIECES = re.compile(r"(\w+)")  # splits a text into gap, word, gap, word, ..., gap
# Two words belong to one name when only spaces or one hyphen stand between them (Kim Jong-un, Kim Jong - un).
_JOINABLE = re.compile(r"[ \t]*(?:[-–][ \t]*)?")


@dataclass(frozen=True, slots=True)
class Tokens:
    """Tokens of `text`: `words[i]` spans `starts[i]:ends[i]`, lies in sentence `sentence[i]`, and
    `reach[i]` tokens from i on are joined by spaces or hyphens only (how far a name may run)."""

    text: str
    words: list[str]
    lowers: list[str]
    starts: list[int]
    ends: list[int]
    sentence: list[int]
    reach: list[int]
    sentence_bounds: list[tuple[int, int]]
    # The kind of preposition before each token asked about (`stance.rules.preposition_before`): kept with
    # the article's tokens, as the candidates, the quotes and the rules ask about the same tokens again.
    prepositions: dict[int, str | None] = field(default_factory=dict, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.words)

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence holding `offset` (the last one starting at or before it)."""
        return max(bisect_right(self.sentence_bounds, offset, key=lambda bound: bound[0]) - 1, 0)

    def first_token_at(self, offset: int) -> int:
        """Index of the first token starting at or after `offset`."""
        return bisect_right(self.starts, offset - 1)


def tokenize(text: str, sentence_bounds: list[tuple[int, int]]) -> Tokens:
    """Tokenise `text` once; tokens never join across sentences.

    One split of the text gives every word and every gap between two words, and their offsets are the
    running sums of the pieces' lengths: no match object per word.
    """
    pieces = _WORD_PIECES.split(text)  # gap, word, gap, word, ..., gap
    offsets = list(accumulate(map(len, pieces)))
    words, gaps = pieces[1::2], pieces[2:-1:2]  # gaps[i] lies between words[i] and words[i + 1]
    starts, ends = offsets[0:-1:2], offsets[1::2]
    n = len(words)
    # sentence k holds the tokens from the first one starting at or after its start (sentence 0 from the first)
    cuts = [0, *(bisect_left(starts, start) for start, _ in sentence_bounds[1:]), n]
    sentence = []
    for k in range(len(cuts) - 1):
        sentence += [k] * (cuts[k + 1] - cuts[k])
    joinable = _JOINABLE.fullmatch
    joined = [gap == " " or joinable(gap) is not None for gap in gaps]
    for cut in cuts[1:-1]:
        if 0 < cut < n:
            joined[cut - 1] = False  # the last token of a sentence does not join the next sentence's first
    reach = [1] * n
    for i in range(n - 2, -1, -1):
        if joined[i]:
            reach[i] = reach[i + 1] + 1
    return Tokens(text, words, lower_words(words), starts, ends, sentence, reach, sentence_bounds)


def lower_words(words: list[str]) -> list[str]:
    """Each word (a run of word characters) lower-cased, in one call: the words are lower-cased joined by
    spaces, and a space is neither a letter nor skipped by the case rules (the Greek final sigma looks
    at the letters around it), so each word comes out as it would alone."""
    return lower(" ".join(words)).split(" ") if words else []
