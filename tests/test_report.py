"""`stance report`: one command scores a collection and writes a report a browser shows offline."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from stance.cli import main

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """The report of the seed and some demo articles, one with a hostile source name and text."""
    folder = tmp_path_factory.mktemp("collection")
    lines = []
    for part in sorted((ROOT / "data" / "demo").glob("*.jsonl")):
        lines += part.read_text(encoding="utf-8").splitlines()[:5]
    hostile = json.loads(lines[0])
    hostile.update(
        id="hostile-1",
        source="<script>alert('source')</script>",
        text=hostile["text"] + " Putin mengecam AS. &lt;script&gt;alert('text')&lt;/script&gt; kata Putin.",
    )
    lines.append(json.dumps(hostile, ensure_ascii=False))
    (folder / "small.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("report")
    code = main(["report", str(ROOT / "seeds"), str(folder / "small.jsonl"), "--year", "2024", "--out", str(out),
                 "--period", "quarter", "--n-boot", "200", "-q"])  # fmt: skip
    assert code == 0
    (out / "n_given.txt").write_text(str(len(lines) + 1))  # the lines and the seed
    return out


def test_report_writes_tables_figures_and_page(report):
    for name in ("articles", "evidence", "article_stance", "sentences", "over_time", "shifts"):
        assert (report / f"{name}.csv").is_file(), name
    assert (report / "manifest.json").is_file() and (report / "report.ipynb").is_file()
    figures = sorted(p.name for p in (report / "figures").glob("*.png"))
    assert figures == ["evidence_timeline.png", "heatmap.png", "over_time.png", "stance_vs_tone.png"]
    articles = pd.read_csv(report / "articles.csv")
    assert len(articles) == int((report / "n_given.txt").read_text())  # every input article accounted for


def test_report_page_is_self_contained_and_escapes_article_text(report):
    page = (report / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert not re.findall(r"(?:src|href)=[\"']https?://", page)  # nothing fetched from elsewhere
    assert page.count('src="data:image/png;base64,') == 4
    assert "def show(" not in page  # no code cells
    assert "&lt;script&gt;alert(&#x27;source&#x27;)&lt;/script&gt;" in page or "&lt;script&gt;alert('source')" in page


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_report_renders_in_headless_chromium(report, tmp_path):
    """Open the page in a real browser: every figure decodes and the page lays out to a full height."""
    page = (report / "report.html").read_text(encoding="utf-8")
    probe = (
        '<script>addEventListener("load",()=>{const i=[...document.images];'
        "document.body.dataset.images=i.length;"
        "document.body.dataset.loaded=i.filter(x=>x.complete&&x.naturalWidth>0).length;"
        "document.body.dataset.height=document.body.scrollHeight;});</script></body>"
    )
    checked = tmp_path / "check.html"
    checked.write_text(page.replace("</body>", probe), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000"]
    dom = subprocess.run(
        [CHROMIUM, *flags, "--dump-dom", checked.as_uri()], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    body = re.search(r"<body[^>]*>", dom).group(0)
    assert 'data-images="4"' in body and 'data-loaded="4"' in body
    assert int(re.search(r'data-height="(\d+)"', body).group(1)) > 3000
    shot = tmp_path / "page.png"
    subprocess.run(
        [CHROMIUM, *flags, "--window-size=1200,2000", f"--screenshot={shot}", (report / "report.html").as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 50_000  # a page with figures, not a blank one
