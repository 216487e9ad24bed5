"""Long articles and long runs of quotes are read and scored in time that grows with their length.

Each rule, the quote attribution and the sentence splitter once rescanned the whole article for each
candidate, quote or end mark: a 100 KB article took half a minute and a paragraph of 4,000 quotes
longer. These tests take seconds only while that stays fixed (they are not timed).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from stance import load_corpus, read_article, score

ROOT = Path(__file__).resolve().parents[1]
LONG_CHARS = 100_000


@pytest.fixture(scope="module")
def long_text() -> str:
    """The demo articles one after another, as one article of about 100 KB."""
    texts = []
    for path in sorted((ROOT / "data" / "demo").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    parts, size = [], 0
    for text in texts * (LONG_CHARS // sum(map(len, texts)) + 1):
        parts.append(text)
        size += len(text) + 1
        if size >= LONG_CHARS:
            break
    return "\n".join(parts)


@pytest.fixture(scope="module")
def long_scored(long_text, tmp_path_factory, gazetteer) -> dict:
    path = tmp_path_factory.mktemp("long") / "long.jsonl"
    path.write_text(json.dumps({"id": "long", "date": "2024-06-01", "text": long_text}) + "\n", encoding="utf-8")
    return score(load_corpus([path]), gazetteer=gazetteer)


def test_long_article_scores(long_text, long_scored):
    articles, sentences, evidence = long_scored["articles"], long_scored["sentences"], long_scored["evidence"]
    assert len(long_text) >= LONG_CHARS
    assert articles["status"].tolist() == ["ok"]
    assert articles["n_sentences"].iat[0] == len(sentences) > 500
    assert set(evidence["target"]) == {"united_states", "ukraine", "china"}
    assert {"against", "favor"} <= set(evidence["stance"])
    assert evidence["sentence"].isin(sentences["text"]).all()
    assert set(long_scored["article_stance"]["holder"]) >= {"vladimir_putin", "russia", "china"}


@pytest.mark.parametrize(
    "run",
    [
        "“Kami siap,” kata Putin, ",  # one sentence of thousands of quotes and cues
        "“Kami siap,” kata dia. Analis Rina Dewi berbicara. ",  # thousands of pronoun speakers
        'Menurut Putin, "Rusia tidak takut", ',  # a source cue before each quote
    ],
)
def test_long_run_of_quotes(gazetteer, run):
    reading = read_article("Presiden Rusia Vladimir Putin berbicara. " + run * 3000, None, gazetteer)
    direct = Counter(q.speaker for q in reading.quotes if q.direct and q.status == "ok")
    if "Analis" in run:  # "dia" after the analyst is introduced is the analyst; the first one is Putin
        assert direct == Counter({"vladimir_putin": 1, "person:rina_dewi": 2999})
    else:
        assert direct == Counter({"vladimir_putin": 3000})
