"""Gold stance labels: read and check them, and derive the country level from the person level."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .gazetteer import Gazetteer
from .resources import ResourceError

__all__ = [
    "ANNOTATION_COLUMNS", "GOLD_COLUMNS", "STANCES", "TARGETS", "agreement", "country_level", "load_gold",
    "merge_annotations", "with_country_level",
]  # fmt: skip

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


def agreement(first: pd.DataFrame, second: pd.DataFrame, *, articles: set[str] | None = None) -> pd.DataFrame:
    """How far two annotators of the same articles agree, overall and per target: F_avg of one against
    the other (symmetric), and Cohen's kappa over every pair either labelled (absent = neutral).

    Pairs either annotator marked optional count neither way, as in evaluation. Both tables are
    gold tables at one level (`load_gold` rows). This is the ceiling any scorer can be held to.
    """
    from .evaluate import _KEY, scores

    def firm(frame: pd.DataFrame) -> pd.DataFrame:
        if articles is not None:
            frame = frame[frame["article_id"].isin(articles)]
        return frame[[*_KEY, "stance", "optional"]]

    merged = firm(first).merge(firm(second), on=_KEY, how="outer", suffixes=("_a", "_b"))
    merged["gold"] = merged["stance_a"].fillna("neutral")
    merged["pred"] = merged["stance_b"].fillna("neutral")
    doubtful = merged["optional_a"].astype("boolean").fillna(False) | merged["optional_b"].astype("boolean").fillna(
        False
    )
    merged = merged[~doubtful.astype(bool)]
    rows = []
    for target, part in [("all", merged), *merged.groupby("target")]:
        observed = float((part["gold"] == part["pred"]).mean()) if len(part) else 0.0
        shares_a = part["gold"].value_counts(normalize=True)
        shares_b = part["pred"].value_counts(normalize=True)
        expected = float(sum(shares_a.get(c, 0.0) * shares_b.get(c, 0.0) for c in (*STANCES, "neutral")))
        kappa = (observed - expected) / (1 - expected) if expected < 1 else 1.0
        s = scores(part)
        rows.append({"target": target, "n_pairs": len(part), "favor_f1": s["favor_f1"],
                     "against_f1": s["against_f1"], "f_avg": s["f_avg"], "kappa": kappa})  # fmt: skip
    return pd.DataFrame(rows)


ANNOTATION_COLUMNS = ["article_id", "holder", "target", "stance", "optional", "note"]


def merge_annotations(first: pd.DataFrame, second: pd.DataFrame, adjudicated: pd.DataFrame) -> pd.DataFrame:
    """Person-level gold from two independent annotations and an adjudication of where they differ.

    A pair both annotators gave the same stance and flag keeps it; a pair only one listed, as
    borderline, stays borderline (optional); every other difference is settled by `adjudicated`
    (`article_id, holder, target, decision, optional, reason`; decision `favor`, `against` or `none`).
    A difference nobody adjudicated is an error, so no pair is decided by accident.
    """
    key = ["article_id", "holder", "target"]
    both = first[ANNOTATION_COLUMNS].merge(second[ANNOTATION_COLUMNS], on=key, how="outer", suffixes=("_a", "_b"))
    settled = adjudicated.set_index(key)
    rows = []
    for r in both.itertuples(index=False):
        a, b = (
            (r.stance_a if isinstance(r.stance_a, str) else None),
            (r.stance_b if isinstance(r.stance_b, str) else None),
        )
        oa, ob = bool(int(r.optional_a)) if a else None, bool(int(r.optional_b)) if b else None
        note = (
            r.note_a
            if a and isinstance(r.note_a, str) and r.note_a
            else (r.note_b if isinstance(r.note_b, str) else "")
        )
        k = (r.article_id, r.holder, r.target)
        if a and a == b and oa == ob:
            rows.append((*k, a, oa, note))
        elif (a is None and ob) or (b is None and oa):
            rows.append((*k, a or b, True, note))
        elif k in settled.index:
            decision = settled.loc[k]
            if decision["decision"] != "none":
                rows.append(
                    (*k, decision["decision"], bool(int(decision["optional"])), f"adjudicated: {decision['reason']}")
                )
        else:
            raise ValueError(f"annotators differ on {k} ({a}/{oa} vs {b}/{ob}) and it was not adjudicated")
    out = pd.DataFrame(rows, columns=["article_id", "holder", "target", "stance", "optional", "note"])
    return out.sort_values(key, kind="stable", ignore_index=True)
