"""Speed and memory of the foundation stages, printed as ratios from one run.

The machine is shared and noisy, so absolute seconds mean little; ratios measured in
the same run (warm cache vs cold, N plans vs 3) are what we track.

    make bench              # N = 12
    make bench plans=108    # N = 108 (3 seeds x 36 copies): also times the whole run at N
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

from analysis import config
from analysis.measure.codebook import load_codebook
from analysis.measure.kwic import kwic
from analysis.outputs import write
from analysis.outputs.analyse import theme_tables, topic_tables, vocabulary_tables
from analysis.read.corpus import build_corpus

SEEDS = sorted((config.CORPUS_DIR / "plans").glob("*.txt"))


def make_corpus(folder: Path, copies: int) -> None:
    for copy in range(copies):
        for seed in SEEDS:
            text = seed.read_text(encoding="utf-8")
            # A different last line keeps each copy from being a duplicate.
            (folder / f"{seed.stem}-{copy}.txt").write_text(text + f"\nBản sao {copy}.\n", encoding="utf-8")


def timed(function):
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description="speed and memory, as ratios from one run")
    parser.add_argument("--plans", type=int, default=12, help="plans in the large corpus (a multiple of 3)")
    copies = max(1, parser.parse_args().plans // len(SEEDS))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        small, large, cache = tmp / "small", tmp / "large", tmp / "cache"
        small.mkdir(), large.mkdir()
        make_corpus(small, 1)
        make_corpus(large, copies)

        corpus, cold = timed(lambda: build_corpus(small, cache_dir=cache))
        _, warm = timed(lambda: build_corpus(small, cache_dir=cache))
        shutil.rmtree(cache)
        _, cold_large = timed(lambda: build_corpus(large, cache_dir=cache))
        tracemalloc.start()
        build_corpus(large, cache_dir=cache)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        _, kwic_time = timed(lambda: kwic(corpus, "biến đổi khí hậu"))
        codebook = load_codebook()
        _, themes_time = timed(lambda: theme_tables(corpus, codebook))
        _, vocabulary_time = timed(lambda: vocabulary_tables(corpus))
        _, topics_time = timed(lambda: topic_tables(corpus))
        small_run, run_time = timed(lambda: write.run_all(out_dir=tmp / "out", corpus=corpus))
        large_corpus = build_corpus(large, cache_dir=cache)
        n = len(large_corpus.texts)
        _, themes_large = timed(lambda: theme_tables(large_corpus, codebook))
        _, run_large = timed(lambda: write.run_all(out_dir=tmp / "out-large", corpus=large_corpus))
        peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB on Linux -> GiB

        chars = sum(len(t) for t in corpus.texts.values())
        k = config.TOPIC_K_RANGE
        print(f"plans: {len(corpus.texts)} seeds, {chars:,} normalised characters; large corpus: {n} plans")
        print(f"cold build (tokenise everything): {cold:.2f} s")
        print(f"warm/cold ratio (token cache hit): {warm / cold:.2f}  (target < 0.5)")
        print(f"{n}-plan/3-plan cold time ratio: {cold_large / cold:.2f}  (linear would be {n / 3:.1f})")
        print(f"peak traced memory, {n} plans warm build: {peak / 2**20:.1f} MiB "
              f"({peak / (chars * n / 3):.0f} bytes per character of text)")
        print(f"kwic / cold build time ratio: {kwic_time / cold:.3f}")
        print(f"themes ({config.BOOTSTRAP_RESAMPLES:,} bootstrap resamples) / cold build: {themes_time / cold:.2f}; "
              f"{n}-plan/3-plan themes ratio: {themes_large / themes_time:.2f}")
        print(f"vocabulary (TF-IDF, keyness, collocations, similarity) / cold build: {vocabulary_time / cold:.2f}")
        print(f"topics (k = {min(k)}-{max(k)}, {config.TOPIC_SELECTION_SEEDS} seeds each) / cold build: "
              f"{topics_time / cold:.2f}")
        n_figures = sum(p.suffix == ".png" for p in small_run.written)
        print(f"whole run (tables, {n_figures} figures, workbook, briefing) / cold build: "
              f"{run_time / cold:.2f}  (absolute: {run_time:.1f} s)")
        print(f"whole run at {n} plans / at 3 plans: {run_large / run_time:.1f}  (absolute: {run_large:.1f} s); "
              f"peak resident memory of the benchmark: {peak_rss:.2f} GiB")

if __name__ == "__main__":
    main()
