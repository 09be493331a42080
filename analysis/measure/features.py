"""Turn plans into word features: one document-feature matrix per corpus, and the analyzer.

Words, syllables and features, as every measure and the README use them:

- a *syllable* is what Vietnamese writes between spaces ("nước", "thải");
- a *word* is a token of underthesea's segmentation: one syllable or several joined by "_"
  ("nước_thải"), lower-cased (NFC). Numbers, punctuation, roman numerals and the syllables
  the segmenter leaves stranded ("hóa" cut from "công nghiệp hóa", ``data/fragments_vi.txt``)
  are not words;
- a *feature* is a word that is not a stopword (``data/stopwords_vi.txt``), or an n-gram of
  2 to ``config.TFIDF_NGRAM_MAX`` words joined by a space ("chất_thải y_tế"): n words
  adjacent in the text within one clause, so a phrase a reader is shown is written in the
  plan as shown. A stopword, punctuation, a number or anything else that is not a word
  ends the run of words an n-gram is taken from, as does the end of the passage (nothing
  is skipped: "doanh nghiệp và từng người dân" gives no "doanh_nghiệp người_dân"). An
  n-gram's first and last words are content words: not stopwords and, where boilerplate
  is dropped (``data/boilerplate_vi.txt``; always in the shared matrix, as TF-IDF counts
  them), not boilerplate, which may still sit inside ("xử_lý thực_hiện nước_thải");
- a *passage* is a body segment (an item or paragraph) other than the "Căn cứ" preamble, and
  its words are its *measured tokens*: none inside a citation (``measured_words``).

``dfm(corpus)`` returns the corpus's ``DocumentFeatures``, built once and kept in
``corpus.derived``: ``counts`` (sparse, passages x features), ``features`` (their names,
sorted) and ``rows`` (``doc_id, order, n_tokens``: the passage, and its measured tokens). Its
features are every word, boilerplate words included, and the n-grams. The counts of a
plan, a group of plans or a topic unit (a run of passages) are sums of its rows, and each
measure takes the columns it needs:

================  ==========================================================================
measure           features
================  ==========================================================================
TF-IDF top terms  words and n-grams up to ``config.TFIDF_NGRAM_MAX``, boilerplate words left
                  out; per plan or per group of plans (``vocabulary``)
plan similarity   words, boilerplate words left out; per plan (``vocabulary``)
keyness           words, boilerplate words left out; per plan, year or province (``keyness``)
topics            words, boilerplate kept (``topic_vocabulary`` decides which to leave out);
                  per topic unit (``topics.unit_counts``)
collocations      words per plan, boilerplate kept; adjacent pairs from ``feature_words``
================  ==========================================================================

What cannot be shared: a collocation is two words adjacent with boilerplate *kept*, while
the matrix's n-grams never start or end with boilerplate ("A thực_hiện" is none), so
collocations count pairs from ``feature_words(corpus)``: each passage's words, stopwords
out, the input the matrix is built from (kept in ``corpus.derived`` too). n-grams with
boilerplate kept, or another stopword list, are not in the matrix either:
``document_term_matrix`` vectorises the plans again for those (only the command line asks,
``keyness --keep-boilerplate --ngram 2``).

``runs_of_passages(corpus, units)`` sums the rows of runs of passages (``topics``' units):
the word counts (boilerplate kept) per unit, and the words.

``VietnameseAnalyzer`` is the same definition as a callable for ``CountVectorizer(analyzer=...)``
and ``TfidfVectorizer(analyzer=...)``. It accepts a raw string (normalised and segmented
with underthesea), a list of tokens, or a list of segments (each a list of tokens), and
returns its features (boilerplate dropped too if asked: no word of it, and no n-gram starting
or ending with it). Why our
own analyzer: scikit-learn's default ``token_pattern`` drops one-letter Vietnamese words
(ở, ý) and splits compounds.

``plan_documents(corpus, by)`` returns the measured tokens of each plan (or each province
or year: ``by`` = ``doc_id`` | ``province`` | ``year``) as lists of segments, with a
metadata table aligned to them (``doc_id, province, province_2025, year`` or the group key).

``document_term_matrix(corpus, by, analyzer)`` returns ``(matrix, features, documents)``: a
sparse count matrix (documents x features, int64, as ``CountVectorizer`` gives), the
feature names, and the documents' metadata table; sums of ``dfm`` rows whenever the
analyzer's features are in it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from analysis import config
from analysis.read.normalize import normalize_text
from analysis.measure.groups import group_values
from analysis.measure.measured_words import measured_runs, measured_tokens
from analysis.read.tokenize import boilerplate, fragments, stopwords, tokenize_line
from analysis.resources import collated


# Roman numerals number the sections ("IX. TỔ CHỨC THỰC HIỆN"): structure, not vocabulary.
_ROMAN = re.compile(r"^(?=[ivxl])(xl|l?x{0,3})(ix|iv|v?i{0,3})$")


@lru_cache(maxsize=500_000)
def _word(token: str) -> str:
    """A token as a feature: NFC, lower case; "" for numbers, punctuation, roman numerals and
    the syllables the segmenter leaves stranded (``data/fragments_vi.txt``). Cached: a
    corpus repeats a few tens of thousands of words millions of times."""
    word = unicodedata.normalize("NFC", token).lower()
    if not any(c.isalpha() for c in word) or _ROMAN.match(word.rstrip(".")) or word in fragments():
        return ""
    return word


def _words(segment, dropped: frozenset[str]) -> list[str]:
    """The words of one segment's tokens, less ``dropped`` (the one rule both the analyzer and the matrix use)."""
    return [w for w in map(_word, segment) if w and w not in dropped]


