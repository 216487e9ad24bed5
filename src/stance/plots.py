"""Plots of the scored tables: who stands where (heatmap), how it shifts (time series), which sentence shows it.

Every plot function takes DataFrames as `stance.score` (or the period aggregation) returns them, draws on
`ax` (a new figure when None) and returns the Axes; none calls ``plt.show()``. One colour per target
throughout (`TARGET_COLOURS`, from the Okabe–Ito palette, which stays distinct under the common forms of
colour blindness), and entities are labelled by their gazetteer names, not their ids.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Iterable, Sequence

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import TwoSlopeNorm, to_rgb
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.transforms import blended_transform_factory
from mpl_toolkits.axes_grid1 import make_axes_locatable

from .candidates import DEFAULT_TARGETS
from .gazetteer import Gazetteer, load_gazetteer
from .tone import TONE_THRESHOLD

__all__ = [
    "FALLBACK_COLOURS",
    "NAME_STYLES",
    "STANCE_CMAP",
    "TARGET_COLOURS",
    "entity_label",
    "evidence_keys",
    "evidence_timeline",
    "stance_heatmap",
    "stance_over_time",
    "stance_tone_table",
    "stance_vs_tone",
    "target_colour",
]

log = logging.getLogger(__name__)

# Okabe & Ito (2008), "Color Universal Design": blue, orange and bluish green are the three most distinct
# hues of the palette for every common colour-vision deficiency. Extend or override this mapping to give
# other targets a fixed colour of their own.
TARGET_COLOURS: dict[str, str] = {
    "united_states": "#0072B2",  # blue
    "ukraine": "#E69F00",  # orange
    "china": "#009E73",  # bluish green
}
# The rest of the Okabe–Ito palette (without yellow, too faint on white), for targets not in TARGET_COLOURS:
# a target always gets the same one (chosen by a checksum of its id), in every plot and every session.
FALLBACK_COLOURS = ("#D55E00", "#CC79A7", "#56B4E9", "#4D4D4D")
# Diverging and colour-blind safe (ColorBrewer RdBu): red is against, blue is favour, white is zero.
STANCE_CMAP = "RdBu"
# How entity names are written: the gazetteer's name as is ("Amerika Serikat (United States)"), its
# English gloss in parentheses ("United States"), or the Indonesian name before it ("Amerika Serikat").
NAME_STYLES = ("name", "english", "indonesian")
# Line styles and bar hatches that tell apart several pairs drawn in the same target colour.
_LINESTYLES = ("-", "--", ":", "-.")
_MARKERS = ("o", "s", "^", "D")
_HATCHES = ("", "///", "...", "xxx")
_GLOSS = re.compile(r"^(?P<local>.+?)\s*\((?P<english>[^()]+)\)\s*$")


# ----------------------------------------------------------------------------------------------- labels
def target_colour(target: str) -> str:
    """The colour of `target` in every plot: `TARGET_COLOURS`, else a fixed one from `FALLBACK_COLOURS`."""
    if target in TARGET_COLOURS:
        return TARGET_COLOURS[target]
    return FALLBACK_COLOURS[zlib.crc32(target.encode("utf-8")) % len(FALLBACK_COLOURS)]


def entity_label(entity: str, gazetteer: Gazetteer | None = None, names: str = "name") -> str:
    """A readable name for an entity id, so a plot never shows ``north_korea`` or ``person:park_won_gon``.

    Parameters
    ----------
    entity : str
        A holder or target id.
    gazetteer : Gazetteer, optional
        Where names come from (default: the shipped gazetteer).
    names : {"name", "english", "indonesian"}
        See `NAME_STYLES`; a name without a gloss in parentheses is returned whole.

    Examples
    --------
    >>> entity_label("united_states", names="english")
    'United States'
    >>> entity_label("person:park_won_gon")
    'Park Won Gon'
    """
    if names not in NAME_STYLES:
        raise ValueError(f"names must be one of {NAME_STYLES}, not {names!r}")
    gazetteer = gazetteer or load_gazetteer()
    name = gazetteer.name(entity)  # a quoted person it does not know: the name in the id
    if entity not in gazetteer:
        return name
    match = _GLOSS.match(name)
    if names == "name" or match is None:
        return name
    return match["english"] if names == "english" else match["local"]


def _labeller(gazetteer: Gazetteer | None, names: str):
    gazetteer = gazetteer or load_gazetteer()
    entity_label("", gazetteer, names)  # validates `names` once, before any drawing
    return lambda entity: entity_label(entity, gazetteer, names)


# ----------------------------------------------------------------------------------------------- checks
def _check_frame(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """A clear error for the wrong table, a missing column or no rows, instead of a blank plot."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, not {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lacks the column(s) {', '.join(missing)} (it has: {', '.join(map(str, frame))})")
    if frame.empty:
        raise ValueError(f"{what} is empty: nothing to plot")


