"""The reading layer end to end: clean text, sentences, entity mentions and attributed quotes."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from .clean import clean_text
from .corpus import load_corpus
from .gazetteer import Gazetteer, load_gazetteer
from .mentions import Mention, find_mentions
from .quotes import Quote, attribute_quotes, pronoun_mentions
from .sentences import find_quote_spans, split_sentences
from .tokens import Tokens, tokenize

__all__ = ["ArticleReading", "extract", "read_article"]

log = logging.getLogger(__name__)

SENTENCE_COLUMNS = ["article_id", "sentence_idx", "start", "end", "quoted", "text"]
MENTION_COLUMNS = ["article_id", "sentence_idx", "entity", "surface", "start", "end", "kind"]
QUOTE_COLUMNS = [
    "article_id", "quote_idx", "sentence_idx", "speaker", "speaker_surface", "cue", "content", "direct",
    "start", "end", "status", "reason",
]  # fmt: skip
ARTICLE_COLUMNS = [
    "article_id", "date", "source", "title", "url", "input", "status", "reason", "date_source",
    "n_sentences", "n_mentions", "n_quotes",
]  # fmt: skip


@dataclass
class ArticleReading:
    """What the reading layer finds in one article; offsets refer to `text` (the cleaned text)."""

    text: str
    sentences: list[tuple[int, int]]
    mentions: list[Mention]
    quotes: list[Quote]
    tokens: Tokens  # kept so scoring does not tokenise the article again


def read_article(raw_text: str, day: date | None = None, gazetteer: Gazetteer | None = None) -> ArticleReading:
    """Clean one article and find its sentences, mentions and quotes.

    Examples
    --------
    >>> r = read_article("“Kami siap,” kata Putin.")
    >>> r.quotes[0].speaker, r.quotes[0].content
    ('vladimir_putin', 'Kami siap,')
    """
    gazetteer = gazetteer or load_gazetteer()
    text = clean_text(raw_text)
    spans, problems = find_quote_spans(text)
    sentences = split_sentences(text, spans)
    tokens = tokenize(text, sentences)
    mentions = find_mentions(tokens, gazetteer, day)
    quotes, speakers = attribute_quotes(tokens, mentions, spans, problems, gazetteer)
    if speakers:
        known = {(m.start, m.end, m.entity) for m in mentions}
        mentions = sorted(
            mentions + [m for m in speakers if (m.start, m.end, m.entity) not in known], key=lambda m: m.start
        )
    pronouns = pronoun_mentions(tokens, mentions, quotes, gazetteer)
    if pronouns:
        mentions = sorted(mentions + pronouns, key=lambda m: m.start)
    return ArticleReading(text, sentences, mentions, quotes, tokens)


def extract(
    corpus: pd.DataFrame | str | Path | Iterable[str | Path],
    *,
    gazetteer: Gazetteer | None = None,
    year: int | None = None,
    on_error: str = "raise",
) -> dict[str, pd.DataFrame]:
    """Read a collection and return the tables `articles`, `sentences`, `mentions`, `quotes`, `texts`.

    `corpus` is a table from `load_corpus` or the paths to load. Skipped articles stay in
    `articles` with their reason; an article whose text is only page leftovers is skipped too.
    """
    if not isinstance(corpus, pd.DataFrame):
        corpus = load_corpus(corpus, year=year, on_error=on_error)
    gazetteer = gazetteer or load_gazetteer()
    sentences, mentions, quotes, texts, articles = [], [], [], [], []
    for row in corpus.itertuples(index=False):
        article = {c: getattr(row, c) for c in ARTICLE_COLUMNS if hasattr(row, c)}
        article.update(n_sentences=0, n_mentions=0, n_quotes=0)
        if row.status == "ok":
            day = None if pd.isna(row.date) else row.date.date()
            reading = read_article(row.text, day, gazetteer)
            if not reading.sentences:
                article.update(status="skipped", reason=_join(row.reason, "no text left after cleaning"))
            aid = row.article_id
            quoted = {q.sentence_idx for q in reading.quotes if q.direct and q.status == "ok"}
            sentences += [(aid, k, s, e, k in quoted, reading.text[s:e]) for k, (s, e) in enumerate(reading.sentences)]
            mentions += [(aid, m.sentence_idx, m.entity, m.surface, m.start, m.end, m.kind) for m in reading.mentions]
            quotes += [
                (aid, n, q.sentence_idx, q.speaker, q.speaker_surface, q.cue, q.content, q.direct, q.start, q.end,
                 q.status, q.reason)
                for n, q in enumerate(reading.quotes)
            ]  # fmt: skip
            texts.append((aid, reading.text))
            article.update(
                n_sentences=len(reading.sentences),
                n_mentions=len(reading.mentions),
                n_quotes=sum(q.status == "ok" for q in reading.quotes),
            )
        articles.append(article)
    log.info("read %d articles", len(articles))
    return {
        "articles": pd.DataFrame(articles, columns=ARTICLE_COLUMNS),
        "sentences": pd.DataFrame(sentences, columns=SENTENCE_COLUMNS),
        "mentions": pd.DataFrame(mentions, columns=MENTION_COLUMNS),
        "quotes": pd.DataFrame(quotes, columns=QUOTE_COLUMNS),
        "texts": pd.DataFrame(texts, columns=["article_id", "text"]),
    }


def _join(*reasons: str) -> str:
    return "; ".join(r for r in reasons if r)
