"""What a corpus folder's last run read, kept in one file: adding a plan to a thousand loads one file, not a thousand.

``load(cache_dir, corpus_dir)`` gives {per-file cache key: ``ReadFile``} of the plans the folder's last run
kept (status ``ok``), each with its segments and its token rows (``ReadFile.tokens``: the token table is not
built again); ``save(cache_dir, corpus_dir, records, entries, segments, tokens, previous)`` keeps this run's,
unless they are the ones loaded.

One entry per corpus folder (``cache.folder_entry_path``). ``files.read_files`` takes a file's entry from it
only under the file's own key (``plan_cache.cache_key``: the file's bytes, the forced encoding, the reading
code, the libraries, the limits), so what it gives is what the per-file cache gives for the same bytes; the
per-file entries stay, for every other file and every other folder. At 1,000 plans, loading a thousand
per-file entries and building the token table again from their token lists took 5 of the 28 s of adding
a plan.

Pickled, part by part: the entries (key -> the plan's doc_id then, what ``plan_cache.described`` keeps,
and its rows in the two tables), then the segments table, then the token table (one pickling of all would
keep its memo of every part until the end).
"""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import cache, memory
from analysis.read.plan_cache import ReadFile, described

KIND = "reading_joined"
VERSION = 1


def _path(cache_dir: Path, corpus_dir: Path) -> Path:
    return cache.folder_entry_path(cache_dir, KIND, corpus_dir, ".pickle")


def load(cache_dir: Path, corpus_dir: Path) -> dict[str, ReadFile]:
    """{key: the plan as read, with its segments and token rows} of the folder's last run; {} when none."""
    def read(path: Path) -> dict[str, ReadFile]:
        with open(path, "rb") as handle:
            version, kept = pickle.load(handle)
            segments, tokens = pickle.load(handle), pickle.load(handle)
        if version != VERSION:
            return {}
        return {key: ReadFile(**info, key=key,
                              segments=segments.iloc[rows[0]:rows[1]].drop(columns="doc_id").reset_index(drop=True),
                              tokens=tokens.iloc[rows[2]:rows[3]].drop(columns="doc_id").reset_index(drop=True))
                for key, (_, info, rows) in kept.items()}
    with memory.collector_paused():  # a thousand plans' rows: many objects and no cycles
        return cache.load(_path(cache_dir, corpus_dir), read) or {}


def save(cache_dir: Path, corpus_dir: Path, records: list[dict], entries: list, segments: pd.DataFrame,
         tokens: pd.DataFrame, previous: dict[str, ReadFile]) -> None:
    """Keep the read plans (``records`` of status ``ok`` whose entry has a key; ``segments`` and ``tokens``:
    the corpus's tables, each plan's rows together) unless every one came from ``previous`` and it holds no
    other: nothing to write when nothing changed."""
    plans = {record["doc_id"]: entry for record, entry in zip(records, entries)
             if record["status"] == "ok" and isinstance(entry, ReadFile) and entry.key}
    if not plans or (set(previous) == {e.key for e in plans.values()} and all(e.tokens is not None for e in plans.values())):
        return
    segment_rows, token_rows = _runs(segments["doc_id"]), _runs(tokens["doc_id"])
    if segment_rows is None or token_rows is None:  # not each plan's rows together: not kept (never expected)
        return
    kept = {entry.key: (doc_id, described(entry), (*segment_rows.get(doc_id, (0, 0)), *token_rows.get(doc_id, (0, 0))))
            for doc_id, entry in plans.items()}
    # Only the plans kept: a row of another (none today) would be a stranger's under the offsets.
    keep = set(plans)
    if not (segments["doc_id"].isin(keep).all() and tokens["doc_id"].isin(keep).all()):
        return

    def write(temporary: str) -> None:
        with open(temporary, "wb") as handle:
            pickle.dump((VERSION, kept), handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(segments, handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(tokens, handle, protocol=pickle.HIGHEST_PROTOCOL)
    cache.save(_path(cache_dir, corpus_dir), write)


def _runs(doc_ids: pd.Series) -> dict[str, tuple[int, int]] | None:
    """doc_id -> (first row, row after its last) when each plan's rows are together; else None."""
    codes, uniques = pd.factorize(doc_ids)
    if len(codes) > 1 and (np.diff(codes) < 0).any():
        return None
    bounds = np.searchsorted(codes, np.arange(len(uniques) + 1))
    return {doc_id: (int(bounds[i]), int(bounds[i + 1])) for i, doc_id in enumerate(uniques)}
