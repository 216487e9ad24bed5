"""Build: the modules that read and score each article are compiled to C with mypyc.

They are plain typed Python; mypyc turns them into extension modules beside the sources and the package
runs about 1.5 times faster (README, "Speed"). Everything else about the package is in pyproject.toml.

- ``STANCE_PURE=1 pip install …`` installs without compiling (no C compiler needed).
- A build that cannot compile (no compiler, an unsupported platform) warns and installs the pure
  modules: the extensions are optional, and the package runs the same without them.
- At run time `stance.native` uses the compiled modules only when they were compiled from exactly
  the sources beside them (it records their sha256s here), so an edited source is never shadowed.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

PACKAGE = Path("src/stance")
# The per-article path: reading, mentions, quotes, candidates, rules, features, counting, tone.
NATIVE_MODULES = (
    "tokens", "sentences", "clean", "mentions", "quotes", "extract", "candidates", "rules", "votes", "features",
    "cues", "counting", "tone",
)  # fmt: skip
# Written next to the compiled modules: the sha256 of each source they were compiled from.
SOURCES_FILE = "native_sources.json"


def source_hashes() -> dict[str, str]:
    return {name: hashlib.sha256((PACKAGE / f"{name}.py").read_bytes()).hexdigest() for name in NATIVE_MODULES}


class BuildNative(build_ext):
    """build_ext that also writes SOURCES_FILE beside the extension modules, in place or in the wheel."""

    def run(self) -> None:
        super().run()
        if not self.extensions:
            return
        built = [self.get_ext_fullpath(ext.name) for ext in self.extensions if ext.name.startswith("stance.")]
        if not all(Path(path).exists() for path in built):
            return  # compiling failed (the extensions are optional): nothing native to describe
        target = Path(built[0]).parent
        (target / SOURCES_FILE).write_text(json.dumps(source_hashes(), indent=1, sort_keys=True) + "\n")


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
        group_name="stance_native",
    )
    for extension in extensions:
        extension.optional = True  # a failed compile warns and leaves the pure modules
    return extensions


setup(ext_modules=native_extensions(), cmdclass={"build_ext": BuildNative})
