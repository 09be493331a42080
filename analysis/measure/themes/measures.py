"""Measure how much each plan says about each theme of the codebook, with evidence.

``theme_hits(corpus, codebook)`` -- the evidence: one row per counted hit (``HIT_COLUMNS``):
``doc_id, province, province_2025, year, theme, phrase`` (the codebook entry), ``match``
(as written), ``order, section_path, section_title`` (the body segment), ``start, end``
(offsets in the normalised text), ``position`` (start / text length, 0..1), ``left,
right`` (KWIC context), ``segment_text`` (the whole passage: the segment's line with the lines its
sentence is wrapped onto, ``citations.wrapped_passage``) and ``citation`` (True when
the phrase sits inside a reference to a legal document, ``citations.reference_spans``:
a citation naming the cited document's subject, a document named bare, a decision's article
about itself; not the plan's own words: those hits are never counted) and ``review`` ("" or why
a reader should check the hit: a theme the codebook marks ``coastal: true`` in a plan of a
province without a sea coast, ``provinces.csv``). ``theme_hits`` returns
the counted hits only; ``theme_hits_and_citations`` returns them and, apart, the hits in
citations (reported in ``theme_citations``), from one pass over the text.

Matching (``phrases.PhraseMatcher``) runs on body segments only (header, title,
distribution list and signature are excluded), on whole syllables, case- and
tone-placement-insensitive, never across clause punctuation, longest first, so a span
counts once ("hệ thống xử lý nước thải" is one wastewater hit, not also "nước thải");
coordinated conjuncts with an elided head or tail ("sạt lở bờ sông, bờ biển") count as the
phrases they complete.

``theme_measures(corpus, hits, codebook)`` -- one row per (plan, theme), every theme for
every plan, zeros included (``MEASURE_COLUMNS``): ``hits``; ``n_tokens`` (body word
tokens); ``rate_per_1k`` (hits per 1,000 tokens); ``share`` (of the plan's theme hits,
0 when it has none); ``rank`` (1 = most hits in the plan, ties share a rank); ``ci_low,
ci_high`` (interval of ``rate_per_1k`` at ``config.CONFIDENCE_LEVEL``) and ``share_ci_low,
share_ci_high`` (percentile interval of ``share``) from a bootstrap that resamples the plan's
body segments with replacement (``measure.statistics``). Each plan's generator is seeded
from ``seed`` and its doc_id, so adding a plan never changes another plan's interval. The
rate's interval is at least the exact Poisson interval of the count
(``statistics.rate_interval``): resampling a handful of passages that mention a theme once,
or never, can only give back what was drawn, so one hit came out surer than none. A zero
count's upper end is thus ``-ln((1 - level) / 2)`` hits in the plan's words (3.7 at 95%): a
short plan that never mentions a theme says less than a long one.
``short``: True when the plan
has fewer than ``config.CLAIM_MIN_BODY_WORDS`` body words or ``config.CLAIM_MIN_PASSAGES`` body
passages with words: it stays in every table, but the briefing and readings compare no claim on it.

``theme_groups(measures, by, plans, lang)`` pools plans per province, year or any plan attribute
(a plan without a value in the group "unknown", ``measure.groups``);
``unmatched_phrases(codebook, hits)`` lists codebook phrases that never matched;
``featured_themes(codebook, measures, chosen)`` the themes figures and the briefing feature.
"""

from __future__ import annotations

import bisect

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis import config, memory
from analysis.measure.themes.codebook import Codebook, CodebookError
from analysis.measure.groups import group_values, plan_attribute
from analysis.measure.concordance.kwic import context_words
from analysis.measure.themes.phrases import PhraseMatcher
from analysis.measure.statistics import keyed_rng, percentile_interval, rate_interval, resample_counts
from analysis.measure.measured_words import reference_spans_by_plan
from analysis.read.citations import wrapped_passage
from analysis.resources import coastal_provinces, province_names, text

HIT_COLUMNS = ["doc_id", "province", "province_2025", "year", "theme", "phrase", "match", "order", "section_path", "section_title",
               "start", "end", "position", "left", "right", "segment_text", "citation", "review"]
MEASURE_COLUMNS = ["doc_id", "province", "province_2025", "year", "theme", "label_en", "label_vi", "hits", "n_tokens", "rate_per_1k",
                   "share", "rank", "ci_low", "ci_high", "share_ci_low", "share_ci_high", "short"]
