"""Read a researcher's collection: folders of .txt, and .jsonl, .json, .csv, .parquet files."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import logging
import math
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
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


def _decode(path: Path, data: bytes, encoding: str | None = None) -> str:
    """Bytes to text, never guessing a legacy encoding.

    Without `encoding`: a byte-order mark decides (UTF-8, UTF-16 or UTF-32, little or big endian),
    else the file must be UTF-8. With `encoding` (``"cp1252"``, ``"latin-1"``…) the file is read in
    it, unless it is valid UTF-8 with non-ASCII characters: reading that as a one-byte encoding
    would garble every accented letter and curly quote, so it is an error instead.
    """
    if encoding is not None:
        return _decode_as(path, data, encoding)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_as(path, data[len(bom) :], codec)
    if _looks_like_utf16(data):
        raise CorpusError(
            f"{path}:1: looks like UTF-16 without a byte-order mark; "
            f"say which: {_encoding_hint('utf-16-le')} (or utf-16-be)"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise CorpusError(
            f"{path}:{line}: not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
            f"convert the file to UTF-8, or say which encoding it is in: {_encoding_hint('cp1252')}"
        ) from err


# Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Share of NUL bytes at odd (or even) offsets above which a file without a mark is taken for UTF-16.
_UTF16_NUL_SHARE = 0.3


def _encoding_hint(name: str) -> str:
    return f"encoding={name!r} (command line: --encoding {name})"


def _looks_like_utf16(data: bytes) -> bool:
    """Mostly-ASCII text in UTF-16 has a NUL in every other byte, at odd offsets (LE) or even (BE);
    UTF-8 text has almost none, and a file padded with NULs has them at both."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) > _UTF16_NUL_SHARE * (len(sample) // 2) and min(even, odd) < _UTF16_NUL_SHARE * max(even, odd)


def _check_encoding(encoding: str) -> codecs.CodecInfo:
    try:
        codec = codecs.lookup(encoding)
        " ".encode(codec.name)  # refuses codecs that are not text encodings (base64, zlib…)
    except LookupError as err:
        raise CorpusError(f"unknown text encoding {encoding!r} (try utf-8, cp1252, latin-1, utf-16)") from err
    return codec


def _decode_as(path: Path, data: bytes, encoding: str) -> str:
    codec = _check_encoding(encoding)
    if _ONE_BYTE.match(codec.name) and not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            raise CorpusError(
                f"{path}:1: encoding={encoding!r} was given, but the file is valid UTF-8 with non-ASCII "
                f"characters; reading it as {encoding} would garble them (é as Ã©): leave the encoding out"
            )
    try:
        text = data.decode(codec.name)
    except UnicodeDecodeError as err:
        line = data[: err.start].decode(codec.name, errors="replace").count("\n") + 1
        raise CorpusError(
            f"{path}:{line}: not valid {encoding} ({err.reason} at byte offset {err.start}); "
            "check which encoding the file is in"
        ) from err
    return text.removeprefix("\ufeff")


# Codecs that map every byte to a character, so any file "decodes" and a wrong choice goes unnoticed.
_ONE_BYTE = re.compile(r"^(cp125\d|latin[-_]?\d*|iso8859[-_]\d+|cp4\d\d|cp8\d\d|mac[-_].*|koi8[-_].*)$")


def _records(path: Path, encoding: str | None = None) -> Iterator[tuple[int, dict | None, str]]:
    """Yield ``(line, record, note)`` for each record in `path`.

    A record that cannot be read comes as ``(line, None, why)``; a readable one may carry a note on
    what was repaired (a lone surrogate replaced). A file that cannot be read at all raises `CorpusError`.
    """
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        yield from _parquet_records(path)
        return
    text = _decode(path, path.read_bytes(), encoding)
    if suffix == ".txt":
        yield 1, {"text": text}, ""
    elif suffix == ".jsonl":
        yield from _jsonl_records(text)
    elif suffix == ".json":
        yield from _json_records(path, text)
    elif suffix == ".csv":
        yield from _csv_records(path, text)


