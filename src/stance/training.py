"""Training data for the stance scorers: labelled sentences turned into candidate tables, and
cross-validation grouped by story so a story never sits on both sides of a split."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.dummy import DummyClassifier
from sklearn.model_selection import GroupKFold

from .extract import read_article
from .features import candidate_table, strongest_candidates
from .gazetteer import Gazetteer, load_gazetteer
from .resources import ResourceError

__all__ = [
    "LABEL_COLUMNS", "class_f1", "cross_validate", "cv_confusion", "cv_predictions", "load_labels", "training_table",
]  # fmt: skip

log = logging.getLogger(__name__)

LABEL_COLUMNS = ("text", "holder", "target", "stance", "group")
STANCE_LABELS = ("favor", "against", "neutral")
# Candidates in a labelled sentence that no row labels are taken as neutral, at this weight: the
# writers labelled every position a sentence holds, so an unlabelled pair is most likely no position.
UNLABELLED_WEIGHT = 0.5


def load_labels(path: str | Path) -> pd.DataFrame:
    """Read labelled sentences (`text, holder, target, stance, group`), checking every row."""
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError as err:
        raise ResourceError(f"{path}: file not found") from err
    missing = [c for c in LABEL_COLUMNS if c not in frame]
    if missing:
        raise ResourceError(f"{path}:1: missing column(s) {', '.join(missing)}")
    bad = frame[~frame["stance"].isin(STANCE_LABELS)]
    if len(bad):
        raise ResourceError(f"{path}:{bad.index[0] + 2}: stance {bad['stance'].iat[0]!r} is not favor/against/neutral")
    empty = frame[frame["text"].str.strip() == ""]
    if len(empty):
        raise ResourceError(f"{path}:{empty.index[0] + 2}: empty text")
    return frame[list(LABEL_COLUMNS)]


def training_table(labels: pd.DataFrame, gazetteer: Gazetteer | None = None) -> tuple[pd.DataFrame, dict]:
    """Candidate rows for the labelled pairs (plus unlabelled pairs as weighted neutral).

    Returns the table (candidate columns plus `stance`, `weight`, `group`) and counts: rows matched,
    labelled pairs the reading layer did not produce as a candidate (`unmatched`), and so on.
    """
    gazetteer = gazetteer or load_gazetteer()
    tables, unmatched = [], 0
    for text, rows in labels.groupby("text", sort=False):
        candidates = candidate_table(read_article(text, None, gazetteer), gazetteer, tuple(sorted(set(rows["target"]))))
        if candidates.empty:
            unmatched += len(rows)
            continue
        best = strongest_candidates(candidates, ["holder", "target"])
        labelled = best.merge(rows[["holder", "target", "stance"]], on=["holder", "target"], how="left")
        unmatched += len(rows) - int(labelled["stance"].notna().sum())
        labelled["weight"] = np.where(labelled["stance"].isna(), UNLABELLED_WEIGHT, 1.0)
        labelled["stance"] = labelled["stance"].fillna("neutral")
        labelled["group"] = rows["group"].iat[0]
        labelled["text"] = text
        tables.append(labelled)
    table = pd.concat(tables, ignore_index=True)
    counts = {
        "labelled_rows": len(labels),
        "matched_rows": len(labels) - unmatched,
        "unmatched_rows": unmatched,
        "unlabelled_candidates": int((table["weight"] < 1).sum()),
        "training_rows": len(table),
    }
    log.info("training table: %s", counts)
    return table, counts


def _f_avg(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    return float(np.mean([class_f1(y_true, y_pred, label) for label in ("favor", "against")]))


def cv_predictions(table: pd.DataFrame, estimator, folds: int = 5) -> np.ndarray:
    """Out-of-fold predictions of `estimator` for every row, folds grouped by `group` (a story never
    sits on both sides of a split); trained on all rows of the training folds at their weight."""
    y = table["stance"].to_numpy()
    groups = table["group"].to_numpy()
    weight = table["weight"].to_numpy()
    predictions = np.empty(len(table), dtype=object)
    for train, test in GroupKFold(n_splits=folds).split(table, y, groups):
        model = clone(estimator)
        if isinstance(model, DummyClassifier):
            model.fit(table.iloc[train], y[train])
        else:
            model.fit(table.iloc[train], y[train], sample_weight=weight[train])
        predictions[test] = model.predict(table.iloc[test])
    return predictions.astype(str)


def cross_validate(table: pd.DataFrame, estimators: dict, folds: int = 5) -> pd.DataFrame:
    """Grouped k-fold scores of each estimator on the labelled rows (weight 1) of a training table.

    Every estimator is trained on all rows of the training folds (unlabelled ones at their weight)
    and scored on the labelled rows of the held-out fold: accuracy, macro F1 over the three classes,
    and F_avg (the mean F1 of favor and against). A `DummyClassifier` belongs beside every score.
    """
    y = table["stance"].to_numpy()
    labelled = table["weight"].to_numpy() == 1.0
    rows = []
    for name, estimator in estimators.items():
        predictions = cv_predictions(table, estimator, folds)
        yt, yp = y[labelled], predictions[labelled]
        macro = np.mean([class_f1(yt, yp, label) for label in STANCE_LABELS])
        rows.append(
            {"scorer": name, "accuracy": float(np.mean(yt == yp)), "macro_f1": float(macro), "f_avg": _f_avg(yt, yp)}
        )
    return pd.DataFrame(rows)


def cv_confusion(table: pd.DataFrame, predictions: np.ndarray) -> pd.DataFrame:
    """Confusion matrix (rows: label, columns: prediction) of out-of-fold predictions on the labelled rows."""
    labelled = table["weight"].to_numpy() == 1.0
    gold = pd.Categorical(table["stance"].to_numpy()[labelled], categories=STANCE_LABELS)
    pred = pd.Categorical(np.asarray(predictions)[labelled], categories=STANCE_LABELS)
    return pd.crosstab(pd.Series(gold, name="label"), pd.Series(pred, name="predicted"), dropna=False)


def class_f1(y_true: np.ndarray, y_pred: np.ndarray, label: str) -> float:
    """F1 of one class from true and predicted labels."""
    tp = np.sum((y_pred == label) & (y_true == label))
    p = tp / max(np.sum(y_pred == label), 1)
    r = tp / max(np.sum(y_true == label), 1)
    return float(2 * p * r / (p + r)) if p + r else 0.0
