"""From sentence evidence to article stance, at person or country level (SPEC §3)."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pandas as pd

from .gazetteer import Gazetteer
from .rules import stance_of

__all__ = ["ARTICLE_STANCE_COLUMNS", "article_stance", "to_level"]

ARTICLE_STANCE_COLUMNS = ["article_id", "date", "holder", "target", "stance", "score", "confidence", "n_evidence"]


def to_level(evidence: pd.DataFrame, gazetteer: Gazetteer, level: str) -> pd.DataFrame:
    """Evidence with holders at `level`: ``country`` maps a person to what it represents (Putin -> russia)
    and drops holders that represent no one, and pairs whose holder is now the target itself."""
    if level == "person":
        return evidence
    if level != "country":
        raise ValueError(f"level must be 'person' or 'country', not {level!r}")
    holders = evidence["holder"].map(gazetteer.country_of)
    rolled = evidence.assign(holder=holders)
    return rolled[rolled["holder"].notna() & (rolled["holder"] != rolled["target"])].reset_index(drop=True)


def article_stance(evidence: pd.DataFrame) -> pd.DataFrame:
    """One row per (article, holder, target): the confidence-weighted mean score of its evidence.

    Neutral evidence counts in `n_evidence` but does not pull the score toward zero: an article in
    which Putin once attacks the US and twice merely mentions it shows Putin against the US.
    `confidence` is the mean confidence of the positioned evidence times how much it agrees.
    """
    if evidence.empty:
        return pd.DataFrame(columns=ARTICLE_STANCE_COLUMNS)
    positioned = evidence["stance"] != "neutral"
    weight = evidence["confidence"].where(positioned, 0.0)
    frame = evidence.assign(_w=weight, _ws=weight * evidence["score"], _pos=positioned)
    grouped = frame.groupby(["article_id", "holder", "target"], sort=False)
    out = grouped.agg(
        date=("date", "first"),
        _w=("_w", "sum"),
        _ws=("_ws", "sum"),
        _pos=("_pos", "sum"),
        n_evidence=("score", "size"),
        _sum=("score", "sum"),
    ).reset_index()
    out["_abs"] = _group_abs_sums(evidence["score"], grouped.ngroup().to_numpy(), len(out))
    score = np.where(out["_w"] > 0, out["_ws"] / out["_w"].where(out["_w"] > 0, 1.0), 0.0)
    agreement = np.where(out["_abs"] > 0, (out["_sum"].abs() / out["_abs"].where(out["_abs"] > 0, 1.0)), 0.0)
    mean_conf = np.where(out["_pos"] > 0, out["_w"] / out["_pos"].where(out["_pos"] > 0, 1), 0.0)
    out["score"] = score
    out["stance"] = [stance_of(s) for s in score]
    out["confidence"] = np.clip(mean_conf * agreement, 0.0, 1.0)  # a sum of 1.0s over their count can round past 1
    return out[ARTICLE_STANCE_COLUMNS]


def _group_abs_sums(score: pd.Series, group: np.ndarray, n_groups: int) -> list[float]:
    """The sum of |score| in each group, as ``s.abs().sum()`` of each group's Series gives it (NaN as 0,
    the same numpy summation, rows in their order), without building a Series per group."""
    values = np.abs(score.to_numpy(dtype=float))
    values[np.isnan(values)] = 0.0
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(n_groups + 1))
    return [float(values[order[a:b]].sum()) for a, b in pairwise(bounds.tolist())]
