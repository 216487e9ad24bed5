"""A run killed at any point leaves whole tables or none; --resume finishes it as if never stopped."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from stance.cli import main
from stance.engine import PARTS_DIR, STATE_FILE, TABLES, _read_state

from .conftest import ROOT

INPUTS = [str(ROOT / "data" / "demo" / "2022.jsonl"), str(ROOT / "data" / "demo" / "2023.jsonl")]
ARGS = ["--year", "2024", "--chunk-size", "4", "-q"]
FINAL = [f"{name}.csv" for name in TABLES] + ["manifest.json"]


def _tables(out) -> dict[str, bytes]:
    return {name: (out / f"{name}.csv").read_bytes() for name in TABLES}


def _killed_after_first_chunk(out, *extra: str) -> None:
    """Start `stance score` in a subprocess; SIGKILL it once the state file records a finished chunk."""
    command = [sys.executable, "-m", "stance.cli", "score", *INPUTS, "--out", str(out), *ARGS, *extra]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    state = out / STATE_FILE
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if state.is_file() and len(state.read_text(encoding="utf-8").splitlines()) >= 2:
                break
            time.sleep(0.02)
        assert proc.poll() is None, f"the run ended before it could be killed: {proc.stderr.read().decode()}"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    out = tmp_path_factory.mktemp("uninterrupted")
    assert main(["score", *INPUTS, "--out", str(out), *ARGS]) == 0
    return out


@pytest.fixture(scope="module")
def killed(tmp_path_factory):
    """An output folder of a run killed after its first chunk (of 14)."""
    out = tmp_path_factory.mktemp("killed")
    _killed_after_first_chunk(out)
    return out


def test_killed_run_leaves_no_table(killed):
    assert not [name for name in FINAL if (killed / name).exists()]
    _, done = _read_state(killed / STATE_FILE)
    assert 1 <= len(done) < 14
    for key in done:
        assert all((killed / PARTS_DIR / f"{key}.{name}.csv").is_file() for name in TABLES)


def test_resume_finishes_byte_identical(killed, uninterrupted, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(killed, out)
    _, done = _read_state(out / STATE_FILE)
    assert main(["score", *INPUTS, "--out", str(out), *ARGS, "--resume"]) == 0
    assert _tables(out) == _tables(uninterrupted)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["parameters"]["resumed_chunks"] == len(done) >= 1  # finished chunks were not redone
    assert manifest["counts"] == json.loads((uninterrupted / "manifest.json").read_text())["counts"]
    assert not (out / STATE_FILE).exists() and not (out / PARTS_DIR).exists()


def test_resume_refuses_other_parameters(killed, tmp_path, capsys):
    out = tmp_path / "out"
    shutil.copytree(killed, out)
    state_before = (out / STATE_FILE).read_bytes()
    assert main(["score", *INPUTS, "--out", str(out), *ARGS, "--level", "country", "--resume"]) == 2
    err = capsys.readouterr().err
    assert "cannot resume" in err and "level was 'person', now 'country'" in err
    assert main(["score", INPUTS[0], "--out", str(out), *ARGS, "--resume"]) == 2
    assert "2023.jsonl is no longer given" in capsys.readouterr().err
    assert (out / STATE_FILE).read_bytes() == state_before  # a refusal touches nothing


def test_resume_refuses_changed_inputs(killed, tmp_path, capsys):
    changed = tmp_path / "in"
    changed.mkdir()
    copies = [shutil.copy(p, changed) for p in INPUTS]
    out = tmp_path / "out"
    shutil.copytree(killed, out)
    state = (out / STATE_FILE).read_text().replace(str(ROOT / "data" / "demo"), str(changed))
    (out / STATE_FILE).write_text(state)  # the interrupted run read these copies, byte for byte
    with open(copies[1], "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "new", "text": "Putin tiba di Pyongyang."}) + "\n")
    assert main(["score", *copies, "--out", str(out), *ARGS, "--resume"]) == 2
    assert "2023.jsonl has changed (sha256" in capsys.readouterr().err


def test_killed_rerun_keeps_previous_outputs(uninterrupted, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(uninterrupted, out)
    before = {name: (out / name).read_bytes() for name in FINAL}
    _killed_after_first_chunk(out)
    assert {name: (out / name).read_bytes() for name in FINAL} == before


def test_torn_state_line_is_ignored(tmp_path):
    state = tmp_path / STATE_FILE
    good = json.dumps({"chunk": "000000", "parts": ["000000"], "counts": {"articles": 4}})
    state.write_text(json.dumps({"fingerprint": {}}) + "\n" + good + "\n" + '{"chunk": "0000')
    _, done = _read_state(state)
    assert list(done) == ["000000"]
