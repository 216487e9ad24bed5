"""Score a collection of any size: in chunks, on several processes or a Dask cluster, resumably.

A run reads its inputs as a stream of chunks (`stance.corpus.iter_corpus`), scores each chunk on its
own (`stance.scoring.score`: every article is scored independently and the tables keep input order)
and writes each chunk's tables as part files in ``OUT/.stance-parts/``. A small state file,
``OUT/.stance-run.jsonl``, holds the run's fingerprint (the inputs' sha256s and the parameters) and
then one line per finished chunk. When every chunk is done the parts are joined into the final
tables, each written under a temporary name and renamed into place, then the manifest; then the
parts and the state file go. So a run killed at any moment leaves the previous complete tables (or
none), never half of one, and ``resume=True`` carries on from the finished chunks, refusing when
the inputs or the parameters are not those of the interrupted run.

Engines: ``local`` (``jobs`` worker processes, each loading the models once) and ``dask``
(`dask.distributed`: a `LocalCluster` of ``jobs`` workers, or the scheduler at ``scheduler``; each
input file is a partition that a worker reads itself). Both give the same tables as one piece.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from . import native
from .corpus import (
    DEFAULT_CHUNK_SIZE,
    CorpusError,
    _corpus_frame,
    corpus_rows,
    iter_corpus,
    iter_input_files,
    mark_duplicate,
)

__all__ = [
    "ENGINES",
    "FORMATS",
    "PARTS_DIR",
    "STATE_FILE",
    "TABLES",
    "ResumeError",
    "RunSettings",
    "count_records",
    "score_collection",
]

log = logging.getLogger(__name__)

TABLES = ("articles", "sentences", "evidence", "article_stance")
ENGINES = ("local", "dask")
FORMATS = ("csv", "parquet")
STATE_FILE = ".stance-run.jsonl"
PARTS_DIR = ".stance-parts"
_STATE_VERSION = 1
# A Dask partition gathers consecutive input files until it holds about this many bytes, so a folder
# of many small .txt files does not become one task per article (a large file is a partition alone).
_PARTITION_BYTES = 8 << 20


class ResumeError(ValueError):
    """A run that cannot be resumed: what differs from the interrupted run is named."""


@dataclass(frozen=True)
class RunSettings:
    """What scoring one chunk depends on; sent to every worker (plain values, so it pickles)."""

    targets: tuple[str, ...]
    level: str = "person"
    model: str | None = None  # a .skops file; None: the shipped model
    gazetteer: tuple[str, ...] = ()
    year: int | None = None
    on_error: str = "raise"
    encoding: str | None = None  # of input files that are not UTF-8
    duplicate_ids: str = "error"  # or "rename" (local engine)
    fmt: str = "csv"

    def fingerprint(self) -> dict:
        """The parameters a resumed run must share with the interrupted one."""
        from . import __version__

        params = asdict(self)
        params["targets"] = list(self.targets)
        params["gazetteer"] = list(self.gazetteer)
        params["model_sha256"] = _model_sha256(self.model)
        params["stance_version"] = __version__
        return params


# ---------------------------------------------------------------------------------------------------
# Scoring one chunk (in whichever process or Dask worker it lands)

_resource_lock = threading.Lock()
_resources: dict[tuple, tuple] = {}


def _loaded(settings: RunSettings) -> tuple:
    """The gazetteer and both models for `settings`, loaded once per process (and shared by threads;
    forked worker processes inherit what their parent loaded)."""
    key = (settings.model, settings.gazetteer)
    with _resource_lock:
        if key not in _resources:
            from .gazetteer import load_gazetteer
            from .models import load_default_model, load_default_tone_model, load_model

            gazetteer = load_gazetteer(list(settings.gazetteer) or None)
            model = load_model(settings.model) if settings.model else load_default_model()
            _resources[key] = (gazetteer, model, load_default_tone_model())
        return _resources[key]


def _init_worker(settings: RunSettings) -> None:
    """Process-pool initializer: load the resources before the first chunk arrives."""
    logging.getLogger("stance").setLevel(logging.WARNING)
    _loaded(settings)


def _score_chunk(corpus: pd.DataFrame, key: str, parts: str, settings: RunSettings) -> dict[str, int]:
    """Score one chunk and write its tables as part files ``PARTS/<key>.<table>.<fmt>``; its counts."""
    from .output import write_part
    from .scoring import score

    gazetteer, model, tone_model = _loaded(settings)
    tables = score(
        corpus, targets=settings.targets, level=settings.level, model=model, tone_model=tone_model, gazetteer=gazetteer
    )
    for name in TABLES:
        write_part(tables[name], Path(parts) / f"{key}.{name}.{settings.fmt}", name)
    return _counts(tables)


COUNT_KEYS = ("articles", "scored", "skipped", "sentences", "evidence", "positions", "article_stances")


def _counts(tables: dict[str, pd.DataFrame]) -> dict[str, int]:
    articles, evidence = tables["articles"], tables["evidence"]
    return {
        "articles": len(articles),
        "scored": int((articles["status"] == "ok").sum()),
        "skipped": int((articles["status"] == "skipped").sum()),
        "sentences": len(tables["sentences"]),
        "evidence": len(evidence),
        "positions": int((evidence["stance"] != "neutral").sum()),
        "article_stances": len(tables["article_stance"]),
    }


# ---------------------------------------------------------------------------------------------------
# The run: state file, engines, assembly


@dataclass
class _Run:
    out: Path
    files: list[Path]
    settings: RunSettings
    fingerprint: dict
    done: dict[str, dict] = field(default_factory=dict)  # chunk key -> {"parts": [...], "counts": {...}}

    @property
    def state(self) -> Path:
        return self.out / STATE_FILE

    @property
    def parts(self) -> Path:
        return self.out / PARTS_DIR

    def record(self, key: str, parts: list[str], counts: dict[str, int]) -> None:
        """Note a finished chunk: one line appended (and flushed to disk) after its parts are written."""
        self.done[key] = {"parts": parts, "counts": counts}
        line = json.dumps({"chunk": key, "parts": parts, "counts": counts}) + "\n"
        with open(self.state, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())


def score_collection(
    inputs: str | Path | Iterable[str | Path],
    out: str | Path,
    settings: RunSettings,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    resume: bool = False,
    progress: bool = False,
) -> dict:
    """Score `inputs` into the tables of SPEC §6 in `out`, chunk by chunk; return the run's counts.

    Parameters
    ----------
    inputs : files or folders, as for `stance.load_corpus`.
    out : the output folder; holds the state file and the parts while the run is under way.
    settings : what to score and how (`RunSettings`).
    chunk_size : articles per chunk (the unit of work, of memory and of resumption).
    jobs : worker processes (``local``) or Dask workers of the `LocalCluster` (``dask``).
    engine : ``"local"`` or ``"dask"``.
    scheduler : with ``dask``, the address of a running scheduler instead of a local cluster.
    resume : carry on an interrupted run in `out` (refused when inputs or parameters differ).
    progress : show a progress bar (articles/s, ETA) on stderr.

    Returns
    -------
    dict
        ``counts`` (articles, scored, skipped, sentences, evidence, positions, article_stances),
        ``tables`` (the paths written), ``digests`` (sha256 of each input) and ``resumed_chunks``.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if settings.fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {settings.fmt!r}")
    if chunk_size < 1 or jobs < 1:
        raise ValueError("chunk_size and jobs must be at least 1")
    from .output import file_sha256

    out = Path(out)
    files = iter_input_files(inputs)
    digests = {str(p): file_sha256(p) for p in files}
    fingerprint = {
        "version": _STATE_VERSION,
        "inputs": [{"path": str(p.resolve()), "sha256": digests[str(p)]} for p in files],
        "parameters": {**settings.fingerprint(), "engine": engine, "chunk_size": chunk_size},
    }
    run = _Run(out=out, files=files, settings=settings, fingerprint=fingerprint)
    resumed = _start(run, resume)
    total = count_records(files) if progress else None
    with _progress_bar(total, progress) as bar:
        bar.update(sum(c["counts"]["articles"] for c in run.done.values()))
        if engine == "local":
            _run_local(run, inputs, chunk_size, jobs, bar.update)
        else:
            _run_dask(run, chunk_size, jobs, scheduler, bar.update)
    written = _assemble(run)
    counts = {k: sum(c["counts"][k] for c in run.done.values()) for k in COUNT_KEYS}
    parameters = {"jobs": jobs, "scheduler": scheduler, "resumed_chunks": resumed}
    written.append(_write_manifest(run, counts, digests, parameters))
    shutil.rmtree(run.parts, ignore_errors=True)
    run.state.unlink(missing_ok=True)
    log.info("%s -> %s", ", ".join(f"{v} {k}" for k, v in counts.items()), out)
    return {"counts": counts, "tables": written, "digests": digests, "resumed_chunks": resumed}


