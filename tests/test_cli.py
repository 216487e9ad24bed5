"""The `stance extract` command writes the tables and a manifest that accounts for every input."""

import json

import pandas as pd

from stance.cli import main


def test_extract_command(tmp_path, seed_text):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "000_3ffcf151adeb4a7b.txt").write_text(seed_text, encoding="utf-8")
    (inputs / "more.jsonl").write_text(
        '{"id": "x1", "date": "2022-02-24", "text": "Rusia menyerang Ukraina, kata Zelensky."}\n{"id": "x2", "text": ""}\n'
    )
    out = tmp_path / "out"
    assert main(["extract", str(inputs), "--out", str(out), "--year", "2024", "-q"]) == 0
    for name in (
        "articles.csv",
        "sentences.csv",
        "mentions.csv",
        "quotes.csv",
        "texts.jsonl",
        "manifest.json",
    ):
        assert (out / name).is_file()
    articles = pd.read_csv(out / "articles.csv")
    assert list(articles["article_id"]) == ["000_3ffcf151adeb4a7b", "x1", "x2"]
    assert list(articles["status"]) == ["ok", "ok", "skipped"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["articles"] == 3 and manifest["counts"]["skipped"] == 1
    assert len(manifest["inputs"]) == 2 and all(len(i["sha256"]) == 64 for i in manifest["inputs"])
    assert manifest["versions"]["gazetteer"]
    mentions = pd.read_csv(out / "mentions.csv")
    assert list(mentions.columns[:6]) == ["article_id", "sentence_idx", "entity", "surface", "start", "end"]


def test_bad_input_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "news.jsonl"
    bad.write_text("{not json}\n")
    assert main(["extract", str(bad), "--out", str(tmp_path / "out")]) == 2
    assert "news.jsonl:1: not valid JSON" in capsys.readouterr().err
