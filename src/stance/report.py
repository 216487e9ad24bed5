"""`stance report`: score a collection and write a self-contained HTML report beside the tables.

The report is a notebook (`data/report/report.ipynb`, paired with `report.py`) executed with papermill,
so a researcher can open the executed notebook, see exactly how each figure was made, and rerun it.
The HTML leaves out the code, embeds the figures, and loads nothing from the network.
"""

from __future__ import annotations

import logging
import re
from importlib.resources import files
from pathlib import Path

log = logging.getLogger(__name__)

__all__ = ["render_html", "report_notebook", "run_report"]

# nbconvert's page template loads require.js, MathJax and Mermaid from a CDN; a static report of tables
# and images needs no script at all, so every script goes, and any stylesheet fetched from elsewhere.
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>\s*", re.IGNORECASE | re.DOTALL)
_REMOTE_LINK = re.compile(r"<link[^>]*\bhref=[\"']https?://[^\"']*[\"'][^>]*>\s*", re.IGNORECASE)


def report_notebook() -> Path:
    """The report notebook shipped with the package."""
    return Path(str(files("stance") / "data" / "report" / "report.ipynb"))


def render_html(notebook: str | Path, title: str = "Stance report") -> str:
    """The executed notebook as one HTML page: outputs only (no code), figures embedded as data URIs,
    no script, nothing fetched from elsewhere, so it reads the same offline in any browser. Article
    text reaches the page only through pandas' HTML tables, which escape it."""
    import nbformat
    from nbconvert import HTMLExporter

    node = nbformat.read(str(notebook), as_version=4)
    node.metadata["title"] = title
    exporter = HTMLExporter(
        template_name="lab", exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    body, _ = exporter.from_notebook_node(node)
    body = _SCRIPT.sub("", body)
    return _REMOTE_LINK.sub("", body)


def run_report(
    run_dir: str | Path,
    inputs: list[str],
    *,
    year: int | None = None,
    period: str = "month",
    n_boot: int = 1000,
    duplicate_threshold: float = 0.8,
    kernel_name: str = "python3",
) -> dict[str, Path]:
    """Execute the report notebook on a scored run folder (the `--out` of `stance score`) and write
    `report.ipynb` (executed), `report.html` and `figures/*.png` into it."""
    import papermill

    run_dir = Path(run_dir).resolve()
    executed = run_dir / "report.ipynb"
    papermill.execute_notebook(
        str(report_notebook()),
        str(executed),
        parameters={
            "run_dir": str(run_dir),
            "inputs": [str(Path(p).resolve()) for p in inputs],
            "year": year or 0,
            "period": period,
            "n_boot": n_boot,
            "duplicate_threshold": duplicate_threshold,
        },
        cwd=str(run_dir),
        kernel_name=kernel_name,
        progress_bar=False,
        log_output=False,
    )
    html = run_dir / "report.html"
    from .output import atomic_write

    atomic_write(html, lambda handle: handle.write(render_html(executed)))
    log.info("report: %s", html)
    return {"notebook": executed, "html": html, "figures": run_dir / "figures"}
