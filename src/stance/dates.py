"""Article dates: from metadata in the forms scrapers write, else from the Indonesian dateline in the text."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import cache

import pandas as pd

from .resources import read_language_table

__all__ = ["find_dateline", "parse_date"]

# Unix times between these bounds are read as seconds, larger ones as milliseconds.
_UNIX_SECONDS_MAX = 10**11

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$")
_SLASHED = re.compile(
    r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:[ ,T]+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[AaPp][Mm])?)?$"
)
_NUMBER = re.compile(r"^\d{9,13}(?:\.\d+)?$")


@cache
def _months() -> dict[str, int]:
    table = read_language_table("months", required=("form", "month"))
    return {row.form.lower(): int(row.month) for row in table.itertuples()}


@cache
def _weekdays() -> dict[str, int]:
    table = read_language_table("weekdays", required=("form", "weekday"))
    return {row.form.lower(): int(row.weekday) for row in table.itertuples()}


@cache
def _named_month_pattern() -> re.Pattern[str]:
    # "Jumat, 29 Mei 2026 22:02 WIB", "29 Mei 2026", "Mei 29, 2026"
    names = "|".join(sorted(map(re.escape, _months()), key=len, reverse=True))
    return re.compile(
        rf"(?i)^(?:[a-z']+,?\s+)?(?:(\d{{1,2}})\s+({names})\.?\s+(\d{{4}})|({names})\.?\s+(\d{{1,2}}),?\s+(\d{{4}}))"
        r"(?:[\s,|-]+(?:pukul\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?(?:\s*[A-Za-z]{2,4})?$"
    )


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(value: object) -> date | None:
    """Read one metadata date; None when it is empty or in no form we know.

    Accepted: ISO dates and times (a time zone is ignored: the date as written counts),
    Indonesian and English month names (``Jumat, 29 Mei 2026 22:02 WIB``), slashed dates
    (``19/06/2025``; ``6/19/2025 14:03`` when the first number cannot be a day), and Unix
    time in seconds or milliseconds.
    """
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)):
        return _from_unix(float(value))
    text = str(value).strip()
    if not text:
        return None
    if m := _ISO.match(text):
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    if _NUMBER.match(text):
        return _from_unix(float(text))
    if m := _named_month_pattern().match(text):
        if m[1]:
            return _safe_date(int(m[3]), _months()[m[2].lower()], int(m[1]))
        return _safe_date(int(m[6]), _months()[m[4].lower()], int(m[5]))
    if m := _SLASHED.match(text):
        a, b, c = int(m[1]), int(m[2]), int(m[3])
        if len(m[1]) == 4:  # 2025/06/19
            return _safe_date(a, b, c)
        year = c + 2000 if c < 100 else c
        if a > 12:  # 19/06/2025: day first
            return _safe_date(year, b, a)
        if b > 12:  # 6/19/2025: month first
            return _safe_date(year, a, b)
        return _safe_date(year, b, a)  # ambiguous: Indonesian order, day first
    return None


def _from_unix(seconds: float) -> date | None:
    if seconds > _UNIX_SECONDS_MAX:
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, tz=UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


@cache
def _dateline_pattern() -> re.Pattern[str]:
    days = "|".join(sorted(map(re.escape, _weekdays()), key=len, reverse=True))
    # "pada Rabu (19/6)", "Jumat ( 30 / 6 )", "Senin (24/8/2015)"
    return re.compile(
        rf"(?i)\b({days})\s*(?:\([^()]{{0,30}}\)\s*)?(?:waktu\s+\w+(?:\s+\w+)?\s*)?"
        r"\(\s*(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{2,4}))?\s*\)"
    )


def find_dateline(text: str, year: int | None) -> tuple[date | None, str]:
    """The date of the first Indonesian dateline in `text` (``Rabu (19/6)``), and how it was found.

    The dateline gives day and month; the year comes from the dateline itself, or from `year`.
    Returns ``(None, reason)`` when there is no usable dateline.
    """
    for m in _dateline_pattern().finditer(text):
        day, month = int(m[2]), int(m[3])
        y = int(m[4]) if m[4] else year
        if y is not None and y < 100:
            y += 2000
        if y is None:
            return None, f"dateline {m[0]!r} found but no year in metadata or year="
        found = _safe_date(y, month, day)
        if found is None:
            continue
        weekday = _weekdays()[m[1].lower()]
        if found.weekday() != weekday:
            return found, f"dateline {m[0]!r}: weekday does not match {found.isoformat()}"
        return found, ""
    return None, "no date in metadata and no dateline in the text"
