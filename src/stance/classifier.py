"""The learned scorer: a calibrated logistic regression over the candidate table.

Features are built for the holder–target pair: the context with holder and target masked (so the
model learns "HOLDER mengecam TARGET", not who is who), the words between them and around the target,
their order and distance, the quote structure, and the lexicon signals and rule score.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder
from sklearn.utils.validation import check_is_fitted

from . import textfeatures
from .compiled import number_features

__all__ = ["StanceClassifier"]

TEXT_COLUMNS = ("masked", "between", "near_target")
CATEGORY_COLUMNS = (
    "role", "holder_type", "rule", "quoted", "holder_first", "negated", "cue", "holder_subject", "holder_after",
    "target_after",
)  # fmt: skip
NUMBER_COLUMNS = ("rule_score", "pos_cues", "neg_cues", "distance")
_TOKENS = r"(?u)\b\w+\b"


def _numbers(frame: pd.DataFrame) -> np.ndarray:
    """Numeric features on comparable scales (`stance.compiled.number_features`, which the compiled
    model applies too)."""
    return number_features(frame.to_numpy(dtype=float))


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(str)


def slim(estimator):
    """Drop what fitted vectorizers keep only for inspection (`stop_words_`: every pruned n-gram), which
    would make a saved model a hundred times larger; it is not used to transform or predict."""
    seen = set()

    def walk(obj) -> None:
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if isinstance(obj, TfidfVectorizer) and hasattr(obj, "stop_words_"):
            obj.stop_words_ = None
        if isinstance(obj, (list, tuple)):
            for item in obj:
                walk(item)
        elif hasattr(obj, "__dict__"):
            for value in vars(obj).values():
                if isinstance(value, (list, tuple)) or hasattr(value, "__dict__"):
                    walk(value)

    walk(estimator)
    return estimator


def calibrated(pipeline: Pipeline, folds: int):
    """`pipeline` with sigmoid-calibrated probabilities over `folds` folds, or as it is when `folds` is 0.

    ensemble=False: one pipeline fitted on all rows, calibrated on cross-validated predictions; a third
    of the size of an ensemble, and the pipeline that explains the model is the one used.
    """
    if not folds:
        return pipeline
    return CalibratedClassifierCV(pipeline, method="sigmoid", cv=folds, ensemble=False)


class _WeightedPipeline(Pipeline):
    """A pipeline whose `fit` takes `sample_weight` for its last step, so calibration passes it on."""

    def fit(self, X, y=None, sample_weight=None, **params):
        if sample_weight is not None:
            params[f"{self.steps[-1][0]}__sample_weight"] = sample_weight
        return super().fit(X, y, **params)


class StanceClassifier(ClassifierMixin, BaseEstimator):
    """Stance of a candidate pair from its masked context and structure (scikit-learn estimator).

    Parameters
    ----------
    C : float
        Inverse regularisation strength of the logistic regression.
    ngram_max : int
        Longest word n-gram taken from the masked texts.
    min_df : int
        A word n-gram must occur in at least this many training candidates.
    rule_weight : float
        Scale of the numeric features (the rule score and cue weights) against the text features.
    class_weight : str or None
        ``"balanced"`` weighs classes inversely to their frequency.
    calibration_folds : int
        Folds of the sigmoid calibration (`CalibratedClassifierCV`); 0 leaves probabilities uncalibrated.
    random_state : int
        Seed of the solver and of the calibration folds, so training is repeatable.

    Examples
    --------
    >>> from stance.classifier import StanceClassifier
    >>> StanceClassifier(C=2.0).get_params()["C"]
    2.0
    """

    method_name = "classifier"

    def __init__(
        self,
        *,
        C: float = 2.0,
        ngram_max: int = 2,
        min_df: int = 2,
        rule_weight: float = 2.0,
        class_weight: str | None = "balanced",
        calibration_folds: int = 3,
        random_state: int = 0,
    ):
        self.C = C
        self.ngram_max = ngram_max
        self.min_df = min_df
        self.rule_weight = rule_weight
        self.class_weight = class_weight
        self.calibration_folds = calibration_folds
        self.random_state = random_state

    def _pipeline(self) -> Pipeline:
        text = [
            (name, TfidfVectorizer(ngram_range=(1, self.ngram_max), min_df=self.min_df, sublinear_tf=True,
                                   token_pattern=_TOKENS, lowercase=False), name)
            for name in TEXT_COLUMNS
        ]  # fmt: skip
        features = ColumnTransformer(
            [
                *text,
                ("category", Pipeline([("text", FunctionTransformer(_as_text, feature_names_out="one-to-one")),
                                       ("onehot", OneHotEncoder(handle_unknown="ignore", min_frequency=2))]),
                 list(CATEGORY_COLUMNS)),
                ("number", FunctionTransformer(_numbers, feature_names_out="one-to-one"), list(NUMBER_COLUMNS)),
            ],
            transformer_weights={"number": self.rule_weight},
        )  # fmt: skip
        # newton-cg reaches the same optimum as lbfgs in a few Newton steps: eight times faster here
        # (8 iterations against 224 on the shipped training table), which makes retraining interactive.
        model = LogisticRegression(
            C=self.C, class_weight=self.class_weight, solver="newton-cg", max_iter=5000, random_state=self.random_state
        )
        return _WeightedPipeline([("features", features), ("model", model)])

    def fit(self, X: pd.DataFrame, y, sample_weight=None):
        """Fit on a candidate table `X` and stances `y` (favor, against, neutral)."""
        missing = [c for c in (*TEXT_COLUMNS, *CATEGORY_COLUMNS, *NUMBER_COLUMNS) if c not in X]
        if missing:
            raise ValueError(f"candidate table lacks column(s): {', '.join(missing)}")
        y = np.asarray(y)
        self.model_ = calibrated(self._pipeline(), self.calibration_folds).fit(X, y, sample_weight=sample_weight)
        self.classes_ = self.model_.classes_
        slim(self)
        return self

    def _fitted_pipeline(self) -> Pipeline:
        check_is_fitted(self, "model_")
        if isinstance(self.model_, CalibratedClassifierCV):
            return self.model_.calibrated_classifiers_[0].estimator
        return self.model_

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        check_is_fitted(self, "model_")
        return textfeatures.predict_proba(self.model_, X)  # the model's own, its word n-grams counted faster

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)]

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Names of the features the model weighs (``masked__holder mengecam``, ``number__rule_score``…)."""
        return self._fitted_pipeline().named_steps["features"].get_feature_names_out()

    def top_features(self, n: int = 15) -> pd.DataFrame:
        """The `n` features pulling hardest toward each class: `class, feature, weight`."""
        pipeline = self._fitted_pipeline()
        names = self.get_feature_names_out()
        coef = pipeline.named_steps["model"].coef_
        rows = []
        for k, label in enumerate(pipeline.classes_):
            for j in np.argsort(coef[k])[::-1][:n]:
                rows.append({"class": label, "feature": names[j], "weight": float(coef[k, j])})
        return pd.DataFrame(rows)
