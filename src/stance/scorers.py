"""The scorers behind one interface: estimators that take the candidate table and give stance probabilities."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from .rules import STANCE_THRESHOLD

__all__ = ["CLASSES", "RuleScorer"]

CLASSES = np.array(["against", "favor", "neutral"])


class RuleScorer(ClassifierMixin, BaseEstimator):
    """The transparent scorer: the rule score of each candidate, as probabilities.

    It learns nothing; `fit` only records the classes, so it is fitted, saved and compared exactly
    like the classifier. A score s at or beyond `threshold` gives its class probability (1 + |s|) / 2,
    below it |s| / 2; neutral gets the rest.

    Parameters
    ----------
    threshold : float
        The size of rule score that counts as a position.
    """

    method_name = "rules"

    def __init__(self, *, threshold: float = STANCE_THRESHOLD):
        self.threshold = threshold

    def fit(self, X: pd.DataFrame, y=None, sample_weight=None):
        if "rule_score" not in X:
            raise ValueError("RuleScorer needs the candidate table's 'rule_score' column")
        self.classes_ = CLASSES.copy()
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        check_is_fitted(self, "classes_")
        s = np.clip(X["rule_score"].to_numpy(dtype=float), -1, 1)
        size = np.abs(s)
        positioned = size >= self.threshold
        side = np.where(positioned, (1 + size) / 2, size / 2)  # the probability of the sign's class
        proba = np.zeros((len(s), len(self.classes_)))
        proba[:, 0] = np.where(s < 0, side, 0.0)  # against
        proba[:, 1] = np.where(s > 0, side, 0.0)  # favor
        proba[:, 2] = 1 - side  # neutral
        return proba

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]
