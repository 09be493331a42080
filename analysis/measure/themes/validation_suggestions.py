"""Suggested codebook edits from a validation, never applied: the researcher decides.

``phrase_suggestions(missed, others, codebook, theme)`` -- for the units coders coded to
``theme`` and no phrase found (``missed``, a list of each unit's features), the features
over-represented in them against every other unit (``others``: summed feature counts), ranked by
how many missed units hold the feature, then by keyness (``vocabulary.keyness``: signed G2 with
Williams's correction): ``SUGGESTION_COLUMNS``
= ``theme, phrase`` (the feature's words as the codebook writes them, "nước biển dâng"),
``G2, n_missed, n_others, other_theme`` (a theme already listing the phrase: both entries then
need a context rule). Features already a phrase of ``theme`` are left out, as are those seen
in fewer than ``config.VALIDATION_SUGGEST_MIN_COUNT`` of the missed units (one when only one
unit was missed); the ``config.VALIDATION_SUGGESTIONS`` strongest are kept.

``context_rules(false_hits, true_hits)`` -- for each phrase that fired where coders did not
read the theme: ``theme, phrase, n_false, n_true, excludes`` (a syllable within
``config.CODEBOOK_RULE_WINDOW`` of the phrase in most false positives and in none of its true
positives, "" when none tells them apart). ``suggestions_yaml(phrases, rules, lang)`` writes
both as YAML to paste under a theme's ``phrases:`` in themes.yml, each entry with a comment
giving its evidence.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import yaml

from analysis import config
from analysis.measure.features import VietnameseAnalyzer, dfm
from analysis.measure.themes.codebook import Codebook, syllables
from analysis.measure.vocabulary.keyness import keyness
from analysis.read.tokenize import stopwords
from analysis.resources import text

SUGGESTION_COLUMNS = ["theme", "phrase", "G2", "n_missed", "n_others", "other_theme"]
RULE_COLUMNS = ["theme", "phrase", "n_false", "n_true", "excludes"]


def phrase_suggestions(missed: list[list[str]], others: Counter, codebook: Codebook, theme: str) -> pd.DataFrame:
    """Candidate phrases for ``theme`` from its missed units; see the module docstring."""
    target = Counter(feature for unit in missed for feature in unit)
    features = sorted(set(target) | set(others))
    if not target or not others:
        return pd.DataFrame(columns=SUGGESTION_COLUMNS)
    table = keyness([target[f] for f in features], [others[f] for f in features], features, min_count=1)
    # A phrase worth adding recurs across the missed passages (not once, many times) and is rare
    # elsewhere: ranked by how many missed units hold it, then by G2.
    coverage = Counter(feature for unit in missed for feature in set(unit))
    table = table.assign(units=table["feature"].map(coverage))
    least = min(config.VALIDATION_SUGGEST_MIN_COUNT, len(missed))
    table = table[(table["G2"] > 0) & (table["units"] >= least)]
    # Within a tie the longer phrase first, and its pieces with the same count not again (as tfidf's top terms).
    table = table.assign(words=table["feature"].str.count(r"[ _]") + 1)
    table = table.sort_values(["units", "G2", "words", "feature"], ascending=[False, False, False, True], kind="mergesort")
    listed = codebook.phrases.set_index("key")["theme"]
    rows = []
    for row in table.itertuples(index=False):
        phrase = row.feature.replace("_", " ")
        key = syllables(phrase)
        owners = set(listed[listed.index == key]) if key in set(listed.index) else set()
        if theme in owners or any(f" {phrase} " in f" {r['phrase']} " and r["n_missed"] == row.n_target for r in rows):
            continue
        rows.append({"theme": theme, "phrase": phrase, "G2": float(row.G2), "n_missed": int(row.n_target),
                     "n_others": int(row.n_reference), "other_theme": "; ".join(sorted(owners))})
        if len(rows) == config.VALIDATION_SUGGESTIONS:
            break
    return pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)


def _context(left: str, right: str) -> set[str]:
    """The folded syllables within the rule window of a match, stopwords left out."""
    window = config.CODEBOOK_RULE_WINDOW
    words = syllables(left)[-window:] + syllables(right)[:window]
    dropped = {w.replace("_", " ") for w in stopwords()}
    return {w for w in words if w not in dropped and w.isalpha()}


def context_rules(false_hits: pd.DataFrame, true_hits: pd.DataFrame) -> pd.DataFrame:
    """Per (theme, phrase) that fired in a false positive: a candidate ``excludes`` word."""
    rows = []
    for (theme, phrase), group in false_hits.groupby(["theme", "phrase"], sort=True):
        true = true_hits[(true_hits["theme"] == theme) & (true_hits["phrase"] == phrase)]
        near_false = Counter(w for r in group.itertuples() for w in _context(r.left, r.right))
        near_true = set().union(*[_context(r.left, r.right) for r in true.itertuples()]) if len(true) else set()
        candidates = sorted(((-n, w) for w, n in near_false.items() if w not in near_true))
        rows.append({"theme": theme, "phrase": phrase, "n_false": len(group), "n_true": len(true),
                     "excludes": candidates[0][1] if candidates else ""})
    return pd.DataFrame(rows, columns=RULE_COLUMNS)


def _entry(item: dict, comment: str) -> str:
    """One ``- phrase: ...`` entry of a theme's list, its comment on the first line."""
    lines = yaml.safe_dump([item], allow_unicode=True, sort_keys=False, width=200).splitlines()
    lines[0] += f"  # {comment}"
    return "".join(f"  {line}\n" for line in lines)


