"""Gold stance labels: read and check them, and derive the country level from the person level."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .gazetteer import Gazetteer
from .resources import ResourceError

__all__ = ["GOLD_COLUMNS", "STANCES", "TARGETS", "country_level", "load_gold", "with_country_level"]

GOLD_COLUMNS = ["article_id", "date", "holder", "target", "stance", "level", "optional", "note"]
STANCES = ("favor", "against")
TARGETS = ("united_states", "ukraine", "china")
LEVELS = ("person", "country")


def load_gold(path: str | Path, gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """Read a gold file (columns of `article_stance.csv` plus `level` and `optional`), checking every row.

    A file without a `level` column is person level. Errors name the file and line.
    """
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError as err:
        raise ResourceError(f"{path}: file not found") from err
    missing = [c for c in ("article_id", "holder", "target", "stance") if c not in frame]
    if missing:
        raise ResourceError(f"{path}:1: missing column(s) {', '.join(missing)}")
    if "level" not in frame:
        frame["level"] = "person"
    for col in ("date", "optional", "note"):
        if col not in frame:
            frame[col] = "" if col != "optional" else "0"
    for n, row in enumerate(frame.itertuples(index=False), start=2):
        where = f"{path}:{n}"
        if row.stance not in STANCES:
            raise ResourceError(f"{where}: stance {row.stance!r} is not one of {', '.join(STANCES)}")
        if row.level not in LEVELS:
            raise ResourceError(f"{where}: level {row.level!r} is not one of {', '.join(LEVELS)}")
        if row.optional not in ("0", "1"):
            raise ResourceError(f"{where}: optional must be 0 or 1, not {row.optional!r}")
        if gazetteer is not None:
            for col in ("holder", "target"):
                value = getattr(row, col)
                if not (value.startswith("person:") or value in gazetteer):
                    raise ResourceError(f"{where}: {col} {value!r} is not in the gazetteer nor a person:<name>")
    key = ["article_id", "holder", "target", "level"]
    dup = frame[frame.duplicated(key, keep=False)]
    if len(dup):
        first = dup.iloc[0]
        raise ResourceError(f"{path}: ({', '.join(first[key])}) is labelled more than once")
    frame["optional"] = frame["optional"].astype(int).astype(bool)
    return frame[GOLD_COLUMNS]


def country_level(person: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    """Roll person-level labels up to country level (SPEC §3): a person becomes what it `represents`.

    Holders who represent no one (analysts, `person:…`) are dropped. When several holders map to one
    country in one article, a state's own label wins, else the majority of the required labels; a
    country label is optional when every label behind it is, or when they disagree.
    """
    rows = []
    person = person.assign(country=[gazetteer.country_of(h) for h in person["holder"]])
    person = person[person["country"].notna() & (person["country"] != person["target"])]
    for (article, country, target), group in person.groupby(["article_id", "country", "target"], sort=False):
        own = group[group["holder"] == country]
        required = group[~group["optional"]]
        pool = own if len(own) else required if len(required) else group
        stance = pool["stance"].value_counts().index[0]
        disagree = group["stance"].nunique() > 1
        rows.append(
            {
                "article_id": article,
                "date": group["date"].iloc[0],
                "holder": country,
                "target": target,
                "stance": stance,
                "level": "country",
                "optional": bool(group["optional"].all() or disagree),
                "note": "from " + ", ".join(sorted(set(group["holder"]))),
            }
        )
    return pd.DataFrame(rows, columns=GOLD_COLUMNS)


def with_country_level(person: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    """Person-level rows followed by the country-level rows derived from them."""
    person = person.assign(level="person")
    both = pd.concat([person[GOLD_COLUMNS], country_level(person, gazetteer)], ignore_index=True)
    return both.sort_values(["article_id", "level", "holder", "target"], kind="stable", ignore_index=True)
