"""Language resources and other package data, read from versioned CSV files with `#` headers."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

__all__ = ["SUPPORTED_LANGUAGES", "ResourceError", "read_data_table", "read_language_table"]

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
        When the file is missing, a required column is absent, or a row has too many cells.
    """
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as err:
        raise ResourceError(f"{path}: file not found") from err
    except UnicodeDecodeError as err:
        raise ResourceError(f"{path}: not UTF-8 ({err.reason} at byte {err.start})") from err
    lines = text.splitlines()
    skip = 0
    while skip < len(lines) and (lines[skip].startswith("#") or not lines[skip].strip()):
        skip += 1
    if skip == len(lines):
        raise ResourceError(f"{path}: no header row")
    reader = csv.reader(io.StringIO("\n".join(lines[skip:])))
    header = [h.strip() for h in next(reader)]
    missing = [c for c in required if c not in header]
    if missing:
        raise ResourceError(f"{path}:{skip + 1}: missing column(s) {', '.join(missing)}; found {header}")
    rows = []
    for offset, cells in enumerate(reader, start=skip + 2):
        if not cells or not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise ResourceError(f"{path}:{offset}: {len(cells)} cells but the header has {len(header)}")
        cells = [c.strip() for c in cells] + [""] * (len(header) - len(cells))
        rows.append([*cells, offset])
    return pd.DataFrame(rows, columns=[*header, "line"])


def _language_dir(lang: str) -> Path:
    if lang not in SUPPORTED_LANGUAGES:
        raise ResourceError(f"language {lang!r} is not supported; supported: {', '.join(SUPPORTED_LANGUAGES)}")
    return Path(str(resources.files("stance") / "data" / "lang" / lang))


@cache
def read_language_table(name: str, lang: str = "id", required: tuple[str, ...] = ("form",)) -> pd.DataFrame:
    """Read the word list `name` (e.g. ``"cue_verbs"``) for language `lang`; cached per process."""
    return read_data_table(_language_dir(lang) / f"{name}.csv", required)


def language_forms(name: str, lang: str = "id") -> tuple[str, ...]:
    """The `form` column of a word list, lower-cased, duplicates rejected."""
    table = read_language_table(name, lang)
    forms = table["form"].str.lower()
    dup = table[forms.duplicated()]
    if len(dup):
        first = dup.iloc[0]
        raise ResourceError(f"{name}.csv:{first['line']}: duplicate form {first['form']!r}")
    return tuple(forms)
