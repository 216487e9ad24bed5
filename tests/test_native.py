"""The compiled scoring modules (setup.py, stance.native): the same tables as their Python sources, and
never run in place of an edited source."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from stance import native

from .conftest import ROOT

PACKAGE = ROOT / "src" / "stance"


def _native_modules() -> tuple[str, ...]:
    """NATIVE_MODULES as setup.py lists them (read from its source: importing setup.py would build)."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "NATIVE_MODULES" for t in node.targets):
            return tuple(ast.literal_eval(node.value))
    raise AssertionError("setup.py has no NATIVE_MODULES")


def test_compiled_modules_lower_case_as_python_does():
    """mypyc compiles ``s.lower()`` to its own routine, which misses the final-sigma rule on Python
    < 3.13; the compiled modules call `stance.tokens.lower` (CPython's str.lower) instead."""
    calls = []
    for name in _native_modules():
        source = PACKAGE / f"{name}.py"
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "lower":
                receiver = node.func.value
                if not (isinstance(receiver, ast.Attribute) and receiver.attr == "str"):  # pandas' .str.lower()
                    calls.append(f"{source.name}:{node.lineno}")
    assert calls == []


def test_lower_keeps_the_final_sigma():
    from stance.tokens import lower, tokenize

    assert lower("ΟΔΟΣ Σ") == "οδος σ" == "ΟΔΟΣ Σ".lower()
    assert tokenize("ΟΔΟΣ İstanbul", [(0, 13)]).lowers == ["οδος", "i̇stanbul"]


@pytest.mark.skipif(bool(os.environ.get(native.PURE_ENV)), reason=f"{native.PURE_ENV} is set: installed uncompiled")
def test_the_install_compiled_every_listed_module():
    """`pip install` compiles what setup.py lists (a failed compile would only warn, so this test tells)."""
    assert sorted(native.compiled_modules(PACKAGE)) == sorted(_native_modules())
    assert native.status() == "compiled (mypyc)" or native.stale_modules(PACKAGE)  # an edited source: Python
    if native.status() == "compiled (mypyc)":
        import stance.rules

        assert Path(stance.rules.__file__).suffix != ".py"


def _score(out: Path, pure: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != native.PURE_ENV}
    if pure:
        env[native.PURE_ENV] = "1"
    command = [sys.executable, "-m", "stance.cli", "score", "seeds", "data/demo", "--year", "2024", "--out", str(out)]
    return subprocess.run([*command, "-q"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)


@pytest.mark.skipif(native.status() != "compiled (mypyc)", reason="the scoring modules are not compiled here")
def test_compiled_and_python_modules_write_the_same_tables(tmp_path):
    _score(tmp_path / "compiled", pure=False)
    _score(tmp_path / "python", pure=True)
    for table in ("articles", "sentences", "evidence", "article_stance"):
        compiled = (tmp_path / "compiled" / f"{table}.csv").read_bytes()
        assert compiled == (tmp_path / "python" / f"{table}.csv").read_bytes(), table
    manifests = [json.loads((tmp_path / run / "manifest.json").read_text()) for run in ("compiled", "python")]
    assert [m["versions"]["scoring_modules"] for m in manifests] == [
        "compiled (mypyc)",
        f"python ({native.PURE_ENV} is set)",
    ]


def _fake_build(folder: Path, sources: dict[str, str], compiled: list[str]) -> None:
    """A package folder as the build leaves it: sources, extension files, the recorded sha256s."""
    for name, text in sources.items():
        (folder / f"{name}.py").write_text(text)
    for name in compiled:
        (folder / f"{name}{EXTENSION_SUFFIXES[0]}").write_bytes(b"")
    hashes = {name: hashlib.sha256(text.encode()).hexdigest() for name, text in sources.items()}
    (folder / native.SOURCES_FILE).write_text(json.dumps(hashes))


def test_an_edited_source_is_stale_and_a_partial_build_is_none(tmp_path):
    _fake_build(tmp_path, {"rules": "x = 1\n", "tokens": "y = 2\n"}, ["rules", "tokens"])
    assert native.compiled_modules(tmp_path).keys() == {"rules", "tokens"}
    assert native.stale_modules(tmp_path) == []
    (tmp_path / "rules.py").write_text("x = 3\n")  # edited after the build
    assert native.stale_modules(tmp_path) == ["rules"]
    (tmp_path / f"tokens{EXTENSION_SUFFIXES[0]}").unlink()  # one extension missing: run the sources
    assert native.compiled_modules(tmp_path) == {}
    assert native.compiled_modules(tmp_path / "nowhere") == {}


@pytest.mark.skipif(native.status() != "compiled (mypyc)", reason="the scoring modules are not compiled here")
def test_pure_mode_loads_every_compiled_module_from_its_source():
    code = (
        "import importlib, stance, stance.native as n; "
        "print(n.status()); "
        "print(all(importlib.import_module('stance.' + m).__file__.endswith('.py') for m in n.compiled_modules()))"
    )
    env = {**os.environ, native.PURE_ENV: "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == [f"python ({native.PURE_ENV} is set)", "True"]
