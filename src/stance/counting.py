"""Term counts of fitted TF-IDF vocabularies, counted faster than scikit-learn's vectorizers do.

Scoring spent much of its time turning texts into TF-IDF counts in scikit-learn's vectorizers, which
walk every text in Python: for each one a chain of calls, a list of every n-gram string (most of them
not in the vocabulary) and a dictionary of counts. The counters here give the same integers in the
same sparse layout with less Python work:

- ``char_wb`` n-grams (the tone model): a word's n-grams depend on the word alone, so they are looked
  up once per distinct word of the batch and added up per text by a sparse product (`char_wb_counts`);
- word n-grams (the stance classifier's masked contexts, the tone model's words): the batch is
  tokenised at once, its texts joined by a separator no token holds, and its unigrams and bigrams
  are looked up as integers, a bigram as a pair of word numbers, with no string built per bigram
  (`word_counts`); texts that are only words and spaces are split on white space, which gives the
  same tokens as a ``\\w+`` token pattern without running the regular expression.

A "vectorizer" here is anything with a fitted vectorizer's attributes (`vocabulary_`, `ngram_range`,
`token_pattern`, `lowercase`, `build_preprocessor()` …): a scikit-learn `TfidfVectorizer`, or the
plain stand-in `stance.compiled` rebuilds from a compiled model file. This module does not import
scikit-learn, so scoring with a compiled model does not either.
"""

from __future__ import annotations

import re
from itertools import repeat
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import scipy.sparse as sp

from .tokens import lower

if TYPE_CHECKING:  # only named in annotations: any object with a fitted vectorizer's attributes will do
    from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = ["char_wb_counts", "word_counts"]

# Token patterns that find the maximal runs of word characters (\w: str.isalnum() or "_"). On a text
# of word characters and white space only, those runs are exactly the text's white-space-split parts.
_WORD_RUNS = {r"(?u)\b\w+\b", r"\b\w+\b", r"(?u)\w+", r"\w+"}
# What the counters put between texts when they split a batch at once: a token no \w+ run holds.
_SEPARATOR = "\x00"
# Token patterns of runs of word characters (of at least one or two), each with a pattern that finds
# the same tokens in texts joined by the separator, and the separators themselves.
_BATCH_PATTERNS = {
    **dict.fromkeys(_WORD_RUNS, re.compile(r"\x00|\w+")),
    **dict.fromkeys((r"(?u)\b\w\w+\b", r"\b\w\w+\b"), re.compile(r"\x00|\b\w\w+\b")),
}


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


def char_wb_counts(vectorizer: TfidfVectorizer, texts) -> sp.csr_array:
    """The term counts a fitted ``analyzer="char_wb"`` vectorizer would count in `texts` (its
    `CountVectorizer` step): a CSR matrix, one row a text, with sorted column indices.

    A text's counts are the sum of its words' n-gram counts: (texts x distinct words) times (distinct
    words x n-grams). Each distinct word of the batch is cut and looked up once, so what is kept lives
    as long as the call and holds at most the batch's distinct words. The texts are preprocessed one
    by one and split into words at once, joined by a separator that is then dropped (scikit-learn
    merges runs of white space before splitting on it, which splitting does anyway). The counts are
    whole numbers held in the vectorizer's float type, so every sum is exact.
    """
    texts = texts.tolist() if hasattr(texts, "tolist") else list(texts)
    preprocess = vectorizer.build_preprocessor()
    docs = [preprocess(text if type(text) is str else vectorizer.decode(text)) for text in texts]
    joined = f" {_SEPARATOR} ".join(docs)
    if joined.count(_SEPARATOR) != len(docs) - 1:  # a text holds the separator: split text by text
        words = [word for doc in docs for word in (_SEPARATOR, *doc.split())][1:]
    else:
        words = joined.split()
    word_ids = {word: n for n, word in enumerate(dict.fromkeys(words))}
    ids = np.fromiter(map(word_ids.__getitem__, words), dtype=np.int64, count=len(words))
    separator = ids == word_ids.get(_SEPARATOR, -1)
    rows = np.cumsum(separator)[~separator]
    text_ptr = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=len(texts)), out=text_ptr[1:])
    vocabulary = vectorizer.vocabulary_
    low, high = vectorizer.ngram_range
    gram_columns: list[int] = []
    word_ptr = [0]
    for word in word_ids:  # in id order (the separator's n-grams are cut too, and never used)
        gram_columns += [vocabulary[g] for g in _word_grams(word, low, high) if g in vocabulary]
        word_ptr.append(len(gram_columns))
    texts_words = _ones((len(texts), len(word_ids)), ids[~separator], text_ptr, vectorizer.dtype)
    words_grams = _ones((len(word_ids), len(vocabulary)), gram_columns, word_ptr, vectorizer.dtype)
    # The product is taken transposed, (n-grams x texts), and turned back by a conversion to columns: a
    # conversion lists each row's columns in order, a product does not, and sorting 5 million entries
    # (20,000 sentences) costs more than the conversion.
    counts = (words_grams.T.tocsr() @ texts_words.T.tocsr()).tocsc().T
    counts.sort_indices()  # in order already: only checked
    return counts


