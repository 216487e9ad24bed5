"""Summary tables a researcher reads first: what a collection holds, who stands where, which sentences show it.

The notebooks show these tables; they live here so the notebooks stay thin and the same summaries
are available from a script.
"""

from __future__ import annotations

import pandas as pd

from .gazetteer import Gazetteer, load_gazetteer

__all__ = ["corpus_overview", "entity_counts", "skipped_articles", "strongest_evidence", "top_holders"]


def corpus_overview(articles: pd.DataFrame, by: str = "source") -> pd.DataFrame:
    """Articles per `by` (source by default): how many, how many were skipped, first and last date,
    and the median length in sentences. `articles` is the `articles` table of `stance.extract` or
    `stance.score`."""
    if articles.empty:
        return pd.DataFrame(columns=[by, "n_articles", "n_skipped", "first_date", "last_date", "median_sentences"])
    frame = articles.assign(
        _by=articles[by].fillna("").replace("", "(unknown)"),
        _skipped=articles["status"] != "ok",
        _date=pd.to_datetime(articles["date"], errors="coerce"),
    )
    out = (
        frame.groupby("_by", sort=True)
        .agg(
            n_articles=("article_id", "size"),
            n_skipped=("_skipped", "sum"),
            first_date=("_date", "min"),
            last_date=("_date", "max"),
            median_sentences=("n_sentences", "median"),
        )
        .reset_index(names=by)
    )
    return out.sort_values(["n_articles", by], ascending=[False, True], kind="stable").reset_index(drop=True)


def skipped_articles(articles: pd.DataFrame) -> pd.DataFrame:
    """The articles that were not scored, with the reason recorded for each."""
    columns = [c for c in ("article_id", "source", "title", "reason") if c in articles]
    return articles.loc[articles["status"] != "ok", columns].reset_index(drop=True)


def entity_counts(mentions: pd.DataFrame, gazetteer: Gazetteer | None = None, n: int = 20) -> pd.DataFrame:
    """The `n` entities mentioned in most articles: id, name, articles, mentions (from `extract`'s
    `mentions` table)."""
    gazetteer = gazetteer or load_gazetteer()
    if mentions.empty:
        return pd.DataFrame(columns=["entity", "name", "n_articles", "n_mentions"])
    out = (
        mentions.groupby("entity")
        .agg(n_articles=("article_id", "nunique"), n_mentions=("article_id", "size"))
        .reset_index()
        .sort_values(["n_articles", "n_mentions", "entity"], ascending=[False, False, True], kind="stable")
        .head(n)
    )
    out.insert(1, "name", [gazetteer.name(e) for e in out["entity"]])
    return out.reset_index(drop=True)


def top_holders(
    article_stance: pd.DataFrame, target: str | None = None, n: int = 10, gazetteer: Gazetteer | None = None
) -> pd.DataFrame:
    """Holders with the most positioned articles toward `target` (or each target): articles in favour,
    against, neutral, and the mean article score. Ties are broken by id so the table is stable."""
    frame = article_stance if target is None else article_stance[article_stance["target"] == target]
    columns = ["target", "holder", "name", "n_favor", "n_against", "n_neutral", "n_articles", "mean_score"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    counts = pd.crosstab([frame["target"], frame["holder"]], frame["stance"])
    for stance in ("favor", "against", "neutral"):
        if stance not in counts:
            counts[stance] = 0
    out = counts.rename(columns={s: f"n_{s}" for s in ("favor", "against", "neutral")})
    out = out[["n_favor", "n_against", "n_neutral"]]
    out.columns.name = None
    out["n_articles"] = out.sum(axis=1)
    out["mean_score"] = frame.groupby(["target", "holder"])["score"].mean()
    out = out.reset_index()
    out["_positioned"] = out["n_favor"] + out["n_against"]
    out = out.sort_values(
        ["target", "_positioned", "n_articles", "holder"], ascending=[True, False, False, True], kind="stable"
    )
    out = out.groupby("target", sort=False).head(n)
    gazetteer = gazetteer or load_gazetteer()
    out.insert(2, "name", [gazetteer.name(h) for h in out["holder"]])
    return out[columns].reset_index(drop=True)


def strongest_evidence(
    evidence: pd.DataFrame, holder: str | None = None, target: str | None = None, n: int = 10
) -> pd.DataFrame:
    """The `n` evidence sentences that position a holder most clearly (|score| x confidence), with
    article, date, stance and speaker, for reading why the tables say what they say."""
    frame = evidence[evidence["stance"] != "neutral"]
    if holder is not None:
        frame = frame[frame["holder"] == holder]
    if target is not None:
        frame = frame[frame["target"] == target]
    frame = frame.assign(strength=frame["score"].abs() * frame["confidence"])
    frame = frame.sort_values(["strength", "article_id", "sentence_idx"], ascending=[False, True, True], kind="stable")
    columns = ["article_id", "date", "sentence_idx", "holder", "target", "stance", "score", "confidence", "speaker"]
    return frame[[*columns, "sentence"]].head(n).reset_index(drop=True)
