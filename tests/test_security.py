"""Determinism and safety: the same input gives the same bytes; model files that could run code or
were swapped are refused by name; scoring needs no network."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import socket
import zipfile

import pytest

from stance.cli import main
from stance.models import ModelError, card_path, load_model, save_model
from stance.scorers import RuleScorer

from .conftest import ROOT, SEED

TABLES = ("articles.csv", "sentences.csv", "evidence.csv", "article_stance.csv")


# --- determinism ----------------------------------------------------------------------------------
def test_scoring_the_demo_twice_gives_identical_bytes(tmp_path):
    inputs = [str(ROOT / "seeds"), str(ROOT / "data" / "demo")]
    for run in ("first", "second"):
        assert main(["score", *inputs, "--year", "2024", "--out", str(tmp_path / run), "-q"]) == 0
    for name in TABLES:
        first, second = (tmp_path / "first" / name).read_bytes(), (tmp_path / "second" / name).read_bytes()
        assert first == second, name
        assert len(first) > 1000, name
    manifests = [json.loads((tmp_path / run / "manifest.json").read_text()) for run in ("first", "second")]
    # the only field that differs from run to run is when it ran
    assert {key for key in manifests[0] if manifests[0][key] != manifests[1][key]} <= {"created"}
    assert set(manifests[0]) - {"created"} == {
        "command", "package_version", "python", "inputs", "counts", "parameters", "versions",
    }  # fmt: skip
    assert manifests[0]["counts"]["articles"] == 86


# --- model files ----------------------------------------------------------------------------------
class _Payload:
    """What a hostile pickle does when loaded: here, make a folder that the test looks for."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return os.mkdir, (self.marker,)


def _with_card(path, **card) -> None:
    card.setdefault("model_sha256", hashlib.sha256(path.read_bytes()).hexdigest())
    card_path(path).write_text(json.dumps(card))


@pytest.mark.parametrize("check_card", [True, False])
def test_a_pickle_is_refused_and_never_run(tmp_path, check_card):
    marker = tmp_path / "pwned"
    path = tmp_path / "model.skops"
    path.write_bytes(pickle.dumps(_Payload(str(marker))))
    _with_card(path)
    with pytest.raises(ModelError, match=r"model\.skops: not a skops model file .*pickles are refused"):
        load_model(path, check_card=check_card)
    assert not marker.exists()


def test_a_zip_that_is_not_a_skops_file_is_refused(tmp_path):
    path = tmp_path / "model.skops"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("schema.json", "{not json")
    _with_card(path)
    with pytest.raises(ModelError, match="not a skops model file"):
        load_model(path)


def test_a_file_changed_after_its_card_was_written_is_refused(tmp_path):
    path = save_model(RuleScorer(), tmp_path / "m.skops", {"task": "stance"})
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"m\.skops: sha256 does not match its model card m\.json"):
        load_model(path)


@pytest.mark.parametrize(
    "card, message",
    [
        (None, r"no model card m\.json beside it"),
        ("{broken", r"model card m\.json is not readable JSON"),
        ('["a list"]', r"sha256 does not match its model card"),
        ("{}", r"sha256 does not match its model card"),
    ],
)
def test_a_missing_or_broken_card_is_refused(tmp_path, card, message):
    path = save_model(RuleScorer(), tmp_path / "m.skops", {"task": "stance"})
    card_path(path).unlink()
    if card is not None:
        card_path(path).write_text(card)
    with pytest.raises(ModelError, match=message):
        load_model(path)


def test_the_command_line_refuses_unsafe_models_before_reading_anything(tmp_path, capsys):
    from sklearn.preprocessing import FunctionTransformer

    marker = tmp_path / "pwned"
    pickled = tmp_path / "pickled.skops"
    pickled.write_bytes(pickle.dumps(_Payload(str(marker))))
    _with_card(pickled)
    untrusted = save_model(FunctionTransformer(os.system), tmp_path / "untrusted.skops", {})
    swapped = save_model(RuleScorer(), tmp_path / "swapped.skops", {})
    _with_card(swapped, model_sha256="0" * 64)
    expected = {
        pickled: "pickled.skops: not a skops model file",
        untrusted: "untrusted.skops: refused untrusted types: ",
        swapped: "swapped.skops: sha256 does not match its model card swapped.json",
    }
    for model, message in expected.items():
        out = tmp_path / f"out_{model.stem}"
        assert main(["score", str(SEED), "--model", str(model), "--out", str(out), "-q"]) == 2
        err = capsys.readouterr().err
        assert message in err
        assert model != untrusted or "system" in err  # the refused function is named
        assert not out.exists()
    assert not marker.exists()


# --- no network -----------------------------------------------------------------------------------
def test_scoring_needs_no_network(tmp_path, monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network use is not allowed in this test")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    with pytest.raises(OSError, match="not allowed"):
        socket.create_connection(("example.org", 80))  # the block is in place
    attempts.clear()
    out = tmp_path / "out"
    assert main(["score", str(SEED), "--year", "2024", "--out", str(out), "-q"]) == 0
    assert attempts == []
    articles = (out / "articles.csv").read_text(encoding="utf-8").splitlines()
    assert len(articles) == 2 and ",ok," in articles[1]
    assert "vladimir_putin,united_states,against" in (out / "article_stance.csv").read_text(encoding="utf-8")
