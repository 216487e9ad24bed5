"""Shifts in stance: change points in a holder's series toward a target, and the sentences around them."""

from __future__ import annotations

import logging
from itertools import pairwise

import numpy as np
import pandas as pd
import ruptures as rpt
from ruptures.base import BaseCost

from .duplicates import drop_duplicates

__all__ = ["EVIDENCE_AROUND_COLUMNS", "SHIFT_COLUMNS", "evidence_around", "find_shifts"]

log = logging.getLogger(__name__)

SHIFT_COLUMNS = ["holder", "target", "date", "score_before", "score_after", "n_before", "n_after"]
EVIDENCE_AROUND_COLUMNS = [
    "holder", "target", "shift_date", "side", "rank", "strength", "article_id", "date", "sentence_idx",
    "stance", "score", "confidence", "quoted", "speaker", "sentence",
]  # fmt: skip
# Series shorter than this many periods get no change points: with two segments of MIN_SIZE periods
# and a little room to place the change, fewer periods cannot tell a shift from noise.
MIN_PERIODS = 6
# A segment spans at least this many periods: one period alone is a spike, not a shift.
MIN_SIZE = 2
# A segment rests on at least this many articles; a change point that leaves fewer is dropped.
MIN_ARTICLES = 3
# The noise variance of article scores is measured within periods; with fewer than this many degrees
# of freedom in one series it is pooled over every series of the table instead.
_MIN_DOF = 10
# Floor of that variance (a standard deviation of 0.1 on the [-1, 1] scale): a series whose articles
# all agree within periods would otherwise make every difference between periods "significant".
_MIN_VARIANCE = 0.01


class _WeightedL2(BaseCost):
    """Least squares around the segment's weighted mean: sum of w * (y - mean_w)^2.

    With y the period means and w their numbers of articles this equals the squared deviation of
    the articles' own scores from their segment mean, less the within-period part (which no
    segmentation changes): the series is segmented as if every article were a point, with changes
    allowed only between periods.
    """

    model = "weighted_l2"

    def __init__(self):
        self.min_size = 1
        self.signal = self._w = self._wy = self._wyy = None

    def fit(self, signal: np.ndarray) -> _WeightedL2:
        self.signal = signal  # ruptures reads its length
        y, w = signal[:, 0], signal[:, 1]
        self._w = np.concatenate([[0.0], np.cumsum(w)])
        self._wy = np.concatenate([[0.0], np.cumsum(w * y)])
        self._wyy = np.concatenate([[0.0], np.cumsum(w * y * y)])
        return self

    def error(self, start: int, end: int) -> float:
        w = self._w[end] - self._w[start]
        if w <= 0:
            return 0.0
        wy = self._wy[end] - self._wy[start]
        return max(float(self._wyy[end] - self._wyy[start] - wy * wy / w), 0.0)


