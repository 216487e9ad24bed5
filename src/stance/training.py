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
from .features import CANDIDATE_COLUMNS, candidate_rows, strongest_candidates
from .gazetteer import Gazetteer, load_gazetteer
from .resources import ResourceError

__all__ = [
    "LABEL_COLUMNS", "class_f1", "cross_validate", "cv_confusion", "cv_predictions", "cv_scores", "load_labels",
    "oof_predictions", "training_table",
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
    text_idx, texts = pd.factorize(labels["text"])  # one reading per distinct text, in order of appearance
    labels = labels.assign(_text=text_idx)
    rows = []
    for k, (text, targets) in enumerate(zip(texts, labels.groupby("_text")["target"].agg(set), strict=True)):
        for row in candidate_rows(read_article(text, None, gazetteer), gazetteer, tuple(sorted(targets))):
            row["_text"] = k
            rows.append(row)
    candidates = pd.DataFrame(rows, columns=[*CANDIDATE_COLUMNS, "_text"])
    # The strongest candidate per pair of each text, strongest first within the text (as
    # `strongest_candidates` orders them), texts in order.
    best = strongest_candidates(candidates, ["_text", "holder", "target"]).sort_values("_text", kind="stable")
    table = best.merge(labels[["_text", "holder", "target", "stance"]], on=["_text", "holder", "target"], how="left")
    unmatched = len(labels) - int(table["stance"].notna().sum())
    table["weight"] = np.where(table["stance"].isna(), UNLABELLED_WEIGHT, 1.0)
    table["stance"] = table["stance"].fillna("neutral")
    table["group"] = labels.groupby("_text")["group"].first().to_numpy()[table["_text"]]
    table["text"] = texts[table["_text"]]
    table = table.drop(columns="_text")
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


def oof_predictions(table: pd.DataFrame, estimators: dict, folds: int = 5) -> dict[str, np.ndarray]:
    """Out-of-fold predictions of each estimator for every row, folds grouped by `group` (a story never
    sits on both sides of a split); each is trained on all rows of the training folds at their weight.

    A scorer that fits one of the other estimators inside it (a `CombinedScorer` whose `classifier` is
    that estimator) lends its fitted copy, so the same model is not fitted twice on a fold.
    """
    y = table["stance"].to_numpy()
    groups = table["group"].to_numpy()
    weight = table["weight"].to_numpy()
    predictions = {name: np.empty(len(table), dtype=object) for name in estimators}
    # Fit the scorers that contain others first, so the contained ones can be read off them.
    order = sorted(estimators, key=lambda name: getattr(estimators[name], "classifier", None) is None)
    for train, test in GroupKFold(n_splits=folds).split(table, y, groups):
        lent = {}  # id of an estimator -> its copy fitted inside another scorer on this fold
        for name in order:
            estimator = estimators[name]
            if id(estimator) in lent:
                model = lent[id(estimator)]
            elif isinstance(estimator, DummyClassifier):
                model = clone(estimator).fit(table.iloc[train], y[train])
            else:
                model = clone(estimator).fit(table.iloc[train], y[train], sample_weight=weight[train])
                if getattr(estimator, "classifier", None) is not None and hasattr(model, "classifier_"):
                    lent[id(estimator.classifier)] = model.classifier_
            predictions[name][test] = model.predict(table.iloc[test])
    return {name: p.astype(str) for name, p in predictions.items()}


def cv_predictions(table: pd.DataFrame, estimator, folds: int = 5) -> np.ndarray:
    """Out-of-fold predictions of one estimator (see `oof_predictions`)."""
    return oof_predictions(table, {"estimator": estimator}, folds)["estimator"]


def cv_scores(table: pd.DataFrame, predictions: dict[str, np.ndarray]) -> pd.DataFrame:
    """Scores of out-of-fold predictions on the labelled rows (weight 1) of a training table: accuracy,
    macro F1 over the three classes, and F_avg (the mean F1 of favor and against)."""
    y = table["stance"].to_numpy()
    labelled = table["weight"].to_numpy() == 1.0
    rows = []
    for name, predicted in predictions.items():
        yt, yp = y[labelled], np.asarray(predicted)[labelled]
        macro = np.mean([class_f1(yt, yp, label) for label in STANCE_LABELS])
        rows.append(
            {"scorer": name, "accuracy": float(np.mean(yt == yp)), "macro_f1": float(macro), "f_avg": _f_avg(yt, yp)}
        )
    return pd.DataFrame(rows)


def cross_validate(table: pd.DataFrame, estimators: dict, folds: int = 5) -> pd.DataFrame:
    """Grouped k-fold scores of each estimator on the labelled rows of a training table (`cv_scores` of
    `oof_predictions`). A `DummyClassifier` belongs beside every score."""
    return cv_scores(table, oof_predictions(table, estimators, folds))


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
