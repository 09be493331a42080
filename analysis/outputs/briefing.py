"""``briefing.<lang>.html``: a page a decision maker reads, one per language, self-contained.

``outputs.claims.bottom_line_claims`` decides what may be said ("clearly above" only where
intervals, widened for the comparisons weighed, do not overlap; plans too short to compare
left out); ``outputs.claim_wording`` words it.

``bottom_line(analysis, lang)`` -- a sentence per claim (one per featured theme, the basis of
the comparisons) and one on the resolutions the plans implement; every number links
(``#ev-...``) to the passages it counts, which ``evidence_quotes`` picks and the page shows.
``plan_table(analysis, lang)`` -- the plans compared (province, today's province, type,
number, issuer, date, what each implements, body words), or at scale one row per group.
``run_date(given)`` -- the run's date on the page (``--date``, ``SOURCE_DATE_EPOCH``, today).
``render_briefing`` / ``write_briefings`` -- the page from ``templates/briefing.html.j2``
(Jinja2, autoescaped): bottom line, plans, main figures (catalogue ``briefing="main"``),
evidence; an annex with the other figures, method notes, the files read by OCR with their quality
(flagged ones marked) and skipped files; a print
stylesheet; alt text that is each figure's reading. Every word comes from labels.yml in
the page's language; the plans' own words (quotes, titles) are marked ``lang="vi"``.
"""

from __future__ import annotations

import base64
import io
import os
import re
from datetime import date, datetime, timezone
from pathlib import Path

import jinja2
import matplotlib
import pandas as pd
from markupsafe import Markup, escape

from analysis import __version__, config
from analysis.atomic import write_bytes
from analysis.errors import UserError
from analysis.figures.style import STYLE
from analysis.outputs import catalogue
from analysis.outputs.analyse import Analysis
from analysis.outputs.briefing_rows import commitment_rows, ocr_rows, topic_rows, unvalidated_themes, validation_rows
from analysis.outputs.claim_wording import anchor, claim_sentence, in_sentence, join_words
from analysis.outputs.claim_wording import say as _say
from analysis.outputs.claims import Claim, bottom_line_claims
from analysis.outputs.workbook import describe_column
from analysis.resources import collation_key, count, directive_rows, format_date, number, percent, text, year_span

# --- wording (outputs.claim_wording) -------------------------------------------------


def analysis_plans(analysis: Analysis) -> list[str]:
    """The plans the bottom line compares: those the plan-by-plan figures show, else all."""
    return catalogue.shown_plans(analysis) or list(analysis.plans["doc_id"])


def _implemented(codes: str, lang: str) -> Markup:
    """"56-KL/TW (continuing 24-NQ/TW)": each conclusion with the resolution it continues."""
    codes = [c for c in str(codes or "").split("; ") if c]
    parents = {row["code"]: row["continues"] for row in directive_rows()}
    named = [_say("bottom.continuing", lang, code=c, parent=parents[c]) if parents.get(c) in codes else c
             for c in codes if c not in {parents.get(other) for other in codes}]
    return join_words(named, lang)


def _directive_sentence(analysis: Analysis, lang: str) -> Markup | None:
    """Which central documents each plan implements: they explain most differences between plans.
    A plan too short to compare (``short`` in theme_measures) is named in no claim, this one included."""
    measures = analysis.tables["theme_measures"]
    short = set(measures.loc[measures["short"].astype(bool), "doc_id"])
    plans = analysis.plans[analysis.plans["doc_id"].isin(analysis_plans(analysis)) & ~analysis.plans["doc_id"].isin(short)]
    if not plans["implements"].fillna("").astype(bool).any():
        return None
    labels = analysis.plan_labels()
    many = len(plans) > config.FIGURE_MAX_PLANS  # a thousand plans: counted per resolution, not named
    key = plans["resolution" if many else "implements"].fillna("")
    parts = []
    for value, group in plans.groupby(key, sort=False):
        who = (count(len(group), "plan", lang) if many
               else join_words([labels[d] for d in group["doc_id"]], lang))
        one = "_one" if len(group) == 1 else ""  # English verbs agree with one plan or several
        if value:
            codes = value if many else _implemented(value, lang)
            parts.append(_say(f"bottom.implements_item{one}", lang, plans=who, codes=codes))
        else:
            parts.append(_say(f"bottom.implements_unknown{one}", lang, plans=who))
    return _say("bottom.implements", lang, parts=Markup("; ").join(parts))


