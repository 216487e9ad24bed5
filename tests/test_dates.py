"""Dates from metadata in the forms scrapers write, and from Indonesian datelines."""

from datetime import date

import pytest

from stance.dates import find_dateline, parse_date


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-06-19", date(2024, 6, 19)),
        ("2024-06-19T22:30:00+07:00", date(2024, 6, 19)),
        ("2024-06-19 14:03:00", date(2024, 6, 19)),
        ("Jumat, 29 Mei 2026 22:02 WIB", date(2026, 5, 29)),
        ("Kamis, 24 Feb 2022 10:15 WIB", date(2022, 2, 24)),
        ("29 Mei 2026", date(2026, 5, 29)),
        ("6/19/2025 14:03", date(2025, 6, 19)),
        ("19/06/2025", date(2025, 6, 19)),
        (1718766000, date(2024, 6, 19)),
        ("1718766000000", date(2024, 6, 19)),
        ("", None),
        ("kemarin sore", None),
        ("2025-02-30", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "text, year, expected",
    [
        ("kata dia pada Rabu (19/6).", 2024, date(2024, 6, 19)),
        ("menyatakan , pada Jumat ( 30 / 6 ) , bahwa", 2023, date(2023, 6, 30)),
        ("ujar Nunung, Senin (24/8/2015).", None, date(2015, 8, 24)),
        ("pada Minggu waktu setempat (16/10)", 2016, date(2016, 10, 16)),
    ],
)
def test_find_dateline(text, year, expected):
    found, _ = find_dateline(text, year)
    assert found == expected


def test_dateline_without_year_gives_reason():
    found, reason = find_dateline("pada Rabu (19/6).", None)
    assert found is None and "no year" in reason


def test_dateline_weekday_mismatch_is_noted():
    found, reason = find_dateline("pada Senin (19/6).", 2024)  # 19 June 2024 was a Wednesday
    assert found == date(2024, 6, 19) and "weekday" in reason
