"""Read a researcher's collection: folders of .txt, and .jsonl, .json, .csv, .parquet files."""

from __future__ import annotations

import csv
import io
import itertools
import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from .dates import find_dateline, parse_date

__all__ = [
    "CORPUS_COLUMNS",
    "DEFAULT_CHUNK_SIZE",
    "SUPPORTED_SUFFIXES",
    "CorpusError",
    "check_duplicate",
    "corpus_rows",
    "iter_corpus",
    "iter_input_files",
    "load_corpus",
    "mark_duplicate",
]

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".json", ".csv", ".parquet")
CORPUS_COLUMNS = [
    "article_id", "date", "source", "title", "url", "text", "input", "date_source", "status", "reason",
]  # fmt: skip
_META = ("source", "title", "url")
_DATE_KEYS = ("date", "published", "published_at", "datetime", "tanggal")


class CorpusError(ValueError):
    """An input file or record that cannot be read; the message names the file and line."""


def iter_input_files(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """The files a list of inputs stands for: files as given, folders searched for supported files."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES)
            if not found:
                raise CorpusError(f"{p}: folder holds no {', '.join(SUPPORTED_SUFFIXES)} files")
            files += found
        elif p.is_file():
            if p.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise CorpusError(f"{p}: unsupported file type {p.suffix!r}; use {', '.join(SUPPORTED_SUFFIXES)}")
            files.append(p)
        else:
            raise CorpusError(f"{p}: no such file or folder")
    return files


def _decode(path: Path, data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is an error."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise CorpusError(
            f"{path}:{line}: not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "convert the file to UTF-8"
        ) from err


def _records(path: Path) -> Iterator[tuple[int, dict | None, str]]:
    """Yield ``(line, record, problem)``: a record read from `path`, or None and why it could not be."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        try:
            frame = pd.read_parquet(path)
        except ImportError as err:
            raise CorpusError(f"{path}: reading parquet needs pyarrow: pip install 'stance[parquet]'") from err
        except Exception as err:
            raise CorpusError(f"{path}: not a readable parquet file ({err})") from err
        _require_text(path, list(frame.columns))
        for n, rec in enumerate(frame.to_dict("records"), start=1):
            yield n, rec, ""
        return
    text = _decode(path, path.read_bytes())
    if suffix == ".txt":
        yield 1, {"text": text}, ""
    elif suffix == ".jsonl":
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as err:
                yield n, None, f"not valid JSON ({err.msg} at column {err.colno})"
                continue
            yield ((n, rec, "") if isinstance(rec, dict) else (n, None, f"a JSON {type(rec).__name__}, not an object"))
    elif suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise CorpusError(f"{path}:{err.lineno}: not valid JSON ({err.msg})") from err
        if isinstance(data, dict) and isinstance(data.get("articles"), list):
            data = data["articles"]
        if not isinstance(data, list):
            raise CorpusError(f"{path}:1: expected a JSON list of article objects, found {type(data).__name__}")
        for n, rec in enumerate(data, start=1):
            yield (n, rec, "") if isinstance(rec, dict) else (n, None, f"item {n} is not an object")
    elif suffix == ".csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        _require_text(path, reader.fieldnames or [])
        for rec in reader:
            if None in rec:
                yield (
                    reader.line_num,
                    None,
                    f"{len(rec[None]) + len(reader.fieldnames or [])} cells, header has {len(reader.fieldnames or [])}",
                )
                continue
            yield reader.line_num, rec, ""


def _require_text(path: Path, columns: list[str]) -> None:
    if "text" not in columns:
        raise CorpusError(f"{path}:1: no 'text' column (columns: {', '.join(map(str, columns)) or 'none'})")


def _clean_value(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


DEFAULT_CHUNK_SIZE = 500  # articles a chunk: ~1.5 MB of news text, seconds of work: small enough to share among
# workers and to lose little on a kill, large enough that the per-chunk cost (a few table writes) is noise
_PARQUET_BATCH = 1024  # rows read from a parquet file at a time


def load_corpus(
    paths: str | Path | Iterable[str | Path],
    *,
    year: int | None = None,
    on_error: str = "raise",
) -> pd.DataFrame:
    """Load a collection into one table, one row per input article, scored-to-be or skipped.

    Parameters
    ----------
    paths : a file or folder, or several
        ``.txt`` (one article each; the id is the file's stem), ``.jsonl``, ``.json`` (a list of
        objects), ``.csv`` or ``.parquet`` with at least `text`, and where known `id`, `date`,
        `title`, `source`, `url`; other columns are kept.
    year : int, optional
        The year for Indonesian datelines (``pada Rabu (19/6)``) when metadata has no date and no `year`.
    on_error : {"raise", "skip"}
        ``"raise"`` stops at the first bad record with an error naming file and line;
        ``"skip"`` keeps a row with ``status="skipped"`` and the reason instead.

    Returns
    -------
    DataFrame
        Columns `article_id, date, source, title, url, text, input, date_source, status, reason`
        and any extra metadata columns. `date` is a datetime (NaT where none was found, with the
        reason). Every record appears: nothing is dropped without a row saying why.
    """
    chunks = list(iter_corpus(paths, year=year, on_error=on_error, chunk_size=DEFAULT_CHUNK_SIZE))
    frame = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    frame["date"] = pd.to_datetime(frame["date"], errors="coerce")
    log.info("loaded %d articles (%d skipped)", len(frame), int((frame["status"] == "skipped").sum()))
    return frame


def iter_corpus(
    paths: str | Path | Iterable[str | Path],
    *,
    year: int | None = None,
    on_error: str = "raise",
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> Iterator[pd.DataFrame]:
    """Read a collection as a stream of tables of at most `chunk_size` articles, in input order, so a
    collection of any size is read in flat memory (``.jsonl`` line by line, ``.parquet`` by batches).

    The rows, their order and their checks are those of `load_corpus` (which is built on this):
    a duplicate id is caught however far apart the two records are. At least one table is yielded,
    empty when the inputs hold no records.
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size!r}")
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
    first_seen: dict[str, str] = {}
    rows: list[dict] = []
    yielded = False
    for path in iter_input_files(paths):
        for row in corpus_rows(path, year=year, on_error=on_error):
            check_duplicate(row, first_seen, on_error)
            rows.append(row)
            if len(rows) >= chunk_size:
                yield _corpus_frame(rows)
                rows, yielded = [], True
    if rows or not yielded:
        yield _corpus_frame(rows)


def corpus_rows(path: Path, *, year: int | None = None, on_error: str = "raise") -> Iterator[dict]:
    """The article rows of one input file, in order, before the duplicate-id check (`check_duplicate`).

    A file that cannot be read at all is one skipped row (``on_error="skip"``) or a `CorpusError`;
    a bad record is a skipped row or an error naming the file and line.
    """
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
    try:
        records = _stream_records(path)
        first = next(records, None)
    except CorpusError as err:
        if on_error == "raise":
            raise
        yield _skipped_row(path.stem, str(path), str(err).split(": ", 1)[-1])
        return
    if first is None:
        return
    multi = path.suffix.lower() != ".txt"
    records = itertools.chain([first], records)
    while True:
        try:
            line, rec, problem = next(records)
        except StopIteration:
            return
        except CorpusError as err:  # a file that breaks part-way (a truncated parquet file)
            if on_error == "raise":
                raise
            yield _skipped_row(f"{path.stem}:rest", str(path), str(err).split(": ", 1)[-1])
            return
        where = f"{path}:{line}"
        fallback_id = f"{path.stem}:{line}" if multi else path.stem
        if rec is None:
            if on_error == "raise":
                raise CorpusError(f"{where}: {problem}")
            yield _skipped_row(fallback_id, where, problem)
            continue
        row = _article_row(rec, fallback_id, where, year)
        row["_checked"] = True  # a record read whole: its id takes part in the duplicate check
        yield row


def check_duplicate(row: dict, first_seen: dict[str, str], on_error: str) -> None:
    """Mark `row` (from `corpus_rows`) as a duplicate when its id was seen before; else remember it.

    `first_seen` maps each id to where it was first read, across every file and chunk of a run.
    """
    if not row.pop("_checked", False):
        return
    if row["article_id"] in first_seen:
        mark_duplicate(row, first_seen[row["article_id"]], on_error)
    else:
        first_seen[row["article_id"]] = row["input"]


def mark_duplicate(row: dict, first_where: str, on_error: str) -> None:
    """Skip `row` (or raise) as a repeat of the id first read at `first_where`."""
    row.pop("_checked", None)
    article_id, where = row["article_id"], row["input"]
    problem = f"duplicate id {article_id!r} (first at {first_where})"
    if on_error == "raise":
        raise CorpusError(f"{where}: {problem}")
    row.update(status="skipped", reason=problem, article_id=f"{article_id}@{where}")


def _corpus_frame(rows: list[dict]) -> pd.DataFrame:
    """Rows to a table in the corpus columns (extra metadata after them); `date` as datetime."""
    frame = pd.DataFrame(rows)
    if frame.empty:
        frame = pd.DataFrame(columns=CORPUS_COLUMNS)
    extra = [c for c in frame.columns if c not in CORPUS_COLUMNS and c != "_checked"]
    frame = frame[CORPUS_COLUMNS + extra]
    frame["date"] = pd.to_datetime(frame["date"], errors="coerce")
    return frame.reset_index(drop=True)


def _stream_records(path: Path) -> Iterator[tuple[int, dict | None, str]]:
    """Like `_records`, but ``.jsonl`` (UTF-8) is read a line at a time and ``.parquet`` a batch at a
    time, so a large file never sits in memory whole. Other formats are read by `_records`."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return _parquet_records(path)
    if suffix == ".jsonl":
        with open(path, "rb") as handle:
            head = handle.read(2)
        if not head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 files (small exports) go whole
            return _jsonl_records(path)
    return iter(list(_records(path)))


def _jsonl_records(path: Path) -> Iterator[tuple[int, dict | None, str]]:
    with open(path, "rb") as handle:
        for n, raw in enumerate(handle, start=1):
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                byte, column = raw[err.start], err.start + 1
                yield n, None, f"not valid UTF-8 (byte 0x{byte:02x} at column {column}); convert the file to UTF-8"
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as err:
                yield n, None, f"not valid JSON ({err.msg} at column {err.colno})"
                continue
            yield ((n, rec, "") if isinstance(rec, dict) else (n, None, f"a JSON {type(rec).__name__}, not an object"))


def _parquet_records(path: Path) -> Iterator[tuple[int, dict | None, str]]:
    try:
        import pyarrow.parquet as pq
    except ImportError as err:
        raise CorpusError(f"{path}: reading parquet needs pyarrow: pip install 'stance[parquet]'") from err
    try:
        parquet = pq.ParquetFile(path)
    except Exception as err:
        raise CorpusError(f"{path}: not a readable parquet file ({err})") from err
    _require_text(path, list(parquet.schema_arrow.names))
    return _parquet_batches(path, parquet)


def _parquet_batches(path: Path, parquet) -> Iterator[tuple[int, dict | None, str]]:
    n = 0
    try:
        for batch in parquet.iter_batches(batch_size=_PARQUET_BATCH):
            for rec in batch.to_pandas().to_dict("records"):
                n += 1
                yield n, rec, ""
    except Exception as err:
        raise CorpusError(f"{path}: not a readable parquet file past row {n} ({err})") from err


def _skipped_row(article_id: str, where: str, reason: str) -> dict:
    return {
        "article_id": article_id, "date": None, "source": "", "title": "", "url": "", "text": "",
        "input": where, "date_source": "", "status": "skipped", "reason": reason,
    }  # fmt: skip


def _article_row(rec: dict, fallback_id: str, where: str, year: int | None) -> dict:
    text = rec.get("text")
    row = {k: v for k, v in rec.items() if k not in ("id", "text") and k not in _DATE_KEYS}
    row.update({k: _clean_value(rec.get(k)) for k in _META})
    row["article_id"] = _clean_value(rec.get("id")) or fallback_id
    row["input"] = where
    row["text"] = text if isinstance(text, str) else ""
    status, reasons = "ok", []
    if not isinstance(text, str) or not text.strip():
        status = "skipped"
        reasons.append("no text" if not isinstance(text, str) else "empty text")
    raw_date = next((rec[k] for k in _DATE_KEYS if _clean_value(rec.get(k))), None)
    day = parse_date(raw_date)
    date_source = "metadata" if day else ""
    if raw_date is not None and day is None:
        reasons.append(f"date {str(raw_date)[:40]!r} not understood")
    if day is None and status == "ok":
        meta_year = rec.get("year")
        try:
            use_year = int(meta_year) if _clean_value(meta_year) else year
        except ValueError:
            use_year = year
        day, why = find_dateline(text, use_year)
        if day is not None:
            date_source = "dateline"
        if why:
            reasons.append(why)
    row.update(date=day, date_source=date_source, status=status, reason="; ".join(reasons))
    return row
