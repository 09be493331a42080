"""Briefing outputs: the Excel workbook, the manifest and the self-contained briefing page.

``write_workbook(tables, path)`` -- every table as a sheet. ``write_manifest(analysis,
outputs, path, lang)`` -- what a run read and wrote: each corpus file (hash, status), the
codebook (hash), parameters, seeds, package versions and each output's hash; no
timestamps, so two runs on the same inputs write the same manifest.
``write_briefing(analysis, figure_files, path, lang)`` -- one HTML file with every image
embedded, readable offline: the headline comparison, each figure with a two-line
reading, the evidence quotes behind the headline numbers, method notes and the files
that were skipped. Readings are computed from the same tables the figures draw.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import platform
from importlib import metadata
from pathlib import Path

import pandas as pd

from analysis import __version__
from analysis.atomic import write_bytes

PACKAGES = ["pandas", "numpy", "scipy", "scikit-learn", "matplotlib", "underthesea", "python-docx", "pypdf",
            "pyyaml", "openpyxl"]


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# --- workbook ------------------------------------------------------------------------


def write_workbook(tables: dict[str, pd.DataFrame], path: Path) -> Path:
    """Every table as a sheet (names cut to Excel's 31 characters, kept unique)."""
    import io
    from datetime import datetime

    buffer = io.BytesIO()
    used: set[str] = set()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, table in tables.items():
            sheet = name[:31]
            suffix = 2
            while sheet in used:
                sheet = f"{name[:28]}~{suffix}"
                suffix += 1
            used.add(sheet)
            frame = table.copy()
            for column in frame.columns:  # lists and tuples are not cell values
                if frame[column].map(lambda v: isinstance(v, (list, tuple))).any():
                    frame[column] = frame[column].map(str)
            frame.to_excel(writer, sheet_name=sheet, index=False)
        # Fixed document dates: the workbook's content does not depend on when it was written.
        writer.book.properties.created = datetime(2000, 1, 1)
        writer.book.properties.modified = datetime(2000, 1, 1)
    return write_bytes(path, _fixed_zip_times(buffer.getvalue()))


def _fixed_zip_times(data: bytes) -> bytes:
    """Re-pack a zip (an .xlsx) with fixed entry dates, so equal content gives equal bytes."""
    import io
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time as "modified" whatever we set.
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", content)
            target.writestr(fixed, content)
    return out.getvalue()


# --- manifest ------------------------------------------------------------------------


def _versions() -> dict[str, str]:
    versions = {"python": platform.python_version(), "analysis": __version__}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def previous_outputs(manifest_path: Path) -> set[str]:
    """File names a previous run recorded in its manifest (empty if none or unreadable)."""
    try:
        manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
        return {Path(o["file"]).name for o in manifest.get("outputs", []) if isinstance(o, dict) and "file" in o}
    except (OSError, ValueError, TypeError, AttributeError):
        return set()


def write_manifest(analysis, outputs: list[Path], path: Path, lang: str) -> Path:
    documents = analysis.corpus.documents
    corpus_files = [
        {"path": row.path, "doc_id": row.doc_id, "sha256": row.file_sha256, "status": row.status,
         "reason": row.reason, "duplicate_of": row.duplicate_of}
        for row in documents.itertuples()
    ]
    used = [f["path"] for f in corpus_files if f["status"] == "ok"]
    codebook = {"path": Path(analysis.codebook.path).name, "sha256": analysis.codebook.sha256,
                "themes": analysis.codebook.theme_ids}
    manifest = {
        "corpus_files": corpus_files,
        "codebook": codebook,
        "parameters": {**analysis.parameters, "lang": lang},
        "versions": _versions(),
        # Every output comes from the same plans and codebook; each says so.
        "outputs": [
            {"file": p.name, "sha256": sha256(p), "corpus_files": used, "codebook_sha256": analysis.codebook.sha256}
            for p in sorted(outputs, key=lambda p: p.name) if p.name != path.name
        ],
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n"
    return write_bytes(path, text.encode("utf-8"))


# --- readings ------------------------------------------------------------------------


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def _labels(analysis, lang: str) -> dict[str, str]:
    return {t.id: t.label(lang) for t in analysis.codebook.themes}


def headline(analysis, lang: str = "en") -> list[str]:
    """Sentences: each plan's top themes, and where each named theme is strongest."""
    measures = analysis.tables["theme_measures"]
    labels = _labels(analysis, lang)
    plan_labels = analysis.plan_labels()
    lines = []
    for doc_id in analysis.plans["doc_id"]:
        top = measures[measures["doc_id"] == doc_id].sort_values(["rank", "theme"]).head(3)
        listed = "; ".join(f"{labels[r.theme]} ({_fmt(r.rate_per_1k)} per 1,000 words)" for r in top.itertuples())
        lines.append(f"{plan_labels[doc_id]} gives most attention to {listed}.")
    for theme in analysis.named_themes():
        rows = measures[measures["theme"] == theme].sort_values(["rate_per_1k", "doc_id"], ascending=[False, True])
        best = rows.iloc[0]
        zeros = [plan_labels[d] for d in rows.loc[rows["hits"] == 0, "doc_id"]]
        sentence = (f"{labels[theme]}: highest in {plan_labels[best['doc_id']]} ({_fmt(best['rate_per_1k'])} per "
                    f"1,000 words, 95% interval {_fmt(best['ci_low'])}–{_fmt(best['ci_high'])}, {int(best['hits'])} hits)")
        if best["hits"] == 0:
            sentence = f"{labels[theme]}: no plan mentions it"
        elif zeros:
            sentence += f"; not mentioned at all in {', '.join(zeros)}"
        lines.append(sentence + ".")
    plans = analysis.plans
    if plans["year"].nunique() > 1:
        first, last = plans.iloc[0], plans.iloc[-1]
        changes = []
        for theme in analysis.named_themes():
            rates = measures[measures["theme"] == theme].set_index("doc_id")["rate_per_1k"]
            changes.append(f"{labels[theme]} {_fmt(rates[first['doc_id']])} → {_fmt(rates[last['doc_id']])}")
        lines.append(f"From {plan_labels[first['doc_id']]} to {plan_labels[last['doc_id']]} (different provinces, "
                     f"so read as a comparison of plans): " + "; ".join(changes) + " per 1,000 words.")
    return lines


def reading(analysis, stem: str, lang: str = "en") -> str:
    """Two sentences on what a figure shows, from the table it draws."""
    t = analysis.tables
    labels = _labels(analysis, lang)
    plan_labels = analysis.plan_labels()
    if stem == "theme_heatmap":
        groups = t["theme_by_province"]
        top = groups.sort_values(["rate_per_1k", "group"], ascending=[False, True]).iloc[0]
        zero = groups[groups["hits"] == 0]
        return (f"The highest rate is {labels[top['theme']]} in {top['group']} ({_fmt(top['rate_per_1k'])} per 1,000 "
                f"words). {len(zero)} province–theme cells are 0: the theme is never mentioned there, which is a "
                "finding, not missing data.")
    if stem == "theme_trajectories":
        return ("Each point is one plan at its issue year, with its 95% bootstrap interval; with one plan per "
                "province, differences mix province and year. Wide intervals mean a theme rests on a few passages.")
    if stem == "theme_shares":
        return ("Each bar is the theme's share of all theme hits in the plan; intervals resample the plan's "
                "passages. Overlapping intervals mean two plans cannot be told apart on that theme.")
    if stem == "theme_dispersion":
        hits = t["theme_evidence"]
        named = hits[hits["theme"].isin(analysis.named_themes())]
        sections = named.assign(section=named["section_path"].str.split(".").str[0]).groupby("section").size()
        where = ", ".join(f"section {s}: {n}" for s, n in sections.sort_values(ascending=False).items())
        return (f"Ticks mark each hit of the four named themes along the plan; dashed lines start the roman-numbered "
                f"sections. Hits by section: {where or 'none'}.")
    if stem == "tfidf_top_terms_bars":
        top = t["tfidf_top_terms"].groupby("doc_id", sort=False).head(3)
        parts = [f"{plan_labels[d]}: {', '.join(g['term'].str.replace('_', ' '))}" for d, g in top.groupby("doc_id", sort=False)]
        return "Terms weighted by TF-IDF, leaving out words found in every plan. Top three — " + "; ".join(parts) + "."
    if stem.startswith("keyness_"):
        doc_id = stem[len("keyness_"):]
        table = t["keyness"][t["keyness"]["target"] == doc_id]
        over = ", ".join(table[table["G2"] > 0].head(3)["feature"].str.replace("_", " "))
        under = ", ".join(table[table["G2"] < 0].tail(3)["feature"].str.replace("_", " ")[::-1])
        return (f"Words {plan_labels[doc_id]} uses more than the other plans: {over or 'none'}; less: {under or 'none'}. "
                "Bars are signed G² (log-likelihood); above about 3.84 a difference is unlikely to be chance (p < 0.05).")
    if stem == "similarity_heatmap":
        sim = t["similarity"]
        pairs = sim[sim["doc_a"] < sim["doc_b"]].sort_values("cosine", ascending=False)
        best = pairs.iloc[0]
        return (f"The most similar pair is {plan_labels[best['doc_a']]} and {plan_labels[best['doc_b']]} "
                f"(cosine {best['cosine']:.2f}); 1 would be identical vocabulary, 0 none shared.")
    if stem == "topic_terms_bars":
        model = analysis.topic_model
        return (f"{model.k} topics ({model.method.upper()}) found without a codebook; each is named by its top three "
                "terms. Read a topic through its representative passages (workbook sheet topic_representative_segments).")
    if stem == "topic_prevalence_bars":
        prevalence = t["topic_prevalence"]
        top = prevalence.sort_values(["prevalence", "topic"], ascending=[False, True]).groupby("doc_id", sort=False).head(1)
        parts = [f"{plan_labels[r.doc_id]}: topic {r.topic} ({r.prevalence:.0%})" for r in top.itertuples()]
        return "Each plan's text divided among the topics (sums to 100%). Largest topic — " + "; ".join(parts) + "."
    if stem == "topic_trends":
        return "Topic shares by issue year; each year here is one plan, so a change mixes province and time."
    if stem == "topic_model_selection":
        row = t["topic_selection"][t["topic_selection"]["chosen"]].iloc[0]
        return (f"k = {int(row['k'])} is the most coherent number of topics among those whose topics come back under "
                f"other seeds (stability {row['stability']:.2f} ≥ 0.70; coherence {row['coherence']:.3f}).")
    return ""


def evidence_quotes(analysis, per_theme: int = 2) -> list[dict]:
    """For each named theme, passages of the plan with its highest rate: the words behind the headline."""
    measures, hits = analysis.tables["theme_measures"], analysis.tables["theme_evidence"]
    quotes = []
    for theme in analysis.named_themes():
        rows = measures[measures["theme"] == theme].sort_values(["rate_per_1k", "doc_id"], ascending=[False, True])
        if rows.iloc[0]["hits"] == 0:
            continue
        doc_id = rows.iloc[0]["doc_id"]
        theme_hits = hits[(hits["theme"] == theme) & (hits["doc_id"] == doc_id)]
        for hit in theme_hits.drop_duplicates("order").head(per_theme).itertuples():
            matches = list(dict.fromkeys(theme_hits.loc[theme_hits["order"] == hit.order, "match"]))
            quotes.append({"theme": theme, "doc_id": doc_id, "section": hit.section_path, "matches": matches,
                           "text": hit.segment_text})
    return quotes


# --- briefing ------------------------------------------------------------------------

_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.7em}h2{border-bottom:2px solid #0072B2;padding-bottom:.2em;margin-top:2em}
figure{margin:1.5em 0}figure img{max-width:100%;border:1px solid #ddd}figcaption{font-size:.95em;color:#333}
blockquote{border-left:4px solid #E69F00;margin:.8em 0;padding:.3em 1em;background:#fafafa}
mark{background:#fde9a9}table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ccc;padding:.3em .6em}
.small{font-size:.85em;color:#555}
"""


def _image(path: Path) -> str:
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return f"data:image/png;base64,{data}"


def _highlight(text: str, matches: list[str]) -> str:
    """Escape the passage and mark every phrase that was counted in it."""
    import re

    escaped = _e(text)
    targets = sorted({_e(m) for m in matches}, key=len, reverse=True)
    if not targets:
        return escaped
    pattern = re.compile("|".join(re.escape(t) for t in targets))
    return pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped)


def write_briefing(analysis, figure_files: dict[str, list[Path]], path: Path, lang: str = "en") -> Path:
    labels = _labels(analysis, lang)
    plan_labels = analysis.plan_labels()
    documents = analysis.corpus.documents
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Environmental themes in provincial plans — briefing</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Environmental themes in Vietnamese provincial plans</h1>",
        f'<p class="small">{len(analysis.plans)} plans analysed: {_e(", ".join(plan_labels.values()))}. '
        f"Codebook {_e(Path(analysis.codebook.path).name)} ({len(analysis.codebook.themes)} themes).</p>",
        "<h2>Headline</h2><ul>",
        *[f"<li>{_e(line)}</li>" for line in headline(analysis, lang)],
        "</ul>",
        "<h2>Evidence behind the headline numbers</h2>",
    ]
    for quote in evidence_quotes(analysis):
        parts.append(f"<blockquote><p>{_highlight(quote['text'], quote['matches'])}</p>"
                     f'<p class="small">{_e(labels[quote["theme"]])} — {_e(plan_labels[quote["doc_id"]])}, '
                     f"section {_e(quote['section'] or 'preamble')}</p></blockquote>")
    parts.append("<h2>Figures</h2>")
    for stem, paths in figure_files.items():
        png = next(p for p in paths if p.suffix == ".png")
        parts.append(f'<figure id="{_e(stem)}"><img src="{_image(png)}" alt="{_e(stem.replace("_", " "))}">'
                     f"<figcaption>{_e(reading(analysis, stem, lang))}</figcaption></figure>")
    parts += [
        "<h2>Method notes</h2><ul>",
        "<li><b>Text.</b> Files decoded (UTF-8/16, Windows-1258, TCVN3 and VNI converted), Unicode NFC, one tone-mark "
        "placement (hoà → hòa), page breaks repaired; words segmented with underthesea. Only the body of each plan "
        "is measured (not its header, distribution list or signature).</li>",
        f"<li><b>Themes.</b> {len(analysis.codebook.themes)} themes in an editable codebook; phrases match whole "
        "syllables, longest first, with context rules for ambiguous words (e.g. 'sạt lở'). Rates are hits per 1,000 "
        "words; 95% intervals resample each plan's passages 1,000 times (seeded).</li>",
        "<li><b>Vocabulary.</b> TF-IDF and keyness (signed G² with Williams's correction, as quanteda) on words "
        "without stopwords and administrative boilerplate.</li>",
        (f"<li><b>Topics.</b> {_e(analysis.topic_model.method.upper())} on passages, k = {analysis.topic_model.k}, "
         "chosen as the most coherent k whose topics are stable across 5 seeds.</li>") if analysis.topic_model else "",
        "<li><b>Uncertainty.</b> Each plan is a few dozen passages: intervals are wide, and with one plan per province "
        "and year, differences between years cannot be separated from differences between provinces.</li>",
        "</ul>",
        "<h2>Files not analysed</h2>",
    ]
    excluded = documents[documents["status"] != "ok"]
    if excluded.empty:
        parts.append("<p>Every file in the corpus was analysed.</p>")
    else:
        parts.append("<table><tr><th>file</th><th>status</th><th>reason</th></tr>")
        parts += [f"<tr><td>{_e(r.path)}</td><td>{_e(r.status)}</td><td>{_e(r.reason)}</td></tr>"
                  for r in excluded.itertuples()]
        parts.append("</table>")
    parts.append("</body></html>\n")
    return write_bytes(path, "\n".join(parts).encode("utf-8"))
