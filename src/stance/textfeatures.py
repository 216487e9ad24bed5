"""Faster prediction through fitted text pipelines: the same features as scikit-learn's, built quicker.

The TF-IDF counts are taken by `stance.counting` (the same integers in the same sparse layout as the
vectorizers' own, with less Python work); the TF-IDF weighting, the other features, the way they are
stacked and the model are the fitted objects' own (a shallow copy of the model in which each
vectorizer it knows is swapped for one that counts faster), so the probabilities are bit for bit
those of ``model.predict_proba`` (``tests/test_textfeatures.py`` holds them to it). Models of another
shape, and vectorizers set up in ways these counters do not cover (a tokenizer, preprocessor or
analyzer of one's own, stop words, n-grams longer than two), are asked as they are or counted text by
text.
"""

from __future__ import annotations

import copy

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline

from .counting import char_wb_counts, word_counts

__all__ = ["char_wb_counts", "predict_proba", "word_counts"]


class _FasterVectorizer:
    """Stands in for a fitted TF-IDF vectorizer inside a copy of its model: `transform` only, the
    counts from `count` and the weighting from the vectorizer's own fitted `TfidfTransformer`."""

    def __init__(self, vectorizer: TfidfVectorizer, count):
        self.vectorizer = vectorizer
        self.count = count

    def transform(self, texts):
        return self.vectorizer._tfidf.transform(self.count(self.vectorizer, texts), copy=False)


def _counter(step):
    """`char_wb_counts` or `word_counts` when `step` is a fitted TF-IDF vectorizer that one of them
    counts the way the vectorizer's own `transform` does; else None."""
    if not (
        isinstance(step, TfidfVectorizer)
        and step.input == "content"
        and not step.binary
        and hasattr(step, "vocabulary_")
        and hasattr(step, "_tfidf")  # the fitted weighting its own transform applies
    ):
        return None
    if step.analyzer == "char_wb":
        return char_wb_counts
    if step.analyzer == "word":
        return word_counts
    return None


def _faster_step(step):
    """`step` itself made faster (a vectorizer), or a copy of it with its vectorizers made faster (a
    FeatureUnion, a fitted ColumnTransformer); None when there is nothing to make faster."""
    count = _counter(step)
    if count is not None:
        return _FasterVectorizer(step, count)
    if isinstance(step, FeatureUnion):
        members = [(name, _faster_step(member)) for name, member in step.transformer_list]
        if all(fast is None for _, fast in members):
            return None
        faster = copy.copy(step)
        faster.transformer_list = [
            (name, fast or member) for (name, fast), (_, member) in zip(members, step.transformer_list, strict=True)
        ]
        return faster
    if isinstance(step, ColumnTransformer) and hasattr(step, "transformers_"):
        members = [(name, _faster_step(member), columns) for name, member, columns in step.transformers_]
        if all(fast is None for _, fast, _ in members):
            return None
        faster = copy.copy(step)
        faster.transformers_ = [
            (name, fast or member, columns)
            for (name, fast, columns), (_, member, _) in zip(members, step.transformers_, strict=True)
        ]
        return faster
    return None


def _faster(model):
    """A shallow copy of `model` whose TF-IDF vectorizers count faster, when `model` is a Pipeline (or
    a CalibratedClassifierCV of Pipelines) whose first step is or holds vectorizers `_counter` knows;
    else None. The copy shares every fitted array with `model` and changes nothing in it."""
    if isinstance(model, CalibratedClassifierCV):
        calibrated = []
        for member in getattr(model, "calibrated_classifiers_", ()):
            estimator = _faster(member.estimator)
            if estimator is None:
                return None
            calibrated.append(copy.copy(member))
            calibrated[-1].estimator = estimator
        if not calibrated:
            return None
        faster = copy.copy(model)
        faster.calibrated_classifiers_ = calibrated
        return faster
    if not isinstance(model, Pipeline) or len(model.steps) < 2:
        return None
    (name, first), *rest = model.steps
    first = _faster_step(first)
    if first is None:
        return None
    faster = copy.copy(model)
    faster.steps = [(name, first), *rest]
    return faster


def predict_proba(model, X) -> np.ndarray:
    """`model.predict_proba(X)` for a fitted model, its TF-IDF counts taken faster where `_faster`
    knows how (the same probabilities); any other model is asked as it is."""
    faster = _faster(model)
    return (faster if faster is not None else model).predict_proba(X)