def _write_manifest(run: _Run, counts: dict[str, int], digests: dict[str, str], extra: dict) -> Path:
    """The run's manifest, written last: its presence says the tables beside it are one complete run."""
    from .gazetteer import load_gazetteer
    from .models import default_model_dir, model_card
    from .output import write_manifest

    settings = run.settings
    gazetteer = load_gazetteer(list(settings.gazetteer) or None)
    model_path = Path(settings.model) if settings.model else default_model_dir() / "stance.skops"
    card = model_card(model_path)
    parameters = run.fingerprint["parameters"]
    return write_manifest(
        run.out,
        command="score",
        inputs=run.files,
        counts=counts,
        parameters={
            "targets": list(settings.targets),
            "level": settings.level,
            "year": settings.year,
            "on_error": settings.on_error,
            "model": str(model_path),
            "gazetteer": list(settings.gazetteer) or None,
            "format": settings.fmt,
            "engine": parameters["engine"],
            "chunk_size": parameters["chunk_size"],
            **extra,
        },
        versions={
            "gazetteer": gazetteer.version,
            "model_sha256": card.get("model_sha256", ""),
            "model_data_sha256": card.get("data", {}).get("sha256", ""),
            "pandas": pd.__version__,
            "scoring_modules": native.status(),  # compiled (mypyc) or python: the same tables, at another speed
        },
        digests=digests,
    )