def _phrases(segment, breaks: frozenset[str], ends: frozenset[str], low: int, high: int) -> list[str]:
    """The n-grams (``low`` to ``high`` words, ``low`` >= 2) of one segment's tokens: n words
    adjacent in a run that a token which is no word, or is in ``breaks``, ends; the first and
    last words not in ``ends``. Runs, not words with the others dropped: a phrase shown to a
    reader must be written in the text."""
    runs, run = [], []
    for token in segment:
        word = _word(token)
        if word and word not in breaks:
            run.append(word)
        else:
            runs.append(run)
            run = []
    runs.append(run)
    return [" ".join(run[i:i + n]) for run in runs for n in range(low, high + 1) for i in range(len(run) - n + 1)
            if run[i] not in ends and run[i + n - 1] not in ends]


@dataclass
class VietnameseAnalyzer:
    """Features of one document; see the module docstring. Picklable and comparable."""

    ngram_range: tuple[int, int] = (1, 1)
    remove_stopwords: bool = True
    remove_boilerplate: bool = False
    extra_stopwords: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self):
        low, high = self.ngram_range
        if not 1 <= low <= high <= 3:
            raise ValueError("ngram_range must satisfy 1 <= low <= high <= 3")

    def _breaks(self) -> frozenset[str]:
        """The words that end a run of words (an n-gram never spans them): stopwords."""
        return frozenset(self.extra_stopwords) | (stopwords() if self.remove_stopwords else frozenset())

    def _dropped(self) -> frozenset[str]:
        return self._breaks() | (boilerplate() if self.remove_boilerplate else frozenset())

    def _segments(self, document) -> list[list[str]]:
        if isinstance(document, str):
            return [tokenize_line(line) for line in normalize_text(document).split("\n") if line.strip()]
        if document and all(isinstance(item, str) for item in document):
            return [list(document)]
        return [list(segment) for segment in document]

    def __call__(self, document) -> list[str]:
        breaks, dropped = self._breaks(), self._dropped()
        low, high = self.ngram_range
        features = []
        for segment in self._segments(document):
            if low == 1:
                features += _words(segment, dropped)
            if high >= 2:
                features += _phrases(segment, breaks, dropped, max(low, 2), high)
        return features