_NOT_TEXT = {"year", "order", "start", "end", "position", "citation", "review"}  # of HIT_COLUMNS
GROUP_COLUMNS = ["group_by", "group", "theme", "label_en", "label_vi", "n_plans", "hits", "n_tokens", "rate_per_1k", "share"]

def theme_hits(corpus, codebook: Codebook) -> pd.DataFrame:
    """The counted codebook hits in the body of every usable plan (none inside a citation)."""
    return theme_hits_and_citations(corpus, codebook)[0]


def theme_hits_and_citations(corpus, codebook: Codebook) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(counted hits, hits inside bare citations): every codebook hit in the body of every
    usable plan, split by the one rule that decides what counts; see the module docstring."""
    matcher = PhraseMatcher(codebook)
    # Plain dicts, lists and tuples: a pandas lookup (or row) per segment or hit costs more than finding the hit.
    plans = corpus.usable.set_index("doc_id")[["province", "province_2025", "year"]].to_dict("index")
    body = corpus.segments[corpus.segments["is_body"]]
    rows: list[tuple] = []
    fields = ["doc_id", "order", "section_path", "section_title", "text", "start", "end"]
    with memory.collector_paused():
        for segment in zip(*(body[name].tolist() for name in fields)):
            matches = matcher.match(segment[4])
            if matches:
                rows += _segment_hits(corpus, plans[segment[0]], segment, matches)
        # The counted hits, then those in citations, each in text order: two slices of one table
        # rather than two copies taken by a mask (with the columns' types inferred once, on all rows).
        counted = [row for row in rows if not row[-1]]
        rows = counted + [row for row in rows if row[-1]]
        # Column by column (zip transposes in C): a table built from rows first makes one object array of all;
        # the text columns typed as they are (inferring the type of 180,000 values per column took a quarter
        # of a second at 1,000 plans).
        columns = {name: values if name in _NOT_TEXT else _repeated_text(values) if name == "segment_text"
                   else pd.array(values, dtype="str") for name, values in zip(HIT_COLUMNS[:-1], map(list, zip(*rows)))}
        hits = pd.DataFrame(columns if rows else rows, columns=HIT_COLUMNS[:-1])
    hits["year"] = hits["year"].astype("Int64")
    hits["review"] = _review(hits, codebook)
    hits["citation"] = hits["citation"].astype(bool)  # an empty table too
    return hits.iloc[:len(counted)].reset_index(drop=True), hits.iloc[len(counted):].reset_index(drop=True)


def _repeated_text(values: list[str]):
    """A text column whose values repeat (each hit's passage, a few hundred characters, shared by the
    passage's hits): each distinct text encoded once, then expanded by Arrow, which copies bytes instead
    of encoding 180,000 passages again (0.3-0.8 s of matching at 1,000 plans, now 0.2-0.4)."""
    index: dict[str, int] = {}
    codes = [index.setdefault(value, len(index)) for value in values]
    distinct = pa.array(list(index), type=pa.large_string())
    return pd.array(pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32()), distinct).dictionary_decode(),
                    dtype="str")


def _segment_hits(corpus, plan: dict, segment: tuple, matches: list) -> list[tuple]:
    """One segment's matches as rows of ``HIT_COLUMNS`` but ``review``."""
    doc_id, order, path, title, segment_text, segment_start, segment_end = segment
    text = corpus.texts[doc_id]
    # References are read on the plan's text (one may wrap over the segment's line); they are merged,
    # sorted and apart, so the one that can hold a hit is the last one starting at or before it.
    reference_starts, reference_ends = reference_spans_by_plan(corpus, doc_id)
    # The line's whole sentence when it is wrapped: a quote shows what the plan says, not half of it.
    passage = text[slice(*wrapped_passage(text, segment_start, segment_end))]
    length = max(1, len(text))
    rows = []
    for entry, start, end in matches:
        absolute_start, absolute_end = segment_start + start, segment_start + end
        left, right = context_words(text, absolute_start, absolute_end, config.CONTEXT_WINDOW)
        at = bisect.bisect_right(reference_starts, absolute_start) - 1
        rows.append((doc_id, plan["province"], plan["province_2025"], plan["year"], entry["theme"], entry["phrase"],
                     segment_text[start:end], order, path, title, absolute_start, absolute_end,
                     absolute_start / length, left, right, passage,
                     at >= 0 and absolute_end <= reference_ends[at]))
    return rows


def _review(hits: pd.DataFrame, codebook: Codebook) -> np.ndarray:
    """Why a reader should check each hit, or "": a coastal theme in a province known to have no
    sea coast (a plan citing a national coastal scheme, or a misread province)."""
    coastal_themes = [theme.id for theme in codebook.themes if theme.coastal]
    inland = set(province_names()) - coastal_provinces()
    flagged = hits["theme"].isin(coastal_themes) & hits["province"].isin(inland)
    return np.where(flagged, text("theme_review.coastal_inland"), "")


def _segment_tokens(corpus) -> pd.DataFrame:
    """Body word tokens per segment: the denominator the bootstrap resamples."""
    # The two columns counted, not a copy of every column of the token table.
    tokens = corpus.tokens.loc[corpus.tokens["is_body"] & corpus.tokens["is_word"], ["doc_id", "order"]]
    counts = tokens.groupby(["doc_id", "order"]).size().rename("n_tokens").reset_index()
    return counts[counts["n_tokens"] > 0]


def _bootstrap(hit_matrix: np.ndarray, tokens: np.ndarray, rng: np.random.Generator, n_boot: int):
    """Percentile intervals of rate per 1k and share, resampling segments (rows)."""
    weights = resample_counts(rng, len(tokens), n_boot)  # n_boot x segments
    hits = weights @ hit_matrix
    rates = 1000.0 * hits / (weights @ tokens)[:, None]
    totals = hits.sum(axis=1, keepdims=True)
    shares = np.divide(hits, totals, out=np.zeros_like(hits, dtype=float), where=totals > 0)
    return percentile_interval(rates) + percentile_interval(shares)


def theme_measures(corpus, hits: pd.DataFrame, codebook: Codebook,
                   n_boot: int = config.BOOTSTRAP_RESAMPLES, seed: int = config.BOOTSTRAP_SEED) -> pd.DataFrame:
    """One row per (plan, theme) with rates, shares, ranks and intervals; see module docstring."""
    theme_ids = codebook.theme_ids
    segment_tokens = _segment_tokens(corpus)
    # Split once by plan: filtering the whole tables per plan would be quadratic in plans.
    hits_by_plan = dict(tuple(hits.groupby("doc_id", sort=False)))
    tokens_by_plan = dict(tuple(segment_tokens.groupby("doc_id", sort=False)))
    no_hits, no_tokens = hits.iloc[:0], segment_tokens.iloc[:0]
    rows = []
    for doc in corpus.usable.itertuples(index=False):
        doc_hits = hits_by_plan.get(doc.doc_id, no_hits)
        counts = doc_hits["theme"].value_counts().reindex(theme_ids, fill_value=0)
        n_tokens = int(doc.n_tokens) if pd.notna(doc.n_tokens) else 0
        seg = tokens_by_plan.get(doc.doc_id, no_tokens)
        matrix = (doc_hits.groupby(["order", "theme"]).size().unstack(fill_value=0)
                  .reindex(index=seg["order"], columns=theme_ids, fill_value=0).to_numpy(dtype=float))
        if len(seg):
            low, high, share_low, share_high = _bootstrap(matrix, seg["n_tokens"].to_numpy(dtype=float),
                                                          keyed_rng(seed, doc.doc_id), n_boot)
        else:
            low = high = share_low = share_high = np.full(len(theme_ids), np.nan)
        low, high = rate_interval(counts.to_numpy(), n_tokens, low, high)
        short = n_tokens < config.CLAIM_MIN_BODY_WORDS or len(seg) < config.CLAIM_MIN_PASSAGES
        total = counts.sum()
        ranks = counts.rank(ascending=False, method="min").astype(int)
        for k, theme_id in enumerate(theme_ids):
            theme = codebook.theme(theme_id)
            rows.append({
                "doc_id": doc.doc_id, "province": doc.province, "province_2025": doc.province_2025, "year": doc.year, "theme": theme_id,
                "label_en": theme.label_en, "label_vi": theme.label_vi,
                "hits": int(counts[theme_id]), "n_tokens": n_tokens,
                "rate_per_1k": 1000.0 * counts[theme_id] / n_tokens if n_tokens else np.nan,
                "share": counts[theme_id] / total if total else 0.0,
                "rank": int(ranks[theme_id]),
                "ci_low": low[k], "ci_high": high[k], "share_ci_low": share_low[k], "share_ci_high": share_high[k],
                "short": short,
            })
    measures = pd.DataFrame(rows, columns=MEASURE_COLUMNS)
    measures["year"] = measures["year"].astype("Int64")
    return measures


def theme_groups(measures: pd.DataFrame, by: str, plans: pd.DataFrame | None = None,
                 lang: str = config.DEFAULT_LANG) -> pd.DataFrame:
    """Pool plans per ``by`` (a plan attribute: "province", "year", or any column of ``plans``,
    e.g. "resolution" or "issuer"): summed hits over summed tokens. A plan without a value
    for ``by`` is pooled under "unknown" in ``lang`` (``measure.groups``), never dropped."""
    measures = measures.assign(**{by: group_values(plan_attribute(measures, by, plans), lang)})
    tokens = measures.drop_duplicates("doc_id").groupby(by)["n_tokens"].sum()
    plans = measures.groupby(by)["doc_id"].nunique()
    grouped = measures.groupby([by, "theme", "label_en", "label_vi"], sort=False)["hits"].sum().reset_index()
    grouped["n_tokens"] = grouped[by].map(tokens)
    grouped["n_plans"] = grouped[by].map(plans)
    grouped["rate_per_1k"] = 1000.0 * grouped["hits"] / grouped["n_tokens"]
    totals = grouped.groupby(by)["hits"].transform("sum")
    grouped["share"] = np.where(totals > 0, grouped["hits"] / totals.where(totals > 0, 1), 0.0)
    grouped = grouped.rename(columns={by: "group"})
    grouped.insert(0, "group_by", by)
    return grouped[GROUP_COLUMNS]


def unmatched_phrases(codebook: Codebook, hits: pd.DataFrame) -> pd.DataFrame:
    """Codebook phrases with no hit anywhere in the corpus: ``theme, phrase, rule``."""
    used = set(zip(hits["theme"], hits["phrase"]))
    rows = []
    for entry in codebook.phrases.itertuples(index=False):
        if (entry.theme, entry.phrase) in used:
            continue
        rule = []
        if entry.requires:
            rule.append("requires " + " / ".join(" ".join(p) for p in entry.requires))
        if entry.excludes:
            rule.append("excludes " + " / ".join(" ".join(p) for p in entry.excludes))
        rows.append({"theme": entry.theme, "phrase": entry.phrase, "rule": "; ".join(rule)})
    return pd.DataFrame(rows, columns=["theme", "phrase", "rule"]).drop_duplicates().reset_index(drop=True)


def theme_salience_order(measures: pd.DataFrame) -> list[str]:
    """Theme ids by pooled rate over the whole corpus, most salient first (ties: codebook order)."""
    order = list(dict.fromkeys(measures["theme"]))
    pooled = measures.groupby("theme", sort=False)["hits"].sum() / max(1, measures.drop_duplicates("doc_id")["n_tokens"].sum())
    return sorted(order, key=lambda theme: (-pooled.get(theme, 0.0), order.index(theme)))


def featured_themes(codebook: Codebook, measures: pd.DataFrame, chosen: list[str] | None = None) -> list[str]:
    """``chosen`` if given, else the codebook's featured themes, else its most salient ones."""
    if chosen:
        unknown = set(chosen) - set(codebook.theme_ids)
        if unknown:
            raise CodebookError(f"unknown theme(s) {', '.join(sorted(unknown))}; use ids from {codebook.path}")
        return list(chosen)
    if codebook.featured:
        return codebook.featured
    return theme_salience_order(measures)[:config.FEATURED_THEMES_FALLBACK]


def section_boundaries(corpus) -> pd.DataFrame:
    """Where each roman-numbered section starts, as a share of the plan's text: ``doc_id, section, position``."""
    heads = corpus.segments[corpus.segments["kind"] == "section"]
    lengths = {doc_id: max(1, len(text)) for doc_id, text in corpus.texts.items()}
    return pd.DataFrame({
        "doc_id": heads["doc_id"].to_numpy(),
        "section": heads["section"].to_numpy(),
        "position": [start / lengths[doc] for doc, start in zip(heads["doc_id"], heads["start"])],
    })