def _as_set(value: str | Iterable[str] | None) -> set[str] | None:
    if value is None:
        return None
    return {value} if isinstance(value, str) else set(value)


def _date_axis(ax: Axes) -> None:
    """Dates on the x axis, ticks placed and worded by matplotlib's concise date formatter."""
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _open_frame(*axes: Axes) -> None:
    """No top or right spine."""
    for ax in axes:
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)


def _stance_ticks(ax: Axes, sep: str = " ") -> None:
    """The stance scale on the y axis, its ends named."""
    ax.set_yticks([-1, -0.5, 0, 0.5, 1], [f"−1{sep}against", "−0.5", "0", "0.5", f"+1{sep}favor"])


def _target_handles(targets: Iterable[str], label, size: float) -> list[Line2D]:
    """One legend dot per target, in its colour."""
    return [
        Line2D([], [], marker="o", linestyle="", color=target_colour(t), markersize=size, label=label(t))
        for t in targets
    ]


def _new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _text_colour(rgba) -> str:
    """Black or white, whichever reads better on a cell of this colour (relative luminance, WCAG)."""
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(rgba))
    return "black" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.18 else "white"


# ---------------------------------------------------------------------------------------------- heatmap
def _holder_order(summary: pd.DataFrame, holders: list[str], sort: str, gazetteer: Gazetteer, label) -> list[str]:
    evidence = summary.groupby("holder")["n_evidence"].sum()
    if sort == "evidence":
        return sorted(holders, key=lambda h: (-evidence[h], label(h)))
    if sort == "score":
        mean = summary.groupby("holder")["mean_score"].mean()
        return sorted(holders, key=lambda h: (mean[h], label(h)))
    if sort == "name":
        return sorted(holders, key=label)

    # "country": each state or organisation followed by the people who voice it; blocks by evidence.
    def block(h: str) -> str:
        return (None if h.startswith("person:") else gazetteer.country_of(h) if h in gazetteer else h) or ""

    weight: dict[str, int] = {}
    for h in holders:
        weight[block(h)] = weight.get(block(h), 0) + int(evidence[h])
    return sorted(
        holders,
        key=lambda h: (block(h) == "", -weight[block(h)], block(h), h != block(h), -evidence[h], label(h)),
    )