def feature_words(corpus) -> pd.Series:
    """Each passage's words (of its ``measured_tokens``), stopwords out, indexed by (doc_id, order);
    kept in ``corpus.derived``."""
    if "feature_words" not in corpus.derived:
        dropped = stopwords()
        corpus.derived["feature_words"] = measured_tokens(corpus).map(lambda segment: _words(segment, dropped))
    return corpus.derived["feature_words"]


@dataclass(frozen=True)
class _PassageFeatures:
    """The matrix's features of one passage's tokens: every word (boilerplate included), and
    the n-grams of 2 to ``ngram_max`` words that neither start nor end with boilerplate (what
    TF-IDF counts)."""

    ngram_max: int

    def __call__(self, tokens: list[str]) -> list[str]:
        breaks = stopwords()
        return _words(tokens, breaks) + _phrases(tokens, breaks, breaks | boilerplate(), 2, self.ngram_max)


@dataclass
class DocumentFeatures:
    """A corpus's passages x features counts; see the module docstring."""

    counts: sparse.csr_matrix
    features: np.ndarray
    rows: pd.DataFrame  # doc_id, order, n_tokens

    @property
    def n_words(self) -> np.ndarray:
        """Words per feature: 1 for a word, n for an n-gram."""
        return np.fromiter((f.count(" ") + 1 for f in self.features), dtype=int, count=len(self.features))

    def columns(self, analyzer: VietnameseAnalyzer) -> np.ndarray:
        """Which features ``analyzer`` gives, as a boolean mask (``shares_matrix(analyzer)`` must hold)."""
        if not shares_matrix(analyzer):
            raise ValueError("the shared matrix does not have this analyzer's features")
        low, high = analyzer.ngram_range
        n_words = self.n_words
        mask = (n_words >= low) & (n_words <= high)
        if analyzer.remove_boilerplate:
            dropped = boilerplate()
            mask &= np.fromiter((f not in dropped for f in self.features), dtype=bool, count=len(self.features))
        return mask


def shares_matrix(analyzer: VietnameseAnalyzer) -> bool:
    """Whether ``dfm`` has all of ``analyzer``'s features: not n-grams with boilerplate kept
    (the matrix's n-grams skip it), nor another stopword list."""
    low, high = analyzer.ngram_range
    return analyzer.remove_stopwords and not analyzer.extra_stopwords and high <= config.TFIDF_NGRAM_MAX and \
        (high == 1 or analyzer.remove_boilerplate)


def dfm(corpus) -> DocumentFeatures:
    """The corpus's document-feature matrix, built once (``corpus.derived``); see the module docstring."""
    if "document_features" not in corpus.derived:
        words = feature_words(corpus)
        index = words.index.to_frame(index=False, name=["doc_id", "order"]) if len(words) else \
            pd.DataFrame({"doc_id": pd.Series(dtype=object), "order": pd.Series(dtype=int)})
        rows = index.assign(n_tokens=measured_tokens(corpus).map(len).to_numpy(dtype=int))
        # int32 counts: the passage matrix is kept for the whole run; sums of it are int64.
        vectorizer = CountVectorizer(analyzer=_PassageFeatures(config.TFIDF_NGRAM_MAX), dtype=np.int32)
        try:
            # The passages' tokens, not their words: an n-gram never spans a dropped token (nor
            # a citation taken out: measured_runs marks where it was).
            passages = measured_runs(corpus).loc[words.index]
            counts, features = vectorizer.fit_transform(list(passages)), vectorizer.get_feature_names_out()
        except ValueError:  # not one countable word in any passage
            counts, features = sparse.csr_matrix((len(rows), 0), dtype=np.int32), np.array([], dtype=object)
        counts = counts.tocsr()
        # Each row's columns in order, as the matrix assembled from kept plans has them
        # (measure.plan_features); scikit-learn leaves them in the order words were first seen,
        # and its flag saying they are sorted stale.
        counts.has_sorted_indices = False
        counts.sort_indices()
        corpus.derived["document_features"] = DocumentFeatures(counts, np.asarray(features, dtype=object), rows)
    return corpus.derived["document_features"]


