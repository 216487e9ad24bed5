"""The compiled form of the shipped models: the same probabilities as the scikit-learn models, bit for
bit, loaded without scikit-learn or skops, and refused when it does not match its card."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from stance import load_corpus
from stance.compiled import CompiledStanceScorer, CompiledToneModel
from stance.models import ModelError, card_path, compiled_path, default_model_dir, load_model, save_model
from stance.scorers import RuleScorer
from stance.scoring import candidates_for_corpus

from .conftest import ROOT


@pytest.fixture(scope="module")
def demo_tables(gazetteer):
    corpus = load_corpus([ROOT / "seeds", ROOT / "data" / "demo"], year=2024)
    candidates, _, sentences = candidates_for_corpus(corpus, gazetteer)
    return candidates, sentences


@pytest.mark.parametrize("name", ["stance", "tone"])
def test_the_compiled_model_gives_the_models_own_probabilities(demo_tables, name):
    candidates, sentences = demo_tables
    path = default_model_dir() / f"{name}.skops"
    compiled, estimator = load_model(path), load_model(path, compiled=False)
    assert isinstance(compiled, CompiledStanceScorer if name == "stance" else CompiledToneModel)
    X = candidates if name == "stance" else sentences["text"]
    assert np.array_equal(compiled.predict_proba(X), estimator.predict_proba(X))
    assert list(compiled.classes_) == list(estimator.classes_)
    if name == "stance":  # the parts the evaluation compares too
        undecided = candidates[candidates["rule_score"].abs() < 0.3]
        assert np.array_equal(
            compiled.classifier_.predict_proba(undecided), estimator.classifier_.predict_proba(undecided)
        )
        assert (compiled.predict(candidates) == estimator.predict(candidates)).all()
    else:
        assert np.array_equal(compiled.score_texts(X), estimator.score_texts(X))


def test_loading_the_shipped_models_imports_neither_scikit_learn_nor_skops():
    code = (
        "import sys, stance; from stance.models import load_default_model, load_default_tone_model; "
        "load_default_model(); load_default_tone_model(); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'skops', 'pandas'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_compiled_file_that_does_not_match_its_card_is_refused(tmp_path):
    for suffix in (".skops", ".json", ".npz"):
        (tmp_path / f"stance{suffix}").write_bytes((default_model_dir() / f"stance{suffix}").read_bytes())
    path = tmp_path / "stance.skops"
    assert isinstance(load_model(path), CompiledStanceScorer)
    data = bytearray(compiled_path(path).read_bytes())
    data[len(data) // 2] ^= 0xFF
    compiled_path(path).write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"stance\.npz: sha256 does not match its model card stance\.json"):
        load_model(path)
    compiled_path(path).unlink()  # without it, the skops file (the model of record) is used
    assert not isinstance(load_model(path), CompiledStanceScorer)


def test_a_compiled_file_from_another_model_is_refused(tmp_path):
    for suffix in (".skops", ".json"):
        (tmp_path / f"stance{suffix}").write_bytes((default_model_dir() / f"stance{suffix}").read_bytes())
    (tmp_path / "stance.npz").write_bytes((default_model_dir() / "tone.npz").read_bytes())
    card = json.loads(card_path(tmp_path / "stance.skops").read_text())
    card["compiled_sha256"] = json.loads((default_model_dir() / "tone.json").read_text())["compiled_sha256"]
    card_path(tmp_path / "stance.skops").write_text(json.dumps(card))
    with pytest.raises(ModelError, match="compiled from another model"):
        load_model(tmp_path / "stance.skops")


def test_a_model_of_another_shape_is_saved_without_a_compiled_form(tmp_path):
    path = save_model(RuleScorer().fit(pd.DataFrame({"rule_score": [0.0]})), tmp_path / "m.skops", {})
    assert not compiled_path(path).exists() and "compiled_file" not in json.loads(card_path(path).read_text())
    assert isinstance(load_model(path), RuleScorer)
