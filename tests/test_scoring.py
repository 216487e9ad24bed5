"""Stance scoring end to end: the seed, the tables of SPEC §6, the commands, and the evaluation."""

import json

import pandas as pd
import pytest

from stance.cli import main
from stance.evaluate import evaluate
from stance.gold import load_gold
from stance.scoring import ARTICLE_COLUMNS, EVIDENCE_COLUMNS, score

from .conftest import ROOT, SEED

SEED_ID = "000_3ffcf151adeb4a7b"
SEED_PERSON = {
    ("vladimir_putin", "united_states"): "against",
    ("vladimir_putin", "ukraine"): "against",
    ("kim_jong_un", "ukraine"): "against",
    ("russia", "united_states"): "against",
}
SEED_COUNTRY = {
    ("russia", "united_states"): "against",
    ("russia", "ukraine"): "against",
    ("north_korea", "ukraine"): "against",
}


@pytest.fixture(scope="module")
def seed_scores():
    return {level: score([SEED.parent], year=2024, level=level) for level in ("person", "country")}


@pytest.mark.parametrize("level, expected", [("person", SEED_PERSON), ("country", SEED_COUNTRY)])
def test_seed_pairs_a_careful_reader_sees(seed_scores, level, expected):
    stances = seed_scores[level]["article_stance"]
    found = {(r.holder, r.target): r.stance for r in stances.itertuples() if r.stance != "neutral"}
    for pair, stance in expected.items():
        assert found.get(pair) == stance, (pair, found)
    # no pair with the wrong polarity: everything positioned in the seed is against
    assert set(found.values()) == {"against"}, found
    # and no pair the careful reader does not see (the seed's gold, optional pairs included): a name
    # inside Putin's quote ("kebijakan imperialis Amerika Serikat") holds nothing of its own
    gold = pd.read_csv(ROOT / "data" / "gold" / "demo.csv")
    seen = gold[(gold["article_id"] == SEED_ID) & (gold["level"] == level)]
    assert set(found) <= set(zip(seen["holder"], seen["target"], strict=True)), found


def test_seed_evidence_has_the_contract_columns(seed_scores):
    tables = seed_scores["person"]
    assert list(tables["evidence"].columns[: len(EVIDENCE_COLUMNS)]) == EVIDENCE_COLUMNS
    assert list(tables["articles"].columns) == ARTICLE_COLUMNS
    evidence = tables["evidence"]
    kim = evidence[(evidence["holder"] == "kim_jong_un") & (evidence["target"] == "ukraine")]
    assert "perang Putin melawan Ukraina" in kim["sentence"].iloc[0]
    putin = evidence[(evidence["holder"] == "vladimir_putin") & (evidence["target"] == "united_states")]
    putin = putin[putin["stance"] == "against"]
    assert putin["quoted"].any() and (putin["speaker"] == "vladimir_putin").all()
    assert evidence["score"].between(-1, 1).all() and evidence["confidence"].between(0, 1).all()
    assert tables["articles"].loc[0, "tone"] in ("positive", "negative", "neutral")


def test_country_level_drops_holders_who_represent_no_one(seed_scores):
    holders = set(seed_scores["country"]["evidence"]["holder"])
    assert not any(h.startswith("person:") for h in holders)
    assert "vladimir_putin" not in holders and "russia" in holders


def test_score_and_evaluate_commands(tmp_path, seed_text):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / f"{SEED_ID}.txt").write_text(seed_text, encoding="utf-8")
    (inputs / "more.jsonl").write_text(
        '{"id": "x1", "date": "2022-02-24", "text": "Rusia menyerang Ukraina pada Kamis (24/2)."}\n{"id": "x2", "text": " "}\n'
    )
    out = tmp_path / "out"
    assert main(["score", str(inputs), "--out", str(out), "--year", "2024", "-q"]) == 0
    for name in ("articles.csv", "evidence.csv", "article_stance.csv", "sentences.csv", "manifest.json"):
        assert (out / name).is_file(), name
    articles = pd.read_csv(out / "articles.csv")
    assert list(articles["article_id"]) == [SEED_ID, "x1", "x2"]  # every input accounted for
    assert list(articles["status"]) == ["ok", "ok", "skipped"]
    stances = pd.read_csv(out / "article_stance.csv")
    assert ((stances["article_id"] == "x1") & (stances["holder"] == "russia") & (stances["stance"] == "against")).any()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["articles"] == 3 and manifest["versions"]["model_sha256"]
    assert main(["evaluate", "--gold", str(ROOT / "data" / "gold" / "demo.csv"), "--pred", str(out), "-q"]) == 0
    scores = pd.read_csv(out / "evaluation" / "scores_country.csv")
    assert {"f_avg", "favor_f1", "against_f1"} <= set(scores.columns)


def test_unknown_target_is_a_clear_error(tmp_path, capsys):
    assert main(["score", str(SEED.parent), "--out", str(tmp_path), "--targets", "atlantis"]) == 2
    assert "atlantis" in capsys.readouterr().err


def test_evaluation_counts_optional_pairs_neither_way(gazetteer):
    gold = load_gold(ROOT / "data" / "gold" / "demo.csv", gazetteer)
    seed_gold = gold[gold["article_id"] == SEED_ID]
    person = seed_gold[seed_gold["level"] == "person"]
    perfect = person.assign(score=-1.0)
    result = evaluate(person, perfect, articles={SEED_ID}).iloc[0]
    assert result["against_p"] == result["against_r"] == 1.0
    # predicting the optional pair as neutral is no miss
    required_only = perfect[~perfect["optional"]]
    assert evaluate(person, required_only, articles={SEED_ID}).iloc[0]["against_r"] == 1.0
    # a pair the gold does not list is a false alarm
    extra = pd.concat([required_only, pd.DataFrame([{**required_only.iloc[0].to_dict(), "holder": "china"}])])
    assert evaluate(person, extra, articles={SEED_ID}).iloc[0]["against_p"] < 1.0
