"""``explorer.html``: read and search every plan in the browser, offline, from one file.

Everything the page needs is inside it: the plans' texts (each gzip-compressed and base64
encoded, decoded by the browser's own ``DecompressionStream`` only when a plan is read or
searched), their parts and sections (each saying whether it is body, which rates count), the
theme hits, the plan attributes and the interface words in every language of ``labels.yml`` (``explorer.*``). No library, no server, no network:
the script is plain JavaScript written for this page (``templates/explorer.js``), because the
one thing it must do exactly -- the search language of ``measure.concordance.search`` -- no library does,
and the rest is a few tables and SVG ticks.

Matches and rates share one base: a rate is the matches in the body per 1,000 body words
(``n_tokens``, what themes count); matches in the header, title, distribution list or signature
are listed and counted apart, as ``kwic`` marks them (``is_body``). The page says so.

``write_explorer(analysis, path, lang)`` writes the page; ``explorer_data(analysis)`` is what it
embeds (tested directly).
"""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path

import jinja2
import pandas as pd
from markupsafe import Markup
from matplotlib.colors import to_hex

from analysis import config
from analysis.atomic import write_bytes
from analysis.figures.style import _topic_colours
from analysis.outputs.analyse import Analysis
from analysis.resources import labels

# Parts of a plan as the reader shows them: measured (body) or greyed (everything else).
_PARTS = ["body", "header", "title", "distribution", "signature", "repeat"]


def _pack(text: str) -> str:
    # mtime=0: the same text gives the same bytes, so two runs write identical pages.
    return base64.b64encode(gzip.compress(text.encode("utf-8"), mtime=0)).decode("ascii")


def _value(value) -> str:
    """An attribute as the page shows it: "" when unknown (pandas' NA cannot go into JSON)."""
    return "" if value is None or pd.isna(value) else str(value)


def _by_plan(doc_ids: pd.Series, rows, entry) -> dict[str, list]:
    """doc_id -> ``entry(*row)`` of each of its rows, in table order. The columns are turned into
    lists once: iterating a table row by row read its text columns value by value (2.7 s of
    adding one plan to 300)."""
    grouped: dict[str, list] = {}
    for doc_id, row in zip(doc_ids.tolist(), rows):
        grouped.setdefault(doc_id, []).append(entry(*row))
    return grouped


def explorer_data(analysis: Analysis) -> dict:
    """Plans (attributes, packed text, parts, hits), themes and interface words; see the module docstring."""
    corpus = analysis.corpus
    themes = analysis.codebook.theme_ids
    index = {theme: i for i, theme in enumerate(themes)}
    hits = analysis.tables["theme_evidence"]
    hits_by_plan = _by_plan(hits["doc_id"], zip(hits["start"].tolist(), hits["end"].tolist(), hits["theme"].tolist()),
                            lambda start, end, theme: [int(start), int(end), index[theme]])
    segments = corpus.segments
    segments_by_plan = _by_plan(
        segments["doc_id"], zip(segments["start"].tolist(), segments["end"].tolist(), segments["part"].tolist(),
                                segments["section_path"].tolist(), segments["kind"].tolist(), segments["is_body"].tolist()),
        lambda start, end, part, path, kind, body: [int(start), int(end), _PARTS.index(part) if part in _PARTS else 0,
                                                    path or "", kind, int(bool(body))])
    plans = []
    for row in analysis.plans.itertuples(index=False):
        plans.append({
            "id": row.doc_id, "label": analysis.plan_labels()[row.doc_id], "province": _value(row.province),
            "province_2025": _value(row.province_2025), "year": None if pd.isna(row.year) else int(row.year),
            "doc_type": _value(row.doc_type), "resolution": _value(row.resolution), "words": int(row.n_tokens),
            "z": _pack(corpus.texts[row.doc_id]),
            "segments": segments_by_plan.get(row.doc_id, []),
            "hits": hits_by_plan.get(row.doc_id, []),
        })
    words = {lang: {key.split(".", 1)[1]: value[lang] for key, value in labels().items() if key.startswith("explorer.")}
             for lang in config.LANGUAGES}
    # 19 themes: Okabe-Ito's 7 colours would give three themes one colour; tab20 keeps 20 apart.
    colours = [to_hex(c) for c in _topic_colours(len(themes))]
    return {
        "plans": plans,
        "themes": [{"id": t, "label": {lang: analysis.codebook.labels(lang)[t] for lang in config.LANGUAGES},
                    "colour": colours[i],
                    "phrases": list(analysis.codebook.phrases.loc[analysis.codebook.phrases["theme"] == t, "phrase"])}
                   for i, t in enumerate(themes)],
        "words": words,
    }


def write_explorer(analysis: Analysis, path: Path, lang: str = config.DEFAULT_LANG) -> Path:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(config.TEMPLATES_DIR), autoescape=True,
                                     undefined=jinja2.StrictUndefined)
    # "</" cannot appear inside the data script: a plan quoting "</script>" must not end it.
    data = json.dumps(explorer_data(analysis), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    script = (config.TEMPLATES_DIR / "explorer.js").read_text(encoding="utf-8")
    page = environment.get_template("explorer.html.j2").render(lang=lang, data=Markup(data), script=Markup(script),
                                                               words=labels())
    return write_bytes(Path(path), page.encode("utf-8"))
