"""Model files: save and load scorers with skops (no pickle), with a model card beside each."""

from __future__ import annotations

from functools import cache

__all__ = ["load_default_model"]


@cache
def load_default_model():
    """The shipped scorer. Until a trained model ships, the transparent rule scorer."""
    import pandas as pd

    from .scorers import RuleScorer

    return RuleScorer().fit(pd.DataFrame({"rule_score": [0.0]}))