def bottom_line(analysis: Analysis, lang: str = config.DEFAULT_LANG, claims: list[Claim] | None = None) -> list[Markup]:
    """The sentences for the top of the page; see the module docstring. Every claim is said but
    the optional ones (themes beyond the featured), which fill what room is left below
    ``config.BOTTOM_LINE_MAX_SENTENCES``."""
    claims = claims if claims is not None else briefing_claims(analysis)
    directive = _directive_sentence(analysis, lang)
    unchecked = _validation_sentence(analysis, lang)
    room = (config.BOTTOM_LINE_MAX_SENTENCES - (directive is not None) - (unchecked is not None)
            - sum(not c.optional for c in claims))
    said = []
    for claim in claims[1:]:
        if claim.optional and room <= 0:
            continue
        room -= claim.optional
        said.append(claim)
    sentences = [claim_sentence(c, analysis, lang) for c in claims[:1] + said]
    return (sentences[:1] + ([directive] if directive is not None else []) + [s for s in sentences[1:] if s]
            + ([unchecked] if unchecked is not None else []))


def _validation_sentence(analysis: Analysis, lang: str) -> Markup | None:
    """Which featured themes no person's coding of these plans has checked (the annex says how well the others read)."""
    themes = unvalidated_themes(analysis)
    if not themes:
        return None
    labels = analysis.codebook.labels(lang)
    return _say("bottom.not_validated", lang, themes=join_words([in_sentence(labels[t], lang) for t in themes], lang))


def briefing_claims(analysis: Analysis) -> list[Claim]:
    return bottom_line_claims(analysis.tables["theme_measures"], analysis_plans(analysis), analysis.featured_themes)


def evidence_quotes(analysis: Analysis, claims: list[Claim] | None = None,
                    per_claim: int = config.BRIEFING_QUOTES_PER_THEME) -> list[dict]:
    """``anchor, theme, doc_id, section, matches, text``: for each (theme, plan) a bottom-line
    number rests on, its first passages in the plan's order, with the phrases counted in them."""
    claims = claims if claims is not None else briefing_claims(analysis)
    hits = analysis.tables["theme_evidence"]
    wanted = list(dict.fromkeys(pair for claim in claims for pair in claim.evidence))
    # One MultiIndex lookup, not a tuple built per hit (two seconds per briefing at 300 plans).
    chosen = pd.MultiIndex.from_frame(hits[["theme", "doc_id"]]).isin(wanted) if wanted else []
    by_pair = {key: rows for key, rows in hits[chosen].groupby(["theme", "doc_id"], sort=False)} if wanted else {}
    quotes = []
    for theme, doc_id in wanted:
        rows = by_pair.get((theme, doc_id))
        if rows is None:
            continue
        for order in list(dict.fromkeys(rows.sort_values("order")["order"]))[:per_claim]:
            passage = rows[rows["order"] == order]
            quotes.append({"anchor": anchor(theme, doc_id), "theme": theme, "doc_id": doc_id,
                           "section": passage["section_path"].iloc[0], "matches": list(dict.fromkeys(passage["match"])),
                           "text": passage["segment_text"].iloc[0]})
    return quotes


def highlight(passage: str, matches: list[str]) -> Markup:
    """The passage, escaped, with every phrase that was counted in it marked."""
    escaped = str(escape(passage))
    targets = sorted({str(escape(m)) for m in matches}, key=len, reverse=True)
    if targets:
        pattern = re.compile("|".join(re.escape(t) for t in targets))
        escaped = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped)
    return Markup(escaped)


# --- the plans compared -----------------------------------------------------------------


def plan_table(analysis: Analysis, lang: str = config.DEFAULT_LANG) -> dict:
    """``{"columns": [...], "rows": [[...]], "grouped": bool}`` for the page's plan table.

    Up to ``config.FIGURE_MAX_PLANS`` plans (or the named ones): one row per plan, oldest
    first. Beyond: one row per province as merged in 2025 (plans, former provinces, years,
    resolutions implemented, words), since a thousand rows is a listing, not a comparison
    (the workbook has every plan).
    """
    plans = analysis.plans
    shown = analysis_plans(analysis)
    labels = analysis.plan_labels()
    if len(shown) <= config.FIGURE_MAX_PLANS:
        columns = ["plan", "province_2025", "doc_type", "number", "issuer", "date", "implements", "n_tokens"]
        rows = []
        for plan in plans[plans["doc_id"].isin(shown)].itertuples(index=False):
            rows.append([labels[plan.doc_id], plan.province_2025 or "", _doc_type(plan.doc_type, lang),
                         plan.number or "", catalogue.group_name("issuer", plan.issuer, lang) if plan.issuer else "",
                         format_date(plan.date, lang) or ("" if pd.isna(plan.year) else str(plan.year)),
                         plan.implements or "", number(plan.n_tokens, lang)])
        return {"columns": [text(f"attribute.{c}", lang) for c in columns], "rows": rows, "grouped": False}
    # Beyond: one row per province as it is today (at most 34), with what its plans implement.
    rows = []
    by_province = dict(tuple(plans.groupby(plans["province_2025"].fillna(""), sort=False)))
    for province in sorted(by_province, key=lambda name: (name == "", collation_key(name))):  # Vietnamese order
        group = by_province[province]
        years = group["year"].dropna()
        span = year_span(years, lang) if len(years) else ""
        resolutions = sorted({r for value in group["resolution"].fillna("") for r in str(value).split("; ") if r})
        rows.append([province or text("attribute.unknown", lang), number(len(group), lang),
                     ", ".join(sorted((p for p in group["province"].dropna().unique() if p), key=collation_key)), span,
                     ", ".join(resolutions),
                     number(group["n_tokens"].sum(), lang)])
    columns = [text("attribute.province_2025", lang)] + [
        text(f"briefing.group_{c}", lang) for c in ("plans", "provinces", "years", "resolutions", "words")]
    return {"columns": columns, "rows": rows, "grouped": True}


