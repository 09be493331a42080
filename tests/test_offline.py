"""Nothing reaches the network: the pipeline in-process with sockets disabled, and the CLI
and notebook kernels in subprocesses that refuse every non-loopback connection."""

import os
import subprocess
import sys

from analysis.config import PROJECT_DIR
from analysis.outputs import write

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
    from analysis.read import tokenize
    from analysis.read.corpus import build_corpus

    tokenize._underthesea.cache_clear()  # re-import the segmenter with the network off
    corpus = build_corpus(cache_dir=tmp_path / "cache")  # nothing cached: everything is segmented again
    result = write.run_all(out_dir=tmp_path / "out", corpus=corpus, topic_k_range=range(4, 6))
    assert (tmp_path / "out" / "briefing.en.html").exists() and len(result.written) > 40


def test_cli_runs_offline_and_identically_in_two_processes(tmp_path):
    """Two separate processes (different hash seeds, one with an empty token cache) write
    byte-identical outputs, with the network refused."""
    outputs = []
    for run, hash_seed in enumerate(["1", "2"]):
        env = offline_env()
        env["ANALYSIS_CACHE_DIR"] = str(tmp_path / f"cache{run}")
        env["PYTHONHASHSEED"] = hash_seed
        out = tmp_path / f"out{run}"
        result = subprocess.run([sys.executable, "-m", "analysis", "run", "--quiet", "--out", str(out)],
                                capture_output=True, text=True, env=env, cwd=tmp_path, timeout=900)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0].keys() == outputs[1].keys() and len(outputs[0]) > 40
    assert [name for name in outputs[0] if outputs[0][name] != outputs[1][name]] == []


# The notebooks run under the same guard: see tests/test_notebooks.py::test_runs_top_to_bottom.
