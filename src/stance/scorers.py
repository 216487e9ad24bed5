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
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)]


class CombinedScorer(ClassifierMixin, BaseEstimator):
    """Rules where they are sure, the classifier elsewhere: the combination of the two scorers.

    A rule score at or beyond `rule_threshold` decides (the rules read word order and negation,
    which the classifier only approximates); otherwise the classifier decides, and its favor or
    against counts only with probability at least `min_proba` (else neutral).

    Parameters
    ----------
    classifier : estimator
        A stance classifier over the candidate table (cloned and fitted in `fit`).
    rule_threshold : float
        The rule score size at which the rules decide.
    min_proba : float
        The classifier probability a position needs when the rules do not decide.
    """

    method_name = "combined"

    def __init__(self, *, classifier=None, rule_threshold: float = STANCE_THRESHOLD, min_proba: float = 0.5):
        self.classifier = classifier
        self.rule_threshold = rule_threshold
        self.min_proba = min_proba

    def fit(self, X: pd.DataFrame, y, sample_weight=None):
        from sklearn.base import clone

        from .classifier import StanceClassifier

        base = self.classifier if self.classifier is not None else StanceClassifier()
        self.classifier_ = clone(base).fit(X, y, sample_weight=sample_weight)
        self.rules_ = RuleScorer(threshold=self.rule_threshold).fit(X)
        self.classes_ = CLASSES.copy()
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        check_is_fitted(self, "classifier_")
        learned = self.classifier_.predict_proba(X)
        order = [list(self.classifier_.classes_).index(c) for c in self.classes_]
        learned = learned[:, order]
        neutral = 2
        weak = learned.max(axis=1) < self.min_proba
        learned[weak, neutral] = np.maximum(learned[weak, neutral], learned[weak].max(axis=1) + 1e-9)
        learned = learned / learned.sum(axis=1, keepdims=True)
        rules = self.rules_.predict_proba(X)
        decided = np.abs(X["rule_score"].to_numpy(dtype=float)) >= self.rule_threshold
        return np.where(decided[:, None], rules, learned)

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)]
