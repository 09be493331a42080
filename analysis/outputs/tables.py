"""The tables of an ``Analysis`` as they are written: ``written_tables(tables)`` for the CSV
files, ``workbook_tables(tables)`` for the workbook sheets. Both take and return a dict of
table name -> DataFrame; the tables in memory (``Analysis.tables``) stay as measured.
"""

from __future__ import annotations

import pandas as pd


def written_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables as written to CSV and the workbook: each passage a hit sits in is written
    once, in ``theme_passages`` (``doc_id, order, section_path, text``), and the hit tables
    point to it by ``doc_id, order`` instead of repeating it on every hit (at a national
    corpus that repetition alone made the evidence file 170 MB)."""
    out = dict(tables)
    hits = [tables[name] for name in ("theme_evidence", "theme_citations") if name in tables]
    if not hits:
        return out
    both = pd.concat(hits, ignore_index=True)
    out["theme_passages"] = (both[["doc_id", "order", "section_path", "segment_text"]]
                             .drop_duplicates(["doc_id", "order"]).rename(columns={"segment_text": "text"})
                             .sort_values(["doc_id", "order"], kind="mergesort").reset_index(drop=True))
    for name in ("theme_evidence", "theme_citations"):
        if name in out:
            out[name] = out[name].drop(columns="segment_text")
    return out


def workbook_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``written_tables`` as the workbook holds them: passage x topic weights one row per
    passage (a column per topic) rather than the CSV's tidy rows, k times fewer rows to
    write and to scroll."""
    out = written_tables(tables)
    if "topic_segments" in out and len(out["topic_segments"]):
        long = out["topic_segments"]
        keys = long.drop(columns=["topic", "weight"]).drop_duplicates("unit_id")
        wide = long.pivot(index="unit_id", columns="topic", values="weight")
        wide.columns = [f"topic_{t}" for t in wide.columns]
        out["topic_segments"] = keys.merge(wide, left_on="unit_id", right_index=True, how="left")
    return out
