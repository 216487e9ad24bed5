"""Our own data: the demo collection, gold labels and labelled sentences are valid and honest."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from stance import load_corpus, read_article
from stance.gold import TARGETS, country_level, load_gold

from .conftest import ROOT

DEMO = ROOT / "data" / "demo"
GOLD = ROOT / "data" / "gold"
LABELS = ROOT / "data" / "labels"
OUTLETS_MIN = 4


@pytest.fixture(scope="module")
def demo() -> pd.DataFrame:
    return load_corpus(DEMO)


@pytest.fixture(scope="module")
def stance_sentences() -> pd.DataFrame:
    return pd.read_csv(LABELS / "stance_sentences.csv", dtype=str, keep_default_na=False)


def test_demo_collection(demo):
    assert len(demo) >= 80
    assert (demo["status"] == "ok").all()
    assert demo["date"].notna().all()
    assert demo["date"].min() >= pd.Timestamp("2022-01-01")
    assert demo["date"].max() <= pd.Timestamp("2025-06-30")
    assert demo["article_id"].is_unique
    assert demo["source"].nunique() >= OUTLETS_MIN
    words = demo["text"].map(lambda t: len(re.findall(r"\w+", t)))
    assert words.min() >= 150 and words.max() <= 1200


def test_demo_is_in_date_order_within_each_part(demo):
    for _, part in demo.groupby(demo["input"].str.rsplit(":", n=1).str[0]):
        assert part["date"].is_monotonic_increasing


def test_demo_gold(gazetteer, demo):
    gold = load_gold(GOLD / "demo.csv", gazetteer)
    assert set(gold["article_id"]) <= set(demo["article_id"]) | {"000_3ffcf151adeb4a7b"}
    assert set(gold["target"]) <= set(TARGETS)
    assert {"person", "country"} == set(gold["level"])
    person = gold[gold["level"] == "person"]
    derived = country_level(person, gazetteer)
    key = ["article_id", "holder", "target", "stance", "optional"]
    stored = gold[gold["level"] == "country"]
    pd.testing.assert_frame_equal(
        stored[key].sort_values(key).reset_index(drop=True), derived[key].sort_values(key).reset_index(drop=True)
    )
    dates = dict(zip(demo["article_id"], demo["date"].dt.strftime("%Y-%m-%d"), strict=True))
    for row in gold.itertuples():
        if row.article_id in dates:
            assert row.date == dates[row.article_id]


@pytest.mark.parametrize("name", ["demo", "realnews_dev"])
def test_gold_is_the_adjudicated_merge_of_two_annotators(name, gazetteer):
    """The person-level gold is exactly what the two independent annotations and the adjudication give."""
    from stance.gold import merge_annotations

    def read(part):
        return pd.read_csv(GOLD / "annotations" / f"{name}_{part}.csv", dtype=str, keep_default_na=False)

    merged = merge_annotations(read("annotator_a"), read("annotator_b"), read("adjudicated"))
    gold = load_gold(GOLD / f"{name}.csv", gazetteer)
    person = gold[gold["level"] == "person"]
    key = ["article_id", "holder", "target", "stance", "optional"]
    pd.testing.assert_frame_equal(
        person[key].sort_values(key).reset_index(drop=True),
        merged.assign(optional=merged["optional"].astype(bool))[key].sort_values(key).reset_index(drop=True),
    )


@pytest.mark.parametrize(("name", "floor"), [("demo", 0.85), ("realnews_dev", 0.85)])
def test_annotators_agree_on_firm_pairs(name, floor, gazetteer):
    """Two annotators who read the same articles independently agree on the pairs neither found
    borderline: the gold measures something people see alike (README: agreement figures)."""
    from stance.gold import agreement

    def read(part):
        frame = pd.read_csv(GOLD / "annotations" / f"{name}_{part}.csv", dtype=str, keep_default_na=False)
        return frame.assign(optional=frame["optional"] == "1")

    result = agreement(read("annotator_a"), read("annotator_b")).set_index("target")
    assert result.loc["all", "f_avg"] >= floor
    assert result.loc["all", "kappa"] > 0.6


def test_seed_gold_has_what_a_careful_reader_sees(gazetteer):
    gold = load_gold(GOLD / "demo.csv", gazetteer)
    seed = gold[(gold["article_id"] == "000_3ffcf151adeb4a7b") & ~gold["optional"]]
    pairs = {(r.level, r.holder, r.target, r.stance) for r in seed.itertuples()}
    assert {
        ("person", "vladimir_putin", "united_states", "against"),
        ("person", "vladimir_putin", "ukraine", "against"),
        ("person", "kim_jong_un", "ukraine", "against"),
        ("person", "russia", "united_states", "against"),
        ("country", "russia", "united_states", "against"),
        ("country", "russia", "ukraine", "against"),
        ("country", "north_korea", "ukraine", "against"),
    } <= pairs


def test_realnews_gold(gazetteer, realnews_records):
    articles = pd.read_csv(GOLD / "realnews_dev_articles.csv", dtype=str, keep_default_na=False)
    gold = load_gold(GOLD / "realnews_dev.csv", gazetteer)
    ids = {r["id"] for r in realnews_records}
    assert len(articles) >= 40
    assert set(articles["article_id"]) <= ids
    assert set(gold["article_id"]) <= set(articles["article_id"])
    assert set(gold["target"]) <= set(TARGETS)


def test_stance_sentences(stance_sentences, gazetteer):
    frame = stance_sentences
    assert list(frame.columns) == ["text", "holder", "target", "stance", "group"]
    assert len(frame) >= 1500
    shares = frame["stance"].value_counts(normalize=True)
    assert set(shares.index) == {"favor", "against", "neutral"}
    assert shares.min() >= 0.20
    assert frame["text"].str.len().min() > 20
    assert not frame.duplicated(["text", "holder", "target"]).any()
    for col in ("holder", "target"):
        ids = set(frame[col])
        assert all(i.startswith("person:") or i in gazetteer for i in ids), ids - set(gazetteer.entities["id"])


def test_stance_sentences_name_their_holder_and_target(stance_sentences):
    """Each row's holder and target are named in its text (as the reading layer finds them)."""
    missing = []
    for text, group in stance_sentences.groupby("text", sort=False):
        found = {m.entity for m in read_article(text, None).mentions}
        for row in group.itertuples():
            for entity in (row.holder, row.target):
                if entity.startswith("person:"):
                    name = entity.split(":", 1)[1].split("_")
                    ok = all(part in text.lower() for part in name)
                else:
                    ok = entity in found
                if not ok:
                    missing.append((entity, text))
    assert len(missing) <= 0.02 * len(stance_sentences), missing[:20]


