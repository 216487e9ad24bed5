"""Whether this process runs the compiled scoring modules or their Python sources, and why.

`pip install` compiles the per-article modules with mypyc (setup.py) and records the sha256 of each
source beside them. They are used only while the sources beside them are exactly those: an edited
source (an editable install in development) runs as Python, with a warning, until the next install
compiles it again. ``STANCE_PURE=1`` in the environment runs the Python sources on purpose (to compare,
or to debug). Both give the same tables (tests/test_native.py).

Chosen once, when `stance` is first imported, before any of these modules loads.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
import warnings
from importlib.machinery import EXTENSION_SUFFIXES, ModuleSpec
from pathlib import Path

__all__ = ["PURE_ENV", "SOURCES_FILE", "StaleBuildWarning", "choose", "compiled_modules", "status"]

PURE_ENV = "STANCE_PURE"
SOURCES_FILE = "native_sources.json"  # written by setup.py's build
_PACKAGE_DIR = Path(__file__).resolve().parent
_status = "python (not compiled)"


class StaleBuildWarning(UserWarning):
    """A compiled module is older than its edited source, so the sources run instead (slower)."""


def compiled_modules(package_dir: Path = _PACKAGE_DIR) -> dict[str, str]:
    """The modules the build compiled, with the sha256 of the source each was compiled from; {} when
    the package was installed without compiling (or the build failed)."""
    recorded = package_dir / SOURCES_FILE
    if not recorded.exists():
        return {}
    hashes = json.loads(recorded.read_text(encoding="utf-8"))
    built = {
        name: digest
        for name, digest in hashes.items()
        if any((package_dir / f"{name}{suffix}").exists() for suffix in EXTENSION_SUFFIXES)
    }
    return built if len(built) == len(hashes) else {}  # a partial build is no build


def stale_modules(package_dir: Path = _PACKAGE_DIR, compiled: dict[str, str] | None = None) -> list[str]:
    """Compiled modules whose source beside them is not the one they were compiled from (`compiled`:
    `compiled_modules(package_dir)`, when the caller has read it already)."""
    if compiled is None:
        compiled = compiled_modules(package_dir)
    return [
        name
        for name, digest in compiled.items()
        if hashlib.sha256((package_dir / f"{name}.py").read_bytes()).hexdigest() != digest
    ]


class _SourcesFirst:
    """Import hook: the listed ``stance`` modules load from their ``.py`` files, not the extensions."""

    def __init__(self, names: list[str]) -> None:
        self.names = {f"{__package__}.{name}": name for name in names}

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> ModuleSpec | None:
        name = self.names.get(fullname)
        return None if name is None else importlib.util.spec_from_file_location(fullname, _PACKAGE_DIR / f"{name}.py")


def choose() -> str:
    """Decide, once per process, between the compiled modules and their sources; the decision in words."""
    global _status
    if any(isinstance(finder, _SourcesFirst) for finder in sys.meta_path):
        return _status
    compiled = compiled_modules()
    if not compiled:
        _status = "python (not compiled)"
        return _status
    if os.environ.get(PURE_ENV):
        reason = f"python ({PURE_ENV} is set)"
    elif stale := stale_modules(_PACKAGE_DIR, compiled):
        edited = ", ".join(f"{name}.py" for name in stale)
        reason = f"python ({edited} changed since compiled)"
        warnings.warn(
            f"stance: {edited} in {_PACKAGE_DIR} changed after the package was "
            "compiled, so the Python sources run (slower); reinstall (pip install -e .) to compile them again",
            StaleBuildWarning,
            stacklevel=2,
        )
    else:
        _status = "compiled (mypyc)"
        return _status
    sys.meta_path.insert(0, _SourcesFirst(list(compiled)))
    _status = reason
    return _status


def status() -> str:
    """How the scoring modules run in this process: ``compiled (mypyc)`` or ``python (why)``."""
    return _status
