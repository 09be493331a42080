"""The central documents each plan implements or cites: Party resolutions, conclusions and
directives ("24-NQ/TW", "02-KL/TW"), Government decrees and decisions ("08/2022/NĐ-CP",
"450/QĐ-TTg"), laws ("Luật Bảo vệ môi trường năm 2020"), and the documents of
``data/directives.csv`` named in words ("Nghị quyết Trung ương 7 khóa XI" = 24-NQ/TW).

Documents are recognised by ``read.legal_references.central_documents`` (one pattern per kind of
number, shared with metadata). *Implemented* means named in the plan's title
(``read.legal_references.implemented_directives``: the
title says what the plan carries out, be it a Party resolution or a Prime Minister's decision
such as 957/QĐ-TTg), with the resolutions those continue; every other document the body names
is *cited*. A plan implementing 56-KL/TW implements 24-NQ/TW even where its body never writes
"24-NQ/TW".

``directive_table(corpus)`` -> ``DIRECTIVE_COLUMNS``: one row per plan and document:
``doc_id, province, province_2025, year, directive`` (as above; laws as "Luật <name> <year>"),
``kind`` (the document's kind from ``legal_references.DOCUMENT_KINDS``: nghị quyết, chỉ thị,
kết luận, quyết định, nghị định, ...; "luật" for a law), ``issuer`` (Central Party, Government,
Prime Minister, Ministry, National Assembly), ``relation`` (implements | cites), ``mentions``
(times the body names it), ``order, section_path`` (the passage of the first sentence naming it;
missing for a document only the title names) and ``text`` (that sentence; empty for a document
only the title names).
"""

from __future__ import annotations

import pandas as pd

from analysis.measure.commitments.passages import segment_rows, sentences
from analysis.read.legal_references import central_documents, kind_and_issuer

DIRECTIVE_COLUMNS = ["doc_id", "province", "province_2025", "year", "directive", "kind", "issuer", "relation",
                     "mentions", "order", "section_path", "text"]


def directive_table(corpus) -> pd.DataFrame:
    """Every document each usable plan implements or cites; see the module docstring."""
    meta = corpus.usable.set_index("doc_id")
    rows = []
    for doc_id, segments in corpus.per_plan("segments").items():
        if doc_id not in meta.index:
            continue
        implements = meta.at[doc_id, "implements"]
        implemented = [] if pd.isna(implements) else [c for c in str(implements).split("; ") if c]
        counts: dict[str, dict] = {code: {"mentions": 0, "order": None, "section_path": "", "text": ""}
                                   for code in implemented}
        for segment in segment_rows(segments[segments["is_body"]]):
            for _, sentence in sentences(segment.text):
                for code, _ in dict.fromkeys(central_documents(sentence)):
                    entry = counts.setdefault(code, {"mentions": 0, "order": None, "section_path": "", "text": ""})
                    entry["mentions"] += 1
                    if not entry["text"]:
                        entry.update(order=segment.order, section_path=segment.section_path, text=sentence.strip())
        plan = {"doc_id": doc_id, "province": meta.at[doc_id, "province"],
                "province_2025": meta.at[doc_id, "province_2025"], "year": meta.at[doc_id, "year"]}
        rows += [{**plan, "directive": code, **kind_and_issuer(code),
                  "relation": "implements" if code in implemented else "cites", **entry}
                 for code, entry in counts.items()]
    table = pd.DataFrame(rows, columns=DIRECTIVE_COLUMNS)
    table["year"] = table["year"].astype("Int64")
    table["order"] = table["order"].astype("Int64")
    return in_order(table)


def in_order(table: pd.DataFrame) -> pd.DataFrame:
    """Rows by plan (doc_id), documents implemented first, then by mentions (most first) and number:
    the order of ``directive_table``, also for plans' rows joined from the cache (``measure.plan_tables``)."""
    return table.sort_values(["doc_id", "relation", "mentions", "directive"], ascending=[True, False, False, True],
                             kind="mergesort").reset_index(drop=True)

