"""Real scraped news we did not write: every article loads and is read, nothing is lost."""

from stance.extract import extract


def test_all_realnews_extracted(realnews_path, realnews_records):
    tables = extract(realnews_path)
    articles = tables["articles"]
    assert list(articles["article_id"]) == [r["id"] for r in realnews_records]
    assert (articles["status"] == "ok").all()
    assert (articles["n_sentences"] > 0).all()
    per_article = tables["sentences"].groupby("article_id").size()
    assert (per_article.reindex(articles["article_id"]).to_numpy() == articles["n_sentences"].to_numpy()).all()
    texts = dict(zip(tables["texts"]["article_id"], tables["texts"]["text"], strict=True))
    for row in tables["mentions"].itertuples():
        assert texts[row.article_id][row.start : row.end] == row.surface
    quotes = tables["quotes"]
    ok = quotes[quotes["status"] == "ok"]
    assert len(ok) > 500
    assert (ok["speaker"] != "").mean() > 0.8
    # the entities of the selection (each article mentions two of these) are found
    found = set(tables["mentions"]["entity"])
    assert {"russia", "ukraine", "north_korea", "china", "united_states"} <= found
