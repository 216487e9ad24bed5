"""Syndicated copies: near-duplicate articles (one story from two outlets, or scraped twice), found and dropped."""

from __future__ import annotations

import logging
import re

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from .clean import clean_text

__all__ = ["DUPLICATE_COLUMNS", "drop_duplicates", "find_duplicates"]

log = logging.getLogger(__name__)

DUPLICATE_COLUMNS = ["article_id", "duplicate_of", "similarity", "date", "source", "date_kept", "source_kept"]
# Words: runs of letters and digits, single characters included ("5 tahun", "G 20").
_TOKEN_PATTERN = r"(?u)\b\w+\b"
_WORD = re.compile(r"\w")
# MinHash sets leave out words found in more than this share of the articles: function words and the
# collection's own topic words ("rusia", "ukraina") are shared by unrelated articles and only add
# candidates; the copies of one story still share hundreds of rarer words.
_LSH_MAX_DF = 0.5
# Universal hashing (a*x + b) mod P over vocabulary ids, with a, b, x < P = 2^31 - 1 (a Mersenne
# prime): a*x + b stays below 2^63, so uint64 arithmetic is exact, and a up to P mixes the ids well
# (with a small a the product never wraps and the hash would keep the ids' order).
_PRIME = np.uint64((1 << 31) - 1)
# Rows of hashes computed at once: at most this many (term, permutation) values (8 bytes each).
_HASH_BLOCK = 4_000_000
# Candidate pairs verified at once.
_PAIR_BLOCK = 200_000
# Candidates whose min-hashes agree on fewer than this share (the estimate of their word sets'
# Jaccard overlap) are chance collisions and are not scored. In the demo, training and real-news
# collections every pair at cosine >= 0.5 overlapped by 0.30 or more, at >= 0.8 by 0.67 or more.
_MIN_JACCARD = 0.2


