"""From sentence evidence to article stance, at person or country level (SPEC §3)."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pandas as pd

from .gazetteer import Gazetteer

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
    """One row per (article, holder, target): the position of its clearest evidence.

    `stance` and `score` are those of the positioned evidence with the largest |score| (ties: the more
    confident, then the earlier): an article shows the position its clearest sentence states, and one
    misread sentence of the other side does not cancel it (averaging did: +0.9 and -0.7 read as
    neutral; on the demo and real-news golds the clearest sentence scores better, README).
    Neutral evidence counts in `n_evidence` but never decides: an article in which Putin once attacks
    the US and twice merely mentions it shows Putin against the US. `confidence` is the mean
    confidence of the positioned evidence times how much it agrees, so a mixed article says so.
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
    group = grouped.ngroup().to_numpy()
    out["_abs"] = _group_abs_sums(evidence["score"], group, len(out))
    score, stance = _clearest(frame, group, len(out))
    agreement = np.where(out["_abs"] > 0, (out["_sum"].abs() / out["_abs"].where(out["_abs"] > 0, 1.0)), 0.0)
    mean_conf = np.where(out["_pos"] > 0, out["_w"] / out["_pos"].where(out["_pos"] > 0, 1), 0.0)
    out["score"] = score
    out["stance"] = stance
    out["confidence"] = np.clip(mean_conf * agreement, 0.0, 1.0)  # a sum of 1.0s over their count can round past 1
    return out[ARTICLE_STANCE_COLUMNS]


def _clearest(frame: pd.DataFrame, group: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """The score and stance of each group's positioned evidence with the largest |score| (then the
    larger confidence, then the side the group's positioned scores sum to, then the first); 0.0 and
    neutral where nothing is positioned."""
    mask = frame["_pos"].to_numpy(dtype=bool)
    positioned = frame[mask]
    scores = np.zeros(n_groups)
    stances = np.full(n_groups, "neutral", dtype=object)
    if positioned.empty:
        return scores, stances
    g = group[mask]
    net = np.bincount(g, weights=positioned["score"].to_numpy(dtype=float), minlength=n_groups)
    with_net = np.sign(positioned["score"].to_numpy(dtype=float)) == np.sign(net[g])
    order = positioned.assign(
        _g=g, _a=positioned["score"].abs(), _n=with_net, _i=np.arange(len(positioned))
    ).sort_values(["_g", "_a", "confidence", "_n", "_i"], ascending=[True, False, False, False, True], kind="stable")
    first = order.drop_duplicates("_g")
    scores[first["_g"].to_numpy()] = first["score"].to_numpy(dtype=float)
    stances[first["_g"].to_numpy()] = first["stance"].to_numpy()
    return scores, stances


def _group_abs_sums(score: pd.Series, group: np.ndarray, n_groups: int) -> list[float]:
    """The sum of |score| in each group, as ``s.abs().sum()`` of each group's Series gives it (NaN as 0,
    the same numpy summation, rows in their order), without building a Series per group."""
    values = np.abs(score.to_numpy(dtype=float))
    values[np.isnan(values)] = 0.0
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(n_groups + 1))
    return [float(values[order[a:b]].sum()) for a, b in pairwise(bounds.tolist())]