def _start(run: _Run, resume: bool) -> int:
    """Begin a run: a fresh state file, or (resume) the interrupted run's finished chunks."""
    if run.state.is_file():
        header, done = _read_state(run.state)
        if resume:
            _check_same(header, run.fingerprint, run.state)
            present = {k: v for k, v in done.items() if all(_part_files(run, p) for p in v["parts"])}
            run.done.update(present)
            _remove_leftovers(run.out)
            log.info("resuming %s: %d chunks already finished", run.out, len(present))
            return len(present)
        log.warning("%s: an interrupted run was here; starting over (use --resume to continue it)", run.out)
    elif resume:
        log.info("%s: no interrupted run to resume; starting a new run", run.out)
    shutil.rmtree(run.parts, ignore_errors=True)
    run.parts.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(run.out)
    from .output import atomic_write

    atomic_write(run.state, lambda h: h.write(json.dumps({"fingerprint": run.fingerprint}) + "\n"))
    return 0


def _remove_leftovers(out: Path) -> None:
    """Temporary files of tables that a killed run was assembling (never read as tables)."""
    for name in (*TABLES, "manifest"):
        for leftover in [*out.glob(f".{name}.*.tmp"), *out.glob(f".{name}.parquet.old")]:
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)


def _read_state(path: Path) -> tuple[dict, dict[str, dict]]:
    """The fingerprint and the finished chunks of a state file; a torn last line (a kill while
    appending) is ignored, as that chunk was not recorded."""
    lines = path.read_text(encoding="utf-8").splitlines()
    try:
        header = json.loads(lines[0])["fingerprint"]
    except (IndexError, KeyError, json.JSONDecodeError) as err:
        raise ResumeError(f"{path}: not a stance run state file ({err})") from err
    done = {}
    for n, line in enumerate(lines[1:], start=2):
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            if n == len(lines):
                break
            raise ResumeError(f"{path}:{n}: damaged state line") from None
        done[entry["chunk"]] = {"parts": entry["parts"], "counts": entry["counts"]}
    return header, done


def _check_same(old: dict, new: dict, state: Path) -> None:
    problems = []
    old_inputs = {i["path"]: i["sha256"] for i in old.get("inputs", [])}
    new_inputs = {i["path"]: i["sha256"] for i in new["inputs"]}
    for path in sorted(old_inputs.keys() | new_inputs.keys()):
        if path not in new_inputs:
            problems.append(f"input {path} is no longer given")
        elif path not in old_inputs:
            problems.append(f"input {path} was not in the interrupted run")
        elif old_inputs[path] != new_inputs[path]:
            problems.append(f"input {path} has changed (sha256 {old_inputs[path][:12]}… now {new_inputs[path][:12]}…)")
    if list(old_inputs) != list(new_inputs) and not problems:
        problems.append("the inputs are given in another order")
    old_params, new_params = old.get("parameters", {}), new["parameters"]
    for key in sorted(old_params.keys() | new_params.keys()):
        if old_params.get(key) != new_params.get(key):
            problems.append(f"{key} was {old_params.get(key)!r}, now {new_params.get(key)!r}")
    if old.get("version") != new["version"]:
        problems.append(f"state file version {old.get('version')!r}, expected {new['version']!r}")
    if problems:
        raise ResumeError(f"{state}: cannot resume: {'; '.join(problems)}. Run without --resume to start over.")


