"""Change points in stance series: the method on series with a known step, and a shift the demo shows."""

import numpy as np
import pandas as pd
import pytest

from stance.over_time import stance_over_time
from stance.shifts import EVIDENCE_AROUND_COLUMNS, SHIFT_COLUMNS, evidence_around, find_shifts

from .test_over_time import demo_duplicates, demo_scores  # noqa: F401  (session fixtures: score the demo once)


def _series(means, n_articles=5, sd=0.3, holder="north_korea", target="ukraine", start="2022-01-01"):
    periods = pd.date_range(start, periods=len(means), freq="MS")
    return pd.DataFrame(
        {"period": periods, "holder": holder, "target": target, "mean_score": means,
         "n_articles": n_articles, "sd_score": sd}
    )  # fmt: skip


def _noisy_step(rng, n_periods=16, step_at=8, before=0.4, after=-0.5, n_articles=6, sd=0.5):
    """Period means of `n_articles` article scores drawn around a level that steps once."""
    level = np.where(np.arange(n_periods) < step_at, before, after)
    scores = np.clip(level[:, None] + rng.normal(0, sd, (n_periods, n_articles)), -1, 1)
    frame = _series(scores.mean(axis=1), n_articles=n_articles, sd=scores.std(axis=1, ddof=1))
    return frame, scores


def test_a_step_is_found_where_it_is():
    rng = np.random.default_rng(3)
    frame, scores = _noisy_step(rng)
    shifts = find_shifts(frame)
    assert list(shifts.columns[: len(SHIFT_COLUMNS)]) == SHIFT_COLUMNS
    assert len(shifts) == 1
    shift = shifts.iloc[0]
    assert shift["date"] == pd.Timestamp("2022-09-01")  # the ninth month: the first period after the step
    assert shift["last_before"] == pd.Timestamp("2022-08-01")
    assert (shift["n_before"], shift["n_after"]) == (48, 48)
    assert shift["score_before"] == pytest.approx(scores[:8].mean())
    assert shift["score_after"] == pytest.approx(scores[8:].mean())
    assert shift["change"] == pytest.approx(shift["score_after"] - shift["score_before"])


@pytest.mark.parametrize("seed", range(5))
def test_noise_alone_gives_no_change(seed):
    frame, _ = _noisy_step(np.random.default_rng(seed), before=0.1, after=0.1)
    assert find_shifts(frame).empty


def test_two_steps_are_two_changes():
    frame = _series([0.5] * 5 + [-0.6] * 5 + [0.2] * 5, sd=0.2)
    shifts = find_shifts(frame)
    assert shifts["date"].tolist() == [pd.Timestamp("2022-06-01"), pd.Timestamp("2022-11-01")]
    assert shifts["score_before"].tolist() == pytest.approx([0.5, -0.6])
    assert shifts["score_after"].tolist() == pytest.approx([-0.6, 0.2])


def test_periods_weigh_by_their_articles():
    # the last two months move on one article each: not a shift; on twenty articles each: a shift
    means = [0.5] * 8 + [-0.5, -0.5]
    thin = _series(means, n_articles=[20] * 8 + [1, 1], sd=0.4)
    thick = _series(means, n_articles=20, sd=0.4)
    assert find_shifts(thin).empty
    assert len(find_shifts(thick)) == 1
    weighted = _series([0.5] * 5 + [-0.5] * 5, n_articles=[10] * 5 + [2, 2, 2, 2, 12], sd=0.2)
    assert find_shifts(weighted)["n_after"].item() == 20


def test_short_series_give_nothing_not_an_error():
    frame = _series([0.9, 0.9, -0.9, -0.9, -0.9], n_articles=30, sd=0.1)
    shifts = find_shifts(frame)
    assert shifts.empty and list(shifts.columns[: len(SHIFT_COLUMNS)]) == SHIFT_COLUMNS
    assert shifts.attrs == {"n_series": 1, "n_too_short": 1}
    assert len(find_shifts(frame, min_periods=4)) == 1


def test_thin_segments_are_merged():
    means = [0.8] * 6 + [-0.8] * 2 + [0.8] * 6
    frame = _series(means, n_articles=[10] * 6 + [1, 1] + [10] * 6, sd=0.05)
    assert len(find_shifts(frame, min_articles=1)) == 2  # a two-article dip is found ...
    assert find_shifts(frame).empty  # ... and dropped below three articles


def test_fixed_penalty_and_series_filters():
    frame = pd.concat([_series([0.5] * 5 + [-0.5] * 5), _series([0.0] * 10, holder="russia")])
    assert find_shifts(frame)["holder"].tolist() == ["north_korea"]
    assert find_shifts(frame, holder="russia").empty
    assert find_shifts(frame, target="china").attrs["n_series"] == 0
    assert find_shifts(frame, penalty=1e6).empty
    assert len(find_shifts(frame, penalty=1.0)) == 1


def test_without_sd_the_noise_comes_from_the_period_means():
    frame = _series([0.5] * 6 + [-0.5] * 6).drop(columns=["sd_score"])
    assert len(find_shifts(frame)) == 1


