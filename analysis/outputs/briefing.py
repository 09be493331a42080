"""``briefing.html``: one self-contained page a reader can open offline.

``headline(analysis, lang)`` -- sentences: each plan's top themes, where each featured
theme is strongest, and how the oldest and newest plans compare.
``evidence_quotes(analysis)`` -- for each featured theme, passages of the plan with its
highest rate: the words behind the headline numbers.
``write_briefing(analysis, figure_files, path, lang)`` -- renders
``templates/briefing.html.j2`` (Jinja2, autoescaped) with the headline, the quotes with
the counted phrases marked, each figure (PNG embedded) with its reading from the
catalogue, method notes whose numbers come from ``config`` and the parameters, and the
files that were skipped. Every word comes from labels.yml in ``lang``.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from analysis import config
from analysis.atomic import write_bytes
from analysis.outputs import catalogue
from analysis.outputs.analyse import Analysis
from analysis.resources import number, percent, text


def _rate(value: float, lang: str) -> str:
    return number(value, lang, 1)


def _best(measures, theme: str):
    """The plan with the highest rate of ``theme`` (ties: doc_id order)."""
    rows = measures[measures["theme"] == theme]
    return rows.sort_values(["rate_per_1k", "doc_id"], ascending=[False, True])


def headline(analysis: Analysis, lang: str = config.DEFAULT_LANG) -> list[str]:
    """Sentences computed from the theme tables; see the module docstring."""
    measures = analysis.tables["theme_measures"]
    labels = analysis.codebook.labels(lang)
    plans = analysis.plan_labels()
    lines = []
    for doc_id in analysis.plans["doc_id"]:
        top = measures[measures["doc_id"] == doc_id].sort_values(["rank", "theme"]).head(config.READING_TOP_TERMS)
        listed = "; ".join(text("headline.rate_item", lang, theme=labels[r.theme], rate=_rate(r.rate_per_1k, lang))
                           for r in top.itertuples())
        lines.append(text("headline.plan_top", lang, plan=plans[doc_id], listed=listed))
    for theme in analysis.featured_themes:
        rows = _best(measures, theme)
        best = rows.iloc[0]
        if best["hits"] == 0:
            lines.append(text("headline.theme_none", lang, theme=labels[theme]) + ".")
            continue
        sentence = text("headline.theme_best", lang, theme=labels[theme], plan=plans[best["doc_id"]],
                        rate=_rate(best["rate_per_1k"], lang), level=percent(config.CONFIDENCE_LEVEL, lang),
                        low=_rate(best["ci_low"], lang), high=_rate(best["ci_high"], lang), hits=int(best["hits"]))
        zeros = [plans[d] for d in rows.loc[rows["hits"] == 0, "doc_id"]]
        if zeros:
            sentence += text("headline.theme_zeros", lang, plans=", ".join(zeros))
        lines.append(sentence + ".")
    if analysis.plans["year"].nunique() > 1:
        lines.append(_change_sentence(analysis, lang))
    return lines


def _change_sentence(analysis: Analysis, lang: str) -> str:
    measures = analysis.tables["theme_measures"]
    labels = analysis.codebook.labels(lang)
    first, last = analysis.plans.iloc[0]["doc_id"], analysis.plans.iloc[-1]["doc_id"]
    changes = []
    for theme in analysis.featured_themes:
        rates = measures[measures["theme"] == theme].set_index("doc_id")["rate_per_1k"]
        changes.append(text("headline.change_item", lang, theme=labels[theme], first=_rate(rates[first], lang),
                            last=_rate(rates[last], lang)))
    plans = analysis.plan_labels()
    return text("headline.change", lang, first=plans[first], last=plans[last], changes="; ".join(changes))


def evidence_quotes(analysis: Analysis, per_theme: int = config.BRIEFING_QUOTES_PER_THEME) -> list[dict]:
    """``theme, doc_id, section, matches, text`` for each featured theme's strongest plan."""
    measures, hits = analysis.tables["theme_measures"], analysis.tables["theme_evidence"]
    quotes = []
    for theme in analysis.featured_themes:
        best = _best(measures, theme).iloc[0]
        if best["hits"] == 0:
            continue
        theme_hits = hits[(hits["theme"] == theme) & (hits["doc_id"] == best["doc_id"])]
        for hit in theme_hits.drop_duplicates("order").head(per_theme).itertuples():
            matches = list(dict.fromkeys(theme_hits.loc[theme_hits["order"] == hit.order, "match"]))
            quotes.append({"theme": theme, "doc_id": best["doc_id"], "section": hit.section_path,
                           "matches": matches, "text": hit.segment_text})
    return quotes


def highlight(passage: str, matches: list[str]) -> Markup:
    """The passage, escaped, with every phrase that was counted in it marked."""
    escaped = str(escape(passage))
    targets = sorted({str(escape(m)) for m in matches}, key=len, reverse=True)
    if targets:
        pattern = re.compile("|".join(re.escape(t) for t in targets))
        escaped = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped)
    return Markup(escaped)


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(Path(path).read_bytes()).decode("ascii")


def _method_notes(analysis: Analysis, lang: str) -> list[tuple[str, str]]:
    p = analysis.parameters
    notes = [
        ("text", {}),
        ("themes", {"n_themes": len(analysis.codebook.themes), "level": percent(config.CONFIDENCE_LEVEL, lang),
                    "n_boot": number(p["theme_bootstrap_resamples"], lang), "seed": p["theme_bootstrap_seed"]}),
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


def _figure_sections(analysis: Analysis, figure_files: dict[str, list[Path]], lang: str) -> list[dict]:
    sections = []
    for section in catalogue.SECTIONS:
        shown = [{"stem": stem, "src": _data_uri(next(p for p in paths if p.suffix == ".png")),
                  "reading": catalogue.reading(analysis, stem, lang)}
                 for stem, paths in figure_files.items() if catalogue.entry(analysis, stem).section == section]
        if shown:
            sections.append({"title": text(f"briefing.figure_sections.{section}", lang), "figures": shown})
    return sections


_ENVIRONMENT = jinja2.Environment(loader=jinja2.FileSystemLoader(config.TEMPLATES_DIR),
                                  autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                  undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def render_briefing(analysis: Analysis, figure_files: dict[str, list[Path]], lang: str = config.DEFAULT_LANG) -> str:
    plans = analysis.plan_labels()
    labels = analysis.codebook.labels(lang)
    documents = analysis.corpus.documents
    quotes = [{"html": highlight(q["text"], q["matches"]),
               "source": text("briefing.quote_source", lang, theme=labels[q["theme"]], plan=plans[q["doc_id"]],
                              section=q["section"] or text("briefing.preamble", lang))}
              for q in evidence_quotes(analysis)]
    return _ENVIRONMENT.get_template("briefing.html.j2").render(
        lang=lang,
        t=lambda key, **fields: text(f"briefing.{key}", lang, **fields),
        corpus_line=text("briefing.corpus_line", lang, n=len(plans), plans=", ".join(plans.values()),
                         codebook=Path(analysis.codebook.path).name, n_themes=len(analysis.codebook.themes)),
        headline=headline(analysis, lang),
        quotes=quotes,
        sections=_figure_sections(analysis, figure_files, lang),
        method_notes=_method_notes(analysis, lang),
        skipped=documents[documents["status"] != "ok"][["path", "status", "reason"]].to_dict("records"),
    )


def write_briefing(analysis: Analysis, figure_files: dict[str, list[Path]], path: Path,
                   lang: str = config.DEFAULT_LANG) -> Path:
    return write_bytes(path, render_briefing(analysis, figure_files, lang).encode("utf-8"))
