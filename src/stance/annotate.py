"""Labelling candidates in their articles: what to label, and training tables from those labels.

A label here is for one (article, sentence, holder, target) candidate, read in its article: the
reading layer resolves pronouns, short names and speakers from earlier sentences, so a sentence
alone would lose them. This feeds the classifier exactly what it scores, and drives active learning
(the least certain candidates first).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .candidates import DEFAULT_TARGETS
from .corpus import load_corpus
from .features import strongest_candidates
from .gazetteer import Gazetteer, load_gazetteer
from .resources import ResourceError
from .scoring import candidates_for_corpus

__all__ = [
    "CONTEXT_LABEL_COLUMNS", "append_labels", "candidates_to_label", "context_training_table", "load_context_labels",
]  # fmt: skip

CONTEXT_LABEL_COLUMNS = ["article_id", "sentence_idx", "holder", "target", "stance"]
_KEY = ["article_id", "sentence_idx", "holder", "target"]


def _strongest(candidates: pd.DataFrame) -> pd.DataFrame:
    """One candidate per (article, sentence, holder, target), in text order."""
    return strongest_candidates(candidates, _KEY).sort_index()


def candidates_to_label(
    corpus: pd.DataFrame | str | Path,
    *,
    gazetteer: Gazetteer | None = None,
    targets: tuple[str, ...] = DEFAULT_TARGETS,
    model=None,
) -> pd.DataFrame:
    """The candidates of a collection as a labelling sheet: names, the sentence and the one before it,
    and, with a `model`, its suggestion and confidence, least certain first."""
    gazetteer = gazetteer or load_gazetteer()
    if not isinstance(corpus, pd.DataFrame):
        corpus = load_corpus(corpus)
    candidates, _, sentences = candidates_for_corpus(corpus, gazetteer, targets)
    if candidates.empty:
        return pd.DataFrame(columns=[*_KEY, "holder_name", "target_name", "previous_sentence", "sentence"])
    candidates = _strongest(candidates).reset_index(drop=True)
    text = sentences.set_index(["article_id", "sentence_idx"])["text"]
    sheet = candidates[[*_KEY, "role", "speaker"]].copy()
    sheet["holder_name"] = [gazetteer.name(h) if h in gazetteer else h for h in sheet["holder"]]
    sheet["target_name"] = [gazetteer.name(t) for t in sheet["target"]]
    sheet["previous_sentence"] = [
        text.get((a, k - 1), "") for a, k in zip(sheet["article_id"], sheet["sentence_idx"], strict=True)
    ]
    sheet["sentence"] = candidates["sentence"]
    if model is not None:
        proba = model.predict_proba(candidates)
        classes = np.asarray(model.classes_)
        sheet["suggestion"] = classes[proba.argmax(axis=1)]
        sheet["confidence"] = proba.max(axis=1)
        sheet = sheet.sort_values("confidence", kind="stable").reset_index(drop=True)
    return sheet


def load_context_labels(path: str | Path) -> pd.DataFrame:
    """Read candidate labels (`article_id, sentence_idx, holder, target, stance`), checking every row."""
    path = Path(path)
    if not path.is_file():
        raise ResourceError(f"{path}: file not found")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in CONTEXT_LABEL_COLUMNS if c not in frame]
    if missing:
        raise ResourceError(f"{path}:1: missing column(s) {', '.join(missing)}")
    bad = frame[~frame["stance"].isin(("favor", "against", "neutral"))]
    if len(bad):
        raise ResourceError(f"{path}:{bad.index[0] + 2}: stance {bad['stance'].iat[0]!r} is not favor/against/neutral")
    frame["sentence_idx"] = frame["sentence_idx"].astype(int)
    dup = frame[frame.duplicated(_KEY, keep=False)]
    if len(dup):
        raise ResourceError(f"{path}:{dup.index[0] + 2}: candidate labelled more than once")
    return frame[CONTEXT_LABEL_COLUMNS]


def context_training_table(
    articles: str | Path | pd.DataFrame, labels: pd.DataFrame, gazetteer: Gazetteer | None = None
) -> tuple[pd.DataFrame, dict]:
    """Training rows from labelled candidates: the collection is read again and its candidates joined
    with the labels (candidates nobody labelled are left out; each article is one group)."""
    gazetteer = gazetteer or load_gazetteer()
    corpus = articles if isinstance(articles, pd.DataFrame) else load_corpus(articles)
    corpus = corpus[corpus["article_id"].isin(set(labels["article_id"]))]
    targets = tuple(sorted(set(labels["target"])))
    candidates, _, _ = candidates_for_corpus(corpus, gazetteer, targets)
    candidates = _strongest(candidates)
    table = candidates.merge(labels, on=_KEY, how="inner")
    table["weight"] = 1.0
    table["group"] = "article:" + table["article_id"]
    table["text"] = table["sentence"]
    counts = {"context_labels": len(labels), "context_matched": len(table)}
    return table.drop(columns=["article_id", "date", "sentence"]), counts


def append_labels(path: str | Path, labels: pd.DataFrame) -> pd.DataFrame:
    """Add candidate labels to the CSV at `path` (created if missing) and return the whole file.

    A candidate labelled again keeps its latest label, so a researcher can correct a click. The file is
    rewritten through a temporary file and a rename: an interrupted save never leaves half a file.
    """
    from .output import atomic_write

    path = Path(path)
    labels = labels[CONTEXT_LABEL_COLUMNS].astype({"sentence_idx": int})
    bad = labels[~labels["stance"].isin(("favor", "against", "neutral"))]
    if len(bad):
        raise ValueError(f"stance {bad['stance'].iat[0]!r} is not favor/against/neutral")
    old = load_context_labels(path) if path.is_file() else pd.DataFrame(columns=CONTEXT_LABEL_COLUMNS)
    merged = pd.concat([old, labels], ignore_index=True).drop_duplicates(_KEY, keep="last")
    atomic_write(path, lambda handle: merged.to_csv(handle, index=False, lineterminator="\n"))
    return merged.reset_index(drop=True)
