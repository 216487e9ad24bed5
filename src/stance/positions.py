"""From probabilities to positions: the classes, the rule score read as probabilities, and the decision.

Kept apart from `stance.scorers` (the scikit-learn estimators) so that scoring with a compiled model
(`stance.compiled`) decides exactly as the estimators do without importing scikit-learn.
"""

from __future__ import annotations

import numpy as np

__all__ = ["CLASSES", "combined_probabilities", "decide", "rule_probabilities"]

CLASSES = np.array(["against", "favor", "neutral"])


def rule_probabilities(rule_score: np.ndarray, threshold: float) -> np.ndarray:
    """The rule score of each candidate as probabilities of `CLASSES`: a score s at or beyond
    `threshold` gives its class probability (1 + |s|) / 2, below it |s| / 2; neutral gets the rest."""
    s = np.clip(np.asarray(rule_score, dtype=float), -1, 1)
    size = np.abs(s)
    positioned = size >= threshold
    side = np.where(positioned, (1 + size) / 2, size / 2)  # the probability of the sign's class
    proba = np.zeros((len(s), len(CLASSES)))
    proba[:, 0] = np.where(s < 0, side, 0.0)  # against
    proba[:, 1] = np.where(s > 0, side, 0.0)  # favor
    proba[:, 2] = 1 - side  # neutral
    return proba


def combined_probabilities(candidates, rule_threshold: float, classifier) -> np.ndarray:
    """The combined scorer's probabilities of `CLASSES`: the rules' where they decide, `classifier`'s
    elsewhere (it reads each row on its own, so it is asked only about those).

    The rules decide a rule score at or beyond `rule_threshold`; a holder inside someone else's quote
    (the speaker's account); and an analyst the gazetteer does not know (``person:…``), who mostly
    describes others: only a rule's explicit reading of their words makes a position (the classifier,
    taught mostly on officials, reads description)."""
    proba = rule_probabilities(candidates["rule_score"].to_numpy(dtype=float), rule_threshold)
    decided = np.abs(candidates["rule_score"].to_numpy(dtype=float)) >= rule_threshold
    if "reported" in candidates:
        decided |= candidates["reported"].to_numpy(dtype=bool)
    decided |= candidates["holder"].astype(str).str.startswith("person:").to_numpy(dtype=bool)
    if not decided.all():
        order = [list(classifier.classes_).index(c) for c in CLASSES]
        proba[~decided] = classifier.predict_proba(candidates[~decided])[:, order]
    return proba


def decide(proba: np.ndarray, classes, threshold: float) -> np.ndarray:
    """favor or against where its probability reaches `threshold` (the likelier of the two), else neutral."""
    classes = list(classes)
    favor, against = proba[:, classes.index("favor")], proba[:, classes.index("against")]
    side = np.where(favor >= against, "favor", "against")
    return np.where(np.maximum(favor, against) >= threshold, side, "neutral").astype(object)
