"""The tables of an ``Analysis`` as they are written: ``written_tables(tables, corpus)`` for the CSV
files and the workbook sheets. It takes and returns a dict of table name -> DataFrame; the tables
in memory (``Analysis.tables``, what the briefing, the explorer and the notebooks read) stay as
measured, whole sentences and passages included.

Each passage's text is written once, in ``passages`` (``PASSAGE_COLUMNS``):

* ``passage_id`` (``"<doc_id>#<order>"``, stable: a plan's passages keep their order whatever
  other plans are added; the ``unit_id`` of a topic unit is the id of its first passage),
  ``doc_id, province, province_2025, year, order, section_path, section_title`` and ``text`` (the
  whole passage: the segment's line with the lines its sentence is wrapped onto,
  ``read.citations.wrapped_passage``, as theme hits quote it) -- one row for every passage a
  row of another table sits in.

The tables whose rows sit in a passage point to it by ``passage_id`` and keep what a reader of the
table needs to see in a spreadsheet, never the passage itself:

* ``theme_evidence``, ``theme_citations``: ``segment_text`` and ``section_title`` go to
  ``passages``; the quote is the hit's ``left, match, right`` (``config.CONTEXT_WINDOW``
  syllables each side).
* ``commitments``, ``agency_assignments``, ``directives``, ``topic_representative_segments``:
  ``text`` (the sentence, or the topic unit) becomes ``quote``, its first ``config.QUOTE_WORDS``
  words followed by " …" when it is longer.
* ``topic_segments``: one row per passage, a column per topic (``unit_id, doc_id, province,
  province_2025, year, topic_1 ... topic_k``) rather than k tidy rows repeating the plan's
  attributes (``pandas.melt`` gives the tidy table back).

At a national corpus the repetition these remove (every hit repeating its passage, every agency
of a task repeating the task) was most of the outputs' weight.
"""

from __future__ import annotations

import pandas as pd

from analysis import config
from analysis.read.citations import wrapped_passage

PASSAGE_COLUMNS = ["passage_id", "doc_id", "province", "province_2025", "year", "order", "section_path",
                   "section_title", "text"]
# Tables whose rows are hits in a passage (their quote: left, match, right).
HIT_TABLES = ("theme_evidence", "theme_citations")
# Tables whose rows quote a sentence of a passage in ``text``.
QUOTING_TABLES = ("commitments", "agency_assignments", "directives", "topic_representative_segments")


def passage_ids(doc_ids: pd.Series, orders: pd.Series) -> pd.Series:
    """``"<doc_id>#<order>"`` for each row (missing where the order is: a document only a title names)."""
    ids = doc_ids.astype(str) + "#" + orders.astype("Int64").astype(str)
    return ids.where(orders.notna())


def quote(text, words: int = config.QUOTE_WORDS):
    """The first ``words`` words of ``text``, " …" after them when it is longer; anything not text as it is."""
    if not isinstance(text, str):
        return text
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _orders(name: str, table: pd.DataFrame) -> pd.Series:
    if name == "topic_representative_segments":  # a unit's id is its first passage's
        return pd.to_numeric(table["unit_id"].str.rsplit("#", n=1).str[1], errors="coerce").astype("Int64")
    return table["order"].astype("Int64")


def passages_table(tables: dict[str, pd.DataFrame], corpus) -> pd.DataFrame:
    """Every passage a row of ``HIT_TABLES`` or ``QUOTING_TABLES`` sits in (``PASSAGE_COLUMNS``), by
    doc_id and order."""
    keys = [pd.DataFrame({"doc_id": tables[name]["doc_id"].astype(str), "order": _orders(name, tables[name])})
            for name in HIT_TABLES + QUOTING_TABLES if name in tables and len(tables[name])]
    if not keys:
        return pd.DataFrame(columns=PASSAGE_COLUMNS)
    wanted = pd.concat(keys, ignore_index=True).dropna().drop_duplicates()
    segments = corpus.segments[["doc_id", "order", "section_path", "section_title", "start", "end"]]
    rows = wanted.astype({"order": "int64"}).merge(segments, on=["doc_id", "order"], how="inner")
    rows["text"] = [corpus.texts[doc_id][slice(*wrapped_passage(corpus.texts[doc_id], start, end))]
                    for doc_id, start, end in zip(rows["doc_id"], rows["start"], rows["end"])]
    plans = corpus.usable.set_index("doc_id")[["province", "province_2025", "year"]]
    rows = rows.join(plans, on="doc_id")
    rows["year"] = rows["year"].astype("Int64")
    rows["passage_id"] = passage_ids(rows["doc_id"], rows["order"])
    return rows.sort_values(["doc_id", "order"], kind="mergesort")[PASSAGE_COLUMNS].reset_index(drop=True)


def _with_passage_id(name: str, table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with ``passage_id`` before ``order`` (or ``unit_id``), its passage's text left out."""
    table = table.copy()
    before = "unit_id" if name == "topic_representative_segments" else "order"
    table.insert(table.columns.get_loc(before), "passage_id", passage_ids(table["doc_id"], _orders(name, table)))
    if name in HIT_TABLES:
        return table.drop(columns=["segment_text", "section_title"], errors="ignore")
    table["text"] = table["text"].map(quote)
    return table.rename(columns={"text": "quote"})


def _topic_weights_wide(long: pd.DataFrame) -> pd.DataFrame:
    """Passage x topic weights one row per passage, a column per topic."""
    keys = long.drop(columns=["topic", "weight"]).drop_duplicates("unit_id")
    wide = long.pivot(index="unit_id", columns="topic", values="weight")
    wide.columns = [f"topic_{t}" for t in wide.columns]
    return keys.merge(wide, left_on="unit_id", right_index=True, how="left")


def written_tables(tables: dict[str, pd.DataFrame], corpus) -> dict[str, pd.DataFrame]:
    """The tables as written to CSV and the workbook; see the module docstring."""
    out = dict(tables)
    passages = passages_table(tables, corpus)
    for name in HIT_TABLES + QUOTING_TABLES:
        if name in out:
            out[name] = _with_passage_id(name, out[name])
    if len(passages) or any(name in tables for name in HIT_TABLES):
        out["passages"] = passages
    if "topic_segments" in out and len(out["topic_segments"]):
        out["topic_segments"] = _topic_weights_wide(out["topic_segments"])
    return out
