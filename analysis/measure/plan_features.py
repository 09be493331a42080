"""Each plan's rows of the corpus's document-feature matrix, kept per plan: adding a plan counts
that plan's words only.

``plan_document_features(corpus, keys, cache_dir)`` puts in ``corpus.derived`` the matrix
``features.dfm`` would build (``features.DocumentFeatures``: passages x features counts, the
features sorted, the rows ``doc_id, order, n_tokens``), assembled from each plan's own rows:
a plan's passages with the features they have, kept in the cache (``<cache>/plan_features/<key>.pickle``)
under the plan's key of ``measure.plan_tables`` (its row of the corpus table, the codebook, the
settings, the code: everything its words depend on). The plans the cache has no entry for are
counted now, all at once, exactly as ``dfm`` counts a corpus, and kept. Every measure that reads
the matrix (keyness, TF-IDF, similarity, topics, the validation's suggestions) then gets the
same counts, columns and rows as from counting the whole corpus at once (tested); a plan added
to 300 costs its own counting and a sparse stacking instead of counting 300 plans again.

Why the stacking is written here: ``CountVectorizer`` can only count text again. The features of
all plans are merged with pyarrow (a dictionary of every plan's feature names, sorted by their
UTF-8 bytes, which is the order of Python's ``sorted`` on text: what ``CountVectorizer`` lists)
so that a thousand plans' million names never pass through Python one by one.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from analysis import cache
from analysis.measure.features import DocumentFeatures, dfm


def _split(shared: DocumentFeatures, doc_ids: list[str]):
    """(doc_id, that plan's rows with only the features they have) for each plan of ``doc_ids``."""
    positions = shared.rows.groupby("doc_id", sort=False).indices if len(shared.rows) else {}
    for doc_id in doc_ids:
        rows = np.asarray(positions.get(doc_id, []), dtype=int)
        counts = shared.counts[rows]
        present = np.flatnonzero(np.bincount(counts.indices, minlength=counts.shape[1]) > 0)
        counts = counts[:, present].tocsr()
        counts.sort_indices()
        yield doc_id, {"counts": counts, "features": pa.array(shared.features[present].tolist(), type=pa.large_string()),
                       "rows": shared.rows.iloc[rows].reset_index(drop=True)}


def stack(pieces: list[dict]) -> DocumentFeatures:
    """One matrix of the plans' rows, in the order of ``pieces``, over the sorted union of their features."""
    chunks = [piece["features"] for piece in pieces]
    encoded = pa.chunked_array(chunks, type=pa.large_string()).combine_chunks().dictionary_encode()
    names = encoded.dictionary
    # Rank of each name in sorted order: binary order of UTF-8 is the order of code points.
    order = pc.sort_indices(names).to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    columns = rank[encoded.indices.to_numpy(zero_copy_only=False)]
    blocks, start = [], 0
    for piece in pieces:
        counts = piece["counts"]
        local = columns[start:start + counts.shape[1]]
        start += counts.shape[1]
        blocks.append(sparse.csr_matrix((counts.data, local[counts.indices], counts.indptr),
                                        shape=(counts.shape[0], len(names))))
    matrix = sparse.vstack(blocks, format="csr", dtype=np.int32) if blocks else sparse.csr_matrix((0, 0), dtype=np.int32)
    matrix.sort_indices()
    features = np.asarray(names.take(pa.array(order)).to_pylist(), dtype=object)
    rows = pd.concat([piece["rows"] for piece in pieces], ignore_index=True)
    return DocumentFeatures(matrix, features, rows)


def _load(path: Path) -> dict | None:
    piece = (cache.load_pickled(path, 1) or [None])[0]  # pickle: the rows' dtypes and the arrays come back exactly
    return piece if isinstance(piece, dict) and set(piece) == {"counts", "features", "rows"} else None


def _save(path: Path, piece: dict) -> None:
    cache.save_pickled(path, piece)


def plan_order(corpus) -> list[str]:
    """The usable plans in the order ``dfm`` gives their passages: the order their tokens come in,
    which is the segments' (``read.corpus`` builds the token table from the segments, in order)."""
    usable = set(corpus.usable["doc_id"])
    return [doc_id for doc_id in pd.unique(corpus.segments["doc_id"]) if doc_id in usable]


def plan_document_features(corpus, keys: dict[str, str], cache_dir: Path, only) -> DocumentFeatures:
    """``features.dfm(corpus)`` from each plan's kept rows (``keys``: doc_id -> cache key; ``only``:
    the corpus of some of its plans, ``plan_tables._only``); see the module docstring."""
    if "document_features" in corpus.derived:
        return corpus.derived["document_features"]
    doc_ids = [doc_id for doc_id in plan_order(corpus) if doc_id in keys]
    if len(doc_ids) != len(keys):  # plans without passages, or an order not known: count them all
        return dfm(corpus)
    paths = {doc_id: cache.entry_path(cache_dir, "plan_features", keys[doc_id], ".pickle") for doc_id in doc_ids}
    kept = {doc_id: _load(path) for doc_id, path in paths.items()}
    missing = [doc_id for doc_id, piece in kept.items() if piece is None]
    if len(missing) == len(doc_ids):  # nothing kept: count the corpus at once, keep each plan's rows
        shared = dfm(corpus)
        for doc_id, piece in _split(shared, missing):
            _save(paths[doc_id], piece)
        return shared
    if missing:
        counted = dfm(only(corpus, set(missing)))
        for doc_id, piece in _split(counted, missing):
            kept[doc_id] = piece
            _save(paths[doc_id], piece)
    corpus.derived["document_features"] = stack([kept[doc_id] for doc_id in doc_ids])
    return corpus.derived["document_features"]

