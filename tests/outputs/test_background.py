"""The second process that writes the workbook and the other language's briefing (outputs.background)."""

from __future__ import annotations

import filecmp
import os
from pathlib import Path

import pytest

from analysis import config
from analysis.outputs import background
from analysis.outputs.write import run_all


def _writes_its_pid(path: Path):
    def job() -> list[Path]:
        path.write_text(str(os.getpid()))
        return [path]
    return job


def test_jobs_run_in_another_process_and_their_paths_come_back_in_order(tmp_path):
    jobs = [_writes_its_pid(tmp_path / "b.txt"), _writes_its_pid(tmp_path / "a.txt")]
    assert background.start(jobs).finish() == [tmp_path / "b.txt", tmp_path / "a.txt"]
    assert {int((tmp_path / name).read_text()) for name in ("a.txt", "b.txt")} != {os.getpid()}


def test_a_job_failing_in_the_second_process_is_run_again_here(tmp_path):
    parent = os.getpid()

    def only_here() -> list[Path]:
        if os.getpid() != parent:
            raise OSError("the second process cannot write")
        (tmp_path / "x.txt").write_text("here")
        return [tmp_path / "x.txt"]

    side = background.start([only_here])
    assert side.finish() == [tmp_path / "x.txt"]
    assert "cannot write" in side.failure


def test_an_error_reads_as_it_would_without_a_second_process(tmp_path):
    def broken() -> list[Path]:
        raise ValueError("a table the workbook cannot hold")

    with pytest.raises(ValueError, match="cannot hold"):
        background.start([broken]).finish()


def test_switched_off_the_jobs_run_here(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "WRITE_IN_BACKGROUND", False)
    assert background.start([_writes_its_pid(tmp_path / "a.txt")]).finish() == [tmp_path / "a.txt"]
    assert int((tmp_path / "a.txt").read_text()) == os.getpid()


def test_a_run_writes_the_same_bytes_with_or_without_the_second_process(seed_run, seed_corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(config, "WRITE_IN_BACKGROUND", False)
    alone = run_all(out_dir=tmp_path / "alone", corpus=seed_corpus, date=seed_run.day.isoformat())
    assert [p.name for p in alone.written] == [p.name for p in seed_run.written]
    different = [p.name for p in seed_run.written if not filecmp.cmp(p, tmp_path / "alone" / p.name, shallow=False)]
    assert different == []


def test_a_process_that_cannot_fork_writes_here(tmp_path, monkeypatch):
    import multiprocessing.process

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start",
                        lambda self: (_ for _ in ()).throw(AssertionError("daemonic processes are not allowed to have children")))
    assert background.start([_writes_its_pid(tmp_path / "a.txt")]).finish() == [tmp_path / "a.txt"]
    assert int((tmp_path / "a.txt").read_text()) == os.getpid()


def test_lighten_runs_in_the_second_process_only_before_its_jobs(tmp_path):
    state = {"tokens": "held"}

    def job() -> list[Path]:
        (tmp_path / "a.txt").write_text(state["tokens"])
        return [tmp_path / "a.txt"]

    assert background.start([job], lighten=lambda: state.update(tokens="let go")).finish() == [tmp_path / "a.txt"]
    assert (tmp_path / "a.txt").read_text() == "let go"  # the job saw what the second process kept
    assert state == {"tokens": "held"}  # this process still holds it
