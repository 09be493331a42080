"""A run killed mid-way (kill -9) leaves the published outputs intact, and the next run removes
the staging folder it could not remove itself."""

import os
import signal
import subprocess
import sys
import time

import pytest

from analysis import atomic
from analysis.config import CORPUS_DIR, PACKAGE_DIR


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_dead_runs_staging_folder_is_removed_and_a_live_ones_kept(tmp_path):
    out = tmp_path / "figures"
    dead = tmp_path / f".figures.staging-{atomic._HOST}-{_dead_pid()}-abc"
    live = atomic.staging_folder(out)  # this process: alive
    other = tmp_path / ".other.staging-x-1-abc"  # another output folder's: not ours to touch
    for folder in (dead, other):
        folder.mkdir()
    (dead / "theme_rates.csv").write_text("x", encoding="utf-8")
    assert atomic.remove_abandoned_staging(out) == [dead]
    assert not dead.exists() and live.is_dir() and other.is_dir()


def test_an_unnamed_staging_folder_is_removed_only_once_it_is_old(tmp_path):
    out = tmp_path / "figures"
    folder = tmp_path / ".figures.staging-k2j4h5"  # made by a version that did not name its process
    folder.mkdir()
    assert atomic.remove_abandoned_staging(out) == []
    old = time.time() - atomic.ABANDONED_AFTER_SECONDS - 60
    os.utime(folder, (old, old))
    assert atomic.remove_abandoned_staging(out) == [folder]


@pytest.mark.slow
def test_kill_9_mid_run_then_the_next_run_cleans_up(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    plan = sorted((CORPUS_DIR / "plans").iterdir())[0]
    (corpus / plan.name).write_bytes(plan.read_bytes())
    out = tmp_path / "out"
    env = {**os.environ, "MPLBACKEND": "Agg", "ANALYSIS_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "analysis", "run", "--corpus", str(corpus), "--out", str(out)]
    run = subprocess.Popen(command, cwd=PACKAGE_DIR.parent, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while not list(tmp_path.glob(".out.staging-*")) and run.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    assert run.poll() is None, "the run ended before it began writing"
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert list(tmp_path.glob(".out.staging-*")), "kill -9 left no staging folder: nothing was tested"
    assert not out.exists() or not any(out.iterdir())  # nothing published by a killed run
    finished = subprocess.run(command, cwd=PACKAGE_DIR.parent, env=env, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert not list(tmp_path.glob(".out.staging-*"))
    assert (out / "manifest.json").exists()
