"""Choose the number of topics: coherence and stability over a range of k.

``select_k(matrix, k_range, method, seeds)`` fits a model for every k and every seed
and returns one row per k (``SELECTION_COLUMNS``):

=============  ========================================================================
k              number of topics
coherence      mean NPMI of the top-10 terms' pairs, from co-occurrence in the units of
               this corpus (-1 never together, 0 independent, 1 always together),
               averaged over topics and seeds
stability      mean best-match Jaccard similarity of the top-10 term sets between the
               first seed's topics and each other seed's (1 = the same topics every time)
heldout        how well the k topics, fitted on 80% of the passages, describe the other
               20% (lower is better): NMF, relative reconstruction error of their
               TF-IDF; LDA, perplexity. Shown beside coherence, not used to choose: NMF's
               error falls as k grows, and perplexity famously disagrees with what
               readers judge coherent (Chang et al. 2009, "Reading tea leaves")
stable         stability >= ``config.TOPIC_MIN_STABILITY``
chosen         True for the chosen k: the most coherent k among the stable ones (ties:
               the smaller k); if no k is stable, the most stable k
=============  ========================================================================

A chosen k at the top of the range is a sign the range was too small: the search goes on
``config.TOPIC_K_STEP`` k at a time while the chosen k stays at the top, up to one topic
per ``config.TOPIC_UNITS_PER_TOPIC`` passages (at most ``config.TOPIC_K_MAX``); if it is
still at the top there, ``at_edge`` says so and the run summary warns.

Given a ``cache_dir``, fits are cached there (``<cache_dir>/topic_fits/<key>.json``, keyed
with ``analysis.cache.cache_key`` by the passages' matrix, k, method, seed, the code that measures (``cache.MEASURES_CODE``)
and the versions of ``FIT_LIBRARIES``; looked up and written by this process, atomically,
so workers need no access to it) and run in parallel (``analysis.parallel``) on at most
``config.TOPIC_SELECTION_MAX_UNITS`` passages drawn with the seed; the chosen model is
then fitted on every passage.

Why both: coherence alone rewards many small, idiosyncratic topics (on a small corpus
NPMI tends to rise with k); stability alone rewards a few broad ones. A topic worth
reporting is one that reads as a theme and comes back when the seed changes: we ask
that, on average, 80% of a topic's top terms come back under another seed before we
trust its coherence.
"""

from __future__ import annotations

import hashlib
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from analysis import cache, config, parallel
from analysis.measure.topics.model import TopicMatrix, fit_topics, heldout_score

SELECTION_COLUMNS = ["method", "k", "coherence", "stability", "heldout", "stable", "chosen"]
# The libraries whose versions change a fit (its random starts, its solver).
FIT_LIBRARIES = ("scikit-learn", "numpy", "scipy")


def npmi_coherence(top_terms: list[list[str]], matrix: TopicMatrix) -> float:
    """Mean NPMI over the term pairs of each topic, from unit-level co-occurrence."""
    present = (matrix.counts > 0).astype(float).tocsc()
    n_units = present.shape[0]
    index = {term: j for j, term in enumerate(matrix.features)}
    scores = []
    for terms in top_terms:
        columns = [index[t] for t in terms if t in index]
        # The topic's few columns as one small dense block: the units holding each term (the diagonal) and
        # each pair, all at once (a sparse column slice per pair took half the search's time). Counts of
        # ones, so the same numbers as summing each column.
        block = present[:, columns].toarray()
        together = block.T @ block
        for i, j in combinations(range(len(columns)), 2):
            p_i = together[i, i] / n_units
            p_j = together[j, j] / n_units
            p_ij = together[i, j] / n_units
            if p_ij == 0:
                scores.append(-1.0)
            elif p_ij == 1:
                scores.append(1.0)
            else:
                scores.append(np.log(p_ij / (p_i * p_j)) / -np.log(p_ij))
    return float(np.mean(scores)) if scores else float("nan")


def jaccard(a, b) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a | b else 1.0


def topic_stability(term_sets: list[list[list[str]]]) -> float:
    """Mean best-match Jaccard between the first run's topics and every other run's.

    Topics are paired one to one (Hungarian assignment) so two topics of one run
    cannot both claim the same topic of the other.
    """
    reference = term_sets[0]
    scores = []
    for other in term_sets[1:]:
        similarity = np.array([[jaccard(a, b) for b in other] for a in reference])
        rows, columns = linear_sum_assignment(-similarity)
        scores.append(similarity[rows, columns].mean())
    return float(np.mean(scores)) if scores else 1.0


def sample_units(matrix: TopicMatrix, limit: int = config.TOPIC_SELECTION_MAX_UNITS,
                 seed: int = config.TOPIC_SEED) -> TopicMatrix:
    """At most ``limit`` units (rows), drawn without replacement with ``seed``: the search
    over k fits dozens of models, and on a national corpus a random sample of passages
    tells coherence and stability apart as well as all of them, at a fraction of the cost."""
    n = matrix.counts.shape[0]
    if n <= limit:
        return matrix
    rows = np.sort(np.random.default_rng(seed).choice(n, size=limit, replace=False))
    return TopicMatrix(matrix.counts[rows], matrix.tfidf[rows], matrix.features)


def _fit(job: tuple) -> list[list[str]] | float:
    """One fit of the search (module-level so worker processes can run it): its top terms
    (``kind`` "terms") or its held-out score ("heldout")."""
    kind, matrix, k, method, seed = job
    if kind == "heldout":
        return heldout_score(matrix, k, method, seed)
    return fit_topics(matrix, k, method, seed).top_terms(config.TOPIC_TOP_TERMS)


