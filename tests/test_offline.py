"""Nothing reaches the network: the pipeline in-process with sockets disabled, and the CLI
and notebook kernels in subprocesses that refuse every non-loopback connection."""

import os
import subprocess
import sys

from analysis import pipeline
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


def test_pipeline_runs_with_sockets_disabled(socket_disabled, tmp_path, seed_corpus):
    from analysis import tokenize
    from analysis.corpus import build_corpus

    tokenize._underthesea.cache_clear()  # re-import the segmenter with the network off
    corpus = build_corpus(cache_dir=tmp_path / "cache")  # nothing cached: everything is segmented again
    result = pipeline.run_all(out_dir=tmp_path / "out", corpus=corpus, topic_k_range=range(4, 6))
    assert (tmp_path / "out" / "briefing.html").exists() and len(result.written) > 40


def test_cli_runs_offline(tmp_path):
    env = offline_env()
    env["ANALYSIS_CACHE_DIR"] = str(tmp_path / "cache")
    result = subprocess.run([sys.executable, "-m", "analysis", "run", "--quiet", "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=900)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


# The notebooks run under the same guard: see tests/test_notebooks.py::test_runs_top_to_bottom.