def test_no_demo_sentence_is_in_the_training_sentences(stance_sentences, demo):
    """The leakage check: scores on the demo gold are honest only if no demo sentence was trained on."""

    def norm(s: str) -> str:
        return " ".join(re.findall(r"\w+", s.lower()))

    demo_sentences = set()
    for text in demo["text"]:
        reading = read_article(text)
        demo_sentences |= {norm(reading.text[s:e]) for s, e in reading.sentences}
    training = {norm(t) for t in stance_sentences["text"]}
    sentiment = pd.read_csv(LABELS / "sentiment_sentences.csv", dtype=str)
    training |= {norm(t) for t in sentiment["text"]}
    assert not (demo_sentences & training)


def test_sentiment_sentences():
    frame = pd.read_csv(LABELS / "sentiment_sentences.csv", dtype=str, keep_default_na=False)
    assert list(frame.columns[:2]) == ["text", "label"]
    assert len(frame) >= 1000
    assert set(frame["label"]) == {"positive", "negative", "neutral"}
    assert frame["label"].value_counts(normalize=True).min() >= 0.2


def test_realnews_text_is_not_copied_into_the_project(realnews_records):
    """Only ids and labels of the real articles live here: no sentence of theirs is in our files."""
    own = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "data").rglob("*") if p.is_file())
    for record in realnews_records[:: max(1, len(realnews_records) // 60)]:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", record["text"]) if len(s) > 80]
        for sentence in sentences[:3]:
            assert sentence not in own, sentence


def test_demo_records_have_the_documented_keys():
    for path in DEMO.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert set(json.loads(line)) == {"id", "date", "source", "title", "url", "text"}


def _norm_sentences(corpus: pd.DataFrame) -> set[str]:
    out = set()
    for text in corpus["text"]:
        reading = read_article(text)
        out |= {" ".join(re.findall(r"\w+", reading.text[s:e].lower())) for s, e in reading.sentences}
    return {s for s in out if len(s.split()) >= 6}


def test_training_articles_are_not_the_demo(demo):
    """Articles written for training share no sentence with the demo collection, which stays unseen."""
    train = load_corpus(ROOT / "data" / "train")
    assert (train["status"] == "ok").all() and train["article_id"].is_unique
    assert not set(train["article_id"]) & set(demo["article_id"])
    assert not (_norm_sentences(train) & _norm_sentences(demo))


def test_context_labels_refer_to_training_articles():
    from stance.annotate import load_context_labels

    train_ids = set(load_corpus(ROOT / "data" / "train")["article_id"])
    files = sorted((LABELS / "context").glob("*.csv"))
    assert files
    for path in files:
        labels = load_context_labels(path)
        assert set(labels["article_id"]) <= train_ids, path
