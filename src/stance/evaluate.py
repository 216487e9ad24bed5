"""Compare predicted article stances with gold labels: P, R, F1 for favor and against, and F_avg.

F_avg is the SemEval-2016 Task 6 measure: the mean of F1(favor) and F1(against), micro-averaged over
(article, holder, target) triples. A pair absent from the gold is neutral; gold pairs marked optional
count neither as a miss nor as a false alarm.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["confusion", "errors", "evaluate", "scores"]

_KEY = ["article_id", "holder", "target"]
_LABELS = ("favor", "against", "neutral")


def _joined(gold: pd.DataFrame, pred: pd.DataFrame, articles: set[str] | None) -> pd.DataFrame:
    """One row per pair in gold or prediction, with `gold` and `pred` stances (neutral when absent)."""
    if articles is not None:
        pred = pred[pred["article_id"].isin(articles)]
        gold = gold[gold["article_id"].isin(articles)]
    pred = pred[pred["stance"] != "neutral"]
    cols = [*_KEY, "stance"]
    merged = gold[[*cols, "optional"]].merge(pred[cols], on=_KEY, how="outer", suffixes=("_gold", "_pred"))
    merged["gold"] = merged["stance_gold"].fillna("neutral")
    merged["pred"] = merged["stance_pred"].fillna("neutral")
    merged["optional"] = merged["optional"].astype("boolean").fillna(False).astype(bool)
    return merged.drop(columns=["stance_gold", "stance_pred"])


def scores(joined: pd.DataFrame) -> dict[str, float]:
    """P, R, F1 per class and F_avg from a joined table (optional gold pairs already dropped)."""
    out: dict[str, float] = {}
    for label in ("favor", "against"):
        tp = int(((joined["pred"] == label) & (joined["gold"] == label)).sum())
        n_pred = int((joined["pred"] == label).sum())
        n_gold = int((joined["gold"] == label).sum())
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        out[f"{label}_p"], out[f"{label}_r"] = p, r
        out[f"{label}_f1"] = 2 * p * r / (p + r) if p + r else 0.0
        out[f"{label}_n_gold"], out[f"{label}_n_pred"] = n_gold, n_pred
    out["f_avg"] = (out["favor_f1"] + out["against_f1"]) / 2
    return out


def evaluate(
    gold: pd.DataFrame, pred: pd.DataFrame, *, articles: set[str] | None = None, level: str | None = None
) -> pd.DataFrame:
    """Scores overall and per target, one row each (`target` = "all" for the overall row).

    `gold` has `level`; only rows at `level` are used when it is given. `articles` limits both sides
    to the labelled articles (so predictions on unlabelled ones are not false alarms).
    """
    if level is not None and "level" in gold:
        gold = gold[gold["level"] == level]
    joined = _joined(gold, pred, articles)
    joined = joined[~joined["optional"]]
    rows = [{"target": "all", **scores(joined)}]
    for target, part in joined.groupby("target"):
        rows.append({"target": target, **scores(part)})
    return pd.DataFrame(rows)


def confusion(gold: pd.DataFrame, pred: pd.DataFrame, *, articles: set[str] | None = None) -> pd.DataFrame:
    """Gold stance (rows) by predicted stance (columns), required gold pairs and all predictions."""
    joined = _joined(gold, pred, articles)
    joined = joined[~joined["optional"]]
    table = pd.crosstab(joined["gold"], joined["pred"])
    return table.reindex(index=list(_LABELS), columns=list(_LABELS), fill_value=0)


def errors(
    gold: pd.DataFrame, pred: pd.DataFrame, evidence: pd.DataFrame | None = None, *, articles: set[str] | None = None
) -> pd.DataFrame:
    """Misses and false alarms, each with the evidence sentences the prediction rests on (if any)."""
    joined = _joined(gold, pred, articles)
    wrong = joined[(joined["gold"] != joined["pred"]) & ~joined["optional"]].copy()
    wrong["error"] = [
        "miss" if p == "neutral" else "false alarm" if g == "neutral" else "wrong polarity"
        for g, p in zip(wrong["gold"], wrong["pred"], strict=True)
    ]
    if evidence is not None and len(wrong):
        positioned = evidence[evidence["stance"] != "neutral"]
        sentences = positioned.groupby(_KEY)["sentence"].agg(lambda s: " | ".join(dict.fromkeys(s)))
        wrong = wrong.merge(sentences.rename("evidence").reset_index(), on=_KEY, how="left")
    return wrong.reset_index(drop=True)
