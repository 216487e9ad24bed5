"""The plots module draws what the scored demo collection holds, in the target colours, with readable names."""

from __future__ import annotations

import matplotlib

matplotlib.use("agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection, PolyCollection, QuadMesh
from matplotlib.colors import to_rgb
from matplotlib.text import Annotation

import stance
from stance import plots
from stance.plots import TARGET_COLOURS

from .conftest import ROOT

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
KEYS = ["period", "holder", "target"]


@pytest.fixture(scope="module")
def scored() -> dict[str, pd.DataFrame]:
    return stance.score([ROOT / "seeds", ROOT / "data" / "demo"], year=2024)


@pytest.fixture(scope="module")
def over_time(scored) -> pd.DataFrame:
    """The period table of the over-time module, built here by a plain groupby: quarterly means of article
    scores, a normal interval (the point for a single article), evidence counts by stance."""
    stances = scored["article_stance"].assign(period=lambda f: f["date"].dt.to_period("Q").dt.start_time)
    evidence = scored["evidence"].assign(period=lambda f: f["date"].dt.to_period("Q").dt.start_time)
    table = stances.groupby(KEYS)["score"].agg(mean_score="mean", n_articles="size", sd="std").reset_index()
    half = 1.96 * table["sd"].fillna(0) / np.sqrt(table["n_articles"])
    table["ci_low"] = (table["mean_score"] - half).clip(-1, 1)
    table["ci_high"] = (table["mean_score"] + half).clip(-1, 1)
    counts = evidence.groupby(KEYS)["stance"].value_counts().unstack(fill_value=0).add_prefix("n_").reset_index()
    table = table.merge(counts, on=KEYS, how="left")
    table["n_evidence"] = table[["n_favor", "n_against", "n_neutral"]].sum(axis=1)
    return table[
        [*KEYS, "mean_score", "n_articles", "n_evidence", "n_favor", "n_against", "n_neutral", "ci_low", "ci_high"]
    ]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def rgb(colour) -> tuple[float, float, float]:
    return tuple(np.round(to_rgb(colour), 3))


def saves_png(ax, path) -> bool:
    ax.figure.savefig(path, dpi=60)
    return path.read_bytes()[:8] == PNG_MAGIC and path.stat().st_size > 5_000


# ------------------------------------------------------------------------------------------ labels, colours
@pytest.mark.parametrize(
    "entity, names, expected",
    [
        ("united_states", "name", "Amerika Serikat (United States)"),
        ("united_states", "english", "United States"),
        ("united_states", "indonesian", "Amerika Serikat"),
        ("north_korea", "english", "North Korea"),
        ("vladimir_putin", "english", "Vladimir Putin"),  # no gloss: the name as is
        ("china", "indonesian", "China / Tiongkok"),
        ("person:park_won_gon", "name", "Park Won Gon"),  # a quoted person the gazetteer does not know
        ("not_an_entity", "name", "not_an_entity"),
    ],
)
def test_entity_label(entity, names, expected):
    assert plots.entity_label(entity, names=names) == expected


def test_entity_label_refuses_an_unknown_style():
    with pytest.raises(ValueError, match="names must be one of"):
        plots.entity_label("china", names="french")


def test_target_colours_are_distinct_and_fixed():
    assert set(TARGET_COLOURS) >= {"united_states", "ukraine", "china"}
    assert len({TARGET_COLOURS[t] for t in ("united_states", "ukraine", "china")}) == 3
    assert plots.target_colour("ukraine") == TARGET_COLOURS["ukraine"]
    other = plots.target_colour("russia")
    assert other in plots.FALLBACK_COLOURS and other == plots.target_colour("russia")
    assert other not in TARGET_COLOURS.values()


# ---------------------------------------------------------------------------------------------- heatmap
def test_heatmap_cells_numbers_and_names(scored, tmp_path):
    stances = scored["article_stance"]
    ax = plots.stance_heatmap(stances, top_n=8)
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    holders = [t.get_text() for t in ax.get_yticklabels()]
    targets = [t.get_text() for t in ax.get_xticklabels()]
    assert len(holders) == 8 and len(targets) == 3
    assert mesh.get_array().size == 8 * 3
    cell_texts = [t for t in ax.texts if t.get_text()]
    assert len(cell_texts) == 8 * 3
    # Names, not ids: Putin is in every collection about Russia, and no row label is an id.
    assert "Vladimir Putin" in holders
    assert not any("_" in h for h in holders)
    assert targets[0] == "Amerika Serikat\n(United States)"
    # A colour bar beside the heatmap, and each target's name on a chip of its colour.
    assert len(ax.figure.axes) == 2
    chips = [rgb(t.get_bbox_patch().get_facecolor()) for t in ax.get_xticklabels()]
    assert chips == [rgb(TARGET_COLOURS[t]) for t in ("united_states", "ukraine", "china")]
    assert saves_png(ax, tmp_path / "heatmap.png")


def test_heatmap_cell_is_the_mean_article_score_with_its_evidence_count(scored):
    stances = scored["article_stance"]
    ax = plots.stance_heatmap(stances, top_n=8, sort="evidence", names="english")
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    holders = [t.get_text() for t in ax.get_yticklabels()]
    row = holders.index("Russia")
    column = 1  # ukraine: the targets come in the default order
    rows = stances[(stances["holder"] == "russia") & (stances["target"] == "ukraine")]
    values = mesh.get_array().reshape(len(holders), 3)
    assert values[row, column] == pytest.approx(rows["score"].mean())
    written = [t.get_text() for t in ax.texts if t.get_position() == (column + 0.5, row + 0.5)]
    assert written == [str(rows["n_evidence"].sum())]
    # Sorted by evidence: the first row holds the most evidence toward the three targets.
    assert holders[0] == "Russia"


def test_heatmap_puts_people_under_the_state_they_voice(scored):
    ax = plots.stance_heatmap(scored["article_stance"], top_n=10, sort="country")
    holders = [t.get_text() for t in ax.get_yticklabels()]
    assert holders.index("Vladimir Putin") == holders.index("Rusia (Russia)") + 1


def test_heatmap_marks_a_cell_without_evidence(scored):
    # The United States is never its own target: its row has a grey cell marked "–", still one cell.
    stances = scored["article_stance"]
    ax = plots.stance_heatmap(
        stances[stances["holder"] == "united_states"], targets=["united_states", "ukraine", "china"]
    )
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    assert np.ma.count_masked(mesh.get_array()) == 1
    assert [t.get_text() for t in ax.texts].count("–") == 1


def test_heatmap_draws_on_a_given_axes(scored):
    _, (_, right) = plt.subplots(1, 2)
    assert plots.stance_heatmap(scored["article_stance"], top_n=5, ax=right) is right


@pytest.mark.parametrize(
    "frame, kwargs, message",
    [
        (pd.DataFrame(columns=["holder", "target", "score", "n_evidence"]), {}, "article_stance is empty"),
        (pd.DataFrame({"holder": ["russia"], "target": ["ukraine"], "score": [-1.0]}), {}, "lacks the column"),
        (None, {"sort": "random"}, "sort must be"),
        (None, {"targets": ["taiwan"]}, "no rows for the target"),
        (None, {"top_n": 0}, "top_n must be"),
    ],
)
def test_heatmap_refuses_bad_input(scored, frame, kwargs, message):
    with pytest.raises(ValueError, match=message):
        plots.stance_heatmap(scored["article_stance"] if frame is None else frame, **kwargs)


# -------------------------------------------------------------------------------------------- over time
PAIRS = [("united_states", "ukraine"), ("russia", "ukraine"), ("china", "united_states")]


def split_at(over_time: pd.DataFrame, holder: str, target: str, date: str) -> dict:
    """A change point at `date` for one pair, with the article-weighted means on either side."""
    series = over_time[(over_time["holder"] == holder) & (over_time["target"] == target)]
    before, after = series[series["period"] < date], series[series["period"] >= date]
    mean = lambda part: np.average(part["mean_score"], weights=part["n_articles"])  # noqa: E731
    return {
        "holder": holder,
        "target": target,
        "date": pd.Timestamp(date),
        "score_before": mean(before),
        "score_after": mean(after),
    }


def test_over_time_lines_bands_bars_and_shifts(over_time, tmp_path):
    shifts = pd.DataFrame(
        [
            split_at(over_time, "united_states", "ukraine", "2025-01-01"),
            split_at(over_time, "russia", "ukraine", "2023-01-01"),
            split_at(over_time, "north_korea", "ukraine", "2024-01-01"),  # a pair not drawn: left out
        ]
    )
    ax = plots.stance_over_time(over_time, PAIRS, shifts)
    # One legend entry per pair, by name.
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [
        "Amerika Serikat (United States) → Ukraina (Ukraine)",
        "Rusia (Russia) → Ukraina (Ukraine)",
        "China / Tiongkok → Amerika Serikat (United States)",
    ]
    # Lines in the target's colour; two pairs toward Ukraine differ in line style.
    lines = {ln.get_gid(): ln for ln in ax.lines if (ln.get_gid() or "").startswith("line:")}
    assert len(lines) == len(PAIRS)
    for holder, target in PAIRS:
        assert rgb(lines[f"line:{holder}:{target}"].get_color()) == rgb(TARGET_COLOURS[target])
    assert lines["line:united_states:ukraine"].get_linestyle() != lines["line:russia:ukraine"].get_linestyle()
    # A band per pair, from ci_low to ci_high, in the same colour.
    bands = [c for c in ax.collections if isinstance(c, PolyCollection) and (c.get_gid() or "").startswith("band:")]
    assert len(bands) == len(PAIRS)
    assert rgb(bands[2].get_facecolor()[0]) == rgb(TARGET_COLOURS["united_states"])
    # Volume bars underneath, on an Axes sharing the time axis: one bar per period of each pair, as tall as n_articles.
    (volume,) = [a for a in ax.figure.axes if a is not ax and ax.get_shared_x_axes().joined(a, ax)]
    for holder, target in PAIRS:
        bars = [p for p in volume.patches if p.get_gid() == f"volume:{holder}:{target}"]
        series = over_time[(over_time["holder"] == holder) & (over_time["target"] == target)].sort_values("period")
        assert [b.get_height() for b in bars] == series["n_articles"].tolist()
        assert rgb(bars[0].get_facecolor()) == rgb(TARGET_COLOURS[target])
    # One vertical line per change point of a drawn pair, at its date.
    marks = [ln for ln in ax.lines if (ln.get_gid() or "").startswith("shift:")]
    assert len(marks) == 2
    assert {pd.Timestamp(m.get_xdata()[0]) for m in marks} == {pd.Timestamp("2025-01-01"), pd.Timestamp("2023-01-01")}
    assert saves_png(ax, tmp_path / "over_time.png")


def test_over_time_breaks_the_line_over_a_gap(over_time):
    # North Korea speaks of Ukraine in some quarters only: where a quarter is missing the line breaks.
    series = over_time[(over_time["holder"] == "north_korea") & (over_time["target"] == "ukraine")]
    gaps = (series["period"].sort_values().diff() > pd.Timedelta(days=140)).sum()
    assert gaps > 0
    ax = plots.stance_over_time(over_time, [("north_korea", "ukraine")])
    (line,) = [ln for ln in ax.lines if ln.get_gid() == "line:north_korea:ukraine"]
    assert np.isnan(np.asarray(line.get_ydata(), dtype=float)).sum() == gaps


def test_over_time_defaults_to_the_pairs_with_most_articles(over_time):
    ax = plots.stance_over_time(over_time, names="english")
    assert len(ax.get_legend().get_texts()) == 3
    assert ax.get_legend().get_texts()[0].get_text() == "Russia → Ukraine"


def test_over_time_accepts_no_change_points(over_time):
    shifts = pd.DataFrame(columns=["holder", "target", "date", "score_before", "score_after"])
    ax = plots.stance_over_time(over_time, PAIRS[:1], shifts)
    assert not [ln for ln in ax.lines if (ln.get_gid() or "").startswith("shift:")]


def test_over_time_on_a_given_axes(over_time):
    fig, ax = plt.subplots()
    assert plots.stance_over_time(over_time, PAIRS[:2], ax=ax) is ax
    assert len(fig.axes) == 2  # the volume strip is carved out of it


@pytest.mark.parametrize(
    "pairs, message",
    [
        ([("russia", "taiwan")], r"no rows for \[\('russia', 'taiwan'\)\]"),
        ([], "pairs is empty"),
    ],
)
def test_over_time_refuses_unknown_pairs(over_time, pairs, message):
    with pytest.raises(ValueError, match=message):
        plots.stance_over_time(over_time, pairs)


def test_over_time_refuses_empty_and_incomplete_tables(over_time):
    with pytest.raises(ValueError, match="over_time is empty"):
        plots.stance_over_time(over_time.head(0), PAIRS)
    with pytest.raises(ValueError, match=r"lacks the column.*ci_low"):
        plots.stance_over_time(over_time.drop(columns=["ci_low"]), PAIRS)
    with pytest.raises(ValueError, match=r"shifts lacks the column.*date"):
        plots.stance_over_time(over_time, PAIRS, pd.DataFrame({"holder": ["russia"], "target": ["ukraine"]}))


def test_over_time_refuses_several_sources_per_period(over_time):
    twice = pd.concat([over_time.assign(source="A"), over_time.assign(source="B")])
    with pytest.raises(ValueError, match="several sources"):
        plots.stance_over_time(twice, PAIRS)


# ------------------------------------------------------------------------------------------ evidence
def test_evidence_timeline_points_colours_and_keys(scored, tmp_path):
    evidence = scored["evidence"]
    ax = plots.evidence_timeline(evidence, holder="vladimir_putin", n_labels=6)
    putin = evidence[evidence["holder"] == "vladimir_putin"]
    points = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert sum(len(c.get_offsets()) for c in points) == len(putin)
    for c in points:
        target = c.get_gid().split(":")[1]
        colours = c.get_facecolor() if c.get_gid().startswith("evidence:") else c.get_edgecolor()
        if len(c.get_offsets()):
            assert rgb(colours[0]) == rgb(TARGET_COLOURS[target])
    # Larger points for more confident evidence.
    filled = next(c for c in points if c.get_gid() == "evidence:ukraine")
    confidence = putin[(putin["target"] == "ukraine") & (putin["stance"] != "neutral")]["confidence"].to_numpy()
    assert np.argmax(filled.get_sizes()) == np.argmax(confidence)
    # The strongest sentences carry their key, and the key table leads back to each sentence.
    annotations = [a.get_text() for a in ax.texts if isinstance(a, Annotation)]
    keys = plots.evidence_keys(evidence, holder="vladimir_putin", n=6)
    assert sorted(annotations) == sorted(keys["key"])
    for row in keys.itertuples(index=False):
        article, idx = row.key.split("#")
        sentence = evidence[(evidence["article_id"] == article) & (evidence["sentence_idx"] == int(idx))]["sentence"]
        assert row.sentence == sentence.iat[0]
    assert ax.get_title() == "Evidence: Vladimir Putin → all targets"
    assert saves_png(ax, tmp_path / "timeline.png")


def test_evidence_keys_are_the_strongest_distinct_sentences(scored):
    evidence = scored["evidence"]
    keys = plots.evidence_keys(evidence, target="ukraine", n=10)
    assert len(keys) == 10 and keys["key"].is_unique
    assert set(keys["target"]) == {"ukraine"}
    assert keys["strength"].is_monotonic_decreasing
    # No sentence left out is stronger than the weakest one shown.
    ukraine = evidence[evidence["target"] == "ukraine"]
    key = ukraine["article_id"] + "#" + ukraine["sentence_idx"].astype(str)
    strength = (ukraine["score"].abs() * ukraine["confidence"]).groupby(key).max()
    assert strength.max() == keys["strength"].iat[0]
    assert strength.drop(keys["key"]).max() <= keys["strength"].min()


def test_evidence_timeline_filters_holder_and_target(scored):
    evidence = scored["evidence"]
    ax = plots.evidence_timeline(evidence, holder=["kim_jong_un", "north_korea"], target="ukraine", names="english")
    chosen = evidence[evidence["holder"].isin(["kim_jong_un", "north_korea"]) & (evidence["target"] == "ukraine")]
    points = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert sum(len(c.get_offsets()) for c in points) == len(chosen)
    assert {c.get_gid().split(":")[1] for c in points} == {"ukraine"}
    assert ax.get_title() == "Evidence: Kim Jong-un, North Korea → Ukraine"


def test_evidence_timeline_refuses_empty_selections(scored):
    evidence = scored["evidence"]
    with pytest.raises(ValueError, match="no rows for holder='nobody'"):
        plots.evidence_timeline(evidence, holder="nobody")
    with pytest.raises(ValueError, match="evidence is empty"):
        plots.evidence_timeline(evidence.head(0))
    with pytest.raises(ValueError, match="no dated rows"):
        plots.evidence_timeline(evidence.assign(date=pd.NaT), holder="vladimir_putin")


# ------------------------------------------------------------------------------------------ stance, tone
def test_stance_tone_table_joins_and_places_each_row(scored):
    evidence, sentences = scored["evidence"], scored["sentences"]
    table = plots.stance_tone_table(evidence, sentences)
    assert len(table) == len(evidence)
    row = table.iloc[0]
    sentence = sentences[
        (sentences["article_id"] == row["article_id"]) & (sentences["sentence_idx"] == row["sentence_idx"])
    ]
    assert row["tone_score"] == sentence["tone_score"].iat[0]
    assert set(table.loc[table["disagree"], "quadrant"]) == {"favor/negative", "against/positive"}
    assert (table.loc[table["stance"] == "neutral", "quadrant"] == "").all()


def test_stance_vs_tone_counts_quadrants_and_marks_disagreement(scored, tmp_path):
    evidence, sentences = scored["evidence"], scored["sentences"]
    ax = plots.stance_vs_tone(evidence, sentences)
    # Counts on the plot match a crosstab of the evidence's stance and its sentence's tone.
    tone = evidence.merge(
        sentences[["article_id", "sentence_idx", "tone"]], on=["article_id", "sentence_idx"], suffixes=("_evidence", "")
    )
    crosstab = pd.crosstab(tone["stance"], tone["tone"])
    quadrants = {
        t.get_gid().removeprefix("quadrant:"): t.get_text()
        for t in ax.texts
        if (t.get_gid() or "").startswith("quadrant:")
    }
    assert len(quadrants) == 4
    for key, text in quadrants.items():
        stance_, tone_ = key.split("/")
        assert f"n = {crosstab.at[stance_, tone_]}" in text
    assert "disagree" in quadrants["favor/negative"] and "disagree" not in quadrants["favor/positive"]
    # Disagreeing points are drawn with a black edge, in their target's colour.
    clashes = [c for c in ax.collections if (c.get_gid() or "").startswith("disagree:")]
    assert (
        sum(len(c.get_offsets()) for c in clashes)
        == crosstab.at["favor", "negative"] + crosstab.at["against", "positive"]
    )
    for c in clashes:
        if len(c.get_offsets()):
            assert rgb(c.get_edgecolor()[0]) == (0.0, 0.0, 0.0)
            assert rgb(c.get_facecolor()[0]) == rgb(TARGET_COLOURS[c.get_gid().split(":")[1]])
    assert saves_png(ax, tmp_path / "tone.png")


def test_stance_vs_tone_refuses_what_it_cannot_join(scored):
    evidence, sentences = scored["evidence"], scored["sentences"]
    with pytest.raises(ValueError, match=r"sentences lacks the column.*tone_score"):
        plots.stance_vs_tone(evidence, sentences.drop(columns=["tone_score"]))
    with pytest.raises(ValueError, match="no evidence row matches"):
        plots.stance_vs_tone(evidence, sentences.assign(article_id="elsewhere"))
    with pytest.raises(ValueError, match="evidence is empty"):
        plots.stance_vs_tone(evidence.head(0), sentences)
