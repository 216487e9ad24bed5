"""Write result tables and the run manifest; every file appears whole or not at all."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

__all__ = [
    "TABLE_SCHEMAS",
    "assemble_csv",
    "assemble_parquet",
    "atomic_write",
    "csv_text",
    "file_sha256",
    "write_manifest",
    "write_part",
    "write_tables",
]

# Column types of the scored tables, so that every part of a run written as parquet has one schema
# (a part with no evidence, or with no date at all, would otherwise get other types).
TABLE_SCHEMAS: dict[str, dict[str, str]] = {
    "articles": {
        "article_id": "string", "date": "date", "source": "string", "title": "string", "status": "string",
        "reason": "string", "n_sentences": "int64", "tone": "string", "tone_score": "float64",
        "tone_lexicon": "float64",
    },
    "sentences": {
        "article_id": "string", "sentence_idx": "int64", "text": "string", "tone_score": "float64",
        "tone_lexicon": "float64", "tone": "string",
    },
    "evidence": {
        "article_id": "string", "date": "date", "sentence_idx": "int64", "holder": "string", "target": "string",
        "stance": "string", "score": "float64", "confidence": "float64", "quoted": "bool", "speaker": "string",
        "sentence": "string", "method": "string", "cue": "string", "tone": "string",
    },
    "article_stance": {
        "article_id": "string", "date": "date", "holder": "string", "target": "string", "stance": "string",
        "score": "float64", "confidence": "float64", "n_evidence": "int64",
    },
}  # fmt: skip


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()  # what open() would give: mkstemp's files are private (0600)


def atomic_write(path: Path, write, *, binary: bool = False) -> None:
    """Write through a temporary file in the same folder, then rename it over `path`: a reader (or a
    run killed half-way) sees the previous file or the new one, never part of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            write(handle)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for col in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[col]):
            frame[col] = frame[col].dt.strftime("%Y-%m-%d")
    return frame


def csv_text(frame: pd.DataFrame, *, header: bool = True) -> str:
    """A table as CSV text, the way every table of a run is written (dates as ``YYYY-MM-DD``)."""
    return _dates_as_text(frame).to_csv(index=False, header=header, lineterminator="\n")


def write_tables(tables: dict[str, pd.DataFrame], out: str | Path) -> list[Path]:
    """Write each table as ``OUT/<name>.csv`` (``texts`` as JSON lines); returns the paths written."""
    out = Path(out)
    written = []
    for name, frame in tables.items():
        if name == "texts":
            path = out / "texts.jsonl"
            atomic_write(path, lambda h, f=frame: f.to_json(h, orient="records", lines=True, force_ascii=False))
        else:
            path = out / f"{name}.csv"
            frame = _dates_as_text(frame)
            atomic_write(path, lambda h, f=frame: f.to_csv(h, index=False, lineterminator="\n"))
        written.append(path)
    return written


def write_part(frame: pd.DataFrame, path: str | Path, table: str | None = None) -> Path:
    """Write one part of a table (``.csv`` or ``.parquet``, by `path`'s suffix), atomically.

    A parquet part of a known `table` is cast to its `TABLE_SCHEMAS` types, so all parts agree.
    """
    path = Path(path)
    if path.suffix == ".parquet":
        arrow = _to_arrow(frame, table)
        import pyarrow.parquet as pq

        atomic_write(path, lambda h: pq.write_table(arrow, h), binary=True)
    else:
        text = csv_text(frame)
        atomic_write(path, lambda h: h.write(text))
    return path


def _to_arrow(frame: pd.DataFrame, table: str | None):
    """A frame as an arrow table with the schema of `table` (`TABLE_SCHEMAS`), when we know it."""
    import pyarrow as pa

    types = {"string": pa.string(), "date": pa.timestamp("s"), "int64": pa.int64(), "float64": pa.float64(),
             "bool": pa.bool_()}  # fmt: skip
    columns = TABLE_SCHEMAS.get(table or "")
    if columns is None or list(frame.columns) != list(columns):
        return pa.Table.from_pandas(frame, preserve_index=False)
    arrays = []
    for name, kind in columns.items():
        values = frame[name]
        if kind == "date":
            values = pd.to_datetime(values, errors="coerce").astype("datetime64[s]")
        elif kind == "string":
            values = values.astype(object).where(values.notna(), None).map(lambda v: v if v is None else str(v))
        arrays.append(pa.array(values.tolist(), type=types[kind], from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=pa.schema([(n, types[k]) for n, k in columns.items()]))


def assemble_csv(parts: Sequence[Path], path: str | Path, *, columns: Sequence[str] = ()) -> Path:
    """Join CSV parts (each with the same header) into one table at `path`, atomically and in flat
    memory: the header once, then every part's rows in the order given (no parts: the header of
    `columns` alone)."""
    path = Path(path)

    def write(handle) -> None:
        if not parts:
            handle.write(csv_text(pd.DataFrame(columns=list(columns))))
        header = None
        for part in parts:
            with open(part, encoding="utf-8", newline="") as source:
                first = source.readline()
                if header is None:
                    header = first
                    handle.write(first)
                elif first != header:
                    raise ValueError(f"{part}: header differs from the other parts of {path.name}")
                shutil.copyfileobj(source, handle, 1 << 20)

    atomic_write(path, write)
    return path


def assemble_parquet(parts: Sequence[Path], path: str | Path, *, table: str | None = None) -> Path:
    """Gather parquet parts into a dataset folder ``path`` (``part-000000.parquet``, … in the order
    given; `pandas.read_parquet` and dask read it whole). Parts are hard-linked, not copied, where the
    file system allows; the folder is built under a temporary name and renamed into place. With no
    parts, the folder holds one empty part with the columns of `table`."""
    path = Path(path)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    try:
        if not parts:
            empty = pd.DataFrame({c: [] for c in TABLE_SCHEMAS.get(table or "", {})})
            write_part(empty, tmp / "part-000000.parquet", table)
        for k, part in enumerate(parts):
            target = tmp / f"part-{k:06d}.parquet"
            try:
                os.link(part, target)
            except OSError:
                shutil.copyfile(part, target)
        os.chmod(tmp, 0o777 & ~_umask())
        if path.exists():  # a folder cannot be renamed over another: move the old one aside first
            old = path.with_name(f".{path.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(path, old)
            os.replace(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return path


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(
    out: str | Path,
    *,
    command: str,
    inputs: Iterable[Path],
    counts: dict[str, int],
    parameters: dict,
    versions: dict[str, str],
    digests: dict[str, str] | None = None,
) -> Path:
    """Record what a run read (with sha256), what it counted, and with which settings and versions.

    `digests` maps input paths (as strings) to sha256s already computed, so they are not read twice."""
    from . import __version__

    digests = digests or {}

    manifest = {
        "command": command,
        "package_version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "inputs": [
            {"path": str(p), "sha256": digests.get(str(p)) or file_sha256(p), "bytes": p.stat().st_size}
            for p in map(Path, inputs)
        ],
        "counts": counts,
        "parameters": parameters,
        "versions": versions,
    }
    path = Path(out) / "manifest.json"
    atomic_write(path, lambda h: json.dump(manifest, h, indent=2, ensure_ascii=False, default=str))
    return path