def _fits(jobs: list[tuple], matrix_digest: str, cache_dir: Path | None) -> list:
    """``_fit`` of each job, those fitted before read from ``cache_dir`` (None: no cache), the
    others in parallel when worth it, then cached."""
    keys = [cache.cache_key("topic_fits", matrix_digest, FIT_LIBRARIES,
                            {"kind": kind, "k": k, "method": method, "seed": seed, "top": config.TOPIC_TOP_TERMS},
                            code=cache.MEASURES_CODE)
            for kind, _, k, method, seed in jobs]
    paths = [cache.entry_path(cache_dir, "topic_fits", key, ".json") if cache_dir else None for key in keys]
    results = [cache.load_json(path) if path else None for path in paths]
    missing = [i for i, result in enumerate(results) if result is None]
    if jobs and jobs[0][1].counts.shape[0] >= config.TOPIC_PARALLEL_MIN_UNITS:  # worth starting workers for
        fitted = parallel.map_items(_fit, [jobs[i] for i in missing])
    else:
        fitted = [_fit(jobs[i]) for i in missing]
    for index, result in zip(missing, fitted):
        results[index] = result
        if paths[index]:
            cache.save_json(paths[index], result)
    return results


def matrix_key(matrix: TopicMatrix) -> str:
    """A digest of the passages x words counts and the words (what every fit is computed from)."""
    counts = matrix.counts.tocsr().copy()
    counts.sort_indices()
    digest = hashlib.sha256()
    for part in (counts.indptr, counts.indices, counts.data, np.array(counts.shape)):
        digest.update(np.ascontiguousarray(part).tobytes())
    digest.update("\n".join(map(str, matrix.features)).encode("utf-8"))
    return digest.hexdigest()


def select_k(matrix: TopicMatrix, k_range=config.TOPIC_K_RANGE, method: str = config.TOPIC_METHOD,
             n_seeds: int = config.TOPIC_SELECTION_SEEDS, seed: int = config.TOPIC_SEED,
             min_stability: float = config.TOPIC_MIN_STABILITY, extend: bool = True,
             cache_dir: Path | None = None) -> pd.DataFrame:
    """Coherence and stability for each k; see the module docstring. ``extend``: when the
    chosen k is the largest of ``k_range``, search larger k too (up to a cap that grows with
    the number of passages); the table then has rows beyond the range. ``cache_dir``: where
    fits are kept (None: nothing is cached)."""
    ks = [k for k in k_range if 2 <= k <= min(matrix.counts.shape)]
    if not ks:
        raise ValueError(f"no k in the range fits this corpus (at most {min(matrix.counts.shape)} topics)")
    matrix = sample_units(matrix, seed=seed)
    rows = _evaluate(matrix, ks, method, n_seeds, seed, cache_dir)
    table = _choose(pd.DataFrame(rows), min_stability)
    # A chosen k at the top of the range may only mean the range was too small: search on,
    # a few k at a time, up to a cap that grows with the corpus (config.TOPIC_UNITS_PER_TOPIC).
    cap = min(config.TOPIC_K_MAX, max(max(ks), matrix.counts.shape[0] // config.TOPIC_UNITS_PER_TOPIC),
              min(matrix.counts.shape))
    while extend and at_edge(table) and table["k"].max() < cap:
        more = list(range(table["k"].max() + 1, min(cap, table["k"].max() + config.TOPIC_K_STEP) + 1))
        table = _choose(pd.concat([table, pd.DataFrame(_evaluate(matrix, more, method, n_seeds, seed, cache_dir))],
                                  ignore_index=True), min_stability)
    return table[SELECTION_COLUMNS]


def _evaluate(matrix: TopicMatrix, ks: list[int], method: str, n_seeds: int, seed: int,
              cache_dir: Path | None) -> list[dict]:
    """Coherence, stability and held-out score of each k: n_seeds fits for the top terms and
    one on held-out passages, each cached in ``cache_dir`` if given (a second search over the
    same passages refits nothing), in parallel when worth it."""
    jobs = [("terms", matrix, k, method, seed + offset) for k in ks for offset in range(n_seeds)]
    jobs += [("heldout", matrix, k, method, seed) for k in ks]
    fitted = _fits(jobs, matrix_key(matrix), cache_dir)
    rows = []
    for index, k in enumerate(ks):
        runs = fitted[index * n_seeds:(index + 1) * n_seeds]
        rows.append({
            "method": method, "k": k,
            "coherence": float(np.mean([npmi_coherence(terms, matrix) for terms in runs])),
            "stability": topic_stability(runs),
            "heldout": fitted[len(ks) * n_seeds + index],
        })
    return rows


def _choose(table: pd.DataFrame, min_stability: float) -> pd.DataFrame:
    table = table.copy()
    table["stable"] = table["stability"] >= min_stability
    candidates = table[table["stable"]] if table["stable"].any() else table[table["stability"] == table["stability"].max()]
    best = candidates.sort_values(["coherence", "k"], ascending=[False, True], kind="mergesort").index[0]
    table["chosen"] = table.index == best
    return table


def at_edge(selection: pd.DataFrame) -> bool:
    """True when the chosen k is the largest searched: more topics might have been better still."""
    return bool(len(selection) > 1 and int(selection.loc[selection["chosen"], "k"].iloc[0]) == selection["k"].max())
