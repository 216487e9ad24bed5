"""Make a large synthetic collection from the demo articles, for the scale benchmarks.

Run: python benchmarks/make_collection.py N OUT [--parquet] [--seed S] [--demo DIR] [--per-file M]

Each new article takes a demo article's title, source and lead paragraph (its dateline), then as many
paragraphs as that article had, drawn from all demo articles; it gets a new id (``syn-0000001``) and a
random date in 2022-2025. So the text is real Indonesian news prose with the demo's lengths and mix of
holders and targets, but no two articles are alike. Written as JSON lines (``OUT/part-000.jsonl``, …,
`--per-file` articles a file) and, with ``--parquet``, also as parquet files beside them
(``OUT/parquet/part-000.parquet``). The same N and seed give the same files.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST_DAY, DAYS = date(2022, 1, 1), 4 * 365


def load_demo(folder: Path) -> list[dict]:
    articles = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                articles.append(json.loads(line))
    if not articles:
        raise SystemExit(f"{folder}: no .jsonl articles to recombine")
    return articles


def synthetic_articles(demo: list[dict], n: int, seed: int):
    """Yield `n` recombined articles (dicts with id, date, source, title, url, text)."""
    rng = random.Random(seed)
    split = [[p for p in a["text"].split("\n") if p.strip()] for a in demo]
    pool = [p for paragraphs in split for p in paragraphs[1:]]
    for k in range(1, n + 1):
        base = rng.randrange(len(demo))
        lead, length = split[base][0], len(split[base])
        body = rng.sample(pool, max(0, length - 1))
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        yield {
            "id": f"syn-{k:07d}",
            "date": day.isoformat(),
            "source": demo[base].get("source", ""),
            "title": demo[base].get("title", ""),
            "url": f"https://synthetic.example/{k}",
            "text": "\n".join([lead, *body]),
        }


def write_collection(n: int, out: Path, *, seed: int = 0, per_file: int = 10_000, parquet: bool = False,
                     demo: Path = ROOT / "data" / "demo") -> list[Path]:  # fmt: skip
    """Write the collection; returns the .jsonl files written."""
    out.mkdir(parents=True, exist_ok=True)
    files, batch = [], []
    articles = synthetic_articles(load_demo(demo), n, seed)
    for k, article in enumerate(articles, start=1):
        batch.append(article)
        if len(batch) == per_file or k == n:
            path = out / f"part-{len(files):03d}.jsonl"
            path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in batch), encoding="utf-8")
            if parquet:
                import pandas as pd

                (out / "parquet").mkdir(exist_ok=True)
                pd.DataFrame(batch).to_parquet(out / "parquet" / f"part-{len(files):03d}.parquet", index=False)
            files.append(path)
            batch = []
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="articles to make")
    parser.add_argument("out", type=Path, help="folder to write")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-file", type=int, default=10_000, help="articles a file (default 10,000)")
    parser.add_argument("--parquet", action="store_true", help="also write parquet files (OUT/parquet/)")
    parser.add_argument("--demo", type=Path, default=ROOT / "data" / "demo", help="the articles to recombine")
    args = parser.parse_args()
    files = write_collection(args.n, args.out, seed=args.seed, per_file=args.per_file, parquet=args.parquet,
                             demo=args.demo)  # fmt: skip
    size = sum(f.stat().st_size for f in files)
    print(f"{args.n} articles in {len(files)} files, {size / 1e6:.1f} MB of JSON lines -> {args.out}")


if __name__ == "__main__":
    main()