def stance_heatmap(
    article_stance: pd.DataFrame,
    *,
    targets: Sequence[str] | None = None,
    top_n: int = 15,
    sort: str = "country",
    gazetteer: Gazetteer | None = None,
    names: str = "name",
    title: str | None = "Stance by holder and target",
    ax: Axes | None = None,
) -> Axes:
    """Holder × target heatmap of the mean article stance score, the evidence count written in each cell.

    Shows at a glance who stands where in a collection, and how much evidence each cell rests on (a
    strong colour over two sentences is weaker than a pale one over forty).

    Parameters
    ----------
    article_stance : DataFrame
        `stance.score(...)["article_stance"]`: at least `holder, target, score, n_evidence`.
    targets : sequence of str, optional
        Columns, in order (default: the targets in the table, the default targets first).
    top_n : int
        How many holders: those with the most evidence toward the shown targets.
    sort : {"country", "evidence", "score", "name"}
        Row order. ``country`` puts each state or organisation first and the people who voice it
        (Putin under Russia) right after, blocks by evidence; ``score`` runs from the most against to the
        most in favour (mean over targets); ``evidence`` most evidence first; ``name`` alphabetical.
    gazetteer, names
        Where names come from and how they are written (see `entity_label`).
    title : str or None
        The Axes title.
    ax : Axes, optional
        Where to draw (default: a new figure sized to the table).

    Returns
    -------
    Axes
        The heatmap (one `QuadMesh` of holders × targets cells, one text per cell; a cell without evidence
        is grey and marked ``–``), with a colour bar beside it.
    """
    _check_frame(article_stance, ("holder", "target", "score", "n_evidence"), "article_stance")
    if sort not in ("country", "evidence", "score", "name"):
        raise ValueError(f"sort must be 'country', 'evidence', 'score' or 'name', not {sort!r}")
    if top_n < 1:
        raise ValueError(f"top_n must be at least 1, not {top_n}")
    label = _labeller(gazetteer, names)
    gazetteer = gazetteer or load_gazetteer()
    present = list(dict.fromkeys(article_stance["target"]))
    if targets is None:
        targets = [t for t in DEFAULT_TARGETS if t in present] + sorted(t for t in present if t not in DEFAULT_TARGETS)
    targets = list(targets)
    frame = article_stance[article_stance["target"].isin(targets)]
    if frame.empty:
        raise ValueError(f"article_stance has no rows for the target(s) {', '.join(targets)}")
    summary = frame.groupby(["holder", "target"], as_index=False).agg(
        mean_score=("score", "mean"), n_evidence=("n_evidence", "sum"), n_articles=("score", "size")
    )
    by_holder = summary.groupby("holder")["n_evidence"].sum()
    holders = by_holder.sort_values(ascending=False, kind="stable").index[:top_n].tolist()
    holders = _holder_order(summary[summary["holder"].isin(holders)], holders, sort, gazetteer, label)

    scores = summary.pivot(index="holder", columns="target", values="mean_score").reindex(
        index=holders, columns=targets
    )
    counts = summary.pivot(index="holder", columns="target", values="n_evidence").reindex(
        index=holders, columns=targets
    )
    ax = _new_axes(ax, figsize=(3.2 + 1.5 * len(targets), 1.6 + 0.42 * len(holders)))
    ax.set_facecolor("#e6e6e6")  # cells without evidence show the background
    norm = TwoSlopeNorm(vcenter=0.0, vmin=-1.0, vmax=1.0)
    mesh = ax.pcolormesh(
        np.ma.masked_invalid(scores.to_numpy(dtype=float)),
        cmap=STANCE_CMAP,
        norm=norm,
        edgecolors="white",
        linewidth=1.5,
    )
    cmap = mesh.get_cmap()
    for i, holder in enumerate(holders):
        for j, target in enumerate(targets):
            value, n = scores.at[holder, target], counts.at[holder, target]
            if pd.isna(value):
                ax.text(j + 0.5, i + 0.5, "–", ha="center", va="center", color="#777777", fontsize=9)
                continue
            ax.text(
                j + 0.5,
                i + 0.5,
                f"{int(n)}",
                ha="center",
                va="center",
                fontsize=9,
                color=_text_colour(cmap(norm(value))),
            )
    ax.set_xlim(0, len(targets))
    ax.set_ylim(len(holders), 0)  # first holder on top
    ax.set_xticks(np.arange(len(targets)) + 0.5, [label(t).replace(" (", "\n(") for t in targets])
    ax.set_yticks(np.arange(len(holders)) + 0.5, [label(h) for h in holders])
    ax.tick_params(length=0)
    ax.xaxis.tick_top()
    for spine in ax.spines.values():
        spine.set_visible(False)
    # Each target's name on a chip of its colour ties the columns to the other plots.
    for tick, target in zip(ax.get_xticklabels(), targets, strict=True):
        colour = target_colour(target)
        tick.set_color(_text_colour(colour))
        tick.set_bbox({"boxstyle": "round,pad=0.35", "facecolor": colour, "edgecolor": "none"})
    ax.tick_params(axis="x", pad=6)
    bar = ax.figure.colorbar(mesh, ax=ax, fraction=0.06, pad=0.03, ticks=[-1, -0.5, 0, 0.5, 1])
    bar.set_label("mean article stance score")
    bar.ax.set_yticklabels(["−1 against", "−0.5", "0", "0.5", "+1 favor"])
    ax.set_xlabel("numbers: evidence sentences;  – : none", fontsize=8, color="#555555")
    if title:
        ax.set_title(title, pad=10)
    return ax


# ------------------------------------------------------------------------------------------- over time
_OVER_TIME_COLUMNS = ("period", "holder", "target", "mean_score", "n_articles", "ci_low", "ci_high")


def _period_step(periods: pd.Series) -> pd.Timedelta:
    """The table's period length, as the shortest gap between consecutive periods (a month is 28–31 days)."""
    unique = pd.Series(sorted(periods.dropna().unique()))
    gaps = unique.diff().dropna()
    gaps = gaps[gaps > pd.Timedelta(0)]
    return gaps.min() if len(gaps) else pd.Timedelta(days=30)


