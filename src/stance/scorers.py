"""The scorers behind one interface: estimators that take the candidate table and give stance probabilities."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from .positions import CLASSES, combined_probabilities, decide, rule_probabilities
from .rules import STANCE_THRESHOLD

__all__ = ["CLASSES", "CombinedScorer", "RuleScorer", "decide"]


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
        return rule_probabilities(X["rule_score"].to_numpy(dtype=float), self.threshold)

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)]


class CombinedScorer(ClassifierMixin, BaseEstimator):
    """Rules where they are sure, the classifier elsewhere: the combination of the two scorers.

    A holder named inside someone else's direct quote is left to the rules, which count its act as the
    speaker's account (SPEC §3); the classifier, reading the words, would take it as the holder's own.

    A rule score at or beyond `rule_threshold` decides (the rules read word order and negation,
    which the classifier only approximates); otherwise the classifier's calibrated probabilities
    stand. A candidate takes a position when favor or against reaches `position_threshold`, even if
    neutral is likelier: an article shows a position when any sentence does, so a sentence that is
    more than a little likely to hold one is worth counting (the threshold was chosen on the
    development gold; cross-validation on the training rows favours a lower one, 0.3).

    Parameters
    ----------
    classifier : estimator
        A stance classifier over the candidate table (cloned and fitted in `fit`).
    rule_threshold : float
        The rule score size at which the rules decide.
    position_threshold : float
        The probability of favor or against at which a candidate takes that position.
    """

    method_name = "combined"

    def __init__(self, *, classifier=None, rule_threshold: float = STANCE_THRESHOLD, position_threshold: float = 0.4):
        self.classifier = classifier
        self.rule_threshold = rule_threshold
        self.position_threshold = position_threshold

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
        return combined_probabilities(X, self.rule_threshold, self.classifier_)

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return decide(self.predict_proba(X), self.classes_, self.position_threshold)
