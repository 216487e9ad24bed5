"""Train the stance and tone scorers, report grouped cross-validation beside baselines, and save them."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.dummy import DummyClassifier
from sklearn.model_selection import GroupKFold, StratifiedKFold

from .classifier import StanceClassifier
from .models import save_model
from .scorers import CombinedScorer, RuleScorer
from .sentiment import ToneClassifier, lexicon_tone, load_tone_labels, tone_label
from .training import class_f1, cv_confusion, cv_scores, load_labels, oof_predictions, training_table

__all__ = [
    "DEFAULT_STANCE_DATA", "DEFAULT_TONE_DATA", "cv_confusion_table", "cv_table", "stance_training_table",
    "train_stance", "train_tone",
]  # fmt: skip

log = logging.getLogger(__name__)

DEFAULT_STANCE_DATA = Path("data/labels/stance_sentences.csv")
DEFAULT_TONE_DATA = Path("data/labels/sentiment_sentences.csv")
# Candidates labelled in their articles (data/labels/context/*.csv), and the articles they come from.
DEFAULT_CONTEXT_LABELS = Path("data/labels/context")
DEFAULT_TRAIN_ARTICLES = Path("data/train")
FOLDS = 5
SHIPPED = "combined (shipped)"


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _context_files(context: str | Path | list | None) -> list[Path]:
    """The label CSVs `context` stands for: a file, a folder of them, or a list of either."""
    if context is None:
        return []
    if isinstance(context, (list, tuple)):
        return [f for item in context for f in _context_files(item)]
    context = Path(context)
    return sorted(context.glob("*.csv")) if context.is_dir() else [context] if context.is_file() else []


def stance_training_table(
    data: str | Path = DEFAULT_STANCE_DATA,
    *,
    context_labels: str | Path | list | None = DEFAULT_CONTEXT_LABELS,
    articles: str | Path | list = DEFAULT_TRAIN_ARTICLES,
) -> tuple[pd.DataFrame, dict, list[Path]]:
    """The rows the stance scorer learns from: labelled sentences, plus candidates labelled in their
    articles (`context_labels`: a CSV or a folder of them; `articles`: where those articles are).
    Returns the table, its counts, and the data files it came from (for the model card)."""
    from .annotate import context_training_table, load_context_labels

    labels = load_labels(data)
    table, counts = training_table(labels)
    files = _context_files(context_labels)
    data_files = [Path(data), *files]
    if files:
        context = pd.concat([load_context_labels(f) for f in files], ignore_index=True)
        context_table, context_counts = context_training_table(articles, context)
        table = pd.concat([table, context_table[table.columns]], ignore_index=True)
        counts = {**counts, **context_counts, "training_rows": len(table)}
        roots = articles if isinstance(articles, list) else [articles]
        for root in map(Path, roots):
            data_files += sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
    return table, counts, data_files


def train_stance(
    data: str | Path = DEFAULT_STANCE_DATA,
    *,
    context_labels: str | Path | list | None = DEFAULT_CONTEXT_LABELS,
    articles: str | Path | list = DEFAULT_TRAIN_ARTICLES,
    folds: int = FOLDS,
    position_threshold: float = 0.4,
    **params,
) -> tuple[CombinedScorer, dict]:
    """Fit the shipped stance scorer (rules where sure, the classifier elsewhere) on labelled sentences
    and on candidates labelled in their articles; returns it and its card (data, parameters, grouped
    cross-validation of the dummy baselines, the rules, the classifier alone and the combination)."""
    table, counts, data_files = stance_training_table(data, context_labels=context_labels, articles=articles)
    classifier = StanceClassifier(**params)
    model = CombinedScorer(classifier=classifier, position_threshold=position_threshold)
    scores = confusion = None
    if folds:
        predictions = oof_predictions(
            table,
            {"dummy (most frequent)": DummyClassifier(strategy="most_frequent"),
             "dummy (stratified)": DummyClassifier(strategy="stratified", random_state=0),
             "rules": RuleScorer(), "classifier": classifier, SHIPPED: model},
            folds=folds,
        )  # fmt: skip
        scores = cv_scores(table, predictions).to_dict("records")
        confusion = cv_confusion(table, predictions[SHIPPED]).to_dict("index")
    model.fit(table, table["stance"], sample_weight=table["weight"].to_numpy())
    card = {
        "task": "stance",
        "data": {
            "path": str(data),
            "sha256": _sha256(Path(data)),
            "files": {str(p): _sha256(p) for p in data_files},
            **counts,
        },
        "parameters": model.get_params(),
        "cross_validation": {
            "folds": folds,
            "grouped_by": "group",
            "scores": scores,
            # rows: label, columns: the shipped scorer's out-of-fold prediction (labelled rows)
            "confusion": confusion,
        },
    }
    return model, card


def train_tone(data: str | Path = DEFAULT_TONE_DATA, *, folds: int = FOLDS, **params) -> tuple[ToneClassifier, dict]:
    """Fit the tone classifier; cross-validation grouped by story when the data has `group`."""
    frame = load_tone_labels(data)
    model = ToneClassifier(**params)
    scores = None
    if folds:
        y = frame["label"].to_numpy()
        splitter = (
            GroupKFold(folds).split(frame, y, frame["group"])
            if "group" in frame
            else StratifiedKFold(folds, shuffle=True, random_state=0).split(frame, y)
        )
        predictions = {
            "dummy (most frequent)": np.empty(len(y), dtype=object),
            "classifier": np.empty(len(y), dtype=object),
        }
        for train, test in splitter:
            dummy = DummyClassifier(strategy="most_frequent").fit(frame.iloc[train], y[train])
            predictions["dummy (most frequent)"][test] = dummy.predict(frame.iloc[test])
            predictions["classifier"][test] = (
                ToneClassifier(**params).fit(frame.iloc[train], y[train]).predict(frame.iloc[test])
            )
        predictions["lexicon"] = np.array([tone_label(lexicon_tone(t)) for t in frame["text"]], dtype=object)
        scores = [
            {
                "scorer": name,
                "accuracy": float(np.mean(p == y)),
                "macro_f1": float(np.mean([class_f1(y, p, c) for c in np.unique(y)])),
            }
            for name, p in predictions.items()
        ]
    model.fit(frame, frame["label"])
    card = {
        "task": "tone",
        "data": {"path": str(data), "sha256": _sha256(Path(data)), "rows": len(frame)},
        "parameters": model.get_params(),
        "cross_validation": {"folds": folds, "grouped_by": "group" if "group" in frame else None, "scores": scores},
    }
    return model, card


def train_all(
    out: str | Path,
    *,
    stance_data=DEFAULT_STANCE_DATA,
    context_labels=DEFAULT_CONTEXT_LABELS,
    articles=DEFAULT_TRAIN_ARTICLES,
    tone_data=DEFAULT_TONE_DATA,
    folds: int = FOLDS,
) -> dict:
    """Train both scorers and write `stance.skops`, `tone.skops` and their cards into `out`."""
    out = Path(out)
    stance_model, stance_card = train_stance(stance_data, context_labels=context_labels, articles=articles, folds=folds)
    save_model(stance_model, out / "stance.skops", stance_card)
    tone_model, tone_card = train_tone(tone_data, folds=folds)
    save_model(tone_model, out / "tone.skops", tone_card)
    return {"stance": stance_card, "tone": tone_card}


def cv_table(card: dict) -> pd.DataFrame:
    """The cross-validation scores of a model card as a table."""
    return pd.DataFrame(card["cross_validation"]["scores"] or [])


def cv_confusion_table(card: dict) -> pd.DataFrame:
    """The confusion matrix of the cross-validated predictions in a stance model card (rows: label,
    columns: prediction), empty when the card has none."""
    confusion = card["cross_validation"].get("confusion")
    table = pd.DataFrame.from_dict(confusion or {}, orient="index")
    return table.rename_axis(index="label", columns="predicted")