def _with_gaps(series: pd.DataFrame, step: pd.Timedelta) -> pd.DataFrame:
    """Rows of NaN where a pair has no articles for more than a period, so its line breaks there."""
    gap = series["period"].diff() > step * 1.5
    if not gap.any():
        return series
    breaks = series.loc[gap, ["period"]].assign(period=lambda f: f["period"] - step / 2)
    return pd.concat([series, breaks], ignore_index=True).sort_values("period", kind="stable")


def stance_over_time(
    over_time: pd.DataFrame,
    pairs: Sequence[tuple[str, str]] | None = None,
    shifts: pd.DataFrame | None = None,
    *,
    gazetteer: Gazetteer | None = None,
    names: str = "name",
    title: str | None = "Stance over time",
    ax: Axes | None = None,
) -> Axes:
    """The mean stance score per period for chosen holder → target pairs, with its interval and volume.

    A line per pair (the target's colour; pairs sharing a target differ in line style and marker) over a
    band from `ci_low` to `ci_high`; the number of articles per period as bars in a strip underneath,
    sharing the time axis, so a swing over two articles is not read like a swing over forty. A line breaks
    where a pair has no article for more than one period. Change points (`shifts`) are dotted vertical lines
    labelled with the scores before and after.

    Parameters
    ----------
    over_time : DataFrame
        Long table, one row per (period, holder, target): at least `period` (Timestamp), `holder`,
        `target`, `mean_score`, `n_articles`, `ci_low`, `ci_high`. A `source` column is allowed when it
        holds one source per period and pair (filter it first otherwise).
    pairs : sequence of (holder, target), optional
        What to draw (default: the three pairs with the most articles).
    shifts : DataFrame, optional
        Change points: `holder`, `target`, `date`, and optionally `score_before`, `score_after`. Rows for
        pairs not drawn are left out.
    gazetteer, names
        Where names come from and how they are written (see `entity_label`).
    title : str or None
        The title.
    ax : Axes, optional
        Where to draw the scores; the volume strip is carved out of its bottom.

    Returns
    -------
    Axes
        The main (score) Axes; the volume Axes shares its x axis (``ax.get_shared_x_axes()``).
    """
    _check_frame(over_time, _OVER_TIME_COLUMNS, "over_time")
    label = _labeller(gazetteer, names)
    frame = over_time.assign(period=pd.to_datetime(over_time["period"]))
    totals = frame.groupby(["holder", "target"])["n_articles"].sum().sort_values(ascending=False, kind="stable")
    if pairs is None:
        pairs = list(totals.index[:3])
    pairs = [tuple(p) for p in pairs]
    if not pairs:
        raise ValueError("pairs is empty: name at least one (holder, target) pair")
    unknown = [p for p in pairs if p not in totals.index]
    if unknown:
        known = ", ".join(f"({h}, {t})" for h, t in totals.index[:8])
        raise ValueError(f"over_time has no rows for {unknown}; pairs with the most articles: {known}")
    if "source" in frame and frame.duplicated(["period", "holder", "target"]).any():
        raise ValueError("over_time holds several sources per period and pair: filter it to one source first")
    step = _period_step(frame["period"])

    if ax is None:
        _, (ax, volume) = plt.subplots(
            2, 1, figsize=(12, 6), sharex=True, layout="constrained", gridspec_kw={"height_ratios": (4, 1)}
        )
    else:  # carve the volume strip out of the caller's Axes
        volume = make_axes_locatable(ax).append_axes("bottom", size="22%", pad=0.08, sharex=ax)
    styles: dict[str, int] = {}
    width = 0.8 * (step / pd.Timedelta(days=1)) / len(pairs)  # matplotlib dates count in days
    for k, (holder, target) in enumerate(pairs):
        series = frame[(frame["holder"] == holder) & (frame["target"] == target)].sort_values("period")
        colour = target_colour(target)
        style = styles.setdefault(target, 0)
        styles[target] += 1
        name = f"{label(holder)} → {label(target)}"
        drawn = _with_gaps(series, step)
        ax.fill_between(
            drawn["period"],
            drawn["ci_low"],
            drawn["ci_high"],
            color=colour,
            alpha=0.15,
            linewidth=0,
            gid=f"band:{holder}:{target}",
        )
        ax.plot(
            drawn["period"],
            drawn["mean_score"],
            color=colour,
            linestyle=_LINESTYLES[style % len(_LINESTYLES)],
            marker=_MARKERS[style % len(_MARKERS)],
            markersize=4,
            linewidth=1.8,
            label=name,
            gid=f"line:{holder}:{target}",
        )
        offset = (k - (len(pairs) - 1) / 2) * width
        volume.bar(
            mdates.date2num(series["period"]) + offset,
            series["n_articles"],
            width=width,
            color=colour,
            alpha=0.55,
            hatch=_HATCHES[style % len(_HATCHES)],
            edgecolor=colour,
            linewidth=0.5,
            gid=f"volume:{holder}:{target}",
        )

    ax.axhline(0, color="#888888", linewidth=0.8, zorder=0, gid="zero")
    if shifts is not None:
        _draw_shifts(ax, shifts, pairs)
    ax.set_ylim(-1.08, 1.08)
    _stance_ticks(ax, sep="\n")
    ax.set_ylabel("mean article stance score")
    ax.grid(axis="y", color="#eeeeee")
    ax.tick_params(axis="x", labelbottom=False)
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=8,
        frameon=False,
        title="holder → target",
        title_fontsize=8,
        alignment="left",
    )
    volume.set_ylabel("articles", fontsize=8)
    volume.tick_params(axis="y", labelsize=7)
    volume.yaxis.set_major_locator(plt.MaxNLocator(3, integer=True))
    _date_axis(volume)
    _open_frame(ax, volume)
    if title:
        ax.set_title(title)
    return ax