def find_duplicates(
    corpus: pd.DataFrame,
    threshold: float = 0.8,
    *,
    min_words: int = 40,
    max_days: float | None = 7,
    exact_below: int = 2000,
    num_perm: int = 128,
    bands: int = 32,
    seed: int = 0,
) -> pd.DataFrame:
    """Near-duplicate articles, each copy pointing at the article that is kept.

    Similarity is the cosine of the articles' TF-IDF vectors over single words (sublinear term
    frequency, IDF from the collection itself), after :func:`stance.clean_text` has removed page
    leftovers, datelines and HTML. Why single words and not 5-word shingles: a syndicated copy is
    often rewritten, not only trimmed. The demo's pair 2022-017/018 (one story, two outlets, most
    sentences reworded) shares 18.5 % of its 5-word shingles (Jaccard; containment 36 %), while its
    TF-IDF cosine is 0.82; the other two demo pairs score 0.90 and 0.94 and the closest pair of
    different stories (two reports on Shoigu in Pyongyang) 0.40. Shingles separate exact copies
    well but miss every rewrite; the IDF weighting keeps the words every article shares from making
    two stories on one topic look alike.

    Comparing every pair is quadratic, so above `exact_below` articles the candidates are blocked
    with MinHash and locality-sensitive hashing: each article's set of less common words (those in
    at most half of the articles) gets `num_perm` min-hashes, cut into `bands` bands; articles that
    agree on a whole band become a candidate pair, and only candidates are scored exactly. With 128
    hashes in 32 bands of 4, a pair whose word sets overlap by Jaccard 0.5 is a candidate with
    probability 0.87, at 0.6 with 0.99, at 0.1 with 0.003 (copies of a story overlap by 0.6 to 0.9).

    Parameters
    ----------
    corpus : DataFrame
        What :func:`stance.load_corpus` returns (`article_id`, `text`, and `date`, `source`,
        `status` where known). Skipped articles and texts shorter than `min_words` words after
        cleaning are never matched (too few words for the similarity to mean anything).
    threshold : float
        Cosine similarity from which two articles are copies of one story.
    min_words : int
        Shortest text, in words, that is compared.
    max_days : float or None
        Two articles dated further apart than this are never copies, however alike: outlets
        syndicate a story within days, while templated reports (the daily exchange rate, written
        with the same sentences a year apart: cosine 0.80 in the real-news sample) are new stories.
        Articles without a date are compared with everything. None compares across any gap.
    exact_below : int
        Collections with fewer comparable articles than this are compared pair by pair.
    num_perm, bands : int
        MinHash size and the number of LSH bands (`num_perm` must be a multiple of `bands`).
    seed : int
        Seed of the hash functions (the result does not depend on it below `exact_below`).

    Returns
    -------
    DataFrame
        One row per copy that is merged: `article_id`, `duplicate_of` (the kept article: the
        earliest date, missing dates last, ties by id), `similarity` (cosine with the kept
        article), `date`, `source`, `date_kept`, `source_kept`. Copies are grouped transitively, so
        three copies of one story give two rows pointing at the same kept article. ``attrs`` holds
        `n_compared`, `n_too_short`, `n_candidates`, `n_too_far_apart` (similar pairs set apart by
        `max_days`) and `method` (``"exact"`` or ``"minhash"``).
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must lie in (0, 1], not {threshold}")
    if num_perm <= 0 or bands <= 0 or num_perm % bands:
        raise ValueError(f"num_perm ({num_perm}) must be a positive multiple of bands ({bands})")
    for col in ("article_id", "text"):
        if col not in corpus.columns:
            raise ValueError(f"the corpus has no {col!r} column (pass what stance.load_corpus returns)")
    ids = corpus["article_id"].astype(str)
    repeated = ids[ids.duplicated()].unique()
    if len(repeated):
        raise ValueError(f"article ids must be unique; repeated: {', '.join(repeated[:5])}")

    usable = corpus
    if "status" in corpus.columns:
        usable = usable[usable["status"].fillna("ok") == "ok"]
    texts = [clean_text(t) if isinstance(t, str) else "" for t in usable["text"]]
    if any(_WORD.search(t) for t in texts):
        counts = CountVectorizer(token_pattern=_TOKEN_PATTERN, lowercase=True).fit_transform(texts).tocsr()
        keep = np.asarray(counts.sum(axis=1)).ravel() >= min_words
    else:  # no words at all (every text empty or skipped): nothing to compare
        counts, keep = sparse.csr_matrix((len(texts), 0)), np.zeros(len(texts), dtype=bool)
    n_too_short = int((~keep).sum())
    if n_too_short:
        log.info("%d article(s) shorter than %d words are not compared", n_too_short, min_words)
    usable, counts = usable[keep].reset_index(drop=True), counts[keep]
    attrs = {"n_compared": len(usable), "n_too_short": n_too_short, "n_candidates": 0, "n_too_far_apart": 0}
    if len(usable) < 2:
        out = pd.DataFrame(columns=DUPLICATE_COLUMNS)
        out.attrs.update(attrs, method="exact")
        return out

    matrix = TfidfTransformer(sublinear_tf=True).fit_transform(counts).tocsr()
    if len(usable) < exact_below:
        method = "exact"
        left, right, sims = _all_pairs(matrix, threshold)
        attrs["n_candidates"] = len(usable) * (len(usable) - 1) // 2
    else:
        method = "minhash"
        left, right = _lsh_candidates(matrix, num_perm, bands, seed)
        attrs["n_candidates"] = len(left)
        sims = _row_cosines(matrix, left, right)
        close = sims >= threshold
        left, right, sims = left[close], right[close], sims[close]
    if max_days is not None and "date" in usable.columns:
        dates = _naive(usable["date"]).to_numpy()
        gap = np.abs(dates[left] - dates[right]) / np.timedelta64(1, "D")
        near = ~(gap > max_days)  # NaT gaps compare False: undated articles stay in
        attrs["n_too_far_apart"] = int((~near).sum())
        left, right, sims = left[near], right[near], sims[near]
    log.info("%d pair(s) of %d articles at cosine >= %.2f (%s)", len(left), len(usable), threshold, method)
    out = _merge_groups(usable, matrix, left, right)
    out.attrs.update(attrs, method=method)
    return out


def drop_duplicates(frame: pd.DataFrame, duplicates: pd.DataFrame) -> pd.DataFrame:
    """`frame` without the rows of merged copies (any table keyed by `article_id`), so a story counts once."""
    if "article_id" not in frame.columns:
        raise ValueError("the table has no 'article_id' column to drop copies by")
    if "article_id" not in duplicates.columns:
        raise ValueError("the duplicates table has no 'article_id' column (pass what find_duplicates returns)")
    copies = set(duplicates["article_id"].astype(str))
    return frame[~frame["article_id"].astype(str).isin(copies)].copy()


def _naive(dates: pd.Series) -> pd.Series:
    """Dates as datetimes at their local wall time (time zones dropped), so gaps compare as days."""
    dates = pd.to_datetime(dates)
    return dates.dt.tz_localize(None) if getattr(dates.dt, "tz", None) is not None else dates


def _all_pairs(matrix: sparse.csr_matrix, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair (i < j) at cosine >= threshold; rows are L2-normalised, so the product is the cosine."""
    product = sparse.triu(matrix @ matrix.T, k=1).tocoo()
    close = product.data >= threshold
    return product.row[close].astype(np.int64), product.col[close].astype(np.int64), product.data[close]