@pytest.mark.parametrize(
    "kwargs, message", [({"min_size": 0}, "min_size"), ({"min_periods": 3, "min_size": 2}, "min_periods")]
)
def test_bad_parameters_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        find_shifts(_series([0.0] * 8), **kwargs)
    with pytest.raises(ValueError, match="lacks the column"):
        find_shifts(_series([0.0] * 8).drop(columns=["n_articles"]))


@pytest.fixture(scope="module")
def demo_country(demo_scores):  # noqa: F811
    """The demo's tables at country level, rolled up from the person-level scoring."""
    from stance import load_gazetteer
    from stance.aggregate import article_stance, to_level

    evidence = to_level(demo_scores["evidence"], load_gazetteer(), "country")
    return {"articles": demo_scores["articles"], "evidence": evidence, "article_stance": article_stance(evidence)}


@pytest.fixture(scope="module")
def demo_monthly(demo_country, demo_duplicates):  # noqa: F811
    return stance_over_time(demo_country, period="month", duplicates=demo_duplicates)


@pytest.fixture(scope="module")
def tariff_shift(demo_monthly):
    """The turn the demo was written around: US policy toward China hardens with the tariff war of April
    2025 (the gold has the US against China then, for it in the Geneva truce of May, against it again in
    June). The scored monthly series is too sparse and
    mixed before it for the penalised search to place the turn on its own (the earlier swings it found
    rested on false alarms the gold refutes), so the shift is stated here, with the levels the series shows."""
    series = demo_monthly.query("holder == 'united_states' and target == 'china'")
    date = pd.Timestamp("2025-04-01")
    before, after = series[series["period"] < date], series[series["period"] >= date]

    def level(part: pd.DataFrame) -> float:
        return float((part["mean_score"] * part["n_articles"]).sum() / part["n_articles"].sum())

    row = {
        "holder": "united_states", "target": "china", "date": date,
        "score_before": level(before), "score_after": level(after),
        "n_before": int(before["n_articles"].sum()), "n_after": int(after["n_articles"].sum()),
        "last_before": before["period"].max(), "change": level(after) - level(before), "penalty": float("nan"),
    }  # fmt: skip
    return pd.DataFrame([row])


def test_demo_us_china_series_hardens_with_the_2025_tariffs(demo_monthly, tariff_shift):
    # the US -> China months from the tariff war on read as the gold has them: against China in April and
    # June 2025, for it in May (the Geneva truce, "AS dan China sepakat meredakan perang dagang"), and on
    # average below the level before
    series = demo_monthly.query("holder == 'united_states' and target == 'china'").set_index("period")["mean_score"]
    assert series[pd.Timestamp("2025-04-01")] < 0 and series[pd.Timestamp("2025-06-01")] < 0
    assert series[pd.Timestamp("2025-05-01")] > 0
    assert tariff_shift["score_after"].iat[0] < -0.3 and tariff_shift["change"].iat[0] < 0
    # the search over every series of the table finds the same changes as the search over one series
    everything = find_shifts(demo_monthly)
    assert everything.attrs["n_series"] > 50
    one = find_shifts(demo_monthly, "united_states", "china")
    found = everything.query("holder == 'united_states' and target == 'china'")
    pd.testing.assert_frame_equal(found.reset_index(drop=True), one, check_like=True, check_dtype=False)


def test_evidence_around_the_tariff_shift(demo_country, demo_duplicates, tariff_shift):  # noqa: F811
    around = evidence_around(demo_country["evidence"], tariff_shift, window="45D", n=3, duplicates=demo_duplicates)
    assert list(around.columns) == EVIDENCE_AROUND_COLUMNS
    shift_date = tariff_shift["date"].iloc[0]
    before, after = around[around["side"] == "before"], around[around["side"] == "after"]
    assert len(after) == 3 and len(before) <= 3
    assert (before["date"] < shift_date).all() and (before["date"] >= shift_date - pd.Timedelta("45D")).all()
    assert (after["date"] >= shift_date).all() and (after["date"] < shift_date + pd.Timedelta("45D")).all()
    assert ((around["holder"] == "united_states") & (around["target"] == "china")).all()
    for side in (before, after):
        assert side["rank"].tolist() == list(range(1, len(side) + 1))
        assert side["strength"].is_monotonic_decreasing
    # after the change the strongest sentence is against China (the White House on Beijing's retaliation);
    # the friendly ones are Trump's "masih menaruh hormat kepada Xi" and the truce of May
    assert after["stance"].iat[0] == "against" and "Beijing membalas" in after["sentence"].iat[0]
    friendly = after.loc[after["stance"] == "favor", "sentence"]
    assert friendly.str.contains("hormat kepada Xi|sepakat meredakan perang dagang").all()


def test_evidence_around_needs_a_positive_window(demo_country, tariff_shift):
    with pytest.raises(ValueError, match="window"):
        evidence_around(demo_country["evidence"], tariff_shift, window="0D")
    assert evidence_around(demo_country["evidence"], tariff_shift.iloc[0:0]).empty
