"""Turn plans into word features: a scikit-learn analyzer and a document-term matrix.

``VietnameseAnalyzer`` is a callable for ``CountVectorizer(analyzer=...)`` and
``TfidfVectorizer(analyzer=...)``. It accepts a raw string (normalised and segmented
with underthesea), a list of tokens, or a list of segments (each a list of tokens), and
returns features: lower-case words with syllables joined by "_" ("nước_thải"),
stopwords removed (and administrative boilerplate if asked), numbers, punctuation, roman
numerals and stranded syllables ("hóa" cut from "công nghiệp hóa") dropped, and n-grams of words up to ``ngram_range[1]`` joined by a space, never
across segments. Why our own analyzer: scikit-learn's default ``token_pattern``
drops one-letter Vietnamese words (ở, ý) and splits compounds.

``plan_documents(corpus, by)`` returns the body tokens of each plan (or each province
or year: ``by`` = ``doc_id`` | ``province`` | ``year``) as lists of segments, with a
metadata table aligned to them (``doc_id, province, province_2025, year`` or the group key).

``document_term_matrix(corpus, ...)`` returns ``(matrix, features, documents)``: a
sparse count matrix (documents x features), the feature names, and the documents'
metadata table.
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

from analysis.read.normalize import normalize_text
from analysis.read.tokenize import boilerplate, fragments, stopwords, tokenize_line


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

    def _dropped(self) -> frozenset[str]:
        dropped = set(self.extra_stopwords)
        if self.remove_stopwords:
            dropped |= stopwords()
        if self.remove_boilerplate:
            dropped |= boilerplate()
        return frozenset(dropped)

    def _segments(self, document) -> list[list[str]]:
        if isinstance(document, str):
            return [tokenize_line(line) for line in normalize_text(document).split("\n") if line.strip()]
        if document and all(isinstance(item, str) for item in document):
            return [list(document)]
        return [list(segment) for segment in document]

    def __call__(self, document) -> list[str]:
        dropped = self._dropped()
        low, high = self.ngram_range
        features: list[str] = []
        for segment in self._segments(document):
            words = [_word(w) for w in segment]
            words = [w for w in words if w and w not in dropped]
            for n in range(low, high + 1):
                features.extend(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
        return features


def plan_documents(corpus, by: str = "doc_id") -> tuple[list[list[list[str]]], pd.DataFrame]:
    """Body tokens per plan (or per province / year) as segments of tokens, with metadata."""
    if by not in ("doc_id", "province", "province_2025", "year"):
        raise ValueError("by must be doc_id, province, province_2025 or year")
    meta = corpus.usable[["doc_id", "province", "province_2025", "year"]].reset_index(drop=True)
    keys = list(dict.fromkeys(meta.sort_values(["year", "province", "doc_id"])[by]))
    # One pass over the token table (segment_words), then plans gathered per key: linear in plans.
    words = corpus.segment_words()
    per_plan: dict[str, list[list[str]]] = {doc_id: [] for doc_id in meta["doc_id"]}
    for (doc_id, _), segment in sorted(words.items(), key=lambda item: item[0]):
        if doc_id in per_plan:
            per_plan[doc_id].append(segment)
    members: dict = {}
    for doc_id, key in sorted(zip(meta["doc_id"], meta[by]), key=lambda pair: pair[0]):
        members.setdefault(key, []).append(doc_id)
    documents = [[segment for doc_id in members[key] for segment in per_plan[doc_id]] for key in keys]
    if by == "doc_id":
        table = meta.set_index("doc_id").loc[keys].reset_index()
    else:
        table = pd.DataFrame({by: keys})
    return documents, table


def document_term_matrix(corpus, by: str = "doc_id", analyzer: VietnameseAnalyzer | None = None):
    """Counts of features per document; see the module docstring."""
    documents, table = plan_documents(corpus, by)
    vectorizer = CountVectorizer(analyzer=analyzer or VietnameseAnalyzer())
    try:
        matrix = vectorizer.fit_transform(documents)
    except ValueError:  # not one countable word in any plan: an empty matrix, not an error
        return sparse.csr_matrix((len(documents), 0)), np.array([], dtype=object), table
    return matrix, vectorizer.get_feature_names_out(), table