def _doc_type(value, lang: str) -> str:
    if not value:
        return ""
    try:
        return text(f"doc_type.{value}", lang)
    except KeyError:
        return str(value)


# --- the page ---------------------------------------------------------------------------


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _png(analysis: Analysis, stem: str, lang: str, figure_files: dict[str, list[Path]], run_lang: str) -> bytes:
    """The figure as PNG in ``lang``: the file the run wrote when it is in that language, else drawn again
    (every figure holds words: title, axes, source line, numbers as the language writes them)."""
    written = next((p for p in figure_files.get(stem, []) if p.suffix == ".png"), None)
    if written is not None and lang == run_lang:
        return Path(written).read_bytes()
    figure, _ = catalogue.draw(analysis, stem, lang)
    buffer = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _figures(analysis: Analysis, figure_files: dict[str, list[Path]], lang: str, run_lang: str, where: str) -> list[dict]:
    shown = []
    for stem in figure_files:
        found = catalogue.entry(analysis, stem)
        if found.briefing != where:
            continue
        reading = catalogue.reading(analysis, stem, lang)
        shown.append({"stem": stem, "section": found.section, "reading": reading,
                      "src": _data_uri(_png(analysis, stem, lang, figure_files, run_lang))})
    return shown


def _annex_sections(figures: list[dict], lang: str) -> list[dict]:
    return [{"title": text(f"briefing.figure_sections.{section}", lang),
             "figures": [f for f in figures if f["section"] == section]}
            for section in catalogue.SECTIONS if any(f["section"] == section for f in figures)]


def _method_notes(analysis: Analysis, lang: str) -> list[tuple[str, str]]:
    p = analysis.parameters
    notes = [
        ("text", {}),
        ("themes", {"n_themes": len(analysis.codebook.themes), "level": percent(config.CONFIDENCE_LEVEL, lang),
                    "n_boot": number(p["theme_bootstrap_resamples"], lang), "seed": p["theme_bootstrap_seed"]}),
        ("claims", {"level": percent(config.CONFIDENCE_LEVEL, lang),
                    "min_words": number(config.CLAIM_MIN_BODY_WORDS, lang),
                    "min_passages": number(config.CLAIM_MIN_PASSAGES, lang),
                    "column": describe_column("short", lang)[0]}),
        ("vocabulary", {"min_count": p["keyness_min_count"]}),
    ]
    if analysis.topic_model is not None:
        low, high = p["topic_k_range"]
        notes.append(("topics", {"method": analysis.topic_model.method.upper(), "k": analysis.topic_model.k,
                                 "k_low": low, "k_high": high, "n_seeds": p["topic_seeds_for_stability"],
                                 "min_stability": number(p["topic_min_stability"], lang, 2)}))
    notes.append(("uncertainty", {}))
    return [(text(f"briefing.method_{name}_title", lang), text(f"briefing.method_{name}", lang, **fields))
            for name, fields in notes]


# Reasons a file was skipped are written by the reader in English; these say the common ones
# in the page's language (by the reason's opening words); any other is shown as written.
_SKIP_REASONS = [
    ("is a damaged or truncated PDF", "damaged_pdf"), ("is a PDF without a text layer", "scanned_pdf"),
    ("is a scan without a text layer and Tesseract", "ocr_missing"), ("is a scan in which OCR found no text", "scanned_pdf"),
    ("has an unsupported file type", "unsupported"), ("is empty", "empty"), ("contains no text", "empty"),
    ("contains binary data", "binary"), ("does not look like Vietnamese", "not_vietnamese"),
    ("does not look like an official document", "not_official"), ("is not a valid .docx", "damaged_docx"),
    ("same text as", "duplicate"), ("is a password-protected PDF", "protected_pdf"),
    ("has no body text", "no_body"), ("reads as a news report", "news_report"),
    ("is a page of links", "links_page"), ("is a web page with no text", "empty_page"),
    ("is named as a web page but holds no HTML", "not_a_page"),
    ("is a damaged or incomplete zip archive", "damaged_zip"), ("is a password-protected zip", "protected_zip"),
    ("is a zip archive with no", "zip_without_plans"), ("is named .", "misnamed"),
]