def suggestions_yaml(phrases: pd.DataFrame, rules: pd.DataFrame, lang: str = config.DEFAULT_LANG,
                     codebook_name: str = config.CODEBOOK_NAME) -> str:
    """Both kinds of suggestion as YAML: theme id -> entries to paste under its ``phrases:``."""
    out = [f"# {line}\n" for line in text("validation.suggestions_header", lang, codebook=codebook_name).split("\n")]
    for theme in sorted(set(phrases["theme"]) | set(rules["theme"])):
        out.append(f"{theme}:\n")
        for row in phrases[phrases["theme"] == theme].itertuples(index=False):
            comment = text("validation.suggest_phrase", lang, g2=f"{row.G2:.1f}", n_missed=row.n_missed,
                           n_others=row.n_others)
            if row.other_theme:
                comment += "; " + text("validation.suggest_shared", lang, other=row.other_theme)
            out.append(_entry({"phrase": row.phrase}, comment))
        for row in rules[rules["theme"] == theme].itertuples(index=False):
            item = {"phrase": row.phrase, **({"excludes": [row.excludes]} if row.excludes else {})}
            key = "validation.suggest_rule" if row.excludes else "validation.suggest_no_rule"
            out.append(_entry(item, text(key, lang, n_false=row.n_false, n_true=row.n_true, word=row.excludes)))
    if len(out) == len(text("validation.suggestions_header", lang, codebook=codebook_name).split("\n")):
        out.append("{}\n")  # nothing to suggest: still a YAML document (an empty mapping)
    return "".join(out)


def passage_features(corpus, missed: pd.DataFrame, texts: pd.Series) -> tuple[list[list[str]], Counter]:
    """(features of each missed unit, summed features of every other passage of the corpus).

    From the corpus's one matrix (``features.dfm``: words and n-grams up to
    ``config.TFIDF_NGRAM_MAX``, boilerplate left out): a missed unit is its passage's row (a sentence
    unit counts its whole passage). A unit no longer in the corpus (``missed`` rows without
    ``order``) is segmented from its text (``texts``: unit_id -> text)."""
    matrix = dfm(corpus)
    analyzer = VietnameseAnalyzer(ngram_range=(1, config.TFIDF_NGRAM_MAX), remove_boilerplate=True)
    columns = np.flatnonzero(matrix.columns(analyzer))
    names = matrix.features[columns]
    index = {key: i for i, key in enumerate(zip(matrix.rows["doc_id"], matrix.rows["order"]))}
    rows = [index.get((d, o)) for d, o in zip(missed["doc_id"], missed["order"])]
    counts = matrix.counts[:, columns]
    features = []
    for row, uid in zip(rows, missed["unit_id"]):
        if row is None:
            features.append(analyzer(str(texts.get(uid, ""))))
        else:
            line = counts[row]
            features.append([f for f, n in zip(names[line.indices], line.data) for _ in range(int(n))])
    kept = np.ones(counts.shape[0], dtype=bool)
    kept[[r for r in rows if r is not None]] = False
    totals = np.asarray(counts[kept].sum(axis=0)).ravel()
    return features, Counter({f: int(n) for f, n in zip(names, totals) if n})
