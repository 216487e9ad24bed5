"""Loading collections: every format, several inputs at once, errors that name the file and line."""

import json

import pandas as pd
import pytest

from stance import CorpusError, load_corpus
from stance.corpus import CORPUS_COLUMNS


def write_jsonl(path, rows):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")


def test_every_format_at_once(tmp_path, seed_text):
    folder = tmp_path / "txt"
    folder.mkdir()
    (folder / "000_seed.txt").write_text(seed_text, encoding="utf-8")
    write_jsonl(tmp_path / "a.jsonl", [{"id": "j1", "date": "2024-06-19", "text": "Putin tiba.", "extra": 7}])
    (tmp_path / "b.json").write_text(json.dumps([{"id": "js1", "text": "Kim tiba."}]), encoding="utf-8")
    pd.DataFrame({"id": ["c1"], "title": ["T"], "text": ["Xi tiba."]}).to_csv(tmp_path / "c.csv", index=False)
    pd.DataFrame({"text": ["Biden tiba."], "date": ["2022-01-05"]}).to_parquet(tmp_path / "d.parquet")
    corpus = load_corpus(
        [folder, tmp_path / "a.jsonl", tmp_path / "b.json", tmp_path / "c.csv", tmp_path / "d.parquet"]
    )
    assert list(corpus.columns[: len(CORPUS_COLUMNS)]) == CORPUS_COLUMNS
    assert list(corpus["article_id"]) == ["000_seed", "j1", "js1", "c1", "d:1"]
    assert corpus.loc[1, "extra"] == 7
    assert corpus.loc[3, "title"] == "T"
    assert (corpus["status"] == "ok").all()


def test_seed_date_from_dateline_with_year(tmp_path, seed_text):
    (tmp_path / "seed.txt").write_text(seed_text, encoding="utf-8")
    with_year = load_corpus(tmp_path, year=2024)
    assert with_year.loc[0, "date"] == pd.Timestamp("2024-06-19")
    assert with_year.loc[0, "date_source"] == "dateline"
    without = load_corpus(tmp_path)
    assert pd.isna(without.loc[0, "date"])
    assert "no year" in without.loc[0, "reason"]


def test_bad_json_line_names_file_and_line(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text('{"id": "a", "text": "Satu."}\n{"id": "b", "text": \n{"id": "c", "text": "Tiga."}\n')
    with pytest.raises(CorpusError, match=r"news\.jsonl:2: not valid JSON"):
        load_corpus(path)
    skipped = load_corpus(path, on_error="skip")
    assert list(skipped["status"]) == ["ok", "skipped", "ok"]
    assert "not valid JSON" in skipped.loc[1, "reason"]
    assert skipped.loc[1, "input"].endswith("news.jsonl:2")


def test_csv_without_text_column(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("id,body\n1,Satu.\n")
    with pytest.raises(CorpusError, match=r"news\.csv:1: no 'text' column"):
        load_corpus(path)
    skipped = load_corpus(path, on_error="skip")
    assert len(skipped) == 1 and skipped.loc[0, "status"] == "skipped"


def test_json_that_is_not_a_list(tmp_path):
    path = tmp_path / "news.json"
    path.write_text('{"text": "Satu."}')
    with pytest.raises(CorpusError, match="expected a JSON list"):
        load_corpus(path)


def test_empty_and_missing_text_are_recorded_skips(tmp_path):
    path = tmp_path / "news.jsonl"
    write_jsonl(path, [{"id": "a", "text": "  "}, {"id": "b"}, {"id": "c", "text": "Ada."}])
    corpus = load_corpus(path)
    assert list(corpus["status"]) == ["skipped", "skipped", "ok"]
    assert list(corpus["reason"][:2]) == ["empty text", "no text"]


def test_duplicate_ids(tmp_path):
    path = tmp_path / "news.jsonl"
    write_jsonl(path, [{"id": "a", "text": "Satu."}, {"id": "a", "text": "Dua."}])
    with pytest.raises(CorpusError, match=r"news\.jsonl:2: duplicate id 'a' \(first at .*news\.jsonl:1\)"):
        load_corpus(path)
    skipped = load_corpus(path, on_error="skip")
    assert list(skipped["status"]) == ["ok", "skipped"]


def test_not_utf8_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Kata Jos\xe9 tiba.\n".encode("latin-1"))
    with pytest.raises(CorpusError, match=r"latin\.txt:1: not valid UTF-8"):
        load_corpus(path)


def test_utf8_bom_and_utf16_are_read(tmp_path):
    (tmp_path / "bom.txt").write_bytes("Putin tiba.".encode("utf-8-sig"))
    (tmp_path / "wide.txt").write_bytes("Kim tiba.".encode("utf-16"))
    corpus = load_corpus(tmp_path)
    assert sorted(corpus["text"]) == ["Kim tiba.", "Putin tiba."]


def test_missing_path(tmp_path):
    with pytest.raises(CorpusError, match="no such file"):
        load_corpus(tmp_path / "nope.jsonl")


def test_all_realnews_load(realnews_path, realnews_records):
    corpus = load_corpus(realnews_path)
    assert len(corpus) == len(realnews_records) == 219
    assert (corpus["status"] == "ok").all()
    assert corpus["date"].notna().all()
    assert list(corpus["article_id"]) == [r["id"] for r in realnews_records]