def _draw_shifts(ax: Axes, shifts: pd.DataFrame, pairs: list[tuple[str, str]]) -> None:
    if isinstance(shifts, pd.DataFrame) and shifts.empty and {"holder", "target", "date"} <= set(shifts):
        return  # no change point found: a valid answer, nothing to mark
    _check_frame(shifts, ("holder", "target", "date"), "shifts")
    shown = shifts[[(h, t) in pairs for h, t in zip(shifts["holder"], shifts["target"], strict=True)]]
    if len(shown) < len(shifts):
        log.info("%d change point(s) belong to pairs not drawn; left out", len(shifts) - len(shown))
    text_at = blended_transform_factory(ax.transData, ax.transAxes)
    for row in shown.itertuples(index=False):
        day = pd.Timestamp(row.date)
        colour = target_colour(row.target)
        ax.axvline(day, color=colour, linestyle=(0, (1, 2)), linewidth=1.6, gid=f"shift:{row.holder}:{row.target}")
        before, after = getattr(row, "score_before", np.nan), getattr(row, "score_after", np.nan)
        if pd.notna(before) and pd.notna(after):
            ax.text(
                day,
                0.02,
                f" {before:+.2f} → {after:+.2f}",
                transform=text_at,
                rotation=90,
                fontsize=7,
                color=colour,
                ha="right",
                va="bottom",
            )


# -------------------------------------------------------------------------------------------- evidence
_EVIDENCE_COLUMNS = ("article_id", "sentence_idx", "date", "holder", "target", "stance", "score", "confidence")


def _select_evidence(evidence: pd.DataFrame, holder, target) -> pd.DataFrame:
    holders, targets = _as_set(holder), _as_set(target)
    frame = evidence
    if holders is not None:
        frame = frame[frame["holder"].isin(holders)]
    if targets is not None:
        frame = frame[frame["target"].isin(targets)]
    if frame.empty:
        raise ValueError(f"evidence has no rows for holder={holder!r}, target={target!r}")
    return frame


def evidence_keys(
    evidence: pd.DataFrame,
    holder: str | Iterable[str] | None = None,
    target: str | Iterable[str] | None = None,
    n: int = 8,
) -> pd.DataFrame:
    """The `n` strongest evidence sentences, keyed ``article_id#sentence_idx``, as `evidence_timeline` labels them.

    Strength is |score| × confidence; a sentence that is evidence for several pairs counts once, by its
    strongest row. The table lets a reader go from a key on the plot to the sentence that shows the stance.

    Returns
    -------
    DataFrame
        `key, article_id, sentence_idx, date, holder, target, stance, score, confidence, strength`, and
        `sentence` where the evidence has it; strongest first. (Undated evidence is keyed here but is not
        on the timeline, which drops it.)
    """
    _check_frame(evidence, _EVIDENCE_COLUMNS, "evidence")
    frame = _select_evidence(evidence, holder, target).copy()
    frame["key"] = frame["article_id"].astype(str) + "#" + frame["sentence_idx"].astype(str)
    frame["strength"] = frame["score"].abs() * frame["confidence"]
    frame = frame.sort_values(["strength", "date", "key"], ascending=[False, True, True], kind="stable")
    frame = frame.drop_duplicates("key").head(n)
    columns = ["key", *_EVIDENCE_COLUMNS, "strength"]
    columns += ["sentence"] if "sentence" in frame else []
    return frame[columns].reset_index(drop=True)