def _ones(shape: tuple[int, int], columns, ptr, dtype=np.intc):
    """A CSR count matrix from rows of column indices (a column listed twice in a row counts 2)."""
    index = np.int64 if max(len(columns), *shape) > np.iinfo(np.int32).max else np.int32  # as scikit-learn's
    matrix = sp.csr_array(
        (np.ones(len(columns), dtype=dtype), np.asarray(columns, dtype=index), np.asarray(ptr, dtype=index)),
        shape=shape,
    )
    matrix.sum_duplicates()
    return matrix


def word_counts(vectorizer: TfidfVectorizer, texts) -> sp.csr_array:
    """The term counts a fitted ``analyzer="word"`` vectorizer would count in `texts` (its
    `CountVectorizer` step): a CSR matrix, one row a text, with sorted column indices.

    The texts are tokenised at once (`_batch_tokens`) and their unigrams and bigrams looked up as
    integers (`_pair_columns`); for vectorizers set up otherwise they are cut into n-gram strings text
    by text (`_text_grams`), looked up in the vocabulary in one pass. N-grams outside the vocabulary
    are dropped and repeats within a text are summed.
    """
    texts = texts.tolist() if hasattr(texts, "tolist") else list(texts)  # a Series iterates slowly
    vocabulary = vectorizer.vocabulary_
    tokens = _batch_token_list(vectorizer, texts)
    if tokens is not None:
        rows, columns = _pair_columns(vectorizer, tokens)
    else:
        grams, rows = _text_grams(vectorizer, texts)
        columns = np.fromiter(map(vocabulary.get, grams, repeat(-1)), dtype=np.int64, count=len(grams))
    known = columns >= 0
    rows, columns = rows[known], columns[known]
    order = np.argsort(rows, kind="stable")
    ptr = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=len(texts)), out=ptr[1:])
    return _ones((len(texts), len(vocabulary)), columns[order], ptr, vectorizer.dtype)  # whole numbers, exact


def _text_grams(vectorizer: TfidfVectorizer, texts: list) -> tuple[list[str], np.ndarray]:
    """Every n-gram of every text, preprocessed, tokenised and stripped of stop words as `vectorizer`
    does, and the text (row) each comes from."""
    low, high = vectorizer.ngram_range
    plain = vectorizer.preprocessor is None and not vectorizer.lowercase and not vectorizer.strip_accents
    preprocess = vectorizer.build_preprocessor()
    tokenize = vectorizer.build_tokenizer()
    by_space = vectorizer.tokenizer is None and vectorizer.token_pattern in _WORD_RUNS
    stop_words = vectorizer.get_stop_words()
    grams: list[str] = []
    lengths: list[int] = []
    for text in texts:
        if type(text) is not str:
            text = vectorizer.decode(text)  # bytes are decoded; NaN is refused, as scikit-learn does
        if not plain:
            text = preprocess(text)
        if by_space:
            tokens = text.split()
            if not "".join(tokens).isalnum():  # punctuation or "_": let the pattern decide
                tokens = tokenize(text)
        else:
            tokens = tokenize(text)
        if stop_words is not None:
            tokens = [t for t in tokens if t not in stop_words]
        before = len(grams)
        if low == 1:
            grams += tokens
        for n in range(max(low, 2), high + 1):
            grams += map(" ".join, zip(*(tokens[i:] for i in range(n)), strict=False))  # n-grams of n tokens
        lengths.append(len(grams) - before)
    return grams, np.repeat(np.arange(len(texts)), lengths)


def _batch_tokens(vectorizer: TfidfVectorizer, texts: list) -> tuple[list[str], np.ndarray] | None:
    """The tokens of a batch of texts (`_batch_token_list`) and the text (row) each token comes from;
    None when the vectorizer needs `_text_grams`."""
    tokens = _batch_token_list(vectorizer, texts)
    if tokens is None:
        return None
    return tokens, np.cumsum(np.fromiter(map(_SEPARATOR.__eq__, tokens), dtype=bool, count=len(tokens)))


def _batch_token_list(vectorizer: TfidfVectorizer, texts: list) -> list[str] | None:
    """The tokens of a batch of texts, found in one pass over the texts joined by a separator (the
    separators kept as tokens between texts); None when the vectorizer needs `_text_grams`: a token
    pattern other than runs of word characters, a tokenizer, preprocessor, accent stripping or stop
    words of its own, a vocabulary given rather than learnt, or n-grams longer than two (what
    `_pair_columns` looks up).

    The separator is a NUL character between spaces: it ends any token before it and starts none, so
    each text has the tokens it has alone, and no term of a vocabulary learnt with such a pattern
    holds it, so n-grams reaching across two texts are in no vocabulary. Texts of words and white
    space only (the classifier's masked contexts) are split on white space, which gives the same
    tokens as the pattern without running it. Lower-casing the joined texts lower-cases each text as
    it would alone: the spaces around the separator end the context of the case rules (final sigma).
    """
    pattern = _BATCH_PATTERNS.get(vectorizer.token_pattern)
    if not (
        pattern is not None
        and vectorizer.ngram_range[1] <= 2
        and vectorizer.tokenizer is None
        and vectorizer.preprocessor is None
        and not vectorizer.strip_accents
        and vectorizer.get_stop_words() is None
        and vectorizer.vocabulary is None  # the vocabulary was learnt with the token pattern, not given
        and all(type(text) is str for text in texts)
    ):
        return None
    joined = f" {_SEPARATOR} ".join(texts)
    if joined.count(_SEPARATOR) != len(texts) - 1:
        return None  # a text holds the separator itself
    if vectorizer.lowercase:
        joined = lower(joined)  # as scikit-learn's preprocessor does text by text
    tokens = joined.split() if vectorizer.token_pattern in _WORD_RUNS else None
    if tokens is None or not "".join(tokens).replace(_SEPARATOR, "").isalnum():  # punctuation, "_"
        tokens = pattern.findall(joined)
    return tokens


