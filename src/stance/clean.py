"""Clean scraped Indonesian news text: HTML, URLs, page leftovers, datelines, pre-tokenised spacing."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache
from itertools import pairwise

from indoNLP.preprocessing import URL_PATTERN

from .resources import language_forms, read_language_table
from .tokens import lower as to_lower

__all__ = ["clean_text"]

# A teaser headline longer than this many characters without a line break or glue point is cut by
# the capitalised-run rule instead (real teasers are one headline, rarely over 150 characters).
_TEASER_MAX_CHARS = 250
# Pre-tokenised text has a space before most commas and full stops; at this share we undo it.
_TOKENISED_SHARE = 0.5
_TOKENISED_MIN = 2

_BLOCK_TAGS = re.compile(r"(?i)<\s*(?:br|/?p|/?div|/?li|/?h[1-6]|/?tr|/?blockquote|/?section|/?article)\b[^<>]*>")
_DROP_ELEMENTS = re.compile(r"(?is)<(script|style|noscript|iframe)\b.*?</\1\s*>|<!--.*?-->")
_TAGS = re.compile(r"</?[A-Za-z][^<>]{0,500}>")
_URL = re.compile(URL_PATTERN)
# A run of non-space characters with a "." or ":" inside it (not only at its end): where an address can be.
_URL_CANDIDATE = re.compile(r"(?<!\S)\S*?[.:]\S+")
# What an address `_strip_urls` removes holds: a "/", or "http" or "www." in any case (a branch per case
# of the first letter, so the engine skips to the characters that may begin one).
_URL_MARK = re.compile(r"/|h(?i:ttp)|H(?i:ttp)|w(?i:ww\.)|W(?i:ww\.)")
_NON_SPACE = re.compile(r"\S*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\u2060\ufeff]")
# A run of spaces and tabs (and the other horizontal spaces) to write as one space; a lone space is left
# as it is (the same text, with far fewer replacements made).
_SPACES = re.compile(
    r"[ \t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]{2,}|[\t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]"
)
# The characters of _SPACES other than the space: a text with none of them and no two spaces in a row has
# nothing to merge.
_OTHER_SPACES = "\t\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
# "Baca juga:", "SIMAK JUGA", "lihat pula" opening a teaser, that is
#     \b(?i:baca|simak|lihat)\s+(?i:juga|pula)(?:\s*:\s*|(?=[A-Z]))
# written so that the regular expression engine can skip to the letters that may begin it (a branch
# per case of the first letter, the word boundary checked after it) rather than try the pattern at
# every position: the same matches, found in a third of the time.
_TEASER_START = re.compile(
    "(?:"
    + "|".join(
        rf"{first}(?<!\w{first})(?i:{word[1:]})"
        for word, cases in (("baca", "bB"), ("simak", "sS\u017f"), ("lihat", "lL"))
        for first in cases
    )
    + r")\s+(?i:juga|pula)(?:\s*:\s*|(?=[A-Z]))"
)
# Characters a case-blind pattern takes for a letter of "baca", "simak" or "lihat" that lower() does not
# turn into it.
_OTHER_CASES = frozenset("\u0130\u0131\u017f")
# Where a scraper glued two texts together: "Karpet MerahMedia", "HGBTPrabowo", "Baru\"Jadi".
_GLUE = re.compile(r"(?<=[a-z0-9?!)”’])(?=[A-Z\"“])|(?<=[A-Z]{2})(?=[A-Z][a-z])")
# A teaser headline is short and mostly capitalised words (Indonesian sites write headlines in title case).
_HEADLINE_MAX_WORDS = 25
_HEADLINE_CAPITAL_SHARE = 0.5
_DOMAIN = re.compile(r"(?i)^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|id|net|org|co|tv|news)$")
_DATELINE = re.compile(r"^\s*(?P<head>[^\n.!?\"“”]{2,80}?|[^\n!?\"“”]{2,80}?)\s*(?:--|—|–|-\s+-|-)\s+")
_DATELINE_DOMAIN_ONLY = re.compile(
    r"^\s*(?P<head>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|co\.id|id|net)\s*,\s*[A-Z][a-z]+)\s+(?=[A-Z])"
)
_DATELINE_WORD = re.compile(r"[A-Za-z0-9][\w.&-]*|[(),]")


@cache
def _boilerplate() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    table = read_language_table("boilerplate", required=("name", "scope", "pattern"))
    inline: list[re.Pattern[str]] = []
    line: list[re.Pattern[str]] = []
    for row in table.itertuples():
        try:
            pattern = re.compile(row.pattern)
        except re.error as err:
            from .resources import ResourceError

            raise ResourceError(f"boilerplate.csv:{row.line}: bad pattern for {row.name!r}: {err}") from err
        (inline if row.scope == "inline" else line).append(pattern)
    return inline, line


@cache
def _headline_function_words() -> frozenset[str]:
    return frozenset(language_forms("headline_function_words"))


@cache
def _dateline_places() -> frozenset[str]:
    return frozenset(language_forms("dateline_places"))


# A comma or full stop ending a word, and one with a space before it after a word or ")": the marks of
# [\w)] [,.](?= |\n|$), each pattern beginning with the mark so the engine skips to the marks.
_MARK = re.compile(r"[,.](?= |\n|$)")
_SPACED_MARK = re.compile(r"[,.](?<=[\w)] [,.])(?= |\n|$)")


def _merge_spaces(text: str) -> str:
    """Runs of spaces and tabs as one space; the text as it is when it has none (found by substring
    tests, far faster than the pattern's search)."""
    if "  " in text or any(space in text for space in _OTHER_SPACES):
        return _SPACES.sub(" ", text)
    return text


def _strip_html(text: str) -> str:
    if "<" in text:
        text = _DROP_ELEMENTS.sub(" ", text)
        text = _BLOCK_TAGS.sub("\n", text)
        text = _TAGS.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return text


def _strip_urls(text: str) -> str:
    """Remove web addresses (indoNLP's pattern), but keep bare outlet names such as ``Kompas.com``."""

    def replace(m: re.Match[str]) -> str:
        found = m.group(0)
        return " " if re.match(r"(?i)(?:https?:|www\.)", found) or "/" in found else found

    if "http" in text or "www." in text or "/" in text:
        # An address holds no white space and has a "." before its domain or a ":" (http:), so the long
        # pattern runs only on such runs of the text (`_URL_CANDIDATE`), not at every word. And an
        # address is removed only when it has a "/" or starts with http: or www., so only the runs
        # holding one of those can change: they are found from those marks, the rest is left as it is.
        pieces, done = [], 0
        for mark in _URL_MARK.finditer(text):
            if mark.start() < done:
                continue  # in the run just handled
            start = mark.start()
            while start > done and not text[start - 1].isspace():
                start -= 1
            end = _NON_SPACE.match(text, mark.start()).end()  # type: ignore[union-attr]  # \S* always matches
            run = text[start:end]
            if _URL_CANDIDATE.fullmatch(run):
                pieces += [text[done:start], _URL.sub(replace, run)]
                done = end
        text = "".join(pieces) + text[done:] if pieces else text
    return text


def _looks_like_headline(segment: str) -> bool:
    words = segment.split()
    if not words or len(words) > _HEADLINE_MAX_WORDS or segment.lstrip()[:1] in '"“':
        return False
    if re.search(r"[a-z]\.(?:\s|$)", segment):  # a full stop ends sentences, not headlines
        return False
    capital = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return capital >= _HEADLINE_CAPITAL_SHARE * len(words)


def _teaser_end(line: str) -> int:
    """Where the teaser headline(s) at the start of `line` end and the article resumes."""
    cuts = [g.start() for g in _GLUE.finditer(line, 1)]
    if not cuts:
        return len(line) if len(line) <= _TEASER_MAX_CHARS else _capitalised_run_end(line)
    if cuts[0] > _TEASER_MAX_CHARS:
        return _capitalised_run_end(line[: cuts[0]])
    bounds = [*cuts, len(line)]
    for prev, cut in pairwise(bounds):
        if not _looks_like_headline(line[prev:cut]):
            return prev  # several teasers may be glued in a row; the first non-headline resumes the article
    return len(line)


def _cut_teasers(text: str) -> str:
    """Drop ``BACA JUGA: <headline>`` teasers, also when the headline is glued to the next sentence."""
    if not _may_open_teaser(text):
        return text
    while m := _TEASER_START.search(text):
        rest = text[m.end() :]
        newline = rest.find("\n")
        line = rest if newline < 0 else rest[:newline]
        end = _teaser_end(line)
        text = text[: m.start()] + ("\n" if end < len(line) else "") + rest[end:]
    return text


def _may_open_teaser(text: str) -> bool:
    """False when `_TEASER_START` cannot match: no "baca", "simak" or "lihat" in any case. The lower-cased
    text is searched for them (far faster than the case-blind pattern); the three letters that pattern
    also takes for an "i" or an "s" (İ, ı, ſ) send the text to the pattern."""
    lower = to_lower(text)
    return "baca" in lower or "simak" in lower or "lihat" in lower or not _OTHER_CASES.isdisjoint(text)


def _capitalised_run_end(line: str) -> int:
    """End of a title-cased headline that runs into a sentence with only spaces between them."""
    words = list(re.finditer(r"\S+", line))
    last_capital = 0
    for i, w in enumerate(words):
        token = w.group(0).strip(",:;\"“”'")
        if not token or token[0].isupper() or token[0].isdigit():
            last_capital = i
            continue
        if to_lower(token) in _headline_function_words():
            continue
        # the sentence began at the last capitalised word before this lower-case word
        return words[max(last_capital, 1)].start() if i > 1 else w.start()
    return len(line)


def _cut_dateline(text: str) -> str:
    """Drop the outlet dateline that opens an article (``JAKARTA, KOMPAS.com -``, ``Liputan6.com, Jakarta``)."""
    if m := _DATELINE_DOMAIN_ONLY.match(text):
        return text[m.end() :]
    m = _DATELINE.match(text)
    if not m:
        return text
    words = _DATELINE_WORD.findall(m["head"])
    names = [w for w in words if w not in "(),"]
    if not names or len(names) > 6:
        return text
    if not all(w[0].isupper() or w[0].isdigit() or _DOMAIN.match(w) for w in names):
        return text
    head = to_lower(" ".join(names))
    hint = (
        any(_DOMAIN.match(w) for w in names)
        or any(len(w) >= 3 and w.isupper() for w in names)
        or any(p in head for p in _dateline_places())
    )
    return text[m.end() :] if hint else text


def _looks_tokenised(text: str) -> bool:
    if " ," not in text and " ." not in text:
        return False  # no mark with a space before it: nothing spaced (spares two searches of the text)
    spaced = len(_SPACED_MARK.findall(text))
    marks = len(_MARK.findall(text))
    return spaced >= _TOKENISED_MIN and spaced >= _TOKENISED_SHARE * marks


def _pair_marks(line: str, mark: str) -> str:
    """In pre-tokenised text, attach alternating straight quote marks to the words they enclose."""
    positions = [i for i, c in enumerate(line) if c == mark]
    if len(positions) < 2 or len(positions) % 2:
        return line
    chars = list(line)
    for n, i in enumerate(positions):
        if n % 2 == 0 and i + 1 < len(chars) and chars[i + 1] == " ":
            chars[i + 1] = ""
        elif n % 2 == 1 and i > 0 and chars[i - 1] == " ":
            chars[i - 1] = ""
    return "".join(chars)


def _join_hyphen(m: re.Match[str]) -> str:
    left, right = m.group(1), m.group(2)
    if to_lower(left) == to_lower(right) or left.isdigit() or right.isdigit() or (left.islower() and right.islower()):
        return f"{left}-{right}"
    if to_lower(right).startswith(to_lower(left)):  # reduplication with suffix: sekutu - sekutunya
        return f"{left}-{right}"
    return m.group(0)


def _detokenise(text: str) -> str:
    """Undo archive tokenisation: ``Amerika Serikat ( AS ) , kata dia .`` -> ``Amerika Serikat (AS), kata dia.``."""
    text = re.sub(r" ([,.;:!?%])(?= |\n|$)", r"\1", text)
    text = re.sub(r"\( ", "(", text)
    text = re.sub(r" \)", ")", text)
    text = re.sub(r"(\d) ([/.,:]) (\d)", r"\1\2\3", text)
    text = re.sub(r"\b(\w+) - (\w+)\b", _join_hyphen, text)
    text = "\n".join(_pair_marks(_pair_marks(line, '"'), "'") for line in text.split("\n"))
    return text


def clean_text(text: str) -> str:
    """Return the article text as a reader sees it: one paragraph a line, leftovers of the page removed.

    Removes HTML tags and entities, web addresses, ``BACA JUGA:`` teasers (also glued to the next
    sentence), video-player and advertisement leftovers, editor tags (``[ns/rd]``), the outlet dateline,
    and the spacing of pre-tokenised archives. Offsets elsewhere in the suite refer to this text.

    Examples
    --------
    >>> clean_text("BACA JUGA: Kim Gelar Karpet MerahMedia Rusia melaporkan itu. [ns/rd]")
    'Media Rusia melaporkan itu.'
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = _strip_html(text)
    text = _merge_spaces(text)
    text = _strip_urls(text)
    inline, line_patterns = _boilerplate()
    for pattern in inline:
        text = pattern.sub("\n", text)
    text = _cut_teasers(text)
    lines = []
    for line in text.split("\n"):
        line = line.strip()
        if line and not any(p.fullmatch(line) for p in line_patterns):
            lines.append(line)
    text = "\n".join(lines)
    text = _cut_dateline(text)
    if _looks_tokenised(text):
        text = _detokenise(text)
    text = _merge_spaces(text)
    return "\n".join(s for s in (line.strip() for line in text.split("\n")) if s)
