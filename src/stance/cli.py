"""The `stance` command line."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import __version__, native
from .corpus import DEFAULT_CHUNK_SIZE, CorpusError, iter_input_files, load_corpus
from .engine import ENGINES, FORMATS, ResumeError
from .gazetteer import load_gazetteer
from .models import ModelError
from .resources import ResourceError

__all__ = ["main"]

log = logging.getLogger("stance")


def _load(args: argparse.Namespace):
    return load_corpus(
        args.inputs,
        year=args.year,
        on_error=args.on_error,
        encoding=args.encoding,
        duplicate_ids=args.duplicate_ids,
    )


def _input_options(parser: argparse.ArgumentParser) -> None:
    """Options on how to read a collection, shared by the commands that read one."""
    parser.add_argument("--year", type=int, help="year for datelines such as 'Rabu (19/6)' when metadata has none")
    parser.add_argument("--on-error", choices=("raise", "skip"), default="raise", help="stop, or record a skip")
    parser.add_argument("--encoding", help="encoding of input files that are not UTF-8 (cp1252, latin-1, …)")
    parser.add_argument("--duplicate-ids", choices=("error", "rename"), default="error",
                        help="a repeated article id is an error (or a skip), or is renamed <id>#2")  # fmt: skip


def _extract(args: argparse.Namespace) -> int:
    import pandas as pd

    from .extract import extract
    from .output import write_manifest, write_tables

    gazetteer = load_gazetteer(args.gazetteer)
    corpus = _load(args)
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
        parameters={
            "year": args.year,
            "on_error": args.on_error,
            "encoding": args.encoding,
            "duplicate_ids": args.duplicate_ids,
            "gazetteer": args.gazetteer,
        },
        versions={"gazetteer": gazetteer.version, "pandas": pd.__version__},
    )
    log.info(
        "%d articles (%d skipped), %d sentences, %d mentions, %d quotes -> %s",
        counts["articles"], counts["skipped"], counts["sentences"], counts["mentions"], counts["quotes"], args.out,
    )  # fmt: skip
    return 0


def _score(args: argparse.Namespace) -> int:
    _score_into(args)
    return 0


def _report(args: argparse.Namespace) -> int:
    from .report import run_report

    if args.n_boot < 1:
        raise ResourceError("--n-boot must be at least 1")
    _score_into(args)
    made = run_report(args.out, args.inputs, year=args.year, period=args.period, n_boot=args.n_boot)
    log.info("report written: %s (figures in %s)", made["html"], made["figures"])
    return 0


def _score_into(args: argparse.Namespace) -> None:
    """Score `args.inputs` into `args.out` (the tables of SPEC §6 and the manifest)."""
    from .engine import RunSettings, _loaded, score_collection

    gazetteer = load_gazetteer(args.gazetteer)
    targets = tuple(t.strip() for t in args.targets.split(",") if t.strip())
    unknown = [t for t in targets if t not in gazetteer]
    if unknown:
        raise ResourceError(f"--targets: {', '.join(unknown)} not in the gazetteer")
    if args.chunk_size < 1 or args.jobs < 1:
        raise ResourceError("--chunk-size and --jobs must be at least 1")
    if args.scheduler and args.engine != "dask":
        raise ResourceError("--scheduler needs --engine dask")
    if args.duplicate_ids == "rename" and args.engine == "dask":
        raise ResourceError("--duplicate-ids rename works with the local engine only; Dask partitions refuse repeats")
    settings = RunSettings(
        targets=targets,
        level=args.level,
        model=str(args.model.resolve()) if args.model else None,
        gazetteer=tuple(str(Path(g).resolve()) for g in args.gazetteer or ()),
        year=args.year,
        on_error=args.on_error,
        encoding=args.encoding,
        duplicate_ids=args.duplicate_ids,
        fmt=args.format,
    )
    _loaded(settings)  # refuses a bad model file before any work; forked worker processes inherit the models
    score_collection(
        args.inputs,
        args.out,
        settings,
        chunk_size=args.chunk_size,
        jobs=args.jobs,
        engine=args.engine,
        scheduler=args.scheduler,
        resume=args.resume,
        progress=not args.quiet and sys.stderr.isatty(),
    )


def _train(args: argparse.Namespace) -> int:
    from .train import cv_confusion_table, cv_table, train_all

    cards = train_all(
        args.out,
        stance_data=args.data,
        context_labels=args.context_labels,
        articles=args.articles,
        tone_data=args.tone_data,
        folds=args.folds,
    )
    for task, card in cards.items():
        table = cv_table(card)
        if len(table):
            print(f"\n{task}: grouped {card['cross_validation']['folds']}-fold cross-validation")
            print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
        if card["cross_validation"].get("confusion"):
            print("confusion of the shipped scorer (rows label, columns predicted)")
            print(cv_confusion_table(card).to_string())
    print(f"\nwrote {args.out}/stance.skops, {args.out}/tone.skops and their model cards")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from .report_eval import compare_scorers, evaluate_run

    if args.compare:
        table = compare_scorers(args.compare, args.gold, articles=args.articles, year=args.year)
        wide = table.pivot(index="scorer", columns="level", values="f_avg").loc[table["scorer"].unique()]
        print("F_avg by scorer and level")
        print(wide.to_string(float_format=lambda x: f"{x:.3f}"))
        return 0
    if args.pred is None:
        raise ResourceError("evaluate needs --pred DIR (a scored run) or --compare INPUT…")

    result = evaluate_run(args.gold, args.pred, articles=args.articles, gazetteer=load_gazetteer(args.gazetteer))
    for level, table in result["scores"].items():
        print(f"\n{level} level")
        print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
        print("\nconfusion (rows gold, columns predicted)")
        print(result["confusion"][level].to_string())
    print(f"\nwrote {result['out']}: scores, confusion and errors (misses and false alarms with their sentences)")
    return 0


def _add_scoring_options(sc: argparse.ArgumentParser) -> None:
    """The options `score` and `report` share: what to score, how, and where."""
    sc.add_argument("inputs", nargs="+", help="folders of .txt, or .jsonl/.json/.csv/.parquet files")
    sc.add_argument("--out", required=True, type=Path, help="folder for the tables and manifest.json")
    sc.add_argument("--targets", default="united_states,ukraine,china", help="comma-separated target ids")
    sc.add_argument("--level", choices=("person", "country"), default="person", help="holders as named, or rolled up")
    sc.add_argument("--model", type=Path, help="a stance model file (.skops) from 'stance train'; default: shipped")
    _input_options(sc)
    sc.add_argument("--gazetteer", action="append", help="extra gazetteer folder (entities.csv, aliases.csv)")
    sc.add_argument(
        "--chunk-size",
        type=int,
        default=DEFAULT_CHUNK_SIZE,
        help=f"articles read, scored and written at a time (default {DEFAULT_CHUNK_SIZE})",
    )
    sc.add_argument("--jobs", type=int, default=1, help="worker processes (local) or Dask workers (default 1)")
    sc.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="local processes, or dask.distributed (pip install 'stance[dask]')",
    )
    sc.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: a running scheduler (tcp://host:8786)")
    sc.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted run in --out (refused if inputs or parameters differ)",
    )


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    parser = argparse.ArgumentParser(prog="stance", description=__doc__, parents=[common])
    parser.add_argument(
        "--version", action="version", version=f"stance {__version__}, scoring modules {native.status()}"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    ex = commands.add_parser(
        "extract",
        parents=[common],
        help="clean articles; write sentences, entity mentions and attributed quotes",
    )
    ex.add_argument("inputs", nargs="+", help="folders of .txt, or .jsonl/.json/.csv/.parquet files")
    ex.add_argument("--out", required=True, type=Path, help="folder for the tables and manifest.json")
    _input_options(ex)
    ex.add_argument("--gazetteer", action="append", help="extra gazetteer folder (entities.csv, aliases.csv)")
    ex.set_defaults(run=_extract)

    sc = commands.add_parser("score", parents=[common], help="score stance and tone; write the SPEC §6 tables")
    _add_scoring_options(sc)
    sc.add_argument(
        "--format",
        choices=FORMATS,
        default="csv",
        help="csv tables, or parquet dataset folders (<table>.parquet/part-*.parquet) for large runs",
    )
    sc.set_defaults(run=_score)

    rp = commands.add_parser(
        "report", parents=[common], help="score a collection and write an HTML report with figures and tables"
    )
    _add_scoring_options(rp)
    rp.add_argument(
        "--period",
        choices=("day", "week", "month", "quarter", "year"),
        default="month",
        help="period of the stance-over-time series (default month)",
    )
    rp.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples for the intervals (default 1000)")
    rp.set_defaults(run=_report, format="csv")

    tr = commands.add_parser("train", parents=[common], help="train the stance and tone models, with cross-validation")
    tr.add_argument("--data", type=Path, default=Path("data/labels/stance_sentences.csv"),
                    help="labelled sentences: text, holder, target, stance, group")  # fmt: skip
    tr.add_argument("--context-labels", type=Path, default=Path("data/labels/context"),
                    help="candidates labelled in their articles (a CSV, or a folder of them)")  # fmt: skip
    tr.add_argument("--articles", type=Path, default=Path("data/train"), help="the articles those labels are in")
    tr.add_argument("--tone-data", type=Path, default=Path("data/labels/sentiment_sentences.csv"),
                    help="tone labels: our CSV, IndoNLU SmSA .tsv or NusaX .csv")  # fmt: skip
    tr.add_argument("--folds", type=int, default=5, help="cross-validation folds (0: none)")
    tr.add_argument("--out", required=True, type=Path, help="folder for stance.skops, tone.skops and model cards")
    tr.set_defaults(run=_train)

    ev = commands.add_parser("evaluate", parents=[common], help="compare a scored run with gold labels")
    ev.add_argument("--gold", required=True, type=Path, help="gold CSV (columns of article_stance.csv, plus level)")
    ev.add_argument("--pred", type=Path, help="the --out folder of 'stance score'")
    ev.add_argument("--compare", nargs="+", metavar="INPUT",
                    help="score INPUT with a dummy baseline, the rules, the classifier and the shipped model; "
                         "print F_avg side by side")  # fmt: skip
    ev.add_argument("--year", type=int, help="with --compare: year for datelines without one")
    ev.add_argument("--articles", type=Path, help="CSV of labelled article ids (default: GOLD_articles.csv if any)")
    ev.add_argument("--gazetteer", action="append", help="extra gazetteer folder, as used when scoring")
    ev.set_defaults(run=_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(levelname)s %(message)s")
    try:
        return args.run(args)
    except (CorpusError, ResourceError, ModelError, ResumeError) as err:
        print(f"stance: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
