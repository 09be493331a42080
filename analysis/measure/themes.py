"""Measure how much each plan says about each theme of the codebook, with evidence.

``theme_hits(corpus, codebook)`` -- the evidence: one row per hit (``HIT_COLUMNS``):
``doc_id, province, year, theme, phrase`` (the codebook entry), ``match`` (as written),
``order, section_path, section_title`` (the body segment), ``start, end`` (offsets in
the normalised text), ``position`` (start / text length, 0..1), ``left, right``
(KWIC context) and ``segment_text`` (the whole passage).

Matching runs on body segments only (header, title, distribution list and signature are
excluded), on whole syllables, case- and tone-placement-insensitive, never across
clause punctuation. All candidate matches are collected, then accepted longest first
(ties: earlier position, then codebook order), so a span counts once:
"hệ thống xử lý nước thải" is one wastewater hit, not also "nước thải".

``theme_measures(corpus, hits, codebook)`` -- one row per (plan, theme), every theme for
every plan, zeros included (``MEASURE_COLUMNS``): ``hits``; ``n_tokens`` (body word
tokens); ``rate_per_1k`` (hits per 1,000 tokens); ``share`` (of the plan's theme hits,
0 when it has none); ``rank`` (1 = most hits in the plan, ties share a rank); ``ci_low,
ci_high`` (percentile interval of ``rate_per_1k`` at ``config.CONFIDENCE_LEVEL``) and ``share_ci_low,
share_ci_high`` from a bootstrap that resamples the plan's body segments with
replacement. Each plan's generator is seeded from ``seed`` and its doc_id, so adding a
plan never changes another plan's interval.

``theme_groups(measures, by)`` pools plans per province or per year;
``unmatched_phrases(codebook, hits)`` lists codebook phrases that never matched.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

import numpy as np
import pandas as pd

from analysis import config
from analysis.measure.codebook import Codebook
from analysis.measure.kwic import context_words
from analysis.read.normalize import fold

HIT_COLUMNS = ["doc_id", "province", "province_2025", "year", "theme", "phrase", "match", "order", "section_path", "section_title",
               "start", "end", "position", "left", "right", "segment_text"]
MEASURE_COLUMNS = ["doc_id", "province", "province_2025", "year", "theme", "label_en", "label_vi", "hits", "n_tokens", "rate_per_1k",
                   "share", "rank", "ci_low", "ci_high", "share_ci_low", "share_ci_high"]
GROUP_COLUMNS = ["group_by", "group", "theme", "label_en", "label_vi", "n_plans", "hits", "n_tokens", "rate_per_1k", "share"]

# The interval's ends as percentiles (2.5 and 97.5 for a 95% interval); rounded so that
# 0.95 written in binary does not move them by 1e-15.
_PERCENTILES = (round(50 * (1 - config.CONFIDENCE_LEVEL), 10), round(50 * (1 + config.CONFIDENCE_LEVEL), 10))
_TOKEN = re.compile(r"[^\W_]+|[.,;:!?()\[\]{}\"“”‘’…]")
_BREAKS = set(".,;:!?()[]{}\"“”‘’…")


def _words(text: str) -> list[tuple[str, int, int, int]]:
    """(folded word, start, end, clause number) for each word of a segment."""
    words, clause = [], 0
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in _BREAKS:
            clause += 1
        else:
            words.append((fold(token), match.start(), match.end(), clause))
    return words


def _contains(sequence: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(sequence[j:j + n]) == phrase for j in range(len(sequence) - n + 1))


class _Matcher:
    def __init__(self, codebook: Codebook):
        self.entries = codebook.phrases.to_dict("records")
        self.by_first: dict[str, list[int]] = defaultdict(list)
        for index, entry in enumerate(self.entries):
            self.by_first[entry["key"][0]].append(index)

    def _rules_pass(self, entry: dict, folded: list[str], i: int, n: int) -> bool:
        window = entry["window"]
        context = (folded[max(0, i - window):i], folded[i + n:i + n + window])
        if entry["requires"] and not any(_contains(side, p) for p in entry["requires"] for side in context):
            return False
        return not any(_contains(side, p) for p in entry["excludes"] for side in context)

    def match(self, text: str) -> list[tuple[dict, int, int]]:
        """(entry, char start, char end) of the accepted matches in one segment."""
        words = _words(text)
        folded = [w[0] for w in words]
        candidates = []
        for i, word in enumerate(folded):
            for index in self.by_first.get(word, ()):
                entry = self.entries[index]
                n = len(entry["key"])
                if tuple(folded[i:i + n]) != entry["key"] or words[i][3] != words[i + n - 1][3]:
                    continue
                if self._rules_pass(entry, folded, i, n):
                    candidates.append((-n, i, index))
        taken = [False] * len(words)
        accepted = []
        for negative_length, i, index in sorted(candidates):
            span = range(i, i - negative_length)
            if any(taken[k] for k in span):
                continue
            for k in span:
                taken[k] = True
            accepted.append((self.entries[index], words[i][1], words[i - negative_length - 1][2]))
        return sorted(accepted, key=lambda a: a[1])


def theme_hits(corpus, codebook: Codebook) -> pd.DataFrame:
    """Every codebook hit in the body of every usable plan; see the module docstring."""
    matcher = _Matcher(codebook)
    meta = corpus.usable.set_index("doc_id")
    body = corpus.segments[corpus.segments["is_body"]]
    rows = []
    for segment in body.itertuples(index=False):
        text = corpus.texts[segment.doc_id]
        for entry, start, end in matcher.match(segment.text):
            absolute_start, absolute_end = segment.start + start, segment.start + end
            left, right = context_words(text, absolute_start, absolute_end, config.CONTEXT_WINDOW)
            rows.append({
                "doc_id": segment.doc_id,
                "province": meta.at[segment.doc_id, "province"],
                "province_2025": meta.at[segment.doc_id, "province_2025"],
                "year": meta.at[segment.doc_id, "year"],
                "theme": entry["theme"], "phrase": entry["phrase"], "match": segment.text[start:end],
                "order": segment.order, "section_path": segment.section_path, "section_title": segment.section_title,
                "start": absolute_start, "end": absolute_end, "position": absolute_start / max(1, len(text)),
                "left": left, "right": right, "segment_text": segment.text,
            })
    hits = pd.DataFrame(rows, columns=HIT_COLUMNS)
    hits["year"] = hits["year"].astype("Int64")
    return hits


def _segment_tokens(corpus) -> pd.DataFrame:
    """Body word tokens per segment: the denominator the bootstrap resamples."""
    tokens = corpus.tokens[corpus.tokens["is_body"] & corpus.tokens["is_word"]]
    counts = tokens.groupby(["doc_id", "order"]).size().rename("n_tokens").reset_index()
    return counts[counts["n_tokens"] > 0]


def _doc_rng(seed: int, doc_id: str) -> np.random.Generator:
    return np.random.default_rng([seed, int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:12], 16)])


def _bootstrap(hit_matrix: np.ndarray, tokens: np.ndarray, rng: np.random.Generator, n_boot: int):
    """Percentile intervals of rate per 1k and share, resampling segments (rows)."""
    n = len(tokens)
    weights = rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot)  # n_boot x segments
    hits = weights @ hit_matrix
    rates = 1000.0 * hits / (weights @ tokens)[:, None]
    totals = hits.sum(axis=1, keepdims=True)
    shares = np.divide(hits, totals, out=np.zeros_like(hits, dtype=float), where=totals > 0)
    low, high = _PERCENTILES
    return (np.percentile(rates, low, axis=0), np.percentile(rates, high, axis=0),
            np.percentile(shares, low, axis=0), np.percentile(shares, high, axis=0))


def theme_measures(corpus, hits: pd.DataFrame, codebook: Codebook,
                   n_boot: int = config.BOOTSTRAP_RESAMPLES, seed: int = config.BOOTSTRAP_SEED) -> pd.DataFrame:
    """One row per (plan, theme) with rates, shares, ranks and intervals; see module docstring."""
    theme_ids = codebook.theme_ids
    segment_tokens = _segment_tokens(corpus)
    rows = []
    for doc in corpus.usable.itertuples(index=False):
        doc_hits = hits[hits["doc_id"] == doc.doc_id]
        counts = doc_hits["theme"].value_counts().reindex(theme_ids, fill_value=0)
        n_tokens = int(doc.n_tokens) if pd.notna(doc.n_tokens) else 0
        seg = segment_tokens[segment_tokens["doc_id"] == doc.doc_id]
        matrix = (doc_hits.groupby(["order", "theme"]).size().unstack(fill_value=0)
                  .reindex(index=seg["order"], columns=theme_ids, fill_value=0).to_numpy(dtype=float))
        if len(seg):
            low, high, share_low, share_high = _bootstrap(matrix, seg["n_tokens"].to_numpy(dtype=float),
                                                          _doc_rng(seed, doc.doc_id), n_boot)
        else:
            low = high = share_low = share_high = np.full(len(theme_ids), np.nan)
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
            })
    measures = pd.DataFrame(rows, columns=MEASURE_COLUMNS)
    measures["year"] = measures["year"].astype("Int64")
    return measures


def theme_groups(measures: pd.DataFrame, by: str) -> pd.DataFrame:
    """Pool plans per ``by`` (a plan attribute: "province", "province_2025", "year"): summed hits over summed tokens."""
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


def section_boundaries(corpus) -> pd.DataFrame:
    """Where each roman-numbered section starts, as a share of the plan's text: ``doc_id, section, position``."""
    heads = corpus.segments[corpus.segments["kind"] == "section"]
    lengths = {doc_id: max(1, len(text)) for doc_id, text in corpus.texts.items()}
    return pd.DataFrame({
        "doc_id": heads["doc_id"].to_numpy(),
        "section": heads["section"].to_numpy(),
        "position": [start / lengths[doc] for doc, start in zip(heads["doc_id"], heads["start"])],
    })
