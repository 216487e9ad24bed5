"""Stance per period: the long table, counts that add up, reproducible bootstrap intervals, undated
articles, syndicated copies counted once."""

import logging

import numpy as np
import pandas as pd
import pytest

from stance import load_corpus, score
from stance.duplicates import find_duplicates
from stance.over_time import OVER_TIME_COLUMNS, period_start, stance_over_time

from .conftest import ROOT


@pytest.fixture(scope="session")
def demo_scores() -> dict[str, pd.DataFrame]:
    """The seed and the demo collection scored once (about ten seconds); test_shifts uses it too."""
    return score([ROOT / "seeds", ROOT / "data" / "demo"], year=2024)


@pytest.fixture(scope="session")
def demo_duplicates() -> pd.DataFrame:
    return find_duplicates(load_corpus([ROOT / "seeds", ROOT / "data" / "demo"], year=2024))


@pytest.fixture(scope="module")
def quarterly(demo_scores) -> pd.DataFrame:
    return stance_over_time(demo_scores, period="quarter")


def test_long_table_with_the_contract_columns_first(quarterly, demo_scores):
    assert list(quarterly.columns[: len(OVER_TIME_COLUMNS)]) == OVER_TIME_COLUMNS
    by_source = stance_over_time(demo_scores, period="quarter", by=("holder", "target", "source"), n_boot=50)
    assert list(by_source.columns[:4]) == ["period", "holder", "target", "source"]
    assert list(by_source.columns[4 : len(OVER_TIME_COLUMNS) + 1]) == OVER_TIME_COLUMNS[3:]
    # one row per (period, holder, target), every period a quarter's first day
    assert not quarterly.duplicated(["period", "holder", "target"]).any()
    assert quarterly["period"].dt.is_quarter_start.all()
    # sources split the articles of a quarter, they do not add any
    assert by_source["n_articles"].sum() == quarterly["n_articles"].sum()


def test_mean_is_over_articles_and_counts_match_the_evidence(quarterly, demo_scores):
    stances, evidence = demo_scores["article_stance"], demo_scores["evidence"]
    row = quarterly.query(
        "holder == 'united_states' and target == 'ukraine' and period == @pd.Timestamp('2025-01-01')"
    ).iloc[0]
    in_quarter = stances[
        (stances["holder"] == "united_states")
        & (stances["target"] == "ukraine")
        & (stances["date"] >= "2025-01-01")
        & (stances["date"] < "2025-04-01")
    ]
    assert row["n_articles"] == len(in_quarter) > 1
    assert row["mean_score"] == pytest.approx(in_quarter["score"].mean())  # unweighted: an article is the unit
    sentences = evidence.merge(in_quarter[["article_id", "holder", "target"]])
    assert row["n_evidence"] == len(sentences) == in_quarter["n_evidence"].sum()
    counts = sentences["stance"].value_counts()
    assert (row["n_favor"], row["n_against"], row["n_neutral"]) == (
        counts.get("favor", 0), counts.get("against", 0), counts.get("neutral", 0),
    )  # fmt: skip
    # over the whole table, every dated article stance and every evidence row is counted once
    assert quarterly["n_articles"].sum() == len(stances)
    assert quarterly["n_evidence"].sum() == len(evidence)
    assert (quarterly[["n_favor", "n_against", "n_neutral"]].sum(axis=1) == quarterly["n_evidence"]).all()


def test_intervals_hold_the_mean_and_collapse_for_one_article(quarterly):
    assert (quarterly["ci_low"] <= quarterly["mean_score"] + 1e-12).all()
    assert (quarterly["mean_score"] <= quarterly["ci_high"] + 1e-12).all()
    single = quarterly[quarterly["n_articles"] == 1]
    assert len(single) > 10
    assert (single["ci_low"] == single["mean_score"]).all() and (single["ci_high"] == single["mean_score"]).all()
    varied = quarterly[quarterly["sd_score"] > 0.3]
    assert (varied["ci_high"] > varied["ci_low"]).all()


def test_reruns_match_byte_for_byte_and_the_seed_matters(demo_scores, quarterly):
    again = stance_over_time(demo_scores, period="quarter")
    assert again.to_csv(index=False) == quarterly.to_csv(index=False)
    other = stance_over_time(demo_scores, period="quarter", seed=1)
    assert not np.array_equal(other["ci_low"].to_numpy(), quarterly["ci_low"].to_numpy())
    pd.testing.assert_frame_equal(
        other.drop(columns=["ci_low", "ci_high"]), quarterly.drop(columns=["ci_low", "ci_high"])
    )


def test_bootstrap_interval_has_the_textbook_width():
    # 400 articles from a known spread: the 95 % interval of the mean is about 2 * 1.96 * sd / sqrt(n)
    rng = np.random.default_rng(7)
    scores = rng.choice([-1.0, -0.5, 0.0, 0.0, 0.6, 0.9], size=400)
    stances = pd.DataFrame(
        {"article_id": [f"a{i}" for i in range(400)], "date": pd.Timestamp("2024-05-02"), "holder": "russia",
         "target": "ukraine", "score": scores, "n_evidence": 1}
    )  # fmt: skip
    row = stance_over_time(stances, n_boot=4000, ci=0.95).iloc[0]
    expected = 2 * 1.959964 * scores.std(ddof=0) / np.sqrt(len(scores))
    assert row["ci_high"] - row["ci_low"] == pytest.approx(expected, rel=0.08)
    assert row["ci_low"] < scores.mean() < row["ci_high"]
    narrower = stance_over_time(stances, n_boot=4000, ci=0.5).iloc[0]
    assert narrower["ci_high"] - narrower["ci_low"] < (row["ci_high"] - row["ci_low"]) / 2


