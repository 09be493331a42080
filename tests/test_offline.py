"""Nothing reaches the network: the pipeline in-process with sockets disabled, and the CLI
and notebook kernels in subprocesses that refuse every non-loopback connection."""

import os
import subprocess
import sys

from analysis.config import PROJECT_DIR

OFFLINE = str(PROJECT_DIR / "tests" / "offline")


def offline_env():
    env = dict(os.environ)
    env["PYTHONPATH"] = OFFLINE + os.pathsep + env.get("PYTHONPATH", "")
    env["MPLBACKEND"] = "Agg"
    return env


def test_the_guard_refuses_the_network():
    code = "import socket\ntry:\n socket.create_connection(('192.0.2.1', 80), timeout=1)\nexcept OSError as e:\n print(e)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=offline_env())
    assert "network disabled for tests" in result.stdout


def test_pipeline_runs_with_sockets_disabled(socket_disabled, tmp_path, seed_run):
    """Reading (the segmenter loaded again, every plan segmented again) and every measure, in this
    process with sockets disabled, give the shared seed run's tables. (Drawing and writing run
    offline in the next test.)"""
    import pandas as pd

    from analysis.outputs.analyse import analyse
    from analysis.read import tokenize
    from analysis.read.corpus import build_corpus

    tokenize._underthesea.cache_clear()  # re-import the segmenter with the network off
    corpus = build_corpus(cache_dir=tmp_path / "cache")  # nothing cached: everything is segmented again
    result = analyse(corpus, include_topics=False)
    for name in ("corpus", "theme_measures", "keyness", "similarity"):
        pd.testing.assert_frame_equal(result.tables[name], seed_run.tables[name], obj=name)


def test_cli_runs_offline_and_identically_in_another_process(tmp_path, seed_run):
    """Another process (its own hash seed, an empty token cache), with the network refused, writes
    files byte-identical to the shared seed run's (given its date)."""
    env = offline_env()
    env["ANALYSIS_CACHE_DIR"] = str(tmp_path / "cache")
    env["PYTHONHASHSEED"] = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "analysis", "run", "--quiet", "--date", seed_run.day.isoformat(),
                             "--out", str(out)], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=900)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    written = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    expected = {p.name: p.read_bytes() for p in seed_run.written}
    assert written.keys() == expected.keys() and len(written) > 40
    assert [name for name in written if written[name] != expected[name]] == []


# The notebooks run under the same guard: see tests/test_notebooks.py::test_runs_top_to_bottom.
