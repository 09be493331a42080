"""What the benchmark prints: the ratios and the least wall time a run's CPU allows on this machine's cores."""

import subprocess
import sys

from analysis.bench import __main__ as bench


def _run(total: float, cpu: float, stages: dict | None = None) -> dict:
    return {"total": total, "cpu_s": cpu, "read_wall": total / 2, "stages": stages or {}, "matching_and_kwic": 1.0,
            "peak_gib": 1.0, "peak_gib_after_read": 0.5, "files_written": 74, "largest_png_bytes": 2**20,
            "briefing_bytes": 2**20}


def test_the_cpu_floor_is_the_runs_cpu_over_the_cores(monkeypatch, capsys):
    monkeypatch.setattr(bench.os, "cpu_count", lambda: 2)
    # a 100 s loop; the cold run took 150 s using 240 CPU-s, adding a plan 30 s using 40 CPU-s
    result = {"plans": 10, "bytes": 2**20, "baseline_s": 100.0,
              "cold": _run(150.0, 240.0, {"tokenise": 80.0, "commitments": 0.01}),
              "warm": _run(3.0, 2.0), "add_one": _run(30.0, 40.0)}
    bench._print([result])
    printed = capsys.readouterr().out
    assert "whole cold run 150.0 s / plain loop: 1.50" in printed
    assert "cold 240 s, +1 plan 40 s" in printed
    assert "cold 1.20x the loop" in printed  # 240 / 2 / 100
    assert "+1 plan 0.133 of this cold run" in printed  # 40 / 2 / 150
    assert any(line.split()[:3] == ["tokenise", "80.0", "0.1"] for line in printed.splitlines())
    # a stage too quick to time is no rate (it was printed as millions of plans per second)
    assert any(line.split()[:3] == ["commitments", "0.0", "-"] for line in printed.splitlines())


def test_the_cpu_of_a_finished_child_process_is_counted(monkeypatch):
    before = bench._children_cpu()
    subprocess.run([sys.executable, "-c", "sum(i * i for i in range(3_000_000))"], check=True)
    assert bench._children_cpu() - before > 0.05
