"""Language resources and other package data, read from versioned CSV files with `#` headers."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

__all__ = [
    "LANGUAGE_TABLES",
    "SUPPORTED_LANGUAGES",
    "ResourceError",
    "TableSchema",
    "check_language_folder",
    "read_data_table",
    "read_language_table",
    "validate_table",
]

SUPPORTED_LANGUAGES = ("id",)


class ResourceError(ValueError):
    """A data file (word list, gazetteer) is missing, malformed, or has a bad row."""


def read_data_table(source: str | Path, required: tuple[str, ...]) -> pd.DataFrame:
    """Read a CSV data file whose leading lines starting with `#` describe it.

    Every value is a string (empty cells are ""). A `line` column holds the 1-based line number
    of each row in the file, so validators can name the row that is wrong.

    Raises
    ------
    ResourceError
        When the file is missing or not UTF-8, a required column is absent or a column repeated,
        a row has too many cells, or a quote mark is left open.
    """
    path = Path(source)
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError) as err:
        raise ResourceError(f"{path}: file not found") from err
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ResourceError(f"{path}:{line}: not UTF-8 ({err.reason} at byte {err.start})") from err
    # Lines end at "\n" only: a cell may hold U+2028 or U+0085, which str.splitlines() would split at.
    lines = text.split("\n")
    skip = 0
    while skip < len(lines) and (lines[skip].startswith("#") or not lines[skip].strip()):
        skip += 1
    if skip == len(lines):
        raise ResourceError(f"{path}: no header row")
    reader = csv.reader(io.StringIO("\n".join(lines[skip:]), newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as err:
        raise ResourceError(f"{path}:{skip + 1}: header is not valid CSV ({err})") from err
    missing = [c for c in required if c not in header]
    if missing:
        raise ResourceError(f"{path}:{skip + 1}: missing column(s) {', '.join(missing)}; found {header}")
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        raise ResourceError(f"{path}:{skip + 1}: column(s) {', '.join(map(repr, repeated))} appear more than once")
    rows = []
    while True:
        line = skip + reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            raise ResourceError(f"{path}:{line}: not valid CSV ({err})") from err
        if not cells or not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise ResourceError(f"{path}:{line}: {len(cells)} cells but the header has {len(header)}")
        cells = [c.strip() for c in cells] + [""] * (len(header) - len(cells))
        rows.append([*cells, line])
    return pd.DataFrame(rows, columns=[*header, "line"])


@dataclass(frozen=True)
class TableSchema:
    """What the rows of one word list must hold, so a bad row fails when the file is read, by line.

    `columns` must be present and non-empty in every row; `choices` lists the values a column may
    take; `numbers` gives the closed range of a numeric column, `integers` those that must be whole;
    `patterns` are columns of Python regular expressions; no two rows may share a `key` (compared
    case-insensitively and with hyphens and spaces alike, unless `key_case` is set).
    """

    columns: tuple[str, ...] = ("form",)
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    numbers: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    integers: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    key: tuple[str, ...] = ("form",)
    key_case: bool = False


_WORDS = TableSchema()
# Every word list of a language folder, and what its rows must hold (the files' headers say why).
LANGUAGE_TABLES: dict[str, TableSchema] = {
    "abbreviations": TableSchema(("abbr", "kind"), {"kind": ("title", "end")}, key=("abbr",), key_case=True),
    "agent_fillers": _WORDS,
    "aid_frames": TableSchema(("form", "role"), {"role": ("verb", "passive", "object", "noun")}, key=("form", "role")),
    "ally_references": _WORDS,
    "attribution_words": TableSchema(
        ("form", "role"),
        {"role": ("filler", "modifier", "coordinator", "connector", "not_said")},
        key=("form", "role"),
    ),
    "blocked_phrases": _WORDS,
    "boilerplate": TableSchema(
        ("name", "scope", "pattern"), {"scope": ("line", "inline")}, patterns=("pattern",), key=("name",)
    ),
    "clause_breaks": _WORDS,
    "cue_verbs": TableSchema(
        ("form", "position", "type"),
        {
            "position": ("after", "suffixed", "before", "source"),
            "type": ("speech", "report", "accuse", "warn", "claim", "opinion"),
        },
    ),
    "conditionals": _WORDS,
    "copulas": _WORDS,
    "dateline_places": _WORDS,
    "first_person": _WORDS,
    "group_references": TableSchema(
        ("form", "size", "type"), {"type": ("state", "person", "any")}, {"size": (1, 100)}, integers=("size",)
    ),
    "headline_function_words": _WORDS,
    "intensifiers": TableSchema(("form", "factor"), numbers={"factor": (0.0, 10.0)}),
    "mention_prefixes": _WORDS,
    "modal_verbs": _WORDS,
    "months": TableSchema(("form", "month"), numbers={"month": (1, 12)}, integers=("month",)),
    "negators": TableSchema(("form", "effect", "scope"), {"effect": ("flip", "cancel"), "scope": ("any", "verb")}),
    "neutral_phrases": _WORDS,
    "non_state_prefixes": TableSchema(("form", "target"), {"target": ("state", "none")}),
    "obligation_words": _WORDS,
    "official_titles": _WORDS,
    "organization_words": _WORDS,
    "not_names": _WORDS,
    "prepositions": TableSchema(("form", "kind"), {"kind": ("locative", "direction", "topic", "other")}),
    "pronouns": TableSchema(("form", "number"), {"number": ("singular", "plural")}),
    "reciprocal_words": _WORDS,
    "request_verbs": _WORDS,
    "joint_acts": TableSchema(("form", "role"), {"role": ("act", "talk")}),
    "statement_frames": TableSchema(("form", "role"), {"role": ("verb", "noun")}, key=("form", "role")),
    "votes": TableSchema(
        ("form", "role"),
        {"role": ("motion", "for", "against", "abstain", "author", "same", "list", "withdrawal", "filler")},
        key=("form", "role"),
    ),
    "role_voiding_words": _WORDS,
    "speaker_stops": _WORDS,
    "speaker_titles": _WORDS,
    "stance_cues": TableSchema(
        ("form", "polarity", "kind", "weight"),
        {"polarity": ("1", "-1"), "kind": ("act", "attitude", "trait", "threat")},
        {"weight": (0.0, 1.0)},
    ),
    "tone_lexicon": TableSchema(("form", "score"), numbers={"score": (-1.0, 1.0)}),
    "weekdays": TableSchema(("form", "weekday"), numbers={"weekday": (0, 6)}, integers=("weekday",)),
}
_KEY_WORDS = re.compile(r"\w+")


def _key(values: tuple[str, ...], case: bool) -> tuple[str, ...]:
    if case:
        return values
    return tuple(" ".join(_KEY_WORDS.findall(v.lower())) or v.lower() for v in values)


def validate_table(table: pd.DataFrame, schema: TableSchema, path: str | Path) -> pd.DataFrame:
    """Check every row of `table` (from `read_data_table`) against `schema`; returns the table.

    Raises
    ------
    ResourceError
        Naming the file and line of the first bad row and what is wrong with it.
    """
    seen: dict[tuple[str, ...], int] = {}
    for row in table.to_dict("records"):
        where = f"{path}:{row['line']}"
        for column in schema.columns:
            if not row.get(column, ""):
                raise ResourceError(f"{where}: missing field {column!r}")
        for column, allowed in schema.choices.items():
            if row[column] not in allowed:
                raise ResourceError(f"{where}: {column} {row[column]!r} is not one of {', '.join(allowed)}")
        for column, (low, high) in schema.numbers.items():
            _check_number(row[column], column, low, high, column in schema.integers, where)
        for column in schema.patterns:
            try:
                re.compile(row[column])
            except re.error as err:
                raise ResourceError(f"{where}: bad regular expression in {column} {row[column]!r} ({err})") from err
        key = _key(tuple(row[c] for c in schema.key), schema.key_case)
        if key in seen:
            shown = ", ".join(f"{c} {row[c]!r}" for c in schema.key)
            raise ResourceError(f"{where}: duplicate {shown} (first at line {seen[key]})")
        seen[key] = row["line"]
    return table


def _check_number(value: str, column: str, low: float, high: float, whole: bool, where: str) -> None:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or (whole and not number.is_integer()):
        raise ResourceError(f"{where}: {column} {value!r} is not {'a whole number' if whole else 'a number'}")
    if not low <= number <= high:
        raise ResourceError(f"{where}: {column} {value!r} is outside {low:g}..{high:g}")


def _language_dir(lang: str) -> Path:
    if lang not in SUPPORTED_LANGUAGES:
        raise ResourceError(f"language {lang!r} is not supported; supported: {', '.join(SUPPORTED_LANGUAGES)}")
    return Path(str(resources.files("stance") / "data" / "lang" / lang))


@cache
def read_language_table(
    name: str, lang: str = "id", required: tuple[str, ...] | None = None, folder: str | Path | None = None
) -> pd.DataFrame:
    """Read the word list `name` (e.g. ``"cue_verbs"``) for language `lang`; cached per process.

    Every row is checked against the list's `TableSchema` (`LANGUAGE_TABLES`). `folder` reads the
    list from a copy of a language folder instead of the shipped one.
    """
    path = (Path(folder) if folder is not None else _language_dir(lang)) / f"{name}.csv"
    schema = LANGUAGE_TABLES.get(name)
    columns = tuple(dict.fromkeys([*(schema.columns if schema else ("form",)), *(required or ())]))
    table = read_data_table(path, columns)
    return validate_table(table, schema, path) if schema else table


def check_language_folder(folder: str | Path | None = None, lang: str = "id") -> pd.DataFrame:
    """Check every word list of a language folder (default: the shipped one), e.g. after editing a copy.

    Returns one row per list: `name, rows, version` (from its ``# version:`` header line).

    Raises
    ------
    ResourceError
        Naming the file and line of the first bad row, or the list that is missing.
    """
    base = Path(folder) if folder is not None else _language_dir(lang)
    if not base.is_dir():
        raise ResourceError(f"{base}: language folder not found")
    summary = []
    for name, schema in LANGUAGE_TABLES.items():
        path = base / f"{name}.csv"
        table = validate_table(read_data_table(path, schema.columns), schema, path)
        version = re.search(r"(?m)^#\s*version:\s*(\S+)", path.read_text(encoding="utf-8-sig"))
        summary.append((name, len(table), version[1] if version else ""))
    return pd.DataFrame(summary, columns=["name", "rows", "version"])


def language_forms(name: str, lang: str = "id") -> tuple[str, ...]:
    """The `form` column of a word list, lower-cased (a repeated form is refused when the list is read)."""
    return tuple(read_language_table(name, lang)["form"].str.lower())
