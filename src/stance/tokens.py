"""Word tokens of a cleaned article with their offsets and sentences, computed once and shared."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

__all__ = ["Tokens", "tokenize"]

_WORD = re.compile(r"\w+")
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

    def __len__(self) -> int:
        return len(self.words)

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence holding `offset` (the last one starting at or before it)."""
        return max(bisect_right(self.sentence_bounds, offset, key=lambda bound: bound[0]) - 1, 0)

    def first_token_at(self, offset: int) -> int:
        """Index of the first token starting at or after `offset`."""
        return bisect_right(self.starts, offset - 1)


def tokenize(text: str, sentence_bounds: list[tuple[int, int]]) -> Tokens:
    """Tokenise `text` once; tokens never join across sentences."""
    words, starts, ends = [], [], []
    for m in _WORD.finditer(text):
        words.append(m.group(0))
        starts.append(m.start())
        ends.append(m.end())
    n = len(words)
    sentence = [0] * n
    k = 0
    for i, s in enumerate(starts):
        while k + 1 < len(sentence_bounds) and s >= sentence_bounds[k + 1][0]:
            k += 1
        sentence[i] = k
    reach = [1] * n
    for i in range(n - 2, -1, -1):
        if sentence[i] == sentence[i + 1] and _JOINABLE.fullmatch(text, ends[i], starts[i + 1]):
            reach[i] = reach[i + 1] + 1
    return Tokens(text, words, [w.lower() for w in words], starts, ends, sentence, reach, sentence_bounds)
