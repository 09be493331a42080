"""Rows of the briefing's tables that are not figures: the commitments summary of the main page,
the topics of the annex, the codebook's validation and the annex's files read by OCR with their
quality. Plain dicts of display strings; the template lays them out."""

from __future__ import annotations

import pandas as pd

from analysis import config
from analysis.outputs.analyse import Analysis
from analysis.resources import count, format_date, number, percent, text

# Targets first (a number is the most quotable promise), then standards, then dated tasks; the
# nearest deadline first within each.
_KIND_ORDER = {"target": 0, "standard": 1, "task": 2}


def _deadline(deadline: str, lang: str) -> str:
    """A deadline as the page's language writes it: "2025", "hàng năm, trước 30/11"."""
    if deadline.isdigit():
        return deadline
    every, _, by = deadline.partition(", by ")
    label = text(f"briefing.every_{every}", lang)
    return text("briefing.every_by", lang, every=label, date=by) if by else label


def commitment_rows(analysis: Analysis, lang: str = config.DEFAULT_LANG,
                    limit: int = config.BRIEFING_COMMITMENTS) -> dict:
    """The main page's commitments: up to ``limit`` targets and dated tasks, each with its plan,
    what is promised, its deadline and its sentence; and how many there are in all."""
    table = analysis.tables.get("commitments")
    if table is None or table.empty:
        return {"rows": [], "total": 0, "shown": 0}
    plans = analysis.plan_labels()
    ordered = table.assign(_kind=table["kind"].map(_KIND_ORDER),
                           _year=table["deadline_year"].astype("Float64").fillna(9999))
    ordered = ordered.sort_values(["_kind", "_year", "doc_id", "order"], kind="mergesort")
    # One row per sentence and promise: a task due in two periods is one line with both deadlines.
    ordered = ordered.groupby(["doc_id", "order", "kind", "unit", "object", "text"], sort=False, dropna=False).agg(
        value=("value", "first"), deadline=("deadline", lambda d: [x for x in dict.fromkeys(d) if x]),
        _kind=("_kind", "first"), _year=("_year", "min")).reset_index()
    rows = []
    for row in ordered.head(limit).itertuples(index=False):
        # as many decimals as the plan wrote: "41,2 triệu cây xanh", not "41 triệu"
        decimals = 0 if pd.isna(row.value) else len(f"{row.value:g}".partition(".")[2])
        promised = (f"{number(row.value, lang, decimals)} {row.unit} {row.object}".strip() if not pd.isna(row.value)
                    else f"{row.object} ({row.unit})" if row.kind == "standard" else "")
        rows.append({"plan": plans.get(row.doc_id, row.doc_id), "kind": text(f"figure.kind_{row.kind}", lang),
                     "promised": promised, "deadline": "; ".join(_deadline(d, lang) for d in row.deadline) or "—",
                     "text": row.text})
    return {"rows": rows, "total": len(ordered), "shown": len(rows)}


def topic_rows(analysis: Analysis, lang: str = config.DEFAULT_LANG) -> list[dict]:
    """Per topic, for the annex: its words by weight and by FREX, the codebook theme it resembles
    and its most typical passage (stm's ``findThoughts``), with the plan and section it is from."""
    if analysis.topic_model is None or "topic_labels" not in analysis.tables:
        return []
    labels = analysis.codebook.labels(lang)
    plans = analysis.plan_labels()
    typical = analysis.tables["topic_representative_segments"]
    typical = typical[typical["rank"] == 1].set_index("topic")
    rows = []
    for topic in analysis.tables["topic_labels"].itertuples(index=False):
        passage = typical.loc[topic.topic] if topic.topic in typical.index else None
        rows.append({"topic": topic.topic, "words": topic.top_prob, "frex": topic.top_frex,
                     "theme": (text("briefing.topic_procedural", lang) if getattr(topic, "procedural", False)
                               else labels.get(topic.suggested_theme, "") if topic.suggested_theme else ""),
                     "text": passage["text"] if passage is not None else "",
                     "source": text("briefing.topic_source", lang, plan=plans.get(passage["doc_id"], passage["doc_id"]),
                                    section=passage["section_path"] or text("briefing.preamble", lang))
                     if passage is not None else ""})
    return rows


