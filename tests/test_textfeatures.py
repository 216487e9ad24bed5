"""The faster prediction through text pipelines gives the fitted model's own numbers, bit for bit."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from stance import textfeatures
from stance.models import load_default_tone_model
from stance.sentiment import ToneClassifier

ROOT = Path(__file__).resolve().parents[1]
# White space of every kind, capitals that lower-case to two characters, a one-letter word, an empty text.
ODD = ["", "   ", "a", "Ab  cD\u00a0\u00a0e\tf\n\ng", "İstanbul ÉCOLE ß ﬁ", "AS-China: “tarif”, 145%!"]


@pytest.fixture(scope="module")
def demo_sentences(gazetteer) -> list[str]:
    from stance import read_article

    texts = []
    for path in sorted((ROOT / "data" / "demo").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    sentences = []
    for text in texts[:30]:
        reading = read_article(text, None, gazetteer)
        sentences += [reading.text[s:e] for s, e in reading.sentences]
    return sentences + ODD


def test_shipped_tone_model_same_probabilities(demo_sentences):
    model = load_default_tone_model().model_
    expected = model.predict_proba(demo_sentences)
    assert np.array_equal(textfeatures.predict_proba(model, demo_sentences), expected)
    assert textfeatures._split(model) is not None  # the fast path was taken


@pytest.mark.parametrize("ngram_range", [(3, 5), (1, 2), (2, 6)])
def test_char_wb_counts_are_the_vectorizers(demo_sentences, ngram_range):
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=ngram_range, min_df=2).fit(demo_sentences[:200])
    expected = CountVectorizer.transform(vectorizer, demo_sentences)
    counts = textfeatures.char_wb_counts(vectorizer, demo_sentences)
    assert counts.has_sorted_indices
    assert counts.dtype == expected.dtype
    assert np.array_equal(counts.indptr, expected.indptr)
    assert np.array_equal(counts.indices, expected.indices)
    assert np.array_equal(counts.data, expected.data)


def test_uncalibrated_tone_model_same_probabilities(demo_sentences):
    labels = np.array(["negative", "neutral", "positive"] * (len(demo_sentences) // 3 + 1))[: len(demo_sentences)]
    model = ToneClassifier(calibration_folds=0).fit(demo_sentences, labels)
    assert isinstance(model.model_, Pipeline)
    assert np.array_equal(model.predict_proba(demo_sentences), model.model_.predict_proba(demo_sentences))


def test_other_pipelines_are_asked_as_they_are(demo_sentences):
    labels = np.array(["a", "b"] * (len(demo_sentences) // 2 + 1))[: len(demo_sentences)]
    words = Pipeline([("words", TfidfVectorizer()), ("model", LogisticRegression())]).fit(demo_sentences, labels)
    assert textfeatures._split(words) is None
    assert np.array_equal(textfeatures.predict_proba(words, demo_sentences), words.predict_proba(demo_sentences))
