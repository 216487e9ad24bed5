"""Chunked, parallel and Dask scoring give the very tables of scoring a collection in one piece."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pandas as pd
import pytest

from stance import load_corpus, score
from stance.corpus import CorpusError, iter_corpus
from stance.engine import PARTS_DIR, STATE_FILE, TABLES, RunSettings, count_records, score_collection
from stance.models import load_model, save_model
from stance.output import csv_text, write_tables

from .conftest import ROOT, SEED

SETTINGS = RunSettings(targets=("united_states", "ukraine", "china"), year=2024, on_error="skip")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """The seed, 28 demo articles, and a file with what a chunk boundary must not hide: a repeated id
    (of a demo article, read many chunks before), a line that is not JSON, an empty text."""
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "a_seed").mkdir()
    (folder / "a_seed" / SEED.name).write_bytes(SEED.read_bytes())
    demo = (ROOT / "data" / "demo" / "2022.jsonl").read_text(encoding="utf-8")
    (folder / "b_demo.jsonl").write_text(demo, encoding="utf-8")
    first = json.loads(demo.splitlines()[0])
    extra = [
        json.dumps({"id": "late-1", "date": "2024-06-20", "text": "Presiden Rusia Vladimir Putin mengecam AS."}),
        json.dumps({**first, "text": "Teks lain dengan id yang sama."}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "empty", "text": ""}),
        json.dumps({"id": "late-2", "text": "Kim Jong-un mendukung Rusia melawan Ukraina, kata kantor berita KCNA."}),
    ]
    (folder / "c_more.jsonl").write_text("\n".join(extra) + "\n", encoding="utf-8")
    return [folder / "a_seed", folder / "b_demo.jsonl", folder / "c_more.jsonl"]


@pytest.fixture(scope="module")
def one_piece(inputs, tmp_path_factory) -> dict[str, bytes]:
    """The tables of `stance.score` on the whole collection at once, as written by `write_tables`."""
    out = tmp_path_factory.mktemp("one_piece")
    tables = score(load_corpus(inputs, year=2024, on_error="skip"))
    write_tables(tables, out)
    return {name: (out / f"{name}.csv").read_bytes() for name in TABLES}


def _tables(out) -> dict[str, bytes]:
    return {name: (out / f"{name}.csv").read_bytes() for name in TABLES}


def test_the_collection_has_what_chunks_must_keep(one_piece):
    articles = pd.read_csv(pd.io.common.BytesIO(one_piece["articles"]), keep_default_na=False)
    assert len(articles) == 34 and articles["article_id"].iloc[0] == SEED.stem
    skipped = articles[articles["status"] == "skipped"]
    assert any(r.startswith("duplicate id") for r in skipped["reason"])
    assert any("not valid JSON" in r for r in skipped["reason"])
    evidence = pd.read_csv(pd.io.common.BytesIO(one_piece["evidence"]))
    # evidence follows the articles' input order (the seed first, the late articles last)
    order = {a: k for k, a in enumerate(articles["article_id"])}
    assert evidence["article_id"].map(order).is_monotonic_increasing
    assert "late-1" in set(evidence["article_id"])


def test_chunks_one_process_byte_identical(inputs, one_piece, tmp_path):
    result = score_collection(inputs, tmp_path, SETTINGS, chunk_size=4)
    assert _tables(tmp_path) == one_piece
    assert result["counts"]["articles"] == 34 and result["counts"]["skipped"] == 3
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["counts"] == result["counts"] and manifest["parameters"]["chunk_size"] == 4
    assert [i["sha256"] for i in manifest["inputs"]] == list(result["digests"].values())
    assert not (tmp_path / STATE_FILE).exists() and not (tmp_path / PARTS_DIR).exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary files left


def test_two_processes_byte_identical(inputs, one_piece, tmp_path):
    score_collection(inputs, tmp_path, SETTINGS, chunk_size=3, jobs=2)
    assert _tables(tmp_path) == one_piece


def test_dask_local_cluster_identical(inputs, one_piece, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        score_collection(inputs, tmp_path, SETTINGS, chunk_size=5, engine="dask", scheduler=cluster.scheduler_address)
    assert _tables(tmp_path) == one_piece


def test_parquet_tables_hold_the_same_rows(inputs, one_piece, tmp_path):
    score_collection(inputs, tmp_path, RunSettings(**{**SETTINGS.__dict__, "fmt": "parquet"}), chunk_size=10)
    for name in TABLES:
        folder = tmp_path / f"{name}.parquet"
        assert len(list(folder.glob("part-*.parquet"))) == 4  # one part per chunk of 10 (34 articles)
        assert csv_text(pd.read_parquet(folder)).encode() == one_piece[name]


def test_duplicate_ids_are_caught_across_chunks(tmp_path):
    path = tmp_path / "news.jsonl"
    rows = [{"id": f"a{k}", "text": f"Berita {k}."} for k in range(7)] + [{"id": "a1", "text": "Lagi."}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    chunks = list(iter_corpus(path, chunk_size=3, on_error="skip"))
    assert [len(c) for c in chunks] == [3, 3, 2]
    last = chunks[-1].iloc[-1]
    assert last["status"] == "skipped" and last["reason"].startswith("duplicate id 'a1' (first at")
    with pytest.raises(CorpusError, match=r"news\.jsonl:8: duplicate id 'a1'"):
        list(iter_corpus(path, chunk_size=3))
    pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), load_corpus(path, on_error="skip"))


def test_non_utf8_line_is_a_bad_record(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Satu."}\n{"id": "b", "text": "Jos\xe9"}\n{"id": "c", "text": "Tiga."}\n')
    with pytest.raises(CorpusError, match=r"news\.jsonl:2: not valid UTF-8"):
        load_corpus(path)
    assert list(load_corpus(path, on_error="skip")["status"]) == ["ok", "skipped", "ok"]


def test_parquet_is_read_in_batches_like_a_whole(tmp_path):
    frame = pd.DataFrame({"id": [f"p{k}" for k in range(2500)], "text": ["Putin tiba."] * 2500})
    frame.to_parquet(tmp_path / "big.parquet", row_group_size=700)
    chunks = list(iter_corpus(tmp_path / "big.parquet", chunk_size=1000))
    assert [len(c) for c in chunks] == [1000, 1000, 500]
    assert list(pd.concat(chunks)["article_id"]) == list(frame["id"])


def test_count_records(inputs, tmp_path):
    assert count_records([inputs[0] / SEED.name, inputs[1], inputs[2]]) == 1 + 28 + 5
    (tmp_path / "a.csv").write_text("text\nx\n")
    assert count_records([tmp_path / "a.csv"]) is None


def test_importing_stance_does_not_import_dask():
    code = (
        "import sys, stance, stance.cli, stance.engine; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_model_vocabularies_stored_as_arrays(tmp_path):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer().fit(["Rusia menyerang Ukraina", "Kim mendukung Rusia"])
    path = save_model(vectorizer, tmp_path / "v.skops", {"task": "test"})
    with zipfile.ZipFile(path) as archive:
        schema = json.loads(archive.read("schema.json"))
    assert schema["content"]["content"]["vocabulary_"]["__class__"] == "ndarray"  # one array, not a dict of nodes
    loaded = load_model(path)
    assert loaded.vocabulary_ == vectorizer.vocabulary_ and isinstance(loaded.vocabulary_, dict)
    assert (loaded.transform(["Rusia"]) != vectorizer.transform(["Rusia"])).nnz == 0