def _parquet_records(path: Path) -> Iterator[tuple[int, dict | None, str]]:
    """Records of a parquet file, a batch of rows at a time (a large file never sits in memory whole)."""
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
                yield _checked(n, rec)
    except Exception as err:
        raise CorpusError(f"{path}: not a readable parquet file past row {n} ({err})") from err


def _jsonl_records(text: str) -> Iterator[tuple[int, dict | None, str]]:
    # Records end at "\n" only: str.splitlines() would also break at U+2028, U+0085 and other
    # separators that JSON writers leave unescaped inside strings.
    for n, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield _jsonl_record(n, line)


def _jsonl_stream(path: Path) -> Iterator[tuple[int, dict | None, str]]:
    """The records of a UTF-8 ``.jsonl`` file read a line at a time (lines end at b"\\n" only)."""
    with open(path, "rb") as handle:
        for n, raw in enumerate(handle, start=1):
            if n == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                byte, column = raw[err.start], err.start + 1
                yield (
                    n,
                    None,
                    (
                        f"not valid UTF-8 (byte 0x{byte:02x} at column {column}); convert the file to UTF-8, "
                        f"or say which encoding it is in: {_encoding_hint('cp1252')}"
                    ),
                )
                continue
            yield _jsonl_record(n, line)


def _jsonl_record(n: int, line: str) -> tuple[int, dict | None, str]:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as err:
        return n, None, f"not valid JSON ({err.msg} at column {err.colno})"
    except RecursionError:
        return n, None, "not readable JSON (nested too deeply)"
    return _json_record(n, rec, f"a JSON {type(rec).__name__}, not an object")


