"""Tone of sentences and articles (positive, negative, neutral), kept apart from stance (SPEC §4).

Two tone scorers: a lexicon one (`lexicon_tone`, transparent, no training) and a trainable
classifier (`ToneClassifier`) fitted on labelled sentences, ours or a researcher's own (including
the IndoNLU SmSA `.tsv` and NusaX `.csv` formats).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.utils.validation import check_is_fitted

from . import textfeatures
from .classifier import calibrated, slim
from .compiled import texts_of
from .resources import ResourceError
from .tone import TONES, lexicon_tone, tone_label

__all__ = ["TONES", "ToneClassifier", "lexicon_tone", "load_tone_labels", "tone_label"]


class ToneClassifier(ClassifierMixin, BaseEstimator):
    """Tone of a sentence from its words and character n-grams (scikit-learn estimator on raw text).

    Parameters
    ----------
    C : float
        Inverse regularisation strength of the logistic regression.
    min_df : int
        A feature must occur in at least this many training sentences.
    calibration_folds : int
        Folds of the sigmoid calibration; 0 leaves probabilities uncalibrated.
    random_state : int
        Seed, so training is repeatable.
    """

    method_name = "tone_classifier"

    def __init__(self, *, C: float = 4.0, min_df: int = 2, calibration_folds: int = 3, random_state: int = 0):
        self.C = C
        self.min_df = min_df
        self.calibration_folds = calibration_folds
        self.random_state = random_state

    def _pipeline(self) -> Pipeline:
        features = FeatureUnion(
            [
                ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=self.min_df, sublinear_tf=True)),
                (
                    "chars",
                    TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=self.min_df, sublinear_tf=True),
                ),
            ]
        )
        model = LogisticRegression(C=self.C, class_weight="balanced", max_iter=5000, random_state=self.random_state)
        return Pipeline([("features", features), ("model", model)])

    def fit(self, X, y):
        texts = texts_of(X)
        y = np.asarray(y)
        unknown = set(y) - set(TONES)
        if unknown:
            raise ValueError(f"tone labels must be {', '.join(TONES)}; found {', '.join(sorted(unknown))}")
        self.model_ = calibrated(self._pipeline(), self.calibration_folds).fit(texts, y)
        self.classes_ = self.model_.classes_
        slim(self)
        return self

    def predict_proba(self, X) -> np.ndarray:
        check_is_fitted(self, "model_")
        return textfeatures.predict_proba(self.model_, texts_of(X))  # the model's own, counted faster

    def predict(self, X) -> np.ndarray:
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)]

    def score_texts(self, texts) -> np.ndarray:
        """P(positive) - P(negative) for each text, in [-1, 1]."""
        proba = self.predict_proba(texts)
        classes = list(self.classes_)
        return proba[:, classes.index("positive")] - proba[:, classes.index("negative")]


_LABEL_NAMES = {"positive": "positive", "negative": "negative", "neutral": "neutral",
                "pos": "positive", "neg": "negative", "neu": "neutral"}  # fmt: skip


def load_tone_labels(path: str | Path) -> pd.DataFrame:
    """Labelled sentences for tone: our CSV (`text, label`), IndoNLU SmSA `.tsv` (`text<TAB>label`, no
    header) or NusaX `.csv` (`id, text, label`). Returns `text, label` (and `group` when given)."""
    path = Path(path)
    if not path.is_file():
        raise ResourceError(f"{path}: file not found")
    if path.suffix == ".tsv":
        frame = pd.read_csv(path, sep="\t", header=None, names=["text", "label"], dtype=str, quoting=3)
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if not {"text", "label"} <= set(frame.columns):
        raise ResourceError(f"{path}:1: needs columns text and label; found {', '.join(frame.columns)}")
    frame["label"] = frame["label"].str.strip().str.lower().map(_LABEL_NAMES)
    bad = frame[frame["label"].isna()]
    if len(bad):
        raise ResourceError(f"{path}:{bad.index[0] + 2}: label is not positive/negative/neutral")
    columns = ["text", "label"] + (["group"] if "group" in frame else [])
    return frame[columns].reset_index(drop=True)