def test_many_groups_in_blocks_match_their_own_means():
    # more groups and articles than one bootstrap block holds: every group keeps its own values
    n_groups, per_group = 3000, 25
    stances = pd.DataFrame(
        {"article_id": np.arange(n_groups * per_group).astype(str),
         "date": pd.Timestamp("2023-01-01") + pd.to_timedelta(np.repeat(np.arange(n_groups), per_group), "D"),
         "holder": "china", "target": "united_states",
         "score": np.repeat(np.linspace(-1, 1, n_groups), per_group)}
    )  # fmt: skip
    out = stance_over_time(stances, period="day", n_boot=200)
    assert len(out) == n_groups
    np.testing.assert_allclose(out["ci_low"], out["mean_score"], atol=1e-12)
    np.testing.assert_allclose(out["ci_high"], out["mean_score"], atol=1e-12)
    assert out.loc[out["period"].idxmax(), "mean_score"] == pytest.approx(1.0)


def test_undated_articles_are_left_out_and_counted(demo_scores, caplog):
    stances = demo_scores["article_stance"]
    undated_ids = ["demo-2022-005", "demo-2023-013"]
    stances = stances.assign(date=stances["date"].where(~stances["article_id"].isin(undated_ids)))
    with caplog.at_level(logging.WARNING, logger="stance.over_time"):
        out = stance_over_time(stances, evidence=demo_scores["evidence"], period="month", n_boot=20)
    assert out.attrs["n_undated"] == 2 and out.attrs["undated_article_ids"] == undated_ids
    assert "2 article(s) without a date" in caplog.text
    assert out["n_articles"].sum() == stances["date"].notna().sum()
    evidence = demo_scores["evidence"]
    assert out["n_evidence"].sum() == (~evidence["article_id"].isin(undated_ids)).sum()


def test_syndicated_copies_count_once(demo_scores, demo_duplicates, quarterly):
    deduplicated = stance_over_time(demo_scores, period="quarter", duplicates=demo_duplicates)
    assert deduplicated.attrs["n_duplicates_dropped"] == 3
    stances, evidence = demo_scores["article_stance"], demo_scores["evidence"]
    copies = set(demo_duplicates["article_id"])
    assert deduplicated["n_articles"].sum() == (~stances["article_id"].isin(copies)).sum()
    assert deduplicated["n_evidence"].sum() == (~evidence["article_id"].isin(copies)).sum()
    # North Korea and Ukraine in Q3 2022: the recognition story ran twice, it counts once
    key = "holder == 'north_korea' and target == 'ukraine' and period == @pd.Timestamp('2022-07-01')"
    assert deduplicated.query(key)["n_articles"].item() == quarterly.query(key)["n_articles"].item() - 1


def test_without_evidence_the_stance_counts_are_missing(demo_scores):
    out = stance_over_time(demo_scores["article_stance"], period="year", n_boot=0)
    assert out["n_evidence"].sum() == demo_scores["article_stance"]["n_evidence"].sum()
    assert out["n_favor"].isna().all() and out["ci_low"].isna().all()
    assert sorted(out["period"].dt.year.unique()) == [2022, 2023, 2024, 2025]


@pytest.mark.parametrize(
    "period, day, start",
    [
        ("day", "2024-06-19 14:05", "2024-06-19"),
        ("week", "2024-06-19", "2024-06-17"),  # a Wednesday; weeks start on Monday
        ("week", "2024-06-17", "2024-06-17"),
        ("week", "2024-06-23", "2024-06-17"),  # Sunday closes the week
        ("month", "2024-06-19", "2024-06-01"),
        ("quarter", "2024-06-19", "2024-04-01"),
        ("year", "2024-06-19", "2024-01-01"),
    ],
)
def test_period_start(period, day, start):
    assert period_start(pd.Series([pd.Timestamp(day)]), period).iloc[0] == pd.Timestamp(start)


def test_period_start_reads_local_wall_time():
    dates = pd.Series(pd.to_datetime(["2024-06-30T23:30:00+07:00", None], utc=False))
    starts = period_start(dates, "month")
    assert starts.iloc[0] == pd.Timestamp("2024-06-01") and pd.isna(starts.iloc[1])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"period": "fortnight"}, "period must be one of"),
        ({"by": ("holder",)}, "by must hold"),
        ({"by": ("holder", "target", "speaker")}, "by must hold"),
        ({"ci": 1.0}, "ci must lie"),
        ({"n_boot": -1}, "n_boot"),
    ],
)
def test_bad_parameters_are_named(demo_scores, kwargs, message):
    with pytest.raises(ValueError, match=message):
        stance_over_time(demo_scores, **kwargs)


def test_grouping_by_source_needs_the_articles(demo_scores):
    with pytest.raises(ValueError, match="articles table"):
        stance_over_time(demo_scores["article_stance"], by=("holder", "target", "source"))
    with pytest.raises(ValueError, match="lacks the column"):
        stance_over_time(demo_scores["article_stance"].drop(columns=["score"]))
    with pytest.raises(TypeError):
        stance_over_time([1, 2, 3])