def _row_cosines(matrix: sparse.csr_matrix, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    sims = np.empty(len(left))
    for start in range(0, len(left), _PAIR_BLOCK):
        a, b = left[start : start + _PAIR_BLOCK], right[start : start + _PAIR_BLOCK]
        sims[start : start + len(a)] = np.asarray(matrix[a].multiply(matrix[b]).sum(axis=1)).ravel()
    return sims


def _minhash(matrix: sparse.csr_matrix, num_perm: int, seed: int) -> np.ndarray:
    """MinHash signatures (articles x num_perm) of each row's set of column ids; empty rows get the maximum."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, _PRIME, size=num_perm, dtype=np.uint64)
    b = rng.integers(0, _PRIME, size=num_perm, dtype=np.uint64)
    n_rows = matrix.shape[0]
    signature = np.full((n_rows, num_perm), np.iinfo(np.uint64).max, dtype=np.uint64)
    indptr, terms = matrix.indptr, matrix.indices.astype(np.uint64)
    per_block = max(1, _HASH_BLOCK // num_perm)
    row = 0
    while row < n_rows:
        end = int(np.searchsorted(indptr, indptr[row] + per_block, side="right")) - 1
        end = min(max(end, row + 1), n_rows)
        lo, hi = indptr[row], indptr[end]
        nonempty = np.flatnonzero(np.diff(indptr[row : end + 1]) > 0)
        if hi > lo:
            hashes = (terms[lo:hi, None] * a[None, :] + b[None, :]) % _PRIME
            firsts = indptr[row:end][nonempty] - lo
            signature[row + nonempty] = np.minimum.reduceat(hashes, firsts, axis=0)
        row = end
    return signature


def _lsh_candidates(matrix: sparse.csr_matrix, num_perm: int, bands: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) of rows that agree on every min-hash of at least one band and on enough
    min-hashes overall to be more than a chance collision."""
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    rare = sparse.diags((df <= _LSH_MAX_DF * matrix.shape[0]).astype(float))
    sets = (matrix @ rare).tocsr()
    sets.eliminate_zeros()
    signature = _minhash(sets, num_perm, seed)
    has_terms = np.diff(sets.indptr) > 0
    rows = num_perm // bands
    found = []
    for band in range(bands):
        block = signature[:, band * rows : (band + 1) * rows]
        _, bucket = np.unique(block, axis=0, return_inverse=True)
        bucket = np.where(has_terms, bucket.ravel(), -1 - np.arange(len(has_terms)))  # empty sets match nothing
        found.append(_pairs_in_buckets(bucket))
    pairs = np.unique(np.concatenate(found), axis=0) if found else np.empty((0, 2), dtype=np.int64)
    left, right = pairs[:, 0], pairs[:, 1]
    agree = np.empty(len(left))
    for start in range(0, len(left), _PAIR_BLOCK):
        a, b = left[start : start + _PAIR_BLOCK], right[start : start + _PAIR_BLOCK]
        agree[start : start + len(a)] = (signature[a] == signature[b]).mean(axis=1)
    likely = agree >= _MIN_JACCARD
    return left[likely], right[likely]


def _pairs_in_buckets(bucket: np.ndarray) -> np.ndarray:
    """All pairs (i < j) of positions that share a bucket label."""
    order = np.argsort(bucket, kind="stable")
    labels = bucket[order]
    cuts = np.flatnonzero(np.diff(labels)) + 1
    starts = np.concatenate([[0], cuts])
    sizes = np.diff(np.concatenate([starts, [len(labels)]]))
    out = []
    for start, size in zip(starts[sizes > 1], sizes[sizes > 1], strict=True):
        members = np.sort(order[start : start + size])
        i, j = np.triu_indices(size, k=1)
        out.append(np.column_stack([members[i], members[j]]))
    return np.concatenate(out) if out else np.empty((0, 2), dtype=np.int64)


def _merge_groups(usable: pd.DataFrame, matrix: sparse.csr_matrix, left: np.ndarray, right: np.ndarray) -> pd.DataFrame:
    """Connected groups of copies; each keeps its earliest article (missing dates last, ties by id)."""
    if len(left) == 0:
        return pd.DataFrame(columns=DUPLICATE_COLUMNS)
    n = len(usable)
    graph = sparse.coo_matrix((np.ones(len(left)), (left, right)), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    dates = _naive(usable["date"]) if "date" in usable.columns else pd.Series(pd.NaT, index=usable.index)
    sources = usable["source"] if "source" in usable.columns else pd.Series("", index=usable.index)
    members = pd.DataFrame(
        {"row": np.arange(n), "group": component, "article_id": usable["article_id"].astype(str), "date": dates}
    )
    sizes = members["group"].map(members["group"].value_counts())
    members = members[sizes > 1].sort_values(["group", "date", "article_id"], na_position="last", kind="stable")
    kept_row = members.groupby("group")["row"].transform("first")
    copies = members[members["row"] != kept_row]
    kept = kept_row[copies.index].to_numpy()
    rows = copies["row"].to_numpy()
    out = pd.DataFrame(
        {
            "article_id": copies["article_id"].to_numpy(),
            "duplicate_of": usable["article_id"].astype(str).to_numpy()[kept],
            "similarity": np.minimum(_row_cosines(matrix, rows, kept), 1.0),  # 1 + rounding for equal texts
            "date": dates.to_numpy()[rows],
            "source": sources.to_numpy()[rows],
            "date_kept": dates.to_numpy()[kept],
            "source_kept": sources.to_numpy()[kept],
        }
    )
    return out.sort_values(["duplicate_of", "article_id"], kind="stable", ignore_index=True)
