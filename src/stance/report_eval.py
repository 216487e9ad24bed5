"""Evaluate a scored run folder against a gold file, at person and country level, and write the results."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .aggregate import article_stance, to_level
from .evaluate import confusion, errors, evaluate
from .gazetteer import Gazetteer, load_gazetteer
from .gold import load_gold
from .output import write_tables

__all__ = ["compare_scorers", "evaluate_run"]


def _labelled_articles(gold_path: Path, articles: Path | None, scored: pd.DataFrame) -> set[str]:
    """Articles that were labelled: the given list, the gold's `_articles.csv` sibling, or all scored ones."""
    path = articles or gold_path.with_name(gold_path.stem + "_articles.csv")
    if path.is_file():
        return set(pd.read_csv(path, dtype=str)["article_id"])
    return set(scored["article_id"])


def evaluate_run(
    gold_path: str | Path, pred: str | Path, *, articles: str | Path | None = None, gazetteer: Gazetteer | None = None
) -> dict:
    """Scores, confusion matrices and errors of the run in `pred` against `gold_path`, per level.

    The run's evidence is rolled up to country level when it was scored at person level, so one
    run gives both. Results are written to ``PRED/evaluation/``.
    """
    gazetteer = gazetteer or load_gazetteer()
    gold_path, pred = Path(gold_path), Path(pred)
    gold = load_gold(gold_path, gazetteer)
    evidence = pd.read_csv(pred / "evidence.csv", dtype={"article_id": str})
    scored = pd.read_csv(pred / "articles.csv", dtype={"article_id": str})
    labelled = _labelled_articles(gold_path, Path(articles) if articles else None, scored)
    run_level = "country" if evidence["holder"].map(lambda h: gazetteer.country_of(h) == h).all() else "person"
    levels = ["person", "country"] if run_level == "person" else ["country"]
    result = {"scores": {}, "confusion": {}, "errors": {}}
    for level in levels:
        ev = to_level(evidence, gazetteer, level)
        stances = article_stance(ev)
        gold_level = gold[gold["level"] == level]
        result["scores"][level] = evaluate(gold_level, stances, articles=labelled)
        result["confusion"][level] = confusion(gold_level, stances, articles=labelled)
        result["errors"][level] = errors(gold_level, stances, ev, articles=labelled)
    out = pred / "evaluation"
    tables = {}
    for level in levels:
        tables[f"scores_{level}"] = result["scores"][level]
        tables[f"confusion_{level}"] = result["confusion"][level].reset_index(names="gold")
        tables[f"errors_{level}"] = result["errors"][level]
    write_tables(tables, out)
    result["out"] = out
    return result


def compare_scorers(
    inputs,
    gold_path: str | Path,
    *,
    articles: str | Path | None = None,
    year: int | None = None,
    gazetteer: Gazetteer | None = None,
    labels: str | Path = "data/labels/stance_sentences.csv",
    models: dict | None = None,
) -> pd.DataFrame:
    """F_avg (and per-class F1) of each scorer on a gold collection, side by side, at both levels:
    a stratified `DummyClassifier` (fitted on the class shares of our labelled sentences), the rules
    alone, the classifier alone, the shipped combination, and any further `models` ({name: scorer},
    e.g. one just retrained)."""
    import numpy as np
    from sklearn.dummy import DummyClassifier

    from .corpus import load_corpus
    from .models import load_default_model
    from .scorers import RuleScorer
    from .scoring import candidates_for_corpus, evidence_from

    gazetteer = gazetteer or load_gazetteer()
    gold_path = Path(gold_path)
    gold = load_gold(gold_path, gazetteer)
    corpus = load_corpus(inputs, year=year)
    labelled = _labelled_articles(gold_path, Path(articles) if articles else None, corpus)
    candidates, _, _ = candidates_for_corpus(corpus, gazetteer)
    shipped = load_default_model()
    classes = pd.read_csv(labels, usecols=["stance"])["stance"].to_numpy()
    dummy = DummyClassifier(strategy="stratified", random_state=0).fit(np.zeros((len(classes), 1)), classes)
    scorers = {
        "dummy (stratified)": dummy,
        "rules": RuleScorer().fit(candidates),
        "classifier": getattr(shipped, "classifier_", shipped),
        "combined (shipped)": shipped,
        **(models or {}),
    }
    rows = []
    for name, scorer in scorers.items():
        evidence = evidence_from(candidates, scorer)
        for level in ("person", "country"):
            stances = article_stance(to_level(evidence, gazetteer, level))
            result = evaluate(gold[gold["level"] == level], stances, articles=labelled).iloc[0]
            rows.append({"scorer": name, "level": level, "favor_f1": result["favor_f1"],
                         "against_f1": result["against_f1"], "f_avg": result["f_avg"]})  # fmt: skip
    return pd.DataFrame(rows)