def _part_files(run: _Run, part: str) -> bool:
    return all((run.parts / f"{part}.{name}.{run.settings.fmt}").is_file() for name in TABLES)


def _assemble(run: _Run) -> list[Path]:
    """Join the parts into the final tables (input order), each atomically."""
    from .output import TABLE_SCHEMAS, assemble_csv, assemble_parquet

    parts = sorted(p for chunk in run.done.values() for p in chunk["parts"])
    (run.out / "manifest.json").unlink(missing_ok=True)  # until the new one is written, the set is incomplete
    written = []
    for name in TABLES:
        files = [run.parts / f"{p}.{name}.{run.settings.fmt}" for p in parts]
        if run.settings.fmt == "csv":
            written.append(assemble_csv(files, run.out / f"{name}.csv", columns=list(TABLE_SCHEMAS[name])))
        else:
            written.append(assemble_parquet(files, run.out / f"{name}.parquet", table=name))
    return written


def _progress_bar(total: int | None, enabled: bool):
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked while the bar runs
    return tqdm(total=total, disable=not enabled, file=sys.stderr, unit=" articles", smoothing=0.1, dynamic_ncols=True)


def count_records(files: Iterable[Path]) -> int | None:
    """How many articles the inputs hold, cheaply (lines of .jsonl, parquet metadata, one a .txt);
    None when a .json or .csv file would have to be parsed to know."""
    total = 0
    for path in files:
        suffix = path.suffix.lower()
        if suffix == ".txt":
            total += 1
        elif suffix == ".jsonl":
            total += _count_lines(path)
        elif suffix == ".parquet":
            try:
                import pyarrow.parquet as pq

                total += pq.ParquetFile(path).metadata.num_rows
            except Exception:
                return None
        else:
            return None
    return total


def _count_lines(path: Path) -> int:
    count, last = 0, b"\n"
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            count += block.count(b"\n") - block.count(b"\n\n") - block.count(b"\n\r\n")
            last = block[-1:]
    return count + (last != b"\n")


# ---------------------------------------------------------------------------------------------------
# Local engine: the main process reads the chunks in order; worker processes score them


def _run_local(run: _Run, inputs, chunk_size: int, jobs: int, advance: Callable[[int], None]) -> None:
    chunks = iter_corpus(
        inputs,
        year=run.settings.year,
        on_error=run.settings.on_error,
        chunk_size=chunk_size,
        encoding=run.settings.encoding,
        duplicate_ids=run.settings.duplicate_ids,
    )
    keyed = ((f"{k:06d}", chunk) for k, chunk in enumerate(chunks))
    todo = ((key, chunk) for key, chunk in keyed if key not in run.done)
    if jobs == 1:
        for key, chunk in todo:
            counts = _score_chunk(chunk, key, str(run.parts), run.settings)
            run.record(key, [key], counts)
            advance(counts["articles"])
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(run.settings,)) as pool:
        pending: dict[Future, str] = {}
        try:
            for key, chunk in todo:
                while len(pending) >= 2 * jobs:  # a bounded queue keeps memory flat
                    _collect(run, pending, advance)
                pending[pool.submit(_score_chunk, chunk, key, str(run.parts), run.settings)] = key
            while pending:
                _collect(run, pending, advance)
        except BaseException:
            for future in pending:
                future.cancel()
            raise


def _collect(run: _Run, pending: dict[Future, str], advance: Callable[[int], None]) -> None:
    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
    for future in finished:
        key = pending.pop(future)
        counts = future.result()
        run.record(key, [key], counts)
        advance(counts["articles"])


# ---------------------------------------------------------------------------------------------------
# Dask engine: each partition (input files) is read and scored by a worker; the client checks ids


def _partitions(files: list[Path]) -> list[list[str]]:
    """Consecutive input files grouped into partitions of about `_PARTITION_BYTES`. Workers open the
    paths as given: on a cluster of several machines give absolute paths on a shared file system."""
    groups: list[list[str]] = []
    size = _PARTITION_BYTES
    for path in files:
        nbytes = path.stat().st_size
        if size + nbytes > _PARTITION_BYTES and (size > 0 or nbytes > _PARTITION_BYTES):
            groups.append([])
            size = 0
        groups[-1].append(str(path))  # as given, so `input` and the reasons read as with the local engine
        size += nbytes
    return groups


