"""The scorers as scikit-learn estimators, and model files: safe to load, checked, reproducible."""

from __future__ import annotations

import hashlib
import json
import os
import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.preprocessing import FunctionTransformer

from stance.classifier import StanceClassifier
from stance.models import ModelError, card_path, default_model_dir, load_model, model_card, save_model
from stance.scorers import CombinedScorer, RuleScorer
from stance.sentiment import ToneClassifier, load_tone_labels
from stance.training import load_labels, training_table

from .conftest import ROOT

LABELS = ROOT / "data" / "labels"


@pytest.fixture(scope="module")
def small_table(gazetteer) -> pd.DataFrame:
    labels = load_labels(LABELS / "stance_sentences.csv")
    groups = sorted(set(labels["group"]))[:25]
    table, _ = training_table(labels[labels["group"].isin(groups)], gazetteer)
    return table


ESTIMATORS = [
    StanceClassifier(calibration_folds=2, min_df=1),
    RuleScorer(),
    CombinedScorer(classifier=StanceClassifier(calibration_folds=2, min_df=1)),
]


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_estimator_contract(estimator, small_table):
    params = estimator.get_params(deep=False)
    assert {k: v for k, v in vars(estimator).items()} == params  # __init__ only stores its arguments
    twin = clone(estimator)
    assert twin.get_params(deep=False).keys() == params.keys()
    twin.set_params(**params)
    with pytest.raises(NotFittedError):
        twin.predict_proba(small_table)
    y = small_table["stance"]
    assert twin.fit(small_table, y) is twin
    proba = twin.predict_proba(small_table)
    assert proba.shape == (len(small_table), 3) and np.allclose(proba.sum(axis=1), 1)
    assert set(twin.predict(small_table)) <= {"favor", "against", "neutral"}


def test_tone_classifier_contract():
    data = load_tone_labels(LABELS / "sentiment_sentences.csv").head(300)
    model = ToneClassifier(calibration_folds=2)
    assert vars(model) == model.get_params(deep=False)
    with pytest.raises(NotFittedError):
        model.predict(data)
    assert model.fit(data, data["label"]) is model
    assert set(model.predict(data)) <= {"positive", "negative", "neutral"}


def test_classifier_explains_itself(small_table):
    model = StanceClassifier(calibration_folds=2, min_df=1).fit(small_table, small_table["stance"])
    names = model.get_feature_names_out()
    assert any(n.startswith("between__") for n in names) and "number__rule_score" in names
    top = model.top_features(5)
    assert set(top["class"]) == {"favor", "against", "neutral"} and len(top) == 15


