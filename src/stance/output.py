"""Write result tables and the run manifest; every file appears whole or not at all."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

__all__ = ["file_sha256", "write_manifest", "write_tables"]


def _atomic_write(path: Path, write) -> None:
    """Write through a temporary file in the same folder, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            write(handle)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_tables(tables: dict[str, pd.DataFrame], out: str | Path) -> list[Path]:
    """Write each table as ``OUT/<name>.csv`` (``texts`` as JSON lines); returns the paths written."""
    out = Path(out)
    written = []
    for name, frame in tables.items():
        if name == "texts":
            path = out / "texts.jsonl"
            _atomic_write(path, lambda h, f=frame: f.to_json(h, orient="records", lines=True, force_ascii=False))
        else:
            path = out / f"{name}.csv"
            frame = frame.copy()
            for col in frame.columns:
                if pd.api.types.is_datetime64_any_dtype(frame[col]):
                    frame[col] = frame[col].dt.strftime("%Y-%m-%d")
            _atomic_write(path, lambda h, f=frame: f.to_csv(h, index=False, lineterminator="\n"))
        written.append(path)
    return written


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
) -> Path:
    """Record what a run read (with sha256), what it counted, and with which settings and versions."""
    from . import __version__

    manifest = {
        "command": command,
        "package_version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "inputs": [{"path": str(p), "sha256": file_sha256(p), "bytes": p.stat().st_size} for p in inputs],
        "counts": counts,
        "parameters": parameters,
        "versions": versions,
    }
    path = Path(out) / "manifest.json"
    _atomic_write(path, lambda h: json.dump(manifest, h, indent=2, ensure_ascii=False, default=str))
    return path
