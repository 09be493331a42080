"""``make bench-dask``: the client's memory on a dask cluster stays flat as plans are added.

    python -m analysis.bench dask [--sizes 500 2000] [--workers 2] [--json FILE]

For each N, generated plans (``bench.generate``) are read and their theme tables measured
twice, each in a fresh process with a cold cache:

- on a ``LocalCluster`` of ``--workers`` worker processes (one thread each) started inside the
  client process, as a researcher would in a notebook (so the scheduler's memory counts as the
  client's): the workers read and segment each plan and keep it as a parquet partition
  (``read.partitions``), then measure each plan's themes (``theme_hits``, ``theme_measures``
  on the plan alone, its hits written as a parquet partition of their own); the client holds
  the corpus rows and the per-plan theme measures and pools them (``theme_groups``);
- in one process (``parallel`` backend "serial"), the whole corpus in memory, as ``run`` does.

The client's peak memory is the client process's peak resident size (``peak_mib``: Linux's VmHWM;
the workers are other processes, their own peaks are asked for with ``Client.run``). The tables --
``corpus.csv``, ``theme_measures.csv``, ``theme_by_province.csv`` and the hits (the workers'
partitions put together) -- must be byte for byte the same as the one process's. Printed with
plans per second and the per-plan costs the README's estimate for a national collection rests
on (worker seconds per plan, memory per worker, bytes kept per plan); saved as JSON.
A benchmark, never a test (tests/read/test_partitions.py checks the same equality on a few plans).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis import parallel
from analysis.bench.generate import make_corpus
from analysis.csv_tables import write_csv
from analysis.measure.themes.codebook import load_codebook
from analysis.measure.themes.measures import theme_groups, theme_hits, theme_measures
from analysis.read import partitions
from analysis.read.corpus import build_corpus

TABLES = ("corpus.csv", "theme_measures.csv", "theme_by_province.csv", "theme_hits.csv")
# The client may grow this much from 500 to 2,000 plans (issue 28): flat, give or take the per-plan rows.
FLAT_RATIO = 1.2
# Plans measured per batch of tasks (see _measure_themes); the workers wait only at a batch's last plan.
THEMES_BATCH = 250


def peak_mib() -> float:
    """This process's peak resident memory: Linux's VmHWM, the high-water mark of the memory it has
    now. Not ``ru_maxrss``: that one keeps, across the exec that starts a child process, the
    resident size of the parent it was forked from (the bench's own), so a child would report its parent."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux, an upper bound


@lru_cache(maxsize=1)
def _codebook():
    return load_codebook()  # once per worker process, not once per plan


def plan_themes(job: tuple) -> pd.DataFrame:
    """On a worker: one plan's theme measures; its hits (row-level, with passages) are written to
    ``hits_dir/<doc_id>.parquet`` and stay there."""
    plan, hits_dir = job
    hits = theme_hits(plan, _codebook())
    hits.to_parquet(Path(hits_dir) / f"{plan.documents['doc_id'].iloc[0]}.parquet", index=False)
    return theme_measures(plan, hits, _codebook())


def _measure_themes(corpus, hits_dir: Path) -> pd.DataFrame:
    """Every usable plan's theme measures, measured plan by plan on the workers. Put together a
    batch at a time: two thousand small DataFrames would cost the client more (tens of kilobytes
    each) than the one table they make (a few hundred bytes a row); reading them back from
    per-plan parquet files costs as much (each file's schema and metadata)."""
    ids = list(corpus.usable["doc_id"])
    batches = []
    for first in range(0, len(ids), THEMES_BATCH):
        batch = ids[first:first + THEMES_BATCH]
        jobs = ((partitions.plan_corpus(corpus, doc_id), str(hits_dir)) for doc_id in batch)
        batches.append(pd.concat(parallel.map_items(plan_themes, jobs, count=len(batch)), ignore_index=True))
    return pd.concat(batches, ignore_index=True)


def _write(out: Path, corpus, measures: pd.DataFrame, hits: pd.DataFrame | None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    tables = {"corpus.csv": corpus.documents, "theme_measures.csv": measures,
              "theme_by_province.csv": theme_groups(measures, "province", corpus.usable)}
    if hits is not None:
        tables["theme_hits.csv"] = hits
    for name, table in tables.items():
        write_csv(table, out / name)  # the outputs' writer, streamed to the file


def cluster_run(corpus_dir: Path, out: Path, cache_dir: Path, workers: int) -> dict:
    """In the client process: start the cluster, read, measure themes, write the tables."""
    from distributed import Client

    started = peak_mib()
    with parallel.local_cluster(workers) as cluster, parallel.backend("dask", cluster.scheduler_address, min_items=1):
        ready = peak_mib()
        clock = time.perf_counter()
        corpus = build_corpus(corpus_dir, cache_dir=cache_dir)
        read_s = time.perf_counter() - clock
        after_read = peak_mib()
        (out / "hits").mkdir(parents=True, exist_ok=True)
        clock = time.perf_counter()
        _write(out, corpus, _measure_themes(corpus, out / "hits"), None)
        themes_s = time.perf_counter() - clock
        with Client(cluster.scheduler_address) as client:  # each worker's own peak resident size
            worker_peaks = client.run(peak_mib)
    return {"plans": int(corpus.usable.shape[0]), "read_s": read_s, "themes_s": themes_s, "worker_seconds": dict(corpus.timings),
            "client_mib_at_start": started, "client_mib_cluster_ready": ready, "client_mib_after_read": after_read,
            "client_peak_mib": peak_mib(), "worker_peak_mib": sorted(worker_peaks.values()),
            "partition_bytes": sum(p.stat().st_size for p in (cache_dir / "plans").glob("*.parquet")),
            "hits_bytes": sum(p.stat().st_size for p in (out / "hits").glob("*.parquet"))}


def one_process_run(corpus_dir: Path, out: Path, cache_dir: Path) -> dict:
    """The same tables in one process, the whole corpus in memory."""
    clock = time.perf_counter()
    with parallel.backend("serial"):
        corpus = build_corpus(corpus_dir, cache_dir=cache_dir)
    read_s = time.perf_counter() - clock
    hits = theme_hits(corpus, load_codebook())
    _write(out, corpus, theme_measures(corpus, hits, load_codebook()), hits)
    return {"read_s": read_s, "total_s": time.perf_counter() - clock, "peak_mib": peak_mib()}


def _child(command: str, *args) -> dict:
    done = subprocess.run([sys.executable, "-m", "analysis.bench", command, *map(str, args)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _same_tables(cluster_out: Path, one_out: Path, ids: list[str]) -> dict[str, bool]:
    """Table name -> identical bytes; the cluster's hits are its partitions put together in plan order."""
    hits = pd.concat([pd.read_parquet(cluster_out / "hits" / f"{doc_id}.parquet") for doc_id in ids], ignore_index=True)
    write_csv(hits, cluster_out / "theme_hits.csv")
    return {name: (cluster_out / name).read_bytes() == (one_out / name).read_bytes() for name in TABLES}


def measure(n: int, root: Path, workers: int) -> dict:
    corpus_dir = root / f"plans-{n}"
    make_corpus(n, corpus_dir)
    cluster = _child("dask-client", corpus_dir, root / f"cluster-out-{n}", root / f"cluster-cache-{n}", workers)
    one = _child("dask-reference", corpus_dir, root / f"one-out-{n}", root / f"one-cache-{n}")
    ids = list(pd.read_csv(root / f"one-out-{n}" / "corpus.csv").query("status == 'ok'")["doc_id"])
    same = _same_tables(root / f"cluster-out-{n}", root / f"one-out-{n}", ids)
    return {"n": n, "bytes": sum(p.stat().st_size for p in corpus_dir.iterdir()), "cluster": cluster,
            "one_process": one, "identical": same}


def report(result: dict) -> None:
    n, c, one = result["n"], result["cluster"], result["one_process"]
    worker_s = sum(c["worker_seconds"].values())
    print(f"\nN = {n} plans ({result['bytes'] / 2**20:.1f} MB) on {len(c['worker_peak_mib'])} dask workers")
    print(f"  client peak memory {c['client_peak_mib']:.0f} MiB (peak resident size, VmHWM, of the client process; at start "
          f"{c['client_mib_at_start']:.0f}, cluster started {c['client_mib_cluster_ready']:.0f}, "
          f"after reading {c['client_mib_after_read']:.0f}); one process, whole corpus: {one['peak_mib']:.0f} MiB")
    total = c["read_s"] + c["themes_s"]
    print(f"  read + segment {c['read_s']:.1f} s ({n / c['read_s']:.2f} plans/s), themes {c['themes_s']:.1f} s: "
          f"{n / total:.2f} plans/s; one process {one['total_s']:.1f} s ({n / one['total_s']:.2f} plans/s)")
    print(f"  per plan: {worker_s / n:.3f} worker-seconds reading ({', '.join(f'{k} {v / n:.3f}' for k, v in c['worker_seconds'].items())}); "
          f"partition {c['partition_bytes'] / n / 1024:.0f} KiB, hits {c['hits_bytes'] / n / 1024:.0f} KiB")
    print(f"  worker peak memory: {', '.join(f'{m:.0f}' for m in c['worker_peak_mib'])} MiB")
    print("  identical to one process: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in result["identical"].items()),
          flush=True)


def run(sizes: list[int], workers: int, json_path: Path) -> int:
    import tempfile

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            results.append(measure(n, Path(tmp), workers))
            report(results[-1])
            json_path.parent.mkdir(parents=True, exist_ok=True)
            json_path.write_text(json.dumps(results, indent=1) + "\n")
    flat = identical = True
    if len(results) > 1:
        ratio = results[-1]["cluster"]["client_peak_mib"] / results[0]["cluster"]["client_peak_mib"]
        flat = ratio <= FLAT_RATIO
        print(f"\nclient peak at {results[-1]['n']} / at {results[0]['n']} plans: {ratio:.2f} (target <= {FLAT_RATIO})")
    identical = all(all(r["identical"].values()) for r in results)
    print(f"results identical to one process: {'yes' if identical else 'NO'}; written to {json_path}")
    return 0 if flat and identical else 1
