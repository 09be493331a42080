"""What a corpus folder's last run read, kept in one file: adding a plan to a thousand loads one file, not a thousand.

``load(cache_dir, corpus_dir)`` gives the ``Kept`` reading of the folder's last run (None when there is none):
its segments and token tables whole, and, per plan it kept (status ``ok``), a ``ReadFile`` without segments
(``Kept.entries``: what ``plan_cache.described`` keeps) and where its rows are. ``tables(plans, kept)`` makes
the corpus's segments and token tables: the rows of plans found in ``kept`` taken from its tables in runs
(a run of plans in the same order is one slice, not a copy per plan), the others' made from their segments and
token lists (``tokenize.token_table``). ``save(...)`` keeps this run's, unless it is the one loaded.

One entry per corpus folder (``cache.folder_entry_path``). ``files.read_files`` takes a file's entry from it
only under the file's own key (``plan_cache.cache_key``: the file's bytes, the forced encoding, the reading
code, the libraries, the limits), so what it gives is what the per-file cache gives for the same bytes; the
per-file entries stay, for every other file and every other folder. At 1,000 plans, loading a thousand
per-file entries and building the token table again from their token lists took 5 of the 28 s of adding
a plan.

Pickled part by part (``cache.save_pickled``): the entries (key -> the plan's doc_id then, what
``plan_cache.described`` keeps, and its rows in the two tables), then the segments table, then the token table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import cache, memory
from analysis.read.plan_cache import ReadFile, described
from analysis.read.segment import SEGMENT_COLUMNS
from analysis.read.tokenize import TOKEN_COLUMNS, token_table

KIND = "reading_joined"
VERSION = 2


def _path(cache_dir: Path, corpus_dir: Path) -> Path:
    return cache.folder_entry_path(cache_dir, KIND, corpus_dir, ".pickle")


@dataclass
class Kept:
    """A folder's last reading: its two tables as they were kept and, per key, the plan's doc_id then and its
    rows in each ((first, after last) in segments, then in tokens); ``entries``: key -> the plan as read,
    without segments (its rows are here)."""

    segments: pd.DataFrame
    tokens: pd.DataFrame
    rows: dict[str, tuple[str, int, int, int, int]]
    entries: dict[str, ReadFile] = field(default_factory=dict)


def load(cache_dir: Path, corpus_dir: Path) -> Kept | None:
    """The folder's last reading (see the module docstring); None when there is none or it cannot be trusted."""
    with memory.collector_paused():  # a thousand plans' rows: many objects and no cycles
        parts = cache.load_pickled(_path(cache_dir, corpus_dir), 3)
    if parts is None or not isinstance(parts[0], tuple) or parts[0][0] != VERSION:
        return None
    try:
        (_, kept), segments, tokens = parts
        return Kept(segments, tokens, {key: (doc_id, *rows) for key, (doc_id, _, rows) in kept.items()},
                    {key: ReadFile(**info, key=key) for key, (_, info, _) in kept.items()})
    except Exception:  # noqa: BLE001 -- cache.load's rule: an entry of another shape is rebuilt, never trusted
        return None


def tables(plans: list[tuple[str, ReadFile]], kept: Kept | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The segments (with ``tokens`` lists where made now) and token tables of ``plans`` ((doc_id, entry), in
    the corpus's order): see the module docstring. An entry without segments is one of ``kept``'s."""
    blocks: list[tuple[bool, list]] = []  # (from kept?, its plans), consecutive plans of one kind together
    for doc_id, entry in plans:
        from_kept = entry.segments is None  # only the kept reading's entries come without segments
        if blocks and blocks[-1][0] == from_kept:
            blocks[-1][1].append((doc_id, entry))
        else:
            blocks.append((from_kept, [(doc_id, entry)]))
    pieces = [_kept_rows(kept, block) if from_kept else _made_rows(block) for from_kept, block in blocks]
    if not pieces:
        empty = pd.DataFrame(columns=SEGMENT_COLUMNS + ["tokens"])
        return empty, token_table(empty)
    if len(pieces) == 1:
        return pieces[0][0].reset_index(drop=True), pieces[0][1].reset_index(drop=True)
    return (pd.concat([segments for segments, _ in pieces], ignore_index=True),
            pd.concat([tokens for _, tokens in pieces], ignore_index=True)[TOKEN_COLUMNS])


def _made_rows(block: list[tuple[str, ReadFile]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    segments = pd.concat([entry.segments.assign(doc_id=doc_id) for doc_id, entry in block], ignore_index=True)
    return segments, token_table(segments)


def _kept_rows(kept: Kept, block: list[tuple[str, ReadFile]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of a run of plans found in ``kept``, each under its doc_id now (a renamed file's differs)."""
    where = [(doc_id, kept.rows[entry.key]) for doc_id, entry in block]
    segments = _rows(kept.segments, [(a, b) for _, (_, a, b, _, _) in where])
    tokens = _rows(kept.tokens, [(a, b) for _, (_, _, _, a, b) in where])
    if any(doc_id != then for doc_id, (then, *_) in where):
        segments = segments.assign(doc_id=np.repeat([d for d, _ in where], [r[2] - r[1] for _, r in where]))
        tokens = tokens.assign(doc_id=np.repeat([d for d, _ in where], [r[4] - r[3] for _, r in where]))
    return segments, tokens


def _rows(table: pd.DataFrame, ranges: list[tuple[int, int]]) -> pd.DataFrame:
    """The rows of ``ranges`` in order: one slice (no copy) when each starts where the one before ends."""
    if all(start == end for (start, _), (_, end) in zip(ranges[1:], ranges[:-1])):
        return table.iloc[ranges[0][0]:ranges[-1][1]]
    return table.take(np.concatenate([np.arange(a, b) for a, b in ranges]))


def save(cache_dir: Path, corpus_dir: Path, records: list[dict], entries: list, segments: pd.DataFrame,
         tokens: pd.DataFrame, previous: Kept | None) -> None:
    """Keep the read plans (``records`` of status ``ok`` whose entry has a key; ``segments`` and ``tokens``:
    the corpus's tables, each plan's rows together) unless they are ``previous``'s, under the same doc_ids."""
    plans = {record["doc_id"]: entry for record, entry in zip(records, entries)
             if record["status"] == "ok" and isinstance(entry, ReadFile) and entry.key}
    if not plans or (previous is not None and {e.key: d for d, e in plans.items()} ==
                     {key: rows[0] for key, rows in previous.rows.items()}):
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
    cache.save_pickled(_path(cache_dir, corpus_dir), (VERSION, kept), segments, tokens)


def _runs(doc_ids: pd.Series) -> dict[str, tuple[int, int]] | None:
    """doc_id -> (first row, row after its last) when each plan's rows are together; else None."""
    codes, uniques = pd.factorize(doc_ids)
    if len(codes) > 1 and (np.diff(codes) < 0).any():
        return None
    bounds = np.searchsorted(codes, np.arange(len(uniques) + 1))
    return {doc_id: (int(bounds[i]), int(bounds[i + 1])) for i, doc_id in enumerate(uniques)}