def find_shifts(
    over_time: pd.DataFrame,
    holder: str | None = None,
    target: str | None = None,
    *,
    penalty: float | None = None,
    min_periods: int = MIN_PERIODS,
    min_size: int = MIN_SIZE,
    min_articles: int = MIN_ARTICLES,
) -> pd.DataFrame:
    """Where a holder's stance toward a target changes level, in the table of
    :func:`stance.over_time.stance_over_time`.

    Method: PELT (Killick, Fearnhead and Eckley 2012, as implemented by ``ruptures``) over the
    period means, with a least-squares cost weighted by each period's number of articles. PELT
    finds the exact optimum of "cost + penalty x number of changes" without fixing the number of
    changes in advance (Binseg is a greedy approximation, and on series of tens of periods exactness
    costs nothing). The weights make a period of one article count as one article, not as much as a
    period of twenty.

    Penalty: by default BIC on the articles, ``2 * sigma^2 * ln(N)``: each change adds two
    parameters (where it falls and the new level), each paying ``ln(N)`` in units of the noise
    variance, with N the articles in the series and sigma^2 the variance of article scores within
    periods (measured from `sd_score`, pooled over the series, or over the whole table when one
    series has fewer than ten degrees of freedom). A change between two segments of n1 and n2
    articles is kept when ``n1 * n2 / (n1 + n2) * delta^2`` exceeds it: with sigma = 0.6 and 20
    articles on each side, a move of 0.52 on the [-1, 1] scale (2.7 / 10 = 0.52^2).

    Parameters
    ----------
    over_time : DataFrame
        `period, holder, target, [source], mean_score, n_articles` and, for the default penalty,
        `sd_score`. Each (holder, target[, source]) is its own series.
    holder, target : str, optional
        Only this holder's or this target's series; all series when None.
    penalty : float, optional
        A fixed penalty in squared score units instead of the BIC one.
    min_periods : int
        Shorter series get no change points (not an error).
    min_size : int
        Fewest periods in a segment.
    min_articles : int
        Fewest articles in a segment; a thinner segment joins its closer neighbour, and change
        points that then no longer lower the cost by more than the penalty are removed.

    Returns
    -------
    DataFrame
        One row per change point: `holder, target, [source], date` (the first period after the
        change), `score_before, score_after` (article-weighted means of the segments on either
        side), `n_before, n_after` (their articles), then `last_before` (the last period before the
        change), `change` (after minus before) and `penalty`. ``attrs["n_series"]`` and
        ``attrs["n_too_short"]`` count the series searched and those too short to search.
    """
    required = {"period", "holder", "target", "mean_score", "n_articles"}
    missing = required - set(over_time.columns)
    if missing:
        raise ValueError(f"the over-time table lacks the column(s) {', '.join(sorted(missing))}")
    if min_size < 1 or min_periods < 2 * min_size:
        raise ValueError(f"need min_size >= 1 and min_periods >= 2 * min_size; got {min_size}, {min_periods}")
    keys = ["holder", "target", *(["source"] if "source" in over_time.columns else [])]
    table = over_time
    if holder is not None:
        table = table[table["holder"] == holder]
    if target is not None:
        table = table[table["target"] == target]
    table = table.sort_values([*keys, "period"], kind="stable")
    pooled = _pooled_variance(over_time)
    rows, n_series, n_short = [], 0, 0
    for key, series in table.groupby(keys, sort=True):
        n_series += 1
        if len(series) < min_periods:
            n_short += 1
            continue
        y = series["mean_score"].to_numpy(dtype=float)
        w = series["n_articles"].to_numpy(dtype=float)
        beta = penalty if penalty is not None else _bic_penalty(series, pooled)
        cost = _WeightedL2().fit(np.column_stack([y, w]))
        algo = rpt.Pelt(custom_cost=cost, min_size=min_size, jump=1).fit(np.column_stack([y, w]))
        bounds = _enough_articles(algo.predict(pen=beta)[:-1], y, w, min_articles)
        bounds = _worth_their_penalty(bounds, cost, len(y), beta)
        edges = [0, *bounds, len(y)]
        periods = series["period"].to_numpy()
        for k, cut in enumerate(bounds):
            before, after = slice(edges[k], cut), slice(cut, edges[k + 2])
            n_before, n_after = w[before].sum(), w[after].sum()
            score_before = float(np.dot(y[before], w[before]) / n_before)
            score_after = float(np.dot(y[after], w[after]) / n_after)
            rows.append(
                {**dict(zip(keys, key, strict=True)), "date": periods[cut], "score_before": score_before,
                 "score_after": score_after, "n_before": int(n_before), "n_after": int(n_after),
                 "last_before": periods[cut - 1], "change": score_after - score_before, "penalty": beta}
            )  # fmt: skip
    columns = [*keys, *SHIFT_COLUMNS[2:], "last_before", "change", "penalty"]
    out = pd.DataFrame(rows, columns=columns)
    out.attrs.update(n_series=n_series, n_too_short=n_short)
    log.info("%d change point(s) in %d series (%d too short to search)", len(out), n_series, n_short)
    return out


