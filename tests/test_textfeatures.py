"""The faster prediction through text pipelines gives the fitted models' own numbers, bit for bit."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import CountVectorizer, HashingVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from stance import counting, textfeatures
from stance.features import candidate_table
from stance.models import default_model_dir, load_model
from stance.sentiment import ToneClassifier

ROOT = Path(__file__).resolve().parents[1]
# White space of every kind, capitals that lower-case to two characters, a one-letter word, an empty text,
# a NUL (what the counters put between texts).
ODD = ["", "   ", "a", "Ab  cD\u00a0\u00a0e\tf\n\ng", "İstanbul ÉCOLE ß ﬁ", "AS-China: “tarif”, 145%!", "a\x00b c"]


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
    model = load_model(default_model_dir() / "tone.skops", compiled=False).model_
    expected = model.predict_proba(demo_sentences)
    assert np.array_equal(textfeatures.predict_proba(model, demo_sentences), expected)
    assert textfeatures._faster(model) is not None  # the fast path was taken


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
    assert textfeatures._faster(words) is not None  # a vectorizer as the first step is counted faster too
    assert np.array_equal(textfeatures.predict_proba(words, demo_sentences), words.predict_proba(demo_sentences))
    hashed = Pipeline([("words", HashingVectorizer()), ("model", LogisticRegression())]).fit(demo_sentences, labels)
    assert textfeatures._faster(hashed) is None
    assert np.array_equal(textfeatures.predict_proba(hashed, demo_sentences), hashed.predict_proba(demo_sentences))
    own = TfidfVectorizer(analyzer=str.split, min_df=2)  # an analyzer of the user's own: counted by it
    union = Pipeline([("features", FeatureUnion([("own", own)])), ("model", LogisticRegression())])
    union.fit(demo_sentences, labels)
    assert textfeatures._faster(union) is None
    assert np.array_equal(textfeatures.predict_proba(union, demo_sentences), union.predict_proba(demo_sentences))


@pytest.fixture(scope="module")
def demo_candidates(gazetteer) -> pd.DataFrame:
    from stance import read_article

    tables = []
    for path in sorted((ROOT / "data" / "demo").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines()[:40]:
            if line.strip():
                tables.append(candidate_table(read_article(json.loads(line)["text"], None, gazetteer), gazetteer))
    return pd.concat(tables, ignore_index=True)


def test_shipped_stance_classifier_same_probabilities(demo_candidates):
    classifier = load_model(default_model_dir() / "stance.skops", compiled=False).classifier_
    assert len(demo_candidates) > 500
    expected = classifier.model_.predict_proba(demo_candidates)
    assert np.array_equal(classifier.predict_proba(demo_candidates), expected)
    assert textfeatures._faster(classifier.model_) is not None  # the fast path was taken


# Masked contexts as the classifier sees them, and texts the white-space shortcut must hand to the pattern.
MASKED = ["HOLDER mengecam TARGET", "ENT  dan TARGET\tbersama", "snake_case kata", "a-b c", "x", "", "1,5 juta"]


@pytest.mark.parametrize(
    "settings",
    [
        {"ngram_range": (1, 2), "token_pattern": r"(?u)\b\w+\b", "lowercase": False},  # the stance classifier's
        {"ngram_range": (1, 2)},  # the tone model's words: the default pattern, lower-cased
        {"ngram_range": (1, 1), "token_pattern": r"\w+"},
        {"ngram_range": (2, 2), "token_pattern": r"\b\w\w+\b", "lowercase": False},
        {"ngram_range": (2, 3), "token_pattern": r"(?u)\b\w+\b", "lowercase": False},
        {"ngram_range": (1, 3), "stop_words": ["dan", "di", "yang"], "strip_accents": "unicode"},
        {"ngram_range": (1, 2), "stop_words": ["dan", "di", "yang"]},
        {"ngram_range": (1, 2), "tokenizer": str.split, "token_pattern": None},
    ],
)
def test_word_counts_are_the_vectorizers(demo_sentences, demo_candidates, settings):
    texts = demo_sentences + list(demo_candidates["masked"][:300]) + MASKED
    vectorizer = TfidfVectorizer(min_df=2, **settings).fit(texts[::2])
    expected = CountVectorizer.transform(vectorizer, texts)
    counts = textfeatures.word_counts(vectorizer, pd.Series(texts))
    batch = counting._batch_tokens(vectorizer, [t for t in texts if "\x00" not in t])  # a NUL: text by text
    simple = settings["ngram_range"][1] <= 2 and not {"tokenizer", "stop_words"} & set(settings)
    assert (batch is not None) == simple  # texts tokenised as one batch when the vectorizer allows
    assert counts.has_sorted_indices
    assert counts.dtype == expected.dtype
    assert counts.indices.dtype == expected.indices.dtype
    assert np.array_equal(counts.indptr, expected.indptr)
    assert np.array_equal(counts.indices, expected.indices)
    assert np.array_equal(counts.data, expected.data)


# Texts of words and white space only, which `word_counts` tokenises as one batch, and two it must not.
WORDS_ONLY = ["", "  ", "x", "ENT ENT TARGET", "a\tb\n c", "\u0661\u0662 \u00df\u00e9", "HOLDER  mengecam"]


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2), (2, 2), (2, 3), (1, 4)])
def test_word_counts_of_a_batch_are_the_vectorizers(demo_candidates, ngram_range):
    texts = list(demo_candidates["masked"][:300]) + WORDS_ONLY
    vectorizer = TfidfVectorizer(ngram_range=ngram_range, token_pattern=r"(?u)\b\w+\b", lowercase=False)
    vectorizer.fit(texts[::2])
    batch = counting._batch_tokens(vectorizer, texts)
    assert (batch is not None) == (ngram_range[1] <= 2)  # the batch path is taken for unigrams and bigrams
    for batch in (texts, [*texts, "tab\x00NUL"], ["ENT"], [""]):  # the last three: one text, or not words only
        expected = CountVectorizer.transform(vectorizer, batch)
        counts = textfeatures.word_counts(vectorizer, batch)
        assert np.array_equal(counts.indptr, expected.indptr)
        assert np.array_equal(counts.indices, expected.indices)
        assert np.array_equal(counts.data, expected.data)


def test_column_transformer_of_words_same_probabilities(demo_candidates):
    frame = demo_candidates.head(400)
    labels = np.array(["a", "b", "c"] * (len(frame) // 3 + 1))[: len(frame)]
    features = ColumnTransformer(
        [("masked", TfidfVectorizer(min_df=2, ngram_range=(1, 3)), "masked"),
         ("between", CountVectorizer(), "between")],
        transformer_weights={"masked": 3.0},
    )  # fmt: skip
    model = Pipeline([("features", features), ("model", LogisticRegression())]).fit(frame, labels)
    assert textfeatures._faster(model) is not None
    assert np.array_equal(textfeatures.predict_proba(model, frame), model.predict_proba(frame))


def test_word_counts_of_a_batch_without_bigrams_in_the_vocabulary():
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, token_pattern=r"(?u)\b\w+\b", lowercase=False)
    vectorizer.fit(["a b", "c d", "a", "c"])  # every bigram is pruned
    texts = ["a b c d", "d c b a", "a a", "x"]
    assert counting._batch_tokens(vectorizer, texts) is not None
    expected = CountVectorizer.transform(vectorizer, texts)
    counts = textfeatures.word_counts(vectorizer, texts)
    assert np.array_equal(counts.indptr, expected.indptr)
    assert np.array_equal(counts.indices, expected.indices)
    assert np.array_equal(counts.data, expected.data)
