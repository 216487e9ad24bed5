"""Labelling buttons for the active-learning notebook: one candidate at a time, each click saved at once.

The widget is a thin face over `LabellingSession`, which holds the queue and writes the labels, so the
same session can be driven from a script or a test without a browser.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from .annotate import CONTEXT_LABEL_COLUMNS, append_labels

__all__ = ["LabellingSession", "labelling_widget"]

STANCES = ("favor", "against", "neutral")


class LabellingSession:
    """A queue of candidates (a sheet from `stance.annotate.candidates_to_label`, least certain first)
    and the CSV their labels go to. `label` saves one and moves on; `skip` moves on without saving."""

    def __init__(self, sheet: pd.DataFrame, labels_path: str | Path):
        self.sheet = sheet.reset_index(drop=True)
        self.labels_path = Path(labels_path)
        self.position = 0
        self.n_labelled = 0

    @property
    def done(self) -> bool:
        return self.position >= len(self.sheet)

    @property
    def current(self) -> pd.Series | None:
        return None if self.done else self.sheet.iloc[self.position]

    def label(self, stance: str) -> pd.DataFrame:
        """Save `stance` for the current candidate; returns the labels file as it now stands."""
        if stance not in STANCES:
            raise ValueError(f"stance must be one of {', '.join(STANCES)}, not {stance!r}")
        if self.done:
            raise IndexError("every candidate in the sheet has been labelled")
        row = self.sheet.iloc[[self.position]].assign(stance=stance)[CONTEXT_LABEL_COLUMNS]
        saved = append_labels(self.labels_path, row)
        self.position += 1
        self.n_labelled += 1
        return saved

    def skip(self) -> None:
        if not self.done:
            self.position += 1


def _card(row: pd.Series | None, position: int, total: int) -> str:
    if row is None:
        return "<p><b>All candidates in this sheet are done.</b> Run the next cell to retrain.</p>"
    suggestion = ""
    if "suggestion" in row:
        suggestion = f" · model suggests <b>{html.escape(str(row['suggestion']))}</b> ({row['confidence']:.2f})"
    previous = html.escape(str(row.get("previous_sentence", "")))
    return (
        f"<p>{position + 1} / {total} · <code>{html.escape(str(row['article_id']))}</code> sentence "
        f"{int(row['sentence_idx'])}{suggestion}</p>"
        f"<p><b>{html.escape(str(row['holder_name']))}</b> → <b>{html.escape(str(row['target_name']))}</b>"
        f" (speaker: {html.escape(str(row.get('speaker', '')) or '—')})</p>"
        f"<p style='color:#666'>{previous}</p><p style='font-size:1.1em'>{html.escape(str(row['sentence']))}</p>"
    )


def labelling_widget(session: LabellingSession):
    """Buttons favor / against / neutral / skip under the current candidate (needs ipywidgets)."""
    import ipywidgets as widgets

    card = widgets.HTML(_card(session.current, session.position, len(session.sheet)))
    status = widgets.HTML("")

    def refresh() -> None:
        card.value = _card(session.current, session.position, len(session.sheet))
        status.value = f"<small>{session.n_labelled} labelled, saved to {html.escape(str(session.labels_path))}</small>"

    def on_click(button) -> None:
        if session.done:
            return
        if button.description == "skip":
            session.skip()
        else:
            session.label(button.description)
        refresh()

    buttons = []
    for name, style in (("favor", "success"), ("against", "danger"), ("neutral", ""), ("skip", "info")):
        button = widgets.Button(description=name, button_style=style)
        button.on_click(on_click)
        buttons.append(button)
    refresh()
    return widgets.VBox([card, widgets.HBox(buttons), status])
