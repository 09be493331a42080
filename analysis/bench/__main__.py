"""``make bench``: speed and memory per stage at N = 250, 500, 1,000 generated plans.

    python -m analysis.bench make-corpus N DIR     # write N generated plans (analysis.bench.generate)
    python -m analysis.bench run [--sizes 250 500 1000] [--json FILE]
    python -m analysis.bench dask [--sizes 500 2000] [--workers 2]   # make bench-dask (bench.cluster)

For each N, in one run (this machine is shared and noisy, so what counts are ratios
measured side by side): the baseline, a plain single-process ``underthesea.word_tokenize``
loop over every non-blank line of the same files; then ``run`` cold (empty cache and output
folder), warm (nothing changed), and after adding one plan, each in a fresh process whose
per-stage wall time and peak memory (``resource`` maximum resident size, worker processes
included) are reported, with the outputs' total size and largest file (``output_sizes``); theme
matching + KWIC over the whole corpus; and the single-process vs parallel segmentation throughput; OCR pages per second on 2 cores and the second (cached)
read of the same scan (``ocr_throughput``). Printed as a table with the ratios the targets are
stated in (README, "Speed and memory"), with the slope of time and memory in N; the same
numbers go to a JSON file. A benchmark, never a timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis import config
from analysis.bench.generate import make_corpus

STAGES = ["read", "normalise", "segment", "tokenise", "measured_in_workers", "themes", "commitments", "counts", "vocabulary", "keyness", "topics",
          "figures", "report"]
DEFAULT_JSON = config.PROJECT_DIR / "benchmarks" / "results.json"


def _peak_gib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 2**20  # KiB on Linux


def plain_loop(folder: Path) -> float:
    """Seconds for the baseline: word_tokenize on every non-blank line, one process."""
    from underthesea import word_tokenize

    word_tokenize("khởi động")  # load the model outside the timing
    start = time.perf_counter()
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                word_tokenize(line)
    return time.perf_counter() - start


def stage_run(corpus_dir: Path, out_dir: Path) -> dict:
    """One ``run`` in this process, timed per stage (what the child processes execute)."""
    started = time.perf_counter()
    from analysis.measure.themes.codebook import load_codebook
    from analysis.measure.concordance.kwic import kwic
    from analysis.measure.themes.measures import theme_hits
    from analysis.outputs.write import read_for_run, run_all

    imported = time.perf_counter()
    corpus = read_for_run(corpus_dir)  # as `run` reads: each plan measured by the worker that read it
    read_wall = time.perf_counter() - imported
    peak_read = _peak_gib()
    result = run_all(out_dir=out_dir, corpus=corpus)
    total = time.perf_counter() - started
    peak = _peak_gib()
    start, clock = time.perf_counter(), time.process_time()
    theme_hits(corpus, load_codebook())
    kwic(corpus, "nước thải")
    matching, matching_cpu = time.perf_counter() - start, time.process_time() - clock
    timings = dict(corpus.timings)
    if result.analysis is not None:
        timings.update(result.analysis.timings)
    return {"total": total, "import": imported - started, "read_wall": read_wall, "stages": timings,
            "peak_gib_after_read": peak_read, "peak_gib": peak, "matching_and_kwic": matching,
            "matching_cpu_s": matching_cpu,
            "up_to_date": result.analysis is None, "files_written": len(result.written),
            "largest_png_bytes": max((p.stat().st_size for p in out_dir.glob("*.png")), default=0),
            "briefing_bytes": max((p.stat().st_size for p in out_dir.glob("briefing.*.html")), default=0),
            "explorer_bytes": (out_dir / "explorer.html").stat().st_size if (out_dir / "explorer.html").exists() else 0,
            **output_sizes(out_dir)}


def output_sizes(out_dir: Path) -> dict:
    """The outputs' total bytes and the largest file (name, bytes): the target is all outputs
    <= 150 MB at 1,000 plans (issue 28)."""
    sizes = {p.name: p.stat().st_size for p in Path(out_dir).iterdir() if p.is_file()} if Path(out_dir).is_dir() else {}
    largest = max(sizes, key=sizes.get, default="")
    return {"output_bytes": sum(sizes.values()), "largest_output": largest, "largest_output_bytes": sizes.get(largest, 0)}


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _child(corpus_dir: Path, out_dir: Path, cache_dir: Path) -> dict:
    """``stage_run`` in a fresh process, and ``cpu_s``: the CPU seconds of the run in all its processes (its
    reading workers and its second writer are reaped by the time it ends; the matching timed after the run
    is taken out). On a machine of C cores no run can take less than cpu_s / C seconds."""
    environment = dict(os.environ, ANALYSIS_CACHE_DIR=str(cache_dir), MPLBACKEND="Agg")
    before = _children_cpu()
    done = subprocess.run([sys.executable, "-m", "analysis.bench", "stage-run", str(corpus_dir), str(out_dir)],
                          capture_output=True, text=True, env=environment, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result | {"cpu_s": _children_cpu() - before - result.get("matching_cpu_s", 0.0)}


def explorer_load_time(page: Path) -> float | None:
    """Seconds from opening ``page`` in headless Chromium until its script is ready (None
    without Chromium and chromedriver); the browser starts outside the timing."""
    import shutil

    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver = shutil.which("chromedriver")
    if not (chromium and driver and page.exists()):
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]:
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(driver), options=options)
    try:
        start = time.perf_counter()
        browser.get(page.as_uri())
        WebDriverWait(browser, 120).until(lambda b: b.execute_script("return document.body.dataset.ready") == "1")
        return time.perf_counter() - start
    finally:
        browser.quit()


def segmentation_throughput(folder: Path, n_files: int = 40) -> dict:
    """Files per second read+segmented in one process and in parallel workers (no cache)."""
    from analysis import parallel
    from analysis.read.corpus import read_file

    # Jobs as read_files sends them to workers: the file's name and bytes (workers never open paths).
    jobs = [(path.name, path.read_bytes(), None, None) for path in sorted(folder.glob("*.txt"))[:n_files]]
    read_file(jobs[0])  # load the model outside the timing
    start = time.perf_counter()
    for job in jobs:
        read_file(job)
    single = len(jobs) / (time.perf_counter() - start)
    # Start the workers (and load the model in each) outside the timing; below min_items
    # map_items would run in this process and start nothing.
    with parallel.backend("loky", min_items=1):
        parallel.map_items(read_file, jobs[: 2 * parallel.n_workers()])
    start = time.perf_counter()
    parallel.map_items(read_file, jobs)
    multi = len(jobs) / (time.perf_counter() - start)
    return {"single_files_per_s": single, "parallel_files_per_s": multi, "speedup": multi / single,
            "workers": parallel.n_workers()}


def ocr_throughput(root: Path, n_pages: int = 8) -> dict | None:
    """OCR pages per second on 2 cores (a multi-page TIFF of distinct scanned pages, cold cache), and
    the second read of the same file from the OCR cache; None without Tesseract or the scan fixtures."""
    from PIL import Image

    from analysis.read import ingest
    from analysis.read.formats import scan

    fixture = config.PROJECT_DIR / "tests" / "data" / "scans" / "kon-tum-scanner.tif"
    if not scan.ocr_available() or not fixture.exists():
        return None
    source = Image.open(fixture)
    pages = []
    for index in range(n_pages):  # each page turned a little differently: no page is another's cached copy
        source.seek(index % source.n_frames)
        pages.append(source.convert("L").rotate(0.3 * index - 1, fillcolor=255).convert("1"))
    path, cache_dir = root / "scan.tif", root / "ocr-cache"
    pages[0].save(path, save_all=True, append_images=pages[1:], compression="group4", dpi=(300, 300))
    saved = config.OCR_JOBS
    config.OCR_JOBS = 2
    try:
        start = time.perf_counter()
        cold = ingest.read_plan(path, cache_dir=cache_dir)
        cold_s = time.perf_counter() - start
        start = time.perf_counter()
        warm = ingest.read_plan(path, cache_dir=cache_dir)
        warm_s = time.perf_counter() - start
    finally:
        config.OCR_JOBS = saved
    assert cold.ok and warm.text == cold.text, cold.reason
    return {"pages": n_pages, "cold_s": cold_s, "pages_per_s": n_pages / cold_s, "cached_s": warm_s,
            "cached_over_cold": warm_s / cold_s}


def _print_ocr(ocr: dict | None) -> None:
    if ocr is None:
        print("OCR: Tesseract with its Vietnamese model is not installed (or no scan fixture); not measured")
        return
    print(f"OCR on 2 cores: {ocr['pages']} scanned pages in {ocr['cold_s']:.1f} s, {ocr['pages_per_s']:.2f} pages/s; "
          f"second read from the OCR cache {ocr['cached_s']:.2f} s ({ocr['cached_over_cold']:.3f} of the first)",
          flush=True)


def measure(n: int, root: Path) -> dict:
    corpus_dir, out_dir, cache_dir = root / f"plans-{n}", root / f"out-{n}", root / f"cache-{n}"
    paths = make_corpus(n, corpus_dir)
    size = sum(p.stat().st_size for p in paths)
    baseline = plain_loop(corpus_dir)
    cold = _child(corpus_dir, out_dir, cache_dir)
    cold["explorer_load_s"] = explorer_load_time(out_dir / "explorer.html")
    warm = _child(corpus_dir, out_dir, cache_dir)
    make_corpus(1, corpus_dir, start=n)
    added = _child(corpus_dir, out_dir, cache_dir)
    return {"plans": n, "bytes": size, "baseline_s": baseline, "cold": cold, "warm": warm, "add_one": added}


def _print_throughput(throughput: dict) -> None:
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"segmentation throughput: single process {throughput['single_files_per_s']:.2f} files/s, "
          f"{throughput['workers']} workers {throughput['parallel_files_per_s']:.2f} files/s: "
          f"{throughput['speedup']:.2f}x (target >= 1.7x)", flush=True)


def _print(results: list[dict]) -> None:
    for r in results:
        n, base, cold = r["plans"], r["baseline_s"], r["cold"]
        print(f"\nN = {n} plans ({r['bytes'] / 2**20:.1f} MB); plain word_tokenize loop {base:.1f} s")
        print(f"  {'stage':<20}{'cold s':>9}{'plans/s':>9}{'warm s':>9}{'+1 plan s':>11}")
        for stage in STAGES:
            values = [r[k]["stages"].get(stage, 0.0) for k in ("cold", "warm", "add_one")]
            rate = f"{n / values[0]:>9.1f}" if values[0] >= 0.05 else f"{'-':>9}"  # too quick to time as a rate
            print(f"  {stage:<20}{values[0]:>9.1f}{rate}{values[1]:>9.1f}{values[2]:>11.1f}")
        print("  (read/normalise/segment/tokenise/measured_in_workers: seconds summed over the worker processes)")
        print(f"  cold corpus (wall) / plain loop: {cold['read_wall'] / base:.2f} (target <= 0.6)")
        target = 2.5 if n <= 300 else 1.2  # issue 28: the whole cold run at most 1.2x the plain loop at 1,000
        print(f"  whole cold run {cold['total']:.1f} s / plain loop: {cold['total'] / base:.2f} "
              f"(target <= {target} at {'300' if n <= 300 else '1,000'} plans)")
        print(f"  warm re-run / cold: {r['warm']['total'] / cold['total']:.3f} (target <= 0.05)")
        print(f"  add one plan / cold: {r['add_one']['total'] / cold['total']:.3f} (target <= 0.20)")
        cores, added = os.cpu_count() or 1, r["add_one"]
        print(f"  CPU of the run, all its processes: cold {cold['cpu_s']:.0f} s, +1 plan {added['cpu_s']:.0f} s; "
              f"on {cores} cores no run takes less than CPU / {cores}: cold {cold['cpu_s'] / cores / base:.2f}x the "
              f"loop, +1 plan {added['cpu_s'] / cores / cold['total']:.3f} of this cold run")
        print(f"  theme matching + KWIC: {cold['matching_and_kwic']:.1f} s (target <= 5 s at 1,000)")
        print(f"  peak memory: cold {cold['peak_gib']:.2f} GiB (after reading {cold['peak_gib_after_read']:.2f}); "
              f"warm {r['warm']['peak_gib']:.2f}; +1 plan {r['add_one']['peak_gib']:.2f} (target <= 1.5 GiB at 1,000)")
        print(f"  outputs: {cold['files_written']} files, largest PNG {cold['largest_png_bytes'] / 2**20:.2f} MB "
              f"(<= 1), briefing {cold['briefing_bytes'] / 2**20:.2f} MB (<= 5)")
        print(f"  all outputs: {cold.get('output_bytes', 0) / 2**20:.1f} MB (target <= 150 at 1,000), largest "
              f"{cold.get('largest_output', '')} {cold.get('largest_output_bytes', 0) / 2**20:.1f} MB")
        load = cold.get("explorer_load_s")
        print(f"  explorer: {cold.get('explorer_bytes', 0) / 2**20:.2f} MB (<= 50 at 1,000), opens in "
              + (f"{load:.2f} s in headless Chromium (<= 3 at 1,000)" if load is not None else "(no Chromium to time it)"))


def _print_slopes(results: list[dict]) -> None:
    if len(results) > 1:
        first, last = results[0], results[-1]
        dn = last["plans"] - first["plans"]
        time_slope = (last["cold"]["total"] - first["cold"]["total"]) / dn
        memory_slope = (last["cold"]["peak_gib"] - first["cold"]["peak_gib"]) / dn * 1024
        base_slope = (last["baseline_s"] - first["baseline_s"]) / dn
        print(f"\nslopes from N = {first['plans']} to {last['plans']}: cold run {time_slope:.2f} s per plan "
              f"(plain loop {base_slope:.2f}), peak memory {memory_slope:.2f} MiB per plan")
    sys.stdout.flush()


def _write_json(path: Path, throughput: dict, results: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                            "platform": platform.platform()},
                                "throughput": throughput, "results": results}, indent=1) + "\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.bench", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("make-corpus", help="write N generated plans into DIR")
    make.add_argument("n", type=int)
    make.add_argument("folder", type=Path)
    run = commands.add_parser("run", help="the benchmark")
    run.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000])
    run.add_argument("--json", type=Path, default=DEFAULT_JSON)
    child = commands.add_parser("stage-run", help=argparse.SUPPRESS)
    child.add_argument("corpus", type=Path)
    child.add_argument("out", type=Path)
    on_dask = commands.add_parser("dask", help="the client's memory on a dask LocalCluster (bench.cluster)")
    on_dask.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    on_dask.add_argument("--workers", type=int, default=2)
    on_dask.add_argument("--json", type=Path, default=DEFAULT_JSON.with_name("dask.json"))
    for name in ("dask-client", "dask-reference"):  # the two processes bench.cluster compares
        sub = commands.add_parser(name, help=argparse.SUPPRESS)
        for folder in ("corpus", "out", "cache"):
            sub.add_argument(folder, type=Path)
        sub.add_argument("workers", type=int, nargs="?", default=2)
    args = parser.parse_args(argv)
    if args.command.startswith("dask"):  # imported only here: the stage-run children time their imports
        from analysis.bench import cluster
    if args.command == "dask":
        return cluster.run(args.sizes, args.workers, args.json)
    if args.command in ("dask-client", "dask-reference"):
        folders = (args.corpus, args.out, args.cache)
        result = (cluster.cluster_run(*folders, args.workers) if args.command == "dask-client"
                  else cluster.one_process_run(*folders))
        print(json.dumps(result))
        return 0
    if args.command == "make-corpus":
        make_corpus(args.n, args.folder)
        print(f"wrote {args.n} plans to {args.folder}")
    elif args.command == "stage-run":
        print(json.dumps(stage_run(args.corpus, args.out)))
    else:
        # Each size is printed and saved as soon as it is measured: N = 1,000 takes the better
        # part of an hour, and a run cut short still leaves the smaller sizes on record.
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            results: list[dict] = []
            throughput = None
            for n in args.sizes:
                folder_results = measure(n, root)
                results.append(folder_results)
                if throughput is None:
                    throughput = segmentation_throughput(root / f"plans-{n}")
                    _print_throughput(throughput)
                    throughput["ocr"] = ocr_throughput(root)
                    _print_ocr(throughput["ocr"])
                _print([folder_results])
                _write_json(args.json, throughput, results)
        if len(results) > 1:
            _print_slopes(results)
        print(f"\nresults written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