def _partition_ids(
    files: list[str], year: int | None, on_error: str, encoding: str | None = None
) -> tuple[list[tuple[str, str]], str]:
    """Dask task, first pass: the (id, where) of every record of a partition, in order, and the error
    that stops it (``on_error="raise"``), if any, so the client can check ids across partitions."""
    ids: list[tuple[str, str]] = []
    try:
        for path in files:
            for row in corpus_rows(Path(path), year=year, on_error=on_error, encoding=encoding):
                if row.get("_checked"):
                    ids.append((row["article_id"], row["input"]))
    except CorpusError as err:
        return ids, str(err)
    return ids, ""


def _score_partition(
    index: int, files: list[str], duplicates: dict[str, str], parts: str, settings: RunSettings, chunk_size: int
) -> list[tuple[str, dict[str, int]]]:
    """Dask task, second pass: read a partition, mark the duplicates the client found, score it in
    chunks and write the parts; the (key, counts) of each chunk."""
    done = []
    for k, rows in enumerate(_row_chunks(files, duplicates, settings, chunk_size)):
        key = f"{index:06d}-{k:06d}"
        done.append((key, _score_chunk(_corpus_frame(rows), key, parts, settings)))
    return done


def _row_chunks(
    files: list[str], duplicates: dict[str, str], settings: RunSettings, chunk_size: int
) -> Iterator[list[dict]]:
    rows: list[dict] = []
    for path in files:
        for row in corpus_rows(Path(path), year=settings.year, on_error=settings.on_error, encoding=settings.encoding):
            if row.get("_checked") and row["input"] in duplicates:
                mark_duplicate(row, duplicates[row["input"]], settings.on_error)
            row.pop("_checked", None)
            rows.append(row)
            if len(rows) >= chunk_size:
                yield rows
                rows = []
    if rows:
        yield rows


def _run_dask(run: _Run, chunk_size: int, jobs: int, scheduler: str | None, advance: Callable[[int], None]) -> None:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as err:
        raise RuntimeError("--engine dask needs dask.distributed: pip install 'stance[dask]'") from err

    import dask

    logging.getLogger("distributed").setLevel(max(logging.WARNING, logging.getLogger("stance").getEffectiveLevel()))
    cluster = None
    if scheduler is None:
        dask.config.set({"distributed.logging.distributed": "warning"})
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        _score_on(client, as_completed, run, chunk_size, advance)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _score_on(client, as_completed, run: _Run, chunk_size: int, advance: Callable[[int], None]) -> None:
    """Both passes of the Dask engine on `client` (a `dask.distributed.Client`)."""
    settings = run.settings
    groups = _partitions(run.files)
    keys = [f"p{k:06d}" for k in range(len(groups))]
    id_futures = client.map(
        _partition_ids, groups, year=settings.year, on_error=settings.on_error, encoding=settings.encoding, pure=False
    )
    first_seen: dict[str, str] = {}
    duplicates: list[dict[str, str]] = []
    for future in id_futures:  # in input order: the first occurrence of an id is the one kept
        ids, error = future.result()
        found: dict[str, str] = {}
        for article_id, where in ids:
            if article_id in first_seen:
                row = {"article_id": article_id, "input": where}
                mark_duplicate(row, first_seen[article_id], settings.on_error)  # raises with on_error="raise"
                found[where] = first_seen[article_id]
            else:
                first_seen[article_id] = where
        if error:
            raise CorpusError(error)
        duplicates.append(found)
    del first_seen
    futures = {}
    for k, files in enumerate(groups):
        if keys[k] in run.done:
            continue
        future = client.submit(
            _score_partition, k, files, duplicates[k], str(run.parts.resolve()), settings, chunk_size, pure=False
        )
        futures[future] = keys[k]
    for future in as_completed(futures):
        chunks = future.result()
        counts = {name: sum(c[name] for _, c in chunks) for name in COUNT_KEYS}
        run.record(futures[future], [key for key, _ in chunks], counts)
        advance(counts["articles"])


def _model_sha256(model: str | None) -> str:
    from .models import default_model_dir, model_card

    path = Path(model) if model else default_model_dir() / "stance.skops"
    try:
        return model_card(path).get("model_sha256", "")
    except OSError:
        return ""
