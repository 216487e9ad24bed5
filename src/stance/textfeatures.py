"""Faster prediction through fitted text pipelines: the same features as scikit-learn's, built quicker.

Scoring spends a fifth of its time in the tone model's character n-grams: for every word of every
sentence, scikit-learn's ``char_wb`` analyzer slices the word into 3- to 5-grams and looks each one up
in the vocabulary, in Python. A word's n-grams depend on the word alone, so here they are looked up
once per distinct word of the batch and added up per text. The counts are the same integers, and the
TF-IDF weighting, the other features and the model are the fitted objects' own, so the probabilities
are bit for bit those of ``model.predict_proba`` (``tests/test_textfeatures.py`` holds them to it).
Pipelines of another shape are predicted as they are.
"""

from __future__ import annotations

import copy
import re

import numpy as np
import scipy.sparse as sp
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline

__all__ = ["char_wb_counts", "predict_proba"]

# scikit-learn's char_wb analyzer turns runs of white space into one space before splitting on it.
_WHITE_SPACES = re.compile(r"\s\s+")


def _word_grams(word: str, low: int, high: int) -> list[str]:
    """The char_wb n-grams of one word: the word padded with a space on each side, cut into n-grams
    for n in low..high; a padded word no longer than n is one n-gram, and longer n are skipped."""
    padded = f" {word} "
    grams = []
    for n in range(low, high + 1):
        if len(padded) <= n:
            grams.append(padded)
            break
        grams += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return grams


def char_wb_counts(vectorizer: TfidfVectorizer, texts: list[str]):
    """The term counts a fitted ``analyzer="char_wb"`` vectorizer would count in `texts` (its
    `CountVectorizer` step): a CSR matrix, one row a text, with sorted column indices.

    A text's counts are the sum of its words' n-gram counts: (texts x distinct words) times (distinct
    words x n-grams), in integers. Each distinct word of the batch is cut and looked up once, so what
    is kept lives as long as the call and holds at most the batch's distinct words.
    """
    preprocess = vectorizer.build_preprocessor()
    vocabulary = vectorizer.vocabulary_
    low, high = vectorizer.ngram_range
    word_ids: dict[str, int] = {}
    text_words: list[int] = []
    text_ptr = [0]
    for text in texts:
        for word in _WHITE_SPACES.sub(" ", preprocess(vectorizer.decode(text))).split():
            text_words.append(word_ids.setdefault(word, len(word_ids)))
        text_ptr.append(len(text_words))
    gram_columns: list[int] = []
    word_ptr = [0]
    for word in word_ids:  # in id order
        gram_columns += [vocabulary[g] for g in _word_grams(word, low, high) if g in vocabulary]
        word_ptr.append(len(gram_columns))
    texts_words = _ones((len(texts), len(word_ids)), text_words, text_ptr)
    words_grams = _ones((len(word_ids), len(vocabulary)), gram_columns, word_ptr)
    counts = (texts_words @ words_grams).astype(vectorizer.dtype)
    counts.sort_indices()
    return counts


def _ones(shape: tuple[int, int], columns: list[int], ptr: list[int]):
    """A CSR count matrix from rows of column indices (a column listed twice in a row counts 2)."""
    index = np.int64 if max(len(columns), *shape) > np.iinfo(np.int32).max else np.int32  # as scikit-learn's
    matrix = sp.csr_array(
        (np.ones(len(columns), dtype=np.intc), np.asarray(columns, dtype=index), np.asarray(ptr, dtype=index)),
        shape=shape,
    )
    matrix.sum_duplicates()
    return matrix


def _fast_char_vectorizer(step) -> bool:
    """A fitted TF-IDF vectorizer whose counting `char_wb_counts` does the same way."""
    return (
        isinstance(step, TfidfVectorizer)
        and step.analyzer == "char_wb"
        and step.input == "content"
        and not step.binary
        and hasattr(step, "vocabulary_")
        and hasattr(step, "_tfidf")  # the fitted weighting its own transform applies
    )


def _union_transform(union: FeatureUnion, texts: list[str]):
    """`union.transform(texts)`, the char_wb vectorizers counting through `char_wb_counts`."""
    blocks = []
    for _, step in union.transformer_list:
        if _fast_char_vectorizer(step):
            blocks.append(step._tfidf.transform(char_wb_counts(step, texts), copy=False))
        else:
            blocks.append(step.transform(texts))
    return sp.hstack(blocks).tocsr()  # what FeatureUnion does with sparse blocks


def _split(model) -> tuple[FeatureUnion, object] | None:
    """The text features of `model` and the rest of it (reading those features), when `model` is a
    Pipeline or a one-fold calibrated Pipeline starting with a plain FeatureUnion of vectorizers that
    holds a char_wb one; else None."""
    if isinstance(model, CalibratedClassifierCV):
        if len(getattr(model, "calibrated_classifiers_", ())) != 1:
            return None
        inner = _split(model.calibrated_classifiers_[0].estimator)
        if inner is None:
            return None
        rest = copy.copy(model)
        calibrated = copy.copy(model.calibrated_classifiers_[0])
        calibrated.estimator = inner[1]
        rest.calibrated_classifiers_ = [calibrated]
        return inner[0], rest
    if not isinstance(model, Pipeline) or len(model.steps) < 2:
        return None
    union = model.steps[0][1]
    if (
        not isinstance(union, FeatureUnion)
        or union.transformer_weights is not None
        or not all(isinstance(step, TfidfVectorizer) for _, step in union.transformer_list)
        or not any(_fast_char_vectorizer(step) for _, step in union.transformer_list)
    ):
        return None
    return union, model[1:]


def predict_proba(model, texts: list[str]) -> np.ndarray:
    """`model.predict_proba(texts)` for a fitted text model, with its char_wb n-grams counted once
    per distinct word (the same probabilities, faster); any other model is asked as it is."""
    split = _split(model)
    if split is None:
        return model.predict_proba(texts)
    union, rest = split
    return rest.predict_proba(_union_transform(union, texts))