def _marker_size(confidence) -> np.ndarray:
    return 12 + 88 * np.clip(np.asarray(confidence, dtype=float), 0, 1)


def evidence_timeline(
    evidence: pd.DataFrame,
    holder: str | Iterable[str] | None = None,
    target: str | Iterable[str] | None = None,
    *,
    n_labels: int = 8,
    gazetteer: Gazetteer | None = None,
    names: str = "name",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Each evidence sentence as a point by date and score, so a reader can go from a trend to its sentences.

    Colour is the target, size the confidence; neutral evidence is hollow. The `n_labels` strongest
    sentences carry the key ``article_id#sentence_idx``; `evidence_keys` with the same arguments gives the
    table from each key to its sentence. Evidence without a date is left out (and logged).

    Parameters
    ----------
    evidence : DataFrame
        `stance.score(...)["evidence"]`: at least `article_id, sentence_idx, date, holder, target, stance,
        score, confidence`.
    holder, target : str or iterable of str, optional
        Only this holder (these holders) and target(s); default all.
    n_labels : int
        How many of the strongest sentences get a key on the plot.
    gazetteer, names
        Where names come from and how they are written (see `entity_label`).
    title : str, optional
        The title (default: says which holder and target).
    ax : Axes, optional
        Where to draw.

    Returns
    -------
    Axes
    """
    _check_frame(evidence, _EVIDENCE_COLUMNS, "evidence")
    label = _labeller(gazetteer, names)
    frame = _select_evidence(evidence, holder, target).assign(date=lambda f: pd.to_datetime(f["date"]))
    undated = int(frame["date"].isna().sum())
    if undated:
        log.info("%d evidence row(s) without a date left out of the timeline", undated)
        frame = frame[frame["date"].notna()]
        if frame.empty:
            raise ValueError("evidence has no dated rows for the chosen holder and target: nothing to place in time")

    ax = _new_axes(ax, figsize=(11, 5.5))
    targets = [t for t in DEFAULT_TARGETS if t in set(frame["target"])]
    targets += sorted(set(frame["target"]) - set(targets))
    for shown in targets:
        rows = frame[frame["target"] == shown]
        colour = target_colour(shown)
        neutral = rows["stance"] == "neutral"
        ax.scatter(
            rows.loc[~neutral, "date"],
            rows.loc[~neutral, "score"],
            s=_marker_size(rows.loc[~neutral, "confidence"]),
            color=colour,
            alpha=0.75,
            edgecolors="white",
            linewidths=0.4,
            gid=f"evidence:{shown}",
        )
        ax.scatter(
            rows.loc[neutral, "date"],
            rows.loc[neutral, "score"],
            s=_marker_size(rows.loc[neutral, "confidence"]),
            facecolors="none",
            edgecolors=colour,
            alpha=0.5,
            linewidths=0.8,
            gid=f"neutral:{shown}",
        )

    keys = evidence_keys(frame, n=n_labels)
    _annotate_keys(ax, keys)
    ax.axhline(0, color="#888888", linewidth=0.8, zorder=0, gid="zero")
    ax.set_ylim(-1.75, 1.75)
    _stance_ticks(ax)
    ax.set_ylabel("evidence stance score")
    _date_axis(ax)
    _open_frame(ax)
    handles = _target_handles(targets, label, 7)
    handles += [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor="none",
            markeredgecolor="#555555",
            markersize=7,
            label="neutral (hollow)",
        )
    ]
    handles += [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            color="#999999",
            markersize=np.sqrt(_marker_size(c)),
            label=f"confidence {c:.1f}",
        )
        for c in (0.5, 1.0)
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    if title is None:
        who = ", ".join(label(h) for h in sorted(_as_set(holder))) if holder is not None else "all holders"
        toward = ", ".join(label(t) for t in sorted(_as_set(target))) if target is not None else "all targets"
        title = f"Evidence: {who} → {toward}"
    if title:
        ax.set_title(title)
    ax.text(
        1.01,
        0.0,
        "keys: article_id#sentence_idx\n(stance.plots.evidence_keys)",
        transform=ax.transAxes,
        fontsize=7,
        color="#555555",
        va="bottom",
    )
    return ax


def _annotate_keys(ax: Axes, keys: pd.DataFrame) -> None:
    """Keys above (favour) or below (against) the points, on three staggered rows so neighbours do not collide."""
    for sign in (1, -1):
        side = keys[(keys["score"] >= 0) == (sign > 0)].sort_values("date", kind="stable")
        for k, row in enumerate(side.itertuples(index=False)):
            level = 1.22 + 0.17 * (k % 3)
            ax.annotate(
                row.key,
                xy=(row.date, row.score),
                xytext=(row.date, sign * level),
                fontsize=7,
                ha="center",
                va="center",
                color="#222222",
                gid=f"key:{row.key}",
                bbox={
                    "boxstyle": "round,pad=0.15",
                    "facecolor": "white",
                    "edgecolor": target_colour(row.target),
                    "linewidth": 0.8,
                },
                arrowprops={"arrowstyle": "-", "color": "#999999", "linewidth": 0.6},
            )


# ------------------------------------------------------------------------------------------ stance, tone
_TONE_YLIM = 1.3
_QUADRANTS = {
    ("favor", "positive"): False,
    ("favor", "negative"): True,  # supports the target in a sentence whose words are negative
    ("against", "positive"): True,  # opposes it in positive words
    ("against", "negative"): False,
}


def stance_tone_table(evidence: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Evidence joined with its sentence's tone, each row placed in a stance × tone quadrant.

    Stance is about a holder and a target, tone about the words (SPEC §4); where they disagree (favour in
    a negative sentence, against in a positive one) a tone-only reading would mislead, and those are the
    sentences worth reading.

    Parameters
    ----------
    evidence : DataFrame
        `stance.score(...)["evidence"]`: `article_id, sentence_idx, target, stance, score`, and `tone`
        where present (else the sentences' `tone` is used).
    sentences : DataFrame
        `stance.score(...)["sentences"]`: `article_id, sentence_idx, tone_score` (and `tone`).

    Returns
    -------
    DataFrame
        The evidence with `tone_score`, `tone`, `quadrant` (``"favor/negative"`` …, empty when stance or
        tone is neutral) and `disagree`. Evidence whose sentence is not in `sentences` is left out (logged).
    """
    _check_frame(evidence, ("article_id", "sentence_idx", "target", "stance", "score"), "evidence")
    _check_frame(sentences, ("article_id", "sentence_idx", "tone_score"), "sentences")
    keys = ["article_id", "sentence_idx"]
    tone_columns = ["tone_score"] + (["tone"] if "tone" in sentences and "tone" not in evidence else [])
    joined = evidence.drop(columns=["tone_score"], errors="ignore").merge(
        sentences[keys + tone_columns].drop_duplicates(keys), on=keys, how="left", validate="many_to_one"
    )
    missing = int(joined["tone_score"].isna().sum())
    if missing:
        log.info("%d evidence row(s) have no sentence tone; left out", missing)
        joined = joined[joined["tone_score"].notna()]
    if joined.empty:
        raise ValueError("no evidence row matches a sentence with a tone_score (join on article_id, sentence_idx)")
    if "tone" not in joined:
        from .tone import tone_label

        joined["tone"] = [tone_label(x) for x in joined["tone_score"]]
    pair = list(zip(joined["stance"], joined["tone"], strict=True))
    joined["quadrant"] = [f"{s}/{t}" if (s, t) in _QUADRANTS else "" for s, t in pair]
    joined["disagree"] = [_QUADRANTS.get(p, False) for p in pair]
    return joined.reset_index(drop=True)


def stance_vs_tone(
    evidence: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    include_neutral: bool = True,
    gazetteer: Gazetteer | None = None,
    names: str = "name",
    title: str | None = "Stance and tone of the evidence sentences",
    ax: Axes | None = None,
) -> Axes:
    """Stance score against the tone of the same sentence, with the disagreements marked and each quadrant counted.

    x is the sentence's tone score (the grey band is neutral tone), y the evidence's stance score; colour
    is the target. Points where stance and tone disagree (favour in a negative sentence, against in a
    positive one) have a black edge, and the four corners give their counts (`stance_tone_table` lists them).

    Parameters
    ----------
    evidence, sentences : DataFrame
        As for `stance_tone_table`.
    include_neutral : bool
        Also draw neutral-stance evidence, hollow and faint (it is in no quadrant).
    gazetteer, names
        Where names come from and how they are written (see `entity_label`).
    title : str or None
        The title.
    ax : Axes, optional
        Where to draw.

    Returns
    -------
    Axes
        With one text per quadrant (``gid`` ``quadrant:<stance>/<tone>``) holding its count.
    """
    label = _labeller(gazetteer, names)
    table = stance_tone_table(evidence, sentences)
    ax = _new_axes(ax, figsize=(10, 7.5))
    top = _TONE_YLIM  # the margin above +1 and below -1 holds the quadrant counts, clear of the points
    ax.axvspan(-TONE_THRESHOLD, TONE_THRESHOLD, color="#eeeeee", zorder=0, gid="neutral-tone")
    for (stance, tone), disagree in _QUADRANTS.items():
        if disagree:  # tint the disagreement quadrants
            x0 = TONE_THRESHOLD if tone == "positive" else -1.05
            ax.add_patch(
                Rectangle(
                    (x0, 0 if stance == "favor" else -top),
                    1.05 - TONE_THRESHOLD,
                    top,
                    facecolor="#fbeee6",
                    edgecolor="none",
                    zorder=0,
                )
            )
    ax.axhline(0, color="#888888", linewidth=0.8, zorder=1)
    targets = [t for t in DEFAULT_TARGETS if t in set(table["target"])]
    targets += sorted(set(table["target"]) - set(targets))
    for target in targets:
        rows = table[table["target"] == target]
        colour = target_colour(target)
        neutral = rows["stance"] == "neutral"
        if include_neutral and neutral.any():
            ax.scatter(
                rows.loc[neutral, "tone_score"],
                rows.loc[neutral, "score"],
                s=10,
                facecolors="none",
                edgecolors=colour,
                alpha=0.25,
                linewidths=0.6,
                gid=f"neutral:{target}",
            )
        placed = rows[~neutral]
        agree = placed[~placed["disagree"]]
        clash = placed[placed["disagree"]]
        ax.scatter(
            agree["tone_score"],
            agree["score"],
            s=22,
            color=colour,
            alpha=0.7,
            edgecolors="white",
            linewidths=0.4,
            gid=f"agree:{target}",
        )
        ax.scatter(
            clash["tone_score"],
            clash["score"],
            s=34,
            color=colour,
            alpha=0.9,
            edgecolors="black",
            linewidths=1.0,
            gid=f"disagree:{target}",
        )
    counts = table["quadrant"].value_counts()
    for (stance, tone), disagree in _QUADRANTS.items():
        key = f"{stance}/{tone}"
        x, ha = (1.02, "right") if tone == "positive" else (-1.02, "left")
        y = (top - 0.03) * (1 if stance == "favor" else -1)
        text = f"{stance} stance, {tone} tone: n = {int(counts.get(key, 0))}" + ("  (disagree)" if disagree else "")
        ax.text(
            x,
            y,
            text,
            ha=ha,
            va="top" if stance == "favor" else "bottom",
            fontsize=8.5,
            fontweight="bold" if disagree else "normal",
            color="#8a3b12" if disagree else "#333333",
            gid=f"quadrant:{key}",
        )
    outside = int((table["quadrant"] == "").sum())
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-top, top)
    _stance_ticks(ax)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1], ["−1\nnegative", "−0.5", "0", "0.5", "+1\npositive"])
    ax.set_xlabel(f"sentence tone score (grey band: neutral tone, |score| < {TONE_THRESHOLD})")
    ax.set_ylabel("evidence stance score")
    handles = _target_handles(targets, label, 6)
    handles += [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            color="#bbbbbb",
            markeredgecolor="black",
            markersize=6,
            label="stance and tone disagree",
        )
    ]
    if include_neutral:
        handles += [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markerfacecolor="none",
                markeredgecolor="#999999",
                markersize=5,
                label="neutral stance",
            )
        ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax.text(
        1.01,
        0.0,
        f"in no quadrant\n(neutral stance or tone): {outside}",
        transform=ax.transAxes,
        fontsize=8,
        color="#555555",
        va="bottom",
        gid="outside",
    )
    _open_frame(ax)
    if title:
        ax.set_title(title)
    return ax
