"""Sentence splitting for Indonesian news, aware of abbreviations, initials, decimals and quotations."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

from .resources import read_language_table

__all__ = ["QuoteSpan", "find_quote_spans", "split_sentences"]

_OPENERS = frozenset("“„«")
_CLOSERS = frozenset("”»")
_STRAIGHT = '"'
_QUOTE_MARKS = re.compile(r"[\"“”„«»]")
# A full stop, ! or ? (or an ellipsis) and any closing brackets right after it.
# (?:\.{3}|…|[.!?])+[)\]]* (a greedy run of these marks whichever way it is cut), written as one class so
# the regular expression engine skips straight to the marks.
_END_MARK = re.compile(r"[.!?…]+[)\]]*")
_TOKEN_BEFORE = re.compile(r"([\w.]+)$")
# How far back to look for the word before a full stop (abbreviations and initials are short).
_LONGEST_TOKEN = 40


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quotation in the cleaned text: `start` is the opening mark, `end` is just past the closing mark."""

    start: int
    end: int

    @property
    def content_start(self) -> int:
        return self.start + 1

    @property
    def content_end(self) -> int:
        return self.end - 1


@cache
def _abbreviations() -> tuple[frozenset[str], frozenset[str]]:
    table = read_language_table("abbreviations", required=("abbr", "kind"))
    titles = frozenset(table.loc[table["kind"] == "title", "abbr"])
    ends = frozenset(table.loc[table["kind"] == "end", "abbr"].str.rstrip("."))
    return titles, ends


def find_quote_spans(text: str) -> tuple[list[QuoteSpan], list[tuple[int, str]]]:
    """Pair quote marks paragraph by paragraph (curly and straight).

    Returns the balanced spans in text order and the unbalanced marks as ``(offset, reason)``;
    a quotation never crosses a line break, since an unclosed mark there is a scraper's loss.
    """
    spans: list[QuoteSpan] = []
    problems: list[tuple[int, str]] = []
    open_at: int | None = None
    for m in _QUOTE_MARKS.finditer(text):
        i, mark = m.start(), m.group(0)
        if open_at is not None and "\n" in text[open_at:i]:
            problems.append((open_at, "opening quote mark never closed in its paragraph"))
            open_at = None
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        can_open = mark in _OPENERS or (mark == _STRAIGHT and not nxt.isspace())
        can_close = mark in _CLOSERS or (mark == _STRAIGHT and not prev.isspace())
        if open_at is None:
            if can_open:
                open_at = i
            else:
                problems.append((i, "closing quote mark without an opening one"))
        elif can_close and not (mark == _STRAIGHT and prev.isspace()):
            spans.append(QuoteSpan(open_at, i + 1))
            open_at = None
        elif can_open:
            problems.append((open_at, "opening quote mark followed by another opening mark"))
            open_at = i
        else:
            problems.append((i, "quote mark that neither opens nor closes"))
    if open_at is not None:
        problems.append((open_at, "opening quote mark never closed"))
    return spans, problems


def _is_boundary(text: str, end_mark: re.Match[str], next_start: int) -> bool:
    """Whether the end mark at `end_mark` ends a sentence, given the next sentence would start at `next_start`."""
    if next_start >= len(text) or text[next_start] == "\n":
        return True
    nxt = text[next_start]
    glued = next_start == end_mark.end()
    if not (nxt.isupper() or nxt in '“"„«(' or (nxt.isdigit() and not glued)):
        return False
    mark = end_mark.group(0)
    if not mark.startswith("."):
        return True
    if mark.startswith("..") or mark.startswith("…"):
        return True
    before = _TOKEN_BEFORE.search(text, max(0, end_mark.start() - _LONGEST_TOKEN), end_mark.start())
    token = before.group(1) if before else ""
    titles, ends = _abbreviations()
    bare = token.rsplit(".", 1)[-1] if token.count(".") and token not in ends else token
    if token in titles or bare in titles:
        return False
    if len(bare) == 1 and bare.isupper():  # an initial: George W. Bush, J.K.
        return False
    if glued:
        # "wisatawan.Nunung" or "(24/8).Nunung": a scraper dropped the space; a domain is not.
        if nxt.isdigit() or "." in token:
            return False
        return (bool(token) and (token[-1].islower() or token[-1].isdigit())) or text[end_mark.start() - 1] in ")]"
    return True


def split_sentences(text: str, quotes: list[QuoteSpan] | None = None) -> list[tuple[int, int]]:
    """Split cleaned text into sentences, returned as ``(start, end)`` offsets into `text`.

    A line break always ends a sentence. Inside a balanced quotation nothing is split, so a
    multi-sentence quote stays in one sentence with its attribution (``“A. B,” kata Kim.``).
    """
    if quotes is None:
        quotes, _ = find_quote_spans(text)
    # Quotations by start, with the furthest end reached so far, so each end mark is checked with one
    # bisection (a text with thousands of quotes is not quadratic).
    protected = sorted((q.start, q.end) for q in quotes)
    quote_starts = [q[0] for q in protected]
    reach = list(accumulate((q[1] for q in protected), max))
    quote_ends = {q[1] for q in protected}
    bounds: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        start = line_start
        cursor = line_start
        while True:
            m = _END_MARK.search(text, cursor, line_end)
            if not m:
                break
            cursor = m.end()
            opened = bisect_left(quote_starts, m.start())  # protected[:opened] start before the mark
            if opened and m.end() < reach[opened - 1] - 1:
                continue  # inside a quotation, unless the mark is its last character
            after = m.end()
            # a closing quote right after the mark belongs to this sentence
            while after < line_end and text[after] in "”\"»'’":
                if text[after] in '"' and after + 1 not in quote_ends:
                    break
                after += 1
            if after < line_end and text[after] == ",":
                continue
            next_start = after
            while next_start < line_end and text[next_start] == " ":
                next_start += 1
            if next_start >= line_end or _is_boundary(text, m, next_start):
                if text[start:after].strip():
                    bounds.append((start, after))
                start = next_start
                cursor = max(cursor, next_start)
        if text[start:line_end].strip():
            bounds.append((start, line_end))
    return [_trim(text, s, e) for s, e in bounds]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