def skip_reason(reason: str, lang: str) -> str:
    for start, key in _SKIP_REASONS:
        if reason.startswith(start):
            return text(f"skip_reason.{key}", lang, suffixes=", ".join(sorted(config.PLAN_SUFFIXES)))
    return reason


def run_date(given: str | None = None) -> date:
    """The date the page says it was run on: ``given`` (``--date``), else the UTC date of
    ``SOURCE_DATE_EPOCH`` (reproducible builds' convention: reruns write the same bytes), else today."""
    epoch = os.environ.get(config.SOURCE_DATE_VARIABLE, "").strip()
    try:
        if given:
            return date.fromisoformat(given)
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date() if epoch else date.today()
    except (ValueError, OverflowError, OSError):
        raise UserError(f"--date '{given}' is not a date like 2025-06-30 (year-month-day)." if given else
                        f"{config.SOURCE_DATE_VARIABLE} must be whole seconds since 1970-01-01 UTC "
                        f"(e.g. 1700000000), not '{epoch}'.") from None


def run_line(analysis: Analysis, lang: str, day: date | None = None) -> str:
    plans = analysis.plans
    return text("briefing.run_line", lang, plans=count(len(plans), "plan", lang),
                provinces=count(analysis.n_provinces, "province", lang), years=year_span(plans["year"], lang),
                folder=Path(analysis.corpus.directory).name, codebook=Path(analysis.codebook.path).name,
                themes=count(len(analysis.codebook.themes), "theme", lang), version=__version__,
                date=format_date((day or run_date()).isoformat(), lang))


_ENVIRONMENT = jinja2.Environment(loader=jinja2.FileSystemLoader(config.TEMPLATES_DIR),
                                  autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                  undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def render_briefing(analysis: Analysis, figure_files: dict[str, list[Path]], lang: str = config.DEFAULT_LANG,
                    run_lang: str | None = None, day: date | None = None) -> str:
    """The page in ``lang``; figures are the run's PNGs when ``run_lang`` is ``lang``, else drawn in ``lang``;
    ``day`` is the date it says it was run on (default: ``run_date()``)."""
    run_lang = run_lang or lang
    plans = analysis.plan_labels()
    labels = analysis.codebook.labels(lang)
    documents = analysis.corpus.documents
    claims = briefing_claims(analysis)
    quotes = [{"anchor": q["anchor"], "html": highlight(q["text"], q["matches"]),
               "source": text("briefing.quote_source", lang, theme=labels[q["theme"]], plan=plans[q["doc_id"]],
                              section=q["section"] or text("briefing.preamble", lang))}
              for q in evidence_quotes(analysis, claims)]
    skipped = documents[documents["status"] != "ok"]
    return _ENVIRONMENT.get_template("briefing.html.j2").render(
        lang=lang,
        t=lambda key, **fields: text(f"briefing.{key}", lang, **fields),
        other_lang=[other for other in config.LANGUAGES if other != lang],
        run_line=run_line(analysis, lang, day),
        bottom_line=bottom_line(analysis, lang, claims),
        plan_table=plan_table(analysis, lang),
        main_figures=_figures(analysis, figure_files, lang, run_lang, "main"),
        quotes=quotes,
        annex=_annex_sections(_figures(analysis, figure_files, lang, run_lang, "annex"), lang),
        topics=topic_rows(analysis, lang),
        validation=validation_rows(analysis, lang),
        commitments=commitment_rows(analysis, lang),
        method_notes=_method_notes(analysis, lang),
        scanned=ocr_rows(documents, lang),
        skipped=[{"path": r.path, "status": text(f"briefing.status_{r.status}", lang),
                  "reason": skip_reason(r.reason, lang)} for r in skipped.itertuples()],
    )


def briefing_name(lang: str) -> str:
    return f"briefing.{lang}.html"


def write_briefings(analysis: Analysis, figure_files: dict[str, list[Path]], folder: Path,
                    run_lang: str = config.DEFAULT_LANG, day: date | None = None,
                    languages: tuple[str, ...] = config.LANGUAGES) -> list[Path]:
    """``briefing.en.html`` and ``briefing.vi.html`` (every language in ``languages``)."""
    return [write_bytes(Path(folder) / briefing_name(lang),
                        render_briefing(analysis, figure_files, lang, run_lang, day).encode("utf-8"))
            for lang in languages]