def sum_rows(matrix, groups: np.ndarray, n_groups: int) -> sparse.csr_matrix:
    """Rows of ``matrix`` summed per group (``groups[i]``: row i's group, -1 for none), as int64."""
    groups = np.asarray(groups)
    keep = np.flatnonzero(groups >= 0)
    indicator = sparse.csr_matrix((np.ones(len(keep), dtype=np.int64), (groups[keep], keep)),
                                  shape=(n_groups, matrix.shape[0]))
    summed = (indicator @ matrix).astype(np.int64, copy=False).tocsr()
    summed.sort_indices()
    return summed


def keep_columns(matrix, features, mask) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The columns in ``mask`` that occur in some row: what ``CountVectorizer`` would have
    listed for these documents (it never lists a feature no document has)."""
    matrix = sparse.csr_matrix(matrix)[:, np.flatnonzero(mask)]
    present = np.flatnonzero(document_frequency(matrix) > 0)
    matrix = matrix[:, present].tocsr()
    matrix.sort_indices()
    return matrix, np.asarray(features, dtype=object)[np.flatnonzero(mask)][present]


def document_frequency(matrix) -> np.ndarray:
    """Documents (rows) each feature occurs in, of a count matrix without duplicate entries (as
    scikit-learn's vectorisers and ``sum_rows`` give)."""
    matrix = sparse.csr_matrix(matrix)
    return np.bincount(matrix.indices, minlength=matrix.shape[1])


def runs_of_passages(corpus, units: pd.DataFrame):
    """Word counts (boilerplate kept) of runs of passages, as sums of ``dfm`` rows, and the
    words: ``units`` has one row per run (``doc_id``, ``orders`` "3" or "3-7", and ``tokens``,
    its passages' token lists), as ``topics.topic_units`` gives. A passage belongs to the run of
    its plan whose ``orders`` span its order. None when the runs' token totals say they are not
    runs of this corpus's passages (then the caller counts their tokens itself)."""
    shared = dfm(corpus)
    bounds = units["orders"].astype(str).str.split("-")
    plans = {doc_id: i for i, doc_id in enumerate(pd.unique(units["doc_id"]))}  # integer keys: doc_id dtypes vary
    spans = pd.DataFrame({"plan": units["doc_id"].map(plans).to_numpy(dtype=int),
                          "start": bounds.str[0].astype(int).to_numpy(), "end": bounds.str[-1].astype(int).to_numpy(),
                          "unit": np.arange(len(units))})
    rows = pd.DataFrame({"plan": shared.rows["doc_id"].map(plans).fillna(-1).to_numpy(dtype=int),
                         "order": shared.rows["order"].to_numpy(dtype=int), "row": np.arange(len(shared.rows)),
                         "n_tokens": shared.rows["n_tokens"].to_numpy(dtype=int)})
    merged = pd.merge_asof(rows.sort_values("order"), spans.sort_values("start"), left_on="order", right_on="start",
                           by="plan", direction="backward")
    inside = merged["unit"].notna() & (merged["order"] <= merged["end"])
    groups = np.full(len(rows), -1)
    groups[merged.loc[inside, "row"].to_numpy()] = merged.loc[inside, "unit"].to_numpy(dtype=int)
    mapped = groups >= 0
    totals = np.bincount(groups[mapped], weights=rows["n_tokens"].to_numpy()[mapped], minlength=len(units))
    if not np.array_equal(totals, units["tokens"].map(lambda segments: sum(map(len, segments))).to_numpy()):
        return None
    return keep_columns(sum_rows(shared.counts, groups, len(units)), shared.features,
                        shared.columns(VietnameseAnalyzer()))


def _groups(corpus, by: str, lang: str = config.DEFAULT_LANG):
    """The documents' keys in table order, each plan's key, and the documents' table; a plan
    without ``by`` is pooled in the group "unknown" (``measure.groups``), never dropped."""
    if by not in ("doc_id", "province", "province_2025", "year"):
        raise ValueError("by must be doc_id, province, province_2025 or year")
    meta = corpus.usable[["doc_id", "province", "province_2025", "year"]].reset_index(drop=True)
    meta = meta.sort_values(["year", "province", "doc_id"], na_position="last", key=collated)
    if by != "doc_id":
        meta[by] = group_values(meta[by], lang)
    keys = list(dict.fromkeys(meta[by]))
    table = meta.set_index("doc_id").loc[keys].reset_index() if by == "doc_id" else pd.DataFrame({by: keys})
    return keys, dict(zip(meta["doc_id"], meta[by])), table


def plans_in_table_order(corpus) -> list[str]:
    """The usable plans' doc_ids in the order of ``document_term_matrix``'s rows (issue year, province, doc_id)."""
    return _groups(corpus, "doc_id")[0]


def plan_documents(corpus, by: str = "doc_id", lang: str = config.DEFAULT_LANG) -> tuple[list[list[list[str]]], pd.DataFrame]:
    """Measured tokens (``measured_tokens``) per plan (or per province / year) as segments of tokens, with metadata."""
    keys, key_of, table = _groups(corpus, by, lang)
    # One pass over the token table (measured_tokens), then plans gathered per key: linear in plans.
    words = measured_tokens(corpus)
    per_plan: dict[str, list[list[str]]] = {doc_id: [] for doc_id in key_of}
    for (doc_id, _), segment in sorted(words.items(), key=lambda item: item[0]):
        if doc_id in per_plan:
            per_plan[doc_id].append(segment)
    members: dict = {}
    for doc_id in sorted(key_of):
        members.setdefault(key_of[doc_id], []).append(doc_id)
    documents = [[segment for doc_id in members[key] for segment in per_plan[doc_id]] for key in keys]
    return documents, table


def _plan_counts(corpus) -> tuple[sparse.csr_matrix, list[str]]:
    """Plans x every feature of ``dfm`` (plans in ``_groups`` order), summed once per corpus."""
    if "document_features_by_plan" not in corpus.derived:
        shared = dfm(corpus)
        plans = _groups(corpus, "doc_id")[0]
        position = {doc_id: i for i, doc_id in enumerate(plans)}
        groups = shared.rows["doc_id"].map(position).fillna(-1).to_numpy(dtype=int)
        corpus.derived["document_features_by_plan"] = (sum_rows(shared.counts, groups, len(plans)), plans)
    return corpus.derived["document_features_by_plan"]


def document_term_matrix(corpus, by: str = "doc_id", analyzer: VietnameseAnalyzer | None = None,
                         lang: str = config.DEFAULT_LANG):
    """Counts of features per document; see the module docstring (``lang``: the name of the
    group of plans without ``by``)."""
    analyzer = analyzer or VietnameseAnalyzer()
    keys, key_of, table = _groups(corpus, by, lang)
    if not shares_matrix(analyzer):
        # Features the shared matrix does not have: only the command line asks for these
        # (keyness --keep-boilerplate --ngram 2), once, so they are counted here.
        documents, table = plan_documents(corpus, by, lang)
        vectorizer = CountVectorizer(analyzer=analyzer)
        try:
            return vectorizer.fit_transform(documents), vectorizer.get_feature_names_out(), table
        except ValueError:  # not one countable word in any plan: an empty matrix, not an error
            return sparse.csr_matrix((len(documents), 0)), np.array([], dtype=object), table
    shared = dfm(corpus)
    plan_counts, plans = _plan_counts(corpus)
    if by != "doc_id":
        position = {key: i for i, key in enumerate(keys)}
        plan_counts = sum_rows(plan_counts, [position[key_of[doc_id]] for doc_id in plans], len(keys))
    matrix, features = keep_columns(plan_counts, shared.features, shared.columns(analyzer))
    return matrix, features, table