def _shown(value, write) -> str:
    return "" if pd.isna(value) else write(value)


def ocr_rows(documents: pd.DataFrame, lang: str = config.DEFAULT_LANG) -> dict:
    """The annex's table of files read by OCR (``read.ocr_quality``): each file, how it was read, its pages,
    mean word confidence, share of non-Vietnamese syllables, syllables corrected and whether it is flagged;
    and the note that says what flags a file (thresholds from config). No rows when nothing was OCR'd."""
    scanned = documents[documents[["ocr_pages", "ocr_confidence", "non_vietnamese_share"]].notna().any(axis=1)]
    rows = [{"path": row.path, "format": row.format,
             "pages": _shown(row.ocr_pages, lambda v: number(v, lang)),
             "confidence": _shown(row.ocr_confidence, lambda v: number(v, lang, 1)),
             "non_vietnamese": _shown(row.non_vietnamese_share, lambda v: percent(v, lang, 1)),
             "corrections": _shown(row.ocr_corrections, lambda v: number(v, lang)),
             "low_quality": bool(row.ocr_low_quality),
             "quality": text(f"briefing.ocr_{'low' if row.ocr_low_quality else 'good'}", lang)}
            for row in scanned.itertuples(index=False)]
    note = text("briefing.ocr_note", lang, min_confidence=number(config.OCR_MIN_CONFIDENCE, lang),
                max_share=percent(config.OCR_MAX_NON_VIETNAMESE_SHARE, lang))
    return {"rows": rows, "note": note}


def unvalidated_themes(analysis: Analysis) -> list[str]:
    """The featured themes no coded passage of this corpus's validation sheets checks (none when the
    analysis has no validation table at all: built by hand, it says nothing about coding)."""
    table = analysis.tables.get("validation")
    if table is None:
        return []
    checked = set(table.loc[table["n_coded"] > 0, "theme"])
    return [theme for theme in analysis.featured_themes if theme not in checked]


def _interval(value, low, high, lang: str) -> str:
    if pd.isna(value):
        return "—"
    return text("briefing.validation_interval", lang, value=number(value, lang, 2), low=number(low, lang, 2),
                high=number(high, lang, 2))


def validation_rows(analysis: Analysis, lang: str = config.DEFAULT_LANG) -> dict:
    """The annex "How well the codebook reads these plans": an introduction (themes, coders, units,
    the sample's date, the codebook's name and digest) and per theme precision and recall with
    intervals, passages coded, coders and agreement; or one sentence saying nothing was coded."""
    table = analysis.tables.get("validation")
    if table is None or table.empty:
        return {"intro": text("briefing.validation_none", lang), "rows": []}
    labels = analysis.codebook.labels(lang)
    coders = sorted({c for value in table["coders"] for c in str(value).split("; ") if c})
    first = table.iloc[0]
    intro = text("briefing.validation_intro", lang, themes=count(len(table), "theme", lang).capitalize(),
                 codebook=first["codebook"], sha=first["codebook_sha256"], coders=", ".join(coders),
                 units=number(int(table["n_coded"].max()), lang), date=format_date(first["sampled_on"], lang) or "—",
                 level=percent(config.CONFIDENCE_LEVEL, lang))
    rows = [{"theme": labels.get(r.theme, r.theme),
             "precision": _interval(r.precision, r.precision_low, r.precision_high, lang),
             "recall": _interval(r.recall, r.recall_low, r.recall_high, lang), "coded": number(r.n_coded, lang),
             "coders": number(r.n_coders, lang), "alpha": "—" if pd.isna(r.alpha) else number(r.alpha, lang, 2)}
            for r in table.itertuples(index=False)]
    return {"intro": intro, "rows": rows}
