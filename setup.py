"""Build: the modules that read and score each article are compiled to C with mypyc.

They are plain typed Python; mypyc turns them into extension modules beside the sources and the package
runs about 1.5 times faster (README, "Speed"). Everything else about the package is in pyproject.toml.

- ``STANCE_PURE=1 pip install …`` installs without compiling (no C compiler needed).
- A build that cannot compile (no compiler, an unsupported platform) warns and installs the pure
  modules: the extensions are optional, and the package runs the same without them.
- At run time `stance.native` uses the compiled modules only when they were compiled from exactly
  the sources beside them (it records their sha256s here), so an edited source is never shadowed.
- The listed modules must pass mypy: a type error stops the install with mypy's message (compiled
  code checks the hints at run time, so a wrong hint would be a wrong program).
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

PACKAGE = Path("src/stance")
# The per-article path: reading, mentions, quotes, candidates, rules, features, counting, tone, and the
# gazetteer they ask about every entity.
NATIVE_MODULES = (
    "tokens", "sentences", "clean", "mentions", "quotes", "extract", "candidates", "rules", "votes", "features",
    "cues", "counting", "tone", "gazetteer",
)  # fmt: skip
# Written next to the compiled modules: the sha256 of each source they were compiled from.
SOURCES_FILE = "native_sources.json"


def source_hashes() -> dict[str, str]:
    return {name: hashlib.sha256((PACKAGE / f"{name}.py").read_bytes()).hexdigest() for name in NATIVE_MODULES}


class BuildNative(build_ext):
    """build_ext that also writes SOURCES_FILE beside the extension modules (in place or in the wheel),
    only when every extension is built from the C that mypyc generated from these sources."""

    def build_extensions(self) -> None:
        _compile_in_parallel(self.compiler, os.cpu_count() or 1)
        super().build_extensions()

    def run(self) -> None:
        if not self.extensions:
            return super().run()
        hashes = source_hashes()  # the sources mypyc just turned into C (native_extensions)
        record = Path(self.get_ext_fullpath("stance.tokens")).parent / SOURCES_FILE
        record.unlink(missing_ok=True)  # until this build is known good, no compiled module is trusted
        super().run()
        if all(_built_from(Path(self.get_ext_fullpath(ext.name)), ext.sources) for ext in self.extensions):
            record.write_text(json.dumps(hashes, indent=1, sort_keys=True) + "\n")
        # else compiling failed (the extensions are optional): an older extension left in place is not
        # recorded, so the Python sources run


def _compile_in_parallel(compiler, workers: int) -> None:
    """Let `compiler` compile the C files of one extension on `workers` threads (mypyc's multi_file
    output is one extension of many files; build_ext would compile them one after another)."""
    serial = compiler.compile

    def compile(sources, *args, **kwargs):
        if len(sources) < 2 or workers < 2:
            return serial(sources, *args, **kwargs)
        with ThreadPoolExecutor(workers) as pool:
            parts = pool.map(lambda source: serial([source], *args, **kwargs), sources)
            return [obj for objects in parts for obj in objects]

    compiler.compile = compile


def _built_from(extension: Path, c_sources: list[str]) -> bool:
    """The extension exists and is not older than its C sources (a failed build leaves an old one)."""
    return extension.exists() and extension.stat().st_mtime >= max(Path(s).stat().st_mtime for s in c_sources)


def native_extensions() -> list:
    if os.environ.get("STANCE_PURE"):
        return []
    from mypyc.build import mypycify

    # The build environment has no numpy or pandas (nor their types): what they return is Any to mypyc.
    # Modules that are not compiled are read for their types only, not checked.
    flags = ["--ignore-missing-imports", "--follow-imports=silent"]
    extensions = mypycify(
        [*flags, *(str(PACKAGE / f"{name}.py") for name in NATIVE_MODULES)],
        opt_level="3",
        multi_file=True,
        group_name="stance_native",
    )
    for extension in extensions:
        extension.optional = True  # a failed compile warns and leaves the pure modules
    return extensions


setup(ext_modules=native_extensions(), cmdclass={"build_ext": BuildNative})