def _json_records(path: Path, text: str) -> Iterator[tuple[int, dict | None, str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise CorpusError(f"{path}:{err.lineno}: not valid JSON ({err.msg})") from err
    except RecursionError as err:
        raise CorpusError(f"{path}: not readable JSON (nested too deeply)") from err
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if not isinstance(data, list):
        raise CorpusError(f"{path}:1: expected a JSON list of article objects, found {type(data).__name__}")
    for n, rec in enumerate(data, start=1):
        yield _json_record(n, rec, f"item {n} is a {type(rec).__name__}, not an object")


def _json_record(n: int, rec: object, not_object: str) -> tuple[int, dict | None, str]:
    if not isinstance(rec, dict):
        return n, None, not_object
    rec, repaired = _without_lone_surrogates(rec)
    line, rec, problem = _checked(n, rec)
    if rec is not None and repaired:
        problem = f"{repaired} lone surrogate(s) replaced by U+FFFD"
    return line, rec, problem


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(value: object) -> tuple[object, int]:
    """JSON escapes can spell half a surrogate pair (``"\\ud800"``), which no UTF-8 table can hold."""
    if isinstance(value, str):
        return _LONE_SURROGATE.subn("\ufffd", value)
    if isinstance(value, dict):
        out, total = {}, 0
        for key, item in value.items():
            key, n_key = _without_lone_surrogates(key)
            out[key], n_item = _without_lone_surrogates(item)
            total += n_key + n_item
        return out, total
    if isinstance(value, list):
        pairs = [_without_lone_surrogates(item) for item in value]
        return [item for item, _ in pairs], sum(n for _, n in pairs)
    return value, 0


@contextmanager
def _csv_field_limit(limit: int) -> Iterator[None]:
    """The csv module refuses fields over 128 KiB; an article may be far longer."""
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _csv_records(path: Path, text: str) -> Iterator[tuple[int, dict | None, str]]:
    # strict: an unclosed quote mark is an error at its line, not a field that swallows the rest of the file.
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    with _csv_field_limit(max(len(text), csv.field_size_limit())):
        try:
            columns = reader.fieldnames or []
        except csv.Error as err:
            raise CorpusError(f"{path}:1: header is not valid CSV ({err})") from err
        _require_text(path, columns)
        first_line = reader.line_num + 1
        while True:
            try:
                rec = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                yield first_line, None, f"not valid CSV ({err}); the rest of the file is not read"
                return
            line, first_line = first_line, reader.line_num + 1
            if None in rec:
                yield line, None, f"{len(rec[None]) + len(columns)} cells, header has {len(columns)}"
                continue
            yield _checked(line, rec)


def _require_text(path: Path, columns: list[str]) -> None:
    if "text" not in columns:
        raise CorpusError(f"{path}:1: no 'text' column (columns: {', '.join(map(str, columns)) or 'none'})")


def _checked(line: int, rec: dict) -> tuple[int, dict | None, str]:
    """A record whose `text` or `id` has the wrong type is malformed (a missing text is only empty)."""
    text, ident = rec.get("text"), rec.get("id")
    if not isinstance(text, str) and not _is_missing(text):
        return line, None, f"text is {_kind(text)}, not a string"
    if not isinstance(ident, (str, int, float)) and not _is_missing(ident):
        return line, None, f"id is {_kind(ident)}, not a string or number"
    return line, rec, ""


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _kind(value: object) -> str:
    shown = repr(value)
    return f"{type(value).__name__} {shown[:40]}{'…' if len(shown) > 40 else ''}"


def _clean_value(value: object) -> str:
    if _is_missing(value):
        return ""
    return str(value).strip()


# Line breaks and other control characters: in a one-line field (id, title, source, url) they are
# scraping debris, and a lone carriage return there splits the row of any CSV written from it.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _clean_meta(value: object) -> str:
    """A one-line metadata field as text: control characters and line breaks become one space."""
    return _CONTROL.sub(" ", _clean_value(value)).strip()


def _clean_id(value: object) -> str:
    """An id as text; a whole number read as a float (a parquet column with gaps) keeps no ``.0``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _clean_meta(value)


def load_corpus(
    paths: str | Path | Iterable[str | Path],
    *,
    year: int | None = None,
    on_error: str = "raise",
    encoding: str | None = None,
    duplicate_ids: str = "error",
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
    encoding : str, optional
        The encoding of text files (``.txt``, ``.jsonl``, ``.json``, ``.csv``) that are not UTF-8,
        such as ``"cp1252"`` or ``"latin-1"``. Without it a file must be UTF-8, or carry a byte-order
        mark (UTF-8, UTF-16, UTF-32); anything else is an error naming the file and line, never a
        silent guess.
    duplicate_ids : {"error", "rename"}
        ``"error"``: a record whose id was seen before is a bad record (an error, or with
        ``on_error="skip"`` a skipped row naming where the id first appeared). ``"rename"``: it is
        kept as ``<id>#2`` (``#3``…), the reason says so, and a warning lists the renamed ids.

    Returns
    -------
    DataFrame
        Columns `article_id, date, source, title, url, text, input, date_source, status, reason`
        and any extra metadata columns. `date` is a datetime (NaT where none was found, or the one
        found lies outside 1678..2261, with the reason). `article_id`, `title`, `source` and `url`
        are one line each (line breaks and control characters become a space). Every record
        appears: nothing is dropped without a row saying why.
    """
    chunks = list(iter_corpus(paths, year=year, on_error=on_error, encoding=encoding, duplicate_ids=duplicate_ids))
    frame = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    frame["date"] = pd.to_datetime(frame["date"], errors="coerce")
    log.info("loaded %d articles (%d skipped)", len(frame), int((frame["status"] == "skipped").sum()))
    return frame


DEFAULT_CHUNK_SIZE = 500  # articles a chunk: ~1.5 MB of news text, seconds of work: small enough to share among
# workers and to lose little on a kill, large enough that the per-chunk cost (a few table writes) is noise
_PARQUET_BATCH = 1024  # rows read from a parquet file at a time


def iter_corpus(
    paths: str | Path | Iterable[str | Path],
    *,
    year: int | None = None,
    on_error: str = "raise",
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    encoding: str | None = None,
    duplicate_ids: str = "error",
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
    if encoding is not None:
        _check_encoding(encoding)
    ids = _IdRegister(duplicate_ids)
    rows: list[dict] = []
    yielded = False
    for path in iter_input_files(paths):
        for row in corpus_rows(path, year=year, on_error=on_error, encoding=encoding):
            check_duplicate(row, ids, on_error)
            rows.append(row)
            if len(rows) >= chunk_size:
                yield _corpus_frame(rows)
                rows, yielded = [], True
    ids.warn()
    if rows or not yielded:
        yield _corpus_frame(rows)


def corpus_rows(
    path: Path, *, year: int | None = None, on_error: str = "raise", encoding: str | None = None
) -> Iterator[dict]:
    """The article rows of one input file, in order, before the duplicate-id check (`check_duplicate`).

    A file that cannot be read at all is one skipped row (``on_error="skip"``) or a `CorpusError`;
    a bad record is a skipped row or an error naming the file and line.
    """
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
    try:
        records = _stream_records(path, encoding)
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
        _add_reason(row, problem)  # a readable record may carry a note on what was repaired
        row["_checked"] = True  # a record read whole: its id takes part in the duplicate check
        yield row


def check_duplicate(row: dict, ids: _IdRegister, on_error: str) -> None:
    """Give `row` (from `corpus_rows`) its id in the run's register: a repeated id is refused (an
    error, or a skipped row saying where it first appeared) or renamed, by the register's policy.
    Rows skipped before their id was read get a unique id too, so every row can be told apart."""
    where = row["input"]
    if not row.pop("_checked", False):
        row["article_id"] = ids.unique(row["article_id"], where)
        return
    duplicate = ids.claim(row, where)
    if duplicate:
        if on_error == "raise":
            raise CorpusError(f"{where}: {duplicate}")
        row.update(status="skipped", reason=duplicate, article_id=ids.unique(f"{row['article_id']}@{where}", where))


def mark_duplicate(row: dict, first_where: str, on_error: str) -> None:
    """Skip `row` (or raise) as a repeat of the id first read at `first_where` (the Dask engine, which
    checks ids across partitions before scoring)."""
    row.pop("_checked", None)
    article_id, where = row["article_id"], row["input"]
    problem = _duplicate_problem(article_id, first_where)
    if on_error == "raise":
        raise CorpusError(f"{where}: {problem}")
    row.update(status="skipped", reason=problem, article_id=f"{article_id}@{where}")


def _duplicate_problem(article_id: str, first: str) -> str:
    return (
        f"duplicate id {article_id!r} (first at {first}); "
        "to keep both, use duplicate_ids='rename' (command line: --duplicate-ids rename)"
    )


def _corpus_frame(rows: list[dict]) -> pd.DataFrame:
    """Rows to a table in the corpus columns (extra metadata after them); `date` as datetime."""
    frame = pd.DataFrame(rows)
    if frame.empty:
        frame = pd.DataFrame(columns=CORPUS_COLUMNS)
    extra = [c for c in frame.columns if c not in CORPUS_COLUMNS and c != "_checked"]
    frame = frame[CORPUS_COLUMNS + extra]
    frame["date"] = pd.to_datetime(frame["date"], errors="coerce")
    return frame.reset_index(drop=True)


def _stream_records(path: Path, encoding: str | None = None) -> Iterator[tuple[int, dict | None, str]]:
    """Like `_records`, but a UTF-8 ``.jsonl`` is read a line at a time and ``.parquet`` a batch at a
    time, so a large file never sits in memory whole. Other files are read whole by `_records`."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return _parquet_records(path)
    if suffix == ".jsonl" and encoding is None:
        with open(path, "rb") as handle:
            head = handle.read(4096)
        marked = any(head.startswith(bom) for bom, codec in _BOMS if codec != "utf-8")
        if not marked and not _looks_like_utf16(head):  # UTF-16/32 files go whole, through the checks
            return _jsonl_stream(path)
    return iter(list(_records(path, encoding)))


def _skipped_row(article_id: str, where: str, reason: str) -> dict:
    return {
        "article_id": article_id, "date": None, "source": "", "title": "", "url": "", "text": "",
        "input": where, "date_source": "", "status": "skipped", "reason": reason,
    }  # fmt: skip


def _article_row(rec: dict, fallback_id: str, where: str, year: int | None) -> dict:
    text = rec.get("text")
    row = {k: v for k, v in rec.items() if k not in ("id", "text") and k not in _DATE_KEYS}
    row.update({k: _clean_meta(rec.get(k)) for k in _META})
    row["article_id"] = _clean_id(rec.get("id")) or fallback_id
    row["input"] = where
    row["text"] = text if isinstance(text, str) else ""
    status, reasons = "ok", []
    if not isinstance(text, str) or not text.strip():
        status = "skipped"
        reasons.append("no text" if not isinstance(text, str) else "empty text")
    raw_date = next((rec[k] for k in _DATE_KEYS if _clean_value(rec.get(k))), None)
    day = parse_date(raw_date)
    if raw_date is not None and day is None:
        reasons.append(f"date {str(raw_date)[:40]!r} not understood")
    elif day is not None and not _in_date_range(day):
        reasons.append(f"date {str(raw_date)[:40]!r} is outside {_EARLIEST}..{_LATEST}")
        day = None
    date_source = "metadata" if day else ""
    if day is None and status == "ok":
        use_year = _year(rec.get("year"), year)
        day, why = find_dateline(text, use_year)
        if day is not None and not _in_date_range(day):
            why = "; ".join(r for r in (why, f"dateline date {day} is outside {_EARLIEST}..{_LATEST}") if r)
            day = None
        if day is not None:
            date_source = "dateline"
        if why:
            reasons.append(why)
    raw_id = rec.get("id")
    if isinstance(raw_id, str) and _CONTROL.search(raw_id.strip()):
        reasons.append(f"id {raw_id.strip()[:40]!r} held line breaks or control characters")
    row.update(date=day, date_source=date_source, status=status, reason="; ".join(reasons))
    return row


# The dates a pandas datetime column holds in every unit (nanoseconds reach 1677-09-21..2262-04-11).
# A news date outside is a metadata error; letting it in makes the column's unit differ between
# collections, and mixing such a column with NaT (nanoseconds) overflows.
_EARLIEST, _LATEST = date(1678, 1, 1), date(2261, 12, 31)


def _in_date_range(day: date) -> bool:
    return _EARLIEST <= day <= _LATEST


def _year(value: object, default: int | None) -> int | None:
    """The `year` of a record's metadata when it is a usable year, else `default`."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return default
    try:
        number = int(str(value).strip()) if isinstance(value, str) else int(value)
    except (ValueError, OverflowError):
        return default
    return number if 1 <= number <= 9999 else default


def _add_reason(row: dict, reason: str) -> None:
    if reason:
        row["reason"] = "; ".join(r for r in (row["reason"], reason) if r)


class _IdRegister:
    """The article ids handed out so far, and what to do when one comes again (`duplicate_ids`)."""

    def __init__(self, policy: str) -> None:
        if policy not in ("error", "rename"):
            raise ValueError(f"duplicate_ids must be 'error' or 'rename', not {policy!r}")
        self.policy = policy
        self.first_at: dict[str, str] = {}
        self.renamed: list[str] = []

    def unique(self, article_id: str, where: str) -> str:
        """`article_id`, or the first free ``article_id#n``; taken (at `where`) from now on."""
        candidate, n = article_id, 1
        while candidate in self.first_at:
            n += 1
            candidate = f"{article_id}#{n}"
        self.first_at[candidate] = where
        return candidate

    def claim(self, row: dict, where: str) -> str:
        """Take the row's id. A repeated id is renamed in `row` (returns "") or refused (returns why)."""
        article_id = row["article_id"]
        if article_id not in self.first_at:
            self.first_at[article_id] = where
            return ""
        first = self.first_at[article_id]
        if self.policy == "error":
            return _duplicate_problem(article_id, first)
        new_id = self.unique(article_id, where)
        row["article_id"] = new_id
        _add_reason(row, f"duplicate id {article_id!r} (first at {first}) renamed {new_id!r}")
        self.renamed.append(f"{article_id!r} -> {new_id!r} at {where}")
        return ""

    def warn(self) -> None:
        if self.renamed:
            shown = "; ".join(self.renamed[:_SHOWN_RENAMES])
            more = f"; and {len(self.renamed) - _SHOWN_RENAMES} more" if len(self.renamed) > _SHOWN_RENAMES else ""
            log.warning("%d duplicate id(s) renamed: %s%s", len(self.renamed), shown, more)


# How many renamed ids the warning lists by name (all are in the `reason` column).
_SHOWN_RENAMES = 10
