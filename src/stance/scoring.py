"""Score a collection: evidence sentences, article stances and tone (the tables of SPEC §6)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from .aggregate import article_stance, to_level
from .candidates import DEFAULT_TARGETS
from .corpus import load_corpus
from .extract import read_article
from .features import CANDIDATE_COLUMNS, candidate_values
from .gazetteer import Gazetteer, load_gazetteer
from .positions import decide
from .tone import lexicon_tones, tone_label

__all__ = ["ARTICLE_COLUMNS", "EVIDENCE_COLUMNS", "add_tone", "candidates_for_corpus", "evidence_from", "score"]

log = logging.getLogger(__name__)

ARTICLE_COLUMNS = [
    "article_id", "date", "source", "title", "status", "reason", "n_sentences", "tone", "tone_score", "tone_lexicon",
]  # fmt: skip
EVIDENCE_COLUMNS = [
    "article_id", "date", "sentence_idx", "holder", "target", "stance", "score", "confidence", "quoted",
    "speaker", "sentence", "method", "cue",
]  # fmt: skip


def candidates_for_corpus(
    corpus: pd.DataFrame, gazetteer: Gazetteer, targets: tuple[str, ...] = DEFAULT_TARGETS
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Read every article once; return its candidate table (with sentence text), the articles table
    and the sentences table (`article_id, sentence_idx, text`)."""
    rows, articles, sentences = [], [], []
    for row in corpus.itertuples(index=False):
        info = {"article_id": row.article_id, "date": row.date, "source": row.source, "title": row.title,
                "status": row.status, "reason": row.reason, "n_sentences": 0}  # fmt: skip
        if row.status == "ok":
            day = None if pd.isna(row.date) else row.date.date()
            reading = read_article(row.text, day, gazetteer)
            info["n_sentences"] = len(reading.sentences)
            if not reading.sentences:
                reasons = (row.reason, "no text left after cleaning")
                info.update(status="skipped", reason="; ".join(r for r in reasons if r))
            texts = [reading.text[s:e] for s, e in reading.sentences]
            sentences += [(row.article_id, k, text) for k, text in enumerate(texts)]
            rows += [
                (row.article_id, row.date, *values, texts[values[0]])  # values[0]: the sentence index
                for values in candidate_values(reading, gazetteer, targets)
            ]
        articles.append(info)
    candidates = (
        pd.DataFrame(rows, columns=["article_id", "date", *CANDIDATE_COLUMNS, "sentence"]) if rows else pd.DataFrame()
    )
    columns = ["article_id", "date", "source", "title", "status", "reason", "n_sentences"]
    articles = pd.DataFrame(articles, columns=columns)
    return candidates, articles, pd.DataFrame(sentences, columns=["article_id", "sentence_idx", "text"])


def add_tone(articles: pd.DataFrame, sentences: pd.DataFrame, tone_model) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tone of each sentence (classifier and lexicon) and of each article (the mean of its sentences)."""
    sentences = sentences.copy()
    if len(sentences):
        sentences["tone_score"] = tone_model.score_texts(sentences["text"])
        sentences["tone_lexicon"] = lexicon_tones(sentences["text"].tolist())
    else:
        sentences["tone_score"] = sentences["tone_lexicon"] = pd.Series(dtype=float)
    sentences["tone"] = [tone_label(x) for x in sentences["tone_score"].tolist()]
    means = sentences.groupby("article_id")[["tone_score", "tone_lexicon"]].mean()
    articles = articles.merge(means, left_on="article_id", right_index=True, how="left")
    articles["tone"] = [tone_label(x) if pd.notna(x) else "" for x in articles["tone_score"]]
    return articles, sentences


def evidence_from(candidates: pd.DataFrame, model) -> pd.DataFrame:
    """Score candidates with `model` (any scorer with `predict_proba` and `classes_`); keep, for each
    (article, sentence, holder, target), the candidate with the strongest position.

    The stance is the model's decision (its `position_threshold` where it has one, else the likeliest
    class); `score` is P(favor) - P(against) and `confidence` the probability of the stance given."""
    if candidates.empty:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    proba = model.predict_proba(candidates)
    classes = list(model.classes_)
    p_favor, p_against = proba[:, classes.index("favor")], proba[:, classes.index("against")]
    threshold = getattr(model, "position_threshold", None)
    stance = decide(proba, classes, threshold) if threshold is not None else np.asarray(classes)[proba.argmax(axis=1)]
    chosen = pd.Index(classes).get_indexer(stance)
    # Only the columns the table keeps are carried through the sorts (the classifier's masked texts are
    # not: each sort copies every column it carries).
    kept = [c for c in EVIDENCE_COLUMNS if c in candidates.columns and c != "cue"]
    frame = candidates[kept].assign(
        stance=stance,
        score=p_favor - p_against,
        confidence=proba[np.arange(len(proba)), chosen],
        method=getattr(model, "method_name", type(model).__name__),
        cue=candidates["rule_cue"],
    )
    frame["_strength"] = np.where(frame["stance"] == "neutral", 0.0, frame["score"].abs())
    # Articles keep their input order (the order of `articles.csv`), so a collection scored in chunks
    # is the concatenation of its chunks' tables.
    frame["_position"] = pd.factorize(frame["article_id"])[0]
    frame = frame.sort_values(["_strength", "confidence"], ascending=False, kind="stable")
    frame = frame.drop_duplicates(["article_id", "sentence_idx", "holder", "target"])
    frame = frame.sort_values(["_position", "sentence_idx", "holder", "target"], kind="stable")
    return frame[EVIDENCE_COLUMNS].reset_index(drop=True)


def score(
    corpus: pd.DataFrame | str | Path | Iterable[str | Path],
    *,
    targets: tuple[str, ...] = DEFAULT_TARGETS,
    level: str = "person",
    model=None,
    tone_model=None,
    gazetteer: Gazetteer | None = None,
    year: int | None = None,
    on_error: str = "raise",
) -> dict[str, pd.DataFrame]:
    """Score a collection: `articles` (with tone), `sentences` (with tone), `evidence` and
    `article_stance` (SPEC §6). `model` is a fitted stance scorer (default: the shipped one);
    `level` is ``person`` or ``country``.

    Every table keeps the articles' input order, and each article is scored on its own, so scoring a
    collection piece by piece (`stance.engine`) and concatenating the pieces gives the same tables.
    """
    from .models import load_default_model, load_default_tone_model

    if not isinstance(corpus, pd.DataFrame):
        corpus = load_corpus(corpus, year=year, on_error=on_error)
    gazetteer = gazetteer or load_gazetteer()
    model = model or load_default_model()
    tone_model = tone_model or load_default_tone_model()
    candidates, articles, sentences = candidates_for_corpus(corpus, gazetteer, targets)
    articles, sentences = add_tone(articles, sentences, tone_model)
    evidence = to_level(evidence_from(candidates, model), gazetteer, level)
    # columns as lists: iterating a pandas string column yields its values one Python call at a time
    keys = zip(sentences["article_id"].tolist(), sentences["sentence_idx"].tolist(), strict=True)
    tone = dict(zip(keys, sentences["tone"].tolist(), strict=True))
    evidence_keys = zip(evidence["article_id"].tolist(), evidence["sentence_idx"].tolist(), strict=True)
    evidence["tone"] = [tone.get(key, "") for key in evidence_keys]
    stances = article_stance(evidence)
    log.debug("scored %d articles: %d evidence rows, %d article stances", len(articles), len(evidence), len(stances))
    articles = articles[ARTICLE_COLUMNS]
    return {"articles": articles, "sentences": sentences, "evidence": evidence, "article_stance": stances}
