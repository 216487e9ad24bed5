"""The `stance` command line."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .corpus import CorpusError, iter_input_files, load_corpus
from .gazetteer import load_gazetteer
from .resources import ResourceError

__all__ = ["main"]

log = logging.getLogger("stance")


def _extract(args: argparse.Namespace) -> int:
    import pandas as pd

    from .extract import extract
    from .output import write_manifest, write_tables

    gazetteer = load_gazetteer(args.gazetteer)
    corpus = load_corpus(args.inputs, year=args.year, on_error=args.on_error)
    tables = extract(corpus, gazetteer=gazetteer)
    write_tables(tables, args.out)
    articles = tables["articles"]
    counts = {
        "articles": len(articles),
        "ok": int((articles["status"] == "ok").sum()),
        "skipped": int((articles["status"] == "skipped").sum()),
        "sentences": len(tables["sentences"]),
        "mentions": len(tables["mentions"]),
        "quotes": int((tables["quotes"]["status"] == "ok").sum()),
    }
    write_manifest(
        args.out,
        command="extract",
        inputs=iter_input_files(args.inputs),
        counts=counts,
        parameters={"year": args.year, "on_error": args.on_error, "gazetteer": args.gazetteer},
        versions={"gazetteer": gazetteer.version, "pandas": pd.__version__},
    )
    log.info(
        "%d articles (%d skipped), %d sentences, %d mentions, %d quotes -> %s",
        counts["articles"], counts["skipped"], counts["sentences"], counts["mentions"], counts["quotes"], args.out,
    )  # fmt: skip
    return 0


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    parser = argparse.ArgumentParser(prog="stance", description=__doc__, parents=[common])
    commands = parser.add_subparsers(dest="command", required=True)

    ex = commands.add_parser(
        "extract",
        parents=[common],
        help="clean articles; write sentences, entity mentions and attributed quotes",
    )
    ex.add_argument("inputs", nargs="+", help="folders of .txt, or .jsonl/.json/.csv/.parquet files")
    ex.add_argument("--out", required=True, type=Path, help="folder for the tables and manifest.json")
    ex.add_argument("--year", type=int, help="year for datelines such as 'Rabu (19/6)' when metadata has none")
    ex.add_argument("--on-error", choices=("raise", "skip"), default="raise", help="stop, or record a skip")
    ex.add_argument("--gazetteer", action="append", help="extra gazetteer folder (entities.csv, aliases.csv)")
    ex.set_defaults(run=_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(levelname)s %(message)s")
    try:
        return args.run(args)
    except (CorpusError, ResourceError) as err:
        print(f"stance: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