def test_save_and_load_round_trip(tmp_path, small_table):
    model = StanceClassifier(calibration_folds=2, min_df=1).fit(small_table, small_table["stance"])
    path = save_model(model, tmp_path / "m.skops", {"task": "stance"})
    card = model_card(path)
    assert card["model_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert card["versions"]["scikit-learn"]
    again = load_model(path)
    assert np.allclose(again.predict_proba(small_table), model.predict_proba(small_table))


def test_pickle_is_refused(tmp_path):
    path = tmp_path / "m.skops"
    path.write_bytes(pickle.dumps(RuleScorer()))
    card_path(path).write_text(json.dumps({"model_sha256": hashlib.sha256(path.read_bytes()).hexdigest()}))
    with pytest.raises(ModelError, match="not a skops model file"):
        load_model(path)


def test_untrusted_types_are_refused_by_name(tmp_path):
    path = save_model(FunctionTransformer(os.system), tmp_path / "evil.skops", {})
    with pytest.raises(ModelError, match=r"refused untrusted types: .*system"):
        load_model(path)


def test_model_that_does_not_match_its_card_is_refused(tmp_path):
    path = save_model(RuleScorer().fit(pd.DataFrame({"rule_score": [0.0]})), tmp_path / "m.skops", {})
    card = json.loads(card_path(path).read_text())
    card["model_sha256"] = "0" * 64
    card_path(path).write_text(json.dumps(card))
    with pytest.raises(ModelError, match="does not match its model card"):
        load_model(path)


def test_shipped_model_is_what_training_on_our_data_gives(gazetteer):
    """`stance train` with the defaults rebuilds the shipped model: same data, same cross-validated
    metrics (and confusion), same predictions."""
    from stance.train import FOLDS, train_stance

    shipped_card = model_card(default_model_dir() / "stance.skops")
    data = LABELS / "stance_sentences.csv"
    rebuilt, card = train_stance(data, context_labels=LABELS / "context", articles=ROOT / "data" / "train")
    assert card["cross_validation"]["folds"] == shipped_card["cross_validation"]["folds"] == FOLDS
    got, shipped_scores = card["cross_validation"]["scores"], shipped_card["cross_validation"]["scores"]
    assert len(got) == len(shipped_scores) == 5
    for row, shipped_row in zip(got, shipped_scores, strict=True):
        assert row == pytest.approx(shipped_row)
    assert card["cross_validation"]["confusion"] == shipped_card["cross_validation"]["confusion"]
    shipped_files = {os.path.basename(p): h for p, h in shipped_card["data"]["files"].items()}
    rebuilt_files = {os.path.basename(p): h for p, h in card["data"]["files"].items()}
    assert shipped_files == rebuilt_files  # trained on exactly the data in the repository
    assert card["data"]["training_rows"] == shipped_card["data"]["training_rows"]
    shipped = load_model(default_model_dir() / "stance.skops")
    table, _ = training_table(load_labels(data).head(200), gazetteer)
    assert np.allclose(rebuilt.predict_proba(table), shipped.predict_proba(table))


def test_combined_scorer_asks_the_classifier_only_where_rules_do_not_decide(seed_reading, gazetteer):
    """The classifier reads each candidate on its own, so asking it about the undecided rows only gives
    what the whole table would: rule probabilities where the rule decides, where the holder is named in
    someone else's quote (the seed: "kebijakan imperialis Amerika Serikat" in Putin's) and where it is an
    analyst the gazetteer does not know, the classifier's elsewhere."""
    from stance.features import candidate_table
    from stance.models import load_default_model

    model = load_default_model()
    table = candidate_table(seed_reading, gazetteer)
    by_rule = table["rule_score"].abs().to_numpy() >= model.rule_threshold
    reported = table["reported"].to_numpy(dtype=bool)
    assert reported.any() and not (reported <= by_rule).all()
    analyst = table["holder"].str.startswith("person:").to_numpy(dtype=bool)
    decided = by_rule | reported | analyst
    assert decided.any() and not decided.all()
    order = [list(model.classifier_.classes_).index(c) for c in model.classes_]
    everywhere = model.classifier_.predict_proba(table)[:, order]
    expected = np.where(decided[:, None], model.rules_.predict_proba(table), everywhere)
    assert np.array_equal(model.predict_proba(table), expected)


def test_an_analysts_words_take_a_position_only_by_a_rule(gazetteer):
    """An analyst describing others (a demo sentence) is read by the rules alone: the classifier, taught
    mostly on officials' words, took this description as the analyst's own position against Ukraine."""
    from stance import read_article
    from stance.features import candidate_table
    from stance.models import load_default_model

    text = (
        "Pengamat militer Kurniawan Hadi menilai langkah itu berisiko. “Serangan balik Ukraina membuat Moskow "
        "terdesak. Dengan aneksasi, setiap serangan Ukraina ke wilayah itu bisa dibingkai Kremlin sebagai "
        "serangan ke wilayah Rusia,” kata Kurniawan."
    )
    table = candidate_table(read_article(text), gazetteer)
    analyst = table["holder"].str.startswith("person:")
    assert analyst.any()
    model = load_default_model()
    proba = model.predict_proba(table[analyst])
    assert np.array_equal(proba, model.rules_.predict_proba(table[analyst]))
    assert (model.predict(table[analyst]) == "neutral").all()