def evidence_around(
    evidence: pd.DataFrame,
    shifts: pd.DataFrame,
    window: str | pd.Timedelta = "30D",
    n: int = 5,
    *,
    duplicates: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The sentences that show each shift: for every change point, the `n` strongest evidence
    sentences of the same holder and target (strength = |score| x confidence) in the `window`
    before the change (``side="before"``: dated in [date - window, date)) and in the window from it
    (``side="after"``: [date, date + window)), so a researcher can read why the series moved.

    `duplicates` (the table of :func:`stance.duplicates.find_duplicates`) leaves syndicated copies
    out, so one story does not fill both places. Returns the columns
    ``EVIDENCE_AROUND_COLUMNS`` (plus `source` when the shifts are per source and the evidence has one),
    sorted by shift, side (before first) and rank.
    """
    window = pd.Timedelta(window)
    if window <= pd.Timedelta(0) or n < 1:
        raise ValueError(f"window must be positive and n at least 1; got {window}, {n}")
    missing = {"holder", "target", "date", "score", "confidence", "article_id"} - set(evidence.columns)
    if missing:
        raise ValueError(f"the evidence table lacks the column(s) {', '.join(sorted(missing))}")
    if duplicates is not None:
        evidence = drop_duplicates(evidence, duplicates)
    by_source = "source" in shifts.columns
    if by_source and "source" not in evidence.columns:
        raise ValueError("the shifts are per source: give evidence a 'source' column (merge the articles table)")
    dates = pd.to_datetime(evidence["date"])
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    evidence = evidence.assign(date=dates, strength=evidence["score"].abs() * evidence["confidence"])
    order = ["strength", "date", "article_id", "sentence_idx"]
    evidence = evidence.sort_values(order, ascending=[False, True, True, True], kind="stable")
    frames = []
    for shift in shifts.itertuples(index=False):
        mine = evidence[(evidence["holder"] == shift.holder) & (evidence["target"] == shift.target)]
        if by_source:
            mine = mine[mine["source"] == shift.source]
        start = pd.Timestamp(shift.date)
        sides = {
            "before": mine[(mine["date"] >= start - window) & (mine["date"] < start)],
            "after": mine[(mine["date"] >= start) & (mine["date"] < start + window)],
        }
        for side, rows in sides.items():
            rows = rows.head(n)
            frames.append(rows.assign(shift_date=start, side=side, rank=np.arange(1, len(rows) + 1)))
    columns = [c for c in EVIDENCE_AROUND_COLUMNS if c in evidence.columns or c in ("shift_date", "side", "rank")]
    if by_source:
        columns.insert(2, "source")
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def _pooled_variance(over_time: pd.DataFrame) -> float | None:
    """Variance of article scores within periods, pooled over the rows given; None without `sd_score`."""
    if "sd_score" not in over_time.columns:
        return None
    dof = (over_time["n_articles"] - 1).clip(lower=0)
    ss = (over_time["sd_score"].fillna(0.0) ** 2 * dof).sum()
    return float(ss / dof.sum()) if dof.sum() > 0 else None


def _bic_penalty(series: pd.DataFrame, pooled: float | None) -> float:
    n_articles = float(series["n_articles"].sum())
    own = _pooled_variance(series)
    dof = float((series["n_articles"] - 1).clip(lower=0).sum())
    variance = own if own is not None and dof >= _MIN_DOF else pooled
    if variance is None:  # no sd_score: the spread of the period means, scaled back to one article
        y, w = series["mean_score"].to_numpy(dtype=float), series["n_articles"].to_numpy(dtype=float)
        diffs = np.diff(y) / np.sqrt(1 / w[:-1] + 1 / w[1:])
        variance = float((1.4826 * np.median(np.abs(diffs))) ** 2) if len(diffs) else _MIN_VARIANCE
    return 2.0 * max(variance, _MIN_VARIANCE) * np.log(max(n_articles, 2.0))


def _worth_their_penalty(bounds: list[int], cost: _WeightedL2, n: int, beta: float) -> list[int]:
    """After thin segments were merged, remove the change points that no longer pay their penalty
    (the weakest first): each kept one lowers the cost by more than `beta`."""
    bounds = list(bounds)
    while bounds:
        edges = [0, *bounds, n]
        gains = [
            cost.error(edges[k], edges[k + 2])
            - cost.error(edges[k], edges[k + 1])
            - cost.error(edges[k + 1], edges[k + 2])
            for k in range(len(bounds))
        ]
        weakest = int(np.argmin(gains))
        if gains[weakest] > beta:
            break
        bounds.pop(weakest)
    return bounds


def _enough_articles(bounds: list[int], y: np.ndarray, w: np.ndarray, min_articles: int) -> list[int]:
    """Remove change points until every segment has `min_articles`: a thin segment joins the
    neighbour whose level is closer to its own."""
    bounds = list(bounds)
    while bounds:
        edges = [0, *bounds, len(y)]
        counts = [w[a:b].sum() for a, b in pairwise(edges)]
        thin = int(np.argmin(counts))
        if counts[thin] >= min_articles:
            break
        means = [np.dot(y[a:b], w[a:b]) / max(w[a:b].sum(), 1e-12) for a, b in pairwise(edges)]
        if thin == 0:
            bounds.pop(0)
        elif thin == len(counts) - 1:
            bounds.pop()
        else:
            left, right = abs(means[thin] - means[thin - 1]), abs(means[thin] - means[thin + 1])
            bounds.pop(thin - 1 if left <= right else thin)
    return bounds
