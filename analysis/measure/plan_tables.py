"""The measures each plan has on its own, kept per plan: adding a plan to a run measures that plan only.

``plan_tables(corpus, codebook, seed, n_boot, cache_dir)`` returns the tables whose rows each belong to
one plan and depend on nothing but that plan (its text, segments, tokens and attributes), the codebook,
the settings and the code:

=====================  =====================================================================
theme_evidence         ``measure.themes.measures.HIT_COLUMNS``: every counted hit
theme_citations        the same: hits inside bare citations
theme_measures         ``measure.themes.measures.MEASURE_COLUMNS``: plan x theme, with the bootstrap
                       intervals (each plan's generator is keyed by its doc_id, so they are the plan's own)
commitments            ``measure.commitments.targets.COMMITMENT_COLUMNS``
agency_assignments     ``measure.commitments.agencies.AGENCY_COLUMNS``
directives             ``measure.commitments.directives.DIRECTIVE_COLUMNS`` (joined, sorted again as
                       ``directive_table`` sorts: by doc_id first)
collocations           ``measure.vocabulary.collocations.COLLOCATION_COLUMNS``: each plan's top pairs, from
                       its own counts (joined, plans in the order ``collocations`` gives them)
topic_units            ``measure.topics.model.UNIT_COLUMNS``: each plan's passages as topic units (kept
                       in ``corpus.derived`` for ``topic_units``, not written)
=====================  =====================================================================

Each plan's rows of every table are kept in the cache (``<cache>/plan_tables/<key>.pickle``) under a key
holding everything they depend on: the plan's row of the corpus table (its bytes' and text's digests,
doc_id, metadata, token count), the codebook's digest, the seed and resamples, every setting of
``config`` (as the run sees them), the code that reads and measures (``cache.MEASURES_CODE``: not the
figures' or the pages') and the libraries. A run measures the plans it
finds no entry for, all at once, exactly as it measures a whole corpus, and joins every plan's rows in
the corpus's order: the tables are those of measuring the whole corpus at once (tested). At 300 plans
these measures took a quarter of the time of adding one plan (the bootstrap intervals above all).

The corpus-level tables built from these (pooled rates by province or year, unmatched phrases) are
sums over the plans and are computed from the joined tables.

``MeasureEachPlan`` does the same for one plan in the worker that has just read it (``read.corpus.
read_and_measure``): a run's reading workers fill the cache while others still segment, and the main
process then only joins what it finds (issue 28's overlap of reading and measuring).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import cache, config, memory
from analysis.measure.commitments.agencies import agency_assignments
from analysis.measure.commitments.directives import directive_table
from analysis.measure.commitments.directives import in_order as directives_in_order
from analysis.measure.commitments.targets import commitments
from analysis.measure.plan_features import plan_document_features
from analysis.measure.topics.model import topic_units
from analysis.measure.vocabulary.collocations import collocations
from analysis.measure.vocabulary.collocations import in_order as collocations_in_order
from analysis.measure.themes import measures as themes
from analysis.measure.themes.codebook import Codebook

PLAN_TABLES = ["theme_evidence", "theme_citations", "theme_measures", "commitments", "agency_assignments", "directives",
               "collocations", "topic_units"]
LIBRARIES = ("numpy", "pandas", "underthesea")


def measure_plans(corpus, codebook: Codebook, seed: int = config.BOOTSTRAP_SEED,
                  n_boot: int = config.BOOTSTRAP_RESAMPLES, timings: dict | None = None) -> dict[str, pd.DataFrame]:
    """``PLAN_TABLES`` for every usable plan of ``corpus``, measured now (no cache)."""
    timings = {} if timings is None else timings
    with _timed(timings, "themes"):
        hits, citations = themes.theme_hits_and_citations(corpus, codebook)
        measures = themes.theme_measures(corpus, hits, codebook, n_boot=n_boot, seed=seed)
    with _timed(timings, "commitments"):
        promised, assigned = commitments(corpus, hits), agency_assignments(corpus, hits)
        documents = directive_table(corpus)
    with _timed(timings, "counts"):
        pairs, units = collocations(corpus, codebook=codebook), topic_units(corpus)
    return {"theme_evidence": hits, "theme_citations": citations, "theme_measures": measures,
            "commitments": promised, "agency_assignments": assigned, "directives": documents,
            "collocations": pairs, "topic_units": units}


@contextmanager
def _timed(timings: dict, stage: str):
    """Adds the seconds of a ``with`` block to ``timings[stage]``."""
    start = time.perf_counter()
    yield
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def _settings() -> dict:
    """Every setting of ``config`` as this run sees it (a test or a notebook may change one)."""
    return {name: _stable(getattr(config, name)) for name in dir(config) if name.isupper()}


def _stable(value):
    """``value`` as JSON writes the same way in every process: a set's order changes with the
    process's string hashing, so sets are sorted; a file by its content (a test may point a
    setting at another list of agencies), a folder not at all (where the cache or the outputs
    are does not change a measure)."""
    if isinstance(value, Path):
        return hashlib.sha256(value.read_bytes()).hexdigest() if value.is_file() else None
    if isinstance(value, (set, frozenset)):
        return sorted(map(_stable, value), key=repr)
    if isinstance(value, dict):
        return {str(key): _stable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_stable(item) for item in value]
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def plan_keys(corpus, codebook: Codebook, seed: int, n_boot: int) -> dict[str, str]:
    """doc_id -> the cache key of that plan's rows (see the module docstring), in the corpus's order."""
    shared = cache.cache_key("plan_tables", codebook.sha256, LIBRARIES,
                             {"seed": seed, "n_boot": n_boot, "config": _settings()}, code=cache.MEASURES_CODE)
    rows = corpus.usable.to_dict("records")
    return {row["doc_id"]: hashlib.sha256((shared + json.dumps(row, sort_keys=True, default=str)).encode("utf-8"))
            .hexdigest() for row in rows}


def _only(corpus, doc_ids: set[str]):
    """The corpus of some of its usable plans (the others' rows left out of every table)."""
    keep = corpus.documents["doc_id"].isin(doc_ids)
    return dataclasses.replace(
        corpus, documents=corpus.documents[keep].reset_index(drop=True),
        texts={d: corpus.texts[d] for d in doc_ids if d in corpus.texts},
        segments=corpus.segments[corpus.segments["doc_id"].isin(doc_ids)].reset_index(drop=True),
        tokens=corpus.tokens[corpus.tokens["doc_id"].isin(doc_ids)].reset_index(drop=True),
        warnings=[], timings={}, derived={}, partitions={})


def _load(path: Path) -> dict[str, pd.DataFrame] | None:
    pieces = (cache.load_pickled(path, 1) or [None])[0]  # pickle: each column's dtype comes back exactly
    return pieces if isinstance(pieces, dict) and set(pieces) == set(PLAN_TABLES) else None


def _save(path: Path, pieces: dict[str, pd.DataFrame]) -> None:
    cache.save_pickled(path, pieces)


def _split(tables: dict[str, pd.DataFrame], doc_ids: list[str]):
    """(doc_id, each table's rows of that plan) for each plan, one plan at a time (an empty table, with
    the columns, when it has none): a copy of every table at once would double them in memory."""
    positions = {name: table.groupby("doc_id", sort=False).indices if len(table) else {}
                 for name, table in tables.items()}
    for doc_id in doc_ids:
        yield doc_id, {name: table.iloc[positions[name].get(doc_id, [])] for name, table in tables.items()}


def _join(pieces: list[pd.DataFrame]) -> pd.DataFrame:
    """One table of the plans' rows, each column of the type measuring all plans at once gives it:
    a plan measured alone may have left a column empty (all None: object), which must not turn
    the joined column into text."""
    non_empty = [piece for piece in pieces if len(piece)] or pieces[:1]
    joined = pd.concat(non_empty, ignore_index=True) if len(non_empty) > 1 else non_empty[0].reset_index(drop=True)
    first = list(non_empty[0].dtypes)
    return joined.infer_objects() if any(list(piece.dtypes) != first for piece in non_empty) else joined


def plan_tables(corpus, codebook: Codebook, seed: int = config.BOOTSTRAP_SEED,
                n_boot: int = config.BOOTSTRAP_RESAMPLES, cache_dir: Path | None = None,
                timings: dict | None = None, joined: bool = True) -> dict[str, pd.DataFrame]:
    """``PLAN_TABLES`` for every usable plan, each plan's rows from the cache when kept there, the
    others measured now and kept; see the module docstring. ``joined``: read and keep the corpus folder's
    joined tables too (not for a reading worker's batch, a few plans of the folder)."""
    keys = plan_keys(corpus, codebook, seed, n_boot)
    if not keys:
        return measure_plans(corpus, codebook, seed, n_boot, timings)
    folder = cache.directory(cache_dir)
    subsets: dict[frozenset, object] = {}  # the corpus of the plans to measure, built once for both caches

    def only(whole, doc_ids: set[str]):
        return subsets.setdefault(frozenset(doc_ids), _only(whole, doc_ids))
    with _timed({} if timings is None else timings, "counts"):  # the words' counts too (measure.plan_features)
        plan_document_features(corpus, keys, folder, only)
    # one file per corpus folder: any plan's rows in it are used only under the plan's own key
    joined_path = cache.folder_entry_path(folder, "plan_tables_joined", corpus.directory, ".pickle") if joined else None
    previous = _load_joined(joined_path) if joined else None
    # A plan's rows come from the previous run's joined tables when its key is the same there: one file to load
    # instead of a thousand (each load leaves the heap more fragmented: 0.12 GiB at 1,000 plans).
    reused = {doc_id for doc_id, key in keys.items() if previous is not None and previous["keys"].get(doc_id) == key}
    with memory.collector_paused():  # a thousand plans' tables are millions of objects and no cycles
        kept = {doc_id: _load(cache.entry_path(folder, "plan_tables", key, ".pickle"))
                for doc_id, key in keys.items() if doc_id not in reused}
    missing = [doc_id for doc_id, pieces in kept.items() if pieces is None]
    if len(missing) == len(keys):  # the whole corpus measured at once: its tables as they are
        measured = measure_plans(corpus, codebook, seed, n_boot, timings)
        for doc_id, pieces in _split(measured, missing):
            _save(cache.entry_path(folder, "plan_tables", keys[doc_id], ".pickle"), pieces)
        _save_joined(joined_path, keys, measured)
        return _derived(corpus, measured)
    if missing:
        measured = measure_plans(only(corpus, set(missing)), codebook, seed, n_boot, timings)
        for doc_id, pieces in _split(measured, missing):
            kept[doc_id] = pieces
            _save(cache.entry_path(folder, "plan_tables", keys[doc_id], ".pickle"), pieces)
    with memory.collector_paused():  # joining them makes as many again: at 1,000 plans 3.5 s instead of 1.3
        tables = _assemble(keys, kept, previous["tables"] if reused else {}, reused)
    if previous is None or previous["keys"] != keys:
        _save_joined(joined_path, keys, tables)
    return _derived(corpus, tables | {"directives": directives_in_order(tables["directives"]),
                                      "collocations": collocations_in_order(tables["collocations"], corpus)})


def _assemble(keys: dict[str, str], kept: dict, previous: dict[str, pd.DataFrame], reused: set[str]
              ) -> dict[str, pd.DataFrame]:
    """Every table of the plans in ``keys`` (in that order): the rows of ``reused`` plans from ``previous``
    (the joined tables of a run before), the others' from ``kept``; each table's pieces, and each previous
    table, let go once joined (held to the end, every table would be in memory twice at the last one)."""
    position = {doc_id: index for index, doc_id in enumerate(keys)}
    joined = {}
    for name in PLAN_TABLES:
        pieces = [kept[doc_id].pop(name) for doc_id in keys if doc_id not in reused]
        if reused:
            earlier = previous.pop(name)
            pieces.insert(0, earlier[earlier["doc_id"].isin(reused)])
            del earlier
        table = _join(pieces)
        if reused and len(table):  # the plans in the corpus's order; each plan's rows in their own
            order = np.argsort(table["doc_id"].map(position).to_numpy(), kind="stable")
            if (order != np.arange(len(order))).any():
                table = table.take(order).reset_index(drop=True)
        joined[name] = table
    return joined


def _load_joined(path: Path) -> dict | None:
    with memory.collector_paused():
        parts = cache.load_pickled(path, 1 + len(PLAN_TABLES))
    if parts is None or not isinstance(parts[0], dict) or not all(isinstance(t, pd.DataFrame) for t in parts[1:]):
        return None
    return {"keys": parts[0], "tables": dict(zip(PLAN_TABLES, parts[1:]))}


def _save_joined(path: Path | None, keys: dict[str, str], tables: dict[str, pd.DataFrame]) -> None:
    """The keys, then each table pickled on its own (``cache.save_pickled``: one pickling of every table kept
    what it made of all of them until the end, 0.05 GiB over a cold run's peak at 1,000 plans)."""
    if path is not None:
        cache.save_pickled(path, dict(keys), *(tables[name] for name in PLAN_TABLES))


@dataclasses.dataclass(frozen=True)
class MeasureEachPlan:
    """What reading workers do with each plan they read (``build_corpus(then=...)``): its ``plan_tables``,
    kept in ``cache_dir`` for the run that follows. Picklable: it is sent to the worker processes."""

    codebook: Codebook
    seed: int = config.BOOTSTRAP_SEED
    n_boot: int = config.BOOTSTRAP_RESAMPLES
    cache_dir: Path | None = None

    def __call__(self, corpus) -> None:
        plan_tables(corpus, self.codebook, self.seed, self.n_boot, self.cache_dir, joined=False)


def _derived(corpus, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``tables``, their topic units kept in ``corpus.derived`` (what ``topics.topic_units`` gives)."""
    corpus.derived["topic_units"] = tables["topic_units"]
    return tables