class _PairTables(NamedTuple):
    """A word vocabulary's terms as integers: every word's number, the column of each unigram by word
    number (the last entry, for number -1, says unknown) and the bigrams as sorted number pairs."""

    word_ids: dict[str, int]
    token_ids: dict[str, int]  # `word_ids` and the separator, numbered len(word_ids)
    unigram_by_id: np.ndarray
    pair_keys: np.ndarray  # first word's number * len(word_ids) + second word's number, sorted
    pair_columns: np.ndarray  # the column of each pair in `pair_keys`


# The tables of the vocabularies counted lately, by the vocabulary's id (the entry holds the vocabulary
# itself, so the id is not reused while it is kept): building them walks the whole vocabulary, which
# cost more than counting a chunk's words.
_TABLES: dict[int, tuple[dict, _PairTables]] = {}
_MAX_TABLES = 16


def _pair_tables(vocabulary: dict[str, int]) -> _PairTables:
    """The integer tables of `vocabulary`, built once per vocabulary (a fitted one is never changed)."""
    cached = _TABLES.get(id(vocabulary))
    if cached is not None and cached[0] is vocabulary:
        return cached[1]
    word_ids: dict[str, int] = {}
    unigram_columns: dict[int, int] = {}
    pairs: list[tuple[str, str, int]] = []
    for term, column in vocabulary.items():
        parts = term.split(" ")
        if len(parts) == 1:
            unigram_columns[word_ids.setdefault(term, len(word_ids))] = column
        elif len(parts) == 2:
            pairs.append((parts[0], parts[1], column))
    for first, second, _ in pairs:
        word_ids.setdefault(first, len(word_ids))
        word_ids.setdefault(second, len(word_ids))
    by_id = np.full(len(word_ids) + 1, -1, dtype=np.int64)  # the last entry answers id -1 (unknown)
    by_id[list(unigram_columns)] = list(unigram_columns.values())
    size = len(word_ids)
    pair_keys = np.array([word_ids[a] * size + word_ids[b] for a, b, _ in pairs], dtype=np.int64)
    order = np.argsort(pair_keys)
    pair_columns = np.array([c for _, _, c in pairs], dtype=np.int64)[order]
    tables = _PairTables(word_ids, {**word_ids, _SEPARATOR: size}, by_id, pair_keys[order], pair_columns)
    if len(_TABLES) >= _MAX_TABLES:
        _TABLES.clear()
    _TABLES[id(vocabulary)] = (vocabulary, tables)
    return tables


def _pair_columns(vectorizer: TfidfVectorizer, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The row (text) of each unigram and bigram of a batch's tokens (`_batch_token_list`, the texts
    parted by separators) and its vocabulary column (-1 outside the vocabulary), without building a
    string per bigram.

    Every word of a vocabulary term gets an integer; a token is looked up once, and a bigram term
    ``"a b"`` becomes the integer pair (a, b), found among the vocabulary's pairs by bisection. A token
    holds no space, so ``"a b"`` names exactly one pair of tokens: the same columns as looking up the
    strings. The separators are looked up with the words (their number counts the rows) and then
    count as unknown. The word and pair tables are built once per vocabulary (`_pair_tables`).
    """
    low, high = vectorizer.ngram_range
    tables = _pair_tables(vectorizer.vocabulary_)
    size = len(tables.word_ids)
    ids = np.fromiter(map(tables.token_ids.get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens))
    separators = ids == size
    rows = np.cumsum(separators)
    ids[separators] = -1
    columns, column_rows = [], []
    if low == 1:
        columns.append(tables.unigram_by_id[ids])
        column_rows.append(rows)
    if high == 2 and len(tokens) > 1:
        bigram_columns = np.full(len(tokens) - 1, -1, dtype=np.int64)
        pair_keys = tables.pair_keys
        if len(pair_keys):
            keys = ids[:-1] * size + ids[1:]
            at = np.minimum(np.searchsorted(pair_keys, keys), len(pair_keys) - 1)
            found = (ids[:-1] >= 0) & (ids[1:] >= 0) & (pair_keys[at] == keys)
            bigram_columns[found] = tables.pair_columns[at[found]]
        columns.append(bigram_columns)
        column_rows.append(rows[:-1])
    if not columns:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(column_rows), np.concatenate(columns)
