"""Which words of a plan the vocabulary measures and topics read.

A decision or plan opens with its legal bases ("Căn cứ Luật ...;", "Căn cứ Nghị định số ...;",
"Theo đề nghị của ..."), and its sentences cite central documents with their subjects ("Thực
hiện Kết luận số 56-KL/TW ... về ... bảo vệ môi trường"). Neither is what the plan itself says:
in a decision the preamble is most of the text, and two plans citing the same decrees would
read as similar through them. Documents named bare ("Chỉ thị số 13-CT/TW, ngày 12/01/2017 của
Ban Bí thư") and a decision's articles about itself ("Điều 2. Quyết định này có hiệu lực kể từ
ngày ký.") are the same boilerplate. So TF-IDF, similarity, keyness, collocations and topics read

- ``measured_segments(corpus)``: the rows of ``corpus.segments`` in the body (``is_body``)
  other than the "Căn cứ" preamble (``is_legal_basis``, flagged by ``read.segment``);
- ``measured(corpus)``: the rows of ``corpus.tokens`` (``tokenize.TOKEN_COLUMNS``) of those
  segments, less the tokens inside a reference (``citations.reference_spans``: a
  citation with its subject, a document named bare, a decision's article about itself; read on
  the plan's whole text so a reference wrapped over a line break is whole);
- ``measured_tokens(corpus)``: each passage's measured tokens as a list, indexed by
  ``(doc_id, order)`` in text order.

Which rows these are is worked out once per corpus, and the lists kept (``corpus.derived``); the
rows themselves are taken when asked for, never kept beside ``corpus.tokens``. Themes read the body their own way (a
hit inside a reference, by the same ``reference_spans``, is listed apart) and ``n_tokens``, the
rates' denominator, counts every body word, preamble and references included. Tokens carry no
character offsets, so a token of a segment with a reference is placed by finding it in the
segment's text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.read.citations import reference_spans

# Stands where a cited token was: punctuation to the analyzer, so it breaks a phrase.
CITATION_BREAK = "…"


def _token_starts(text: str, tokens: list[str]) -> list[int]:
    """Where each token of a segment starts in its text. Tokens carry no offsets, but the
    segmenter only joins syllables with "_"; a token not found (never seen) sits where the
    previous one ended."""
    starts, cursor = [], 0
    for token in tokens:
        found = text.find(token.replace("_", " "), cursor)
        starts.append(found if found >= 0 else cursor)
        cursor = found + len(token) if found >= 0 else cursor
    return starts


def _cited_tokens(corpus, body: pd.DataFrame) -> list:
    """Row labels of ``corpus.tokens`` inside a reference of a body sentence
    (``citations.reference_spans``, read on the plan's text so a wrapped one is whole)."""
    cited: dict[tuple, list[tuple[int, int]]] = {}
    for doc_id, plan in body.groupby("doc_id", sort=False):
        spans = list(zip(*reference_spans_by_plan(corpus, doc_id)))
        starts, ends, orders = plan["start"].to_numpy(), plan["end"].to_numpy(), plan["order"].to_numpy()
        for a, b in spans:
            for i in np.flatnonzero((starts < b) & (ends > a)):
                cited.setdefault((doc_id, int(orders[i])), []).append((a - starts[i], b - starts[i]))
    if not cited:
        return []
    tokens = corpus.tokens
    candidates = tokens[pd.MultiIndex.from_arrays([tokens["doc_id"], tokens["order"]]).isin(list(cited))]
    text = body.set_index(["doc_id", "order"])["text"]
    labels = []
    for key, rows in candidates.groupby(["doc_id", "order"], sort=False):
        for label, start in zip(rows.index, _token_starts(text.loc[key], list(rows["token"]))):
            if any(a <= start < b for a, b in cited[key]):
                labels.append(label)
    return labels


def reference_spans_by_plan(corpus, doc_id: str) -> tuple[list[int], list[int]]:
    """(starts, ends) of the references in a plan's text (``citations.reference_spans``: merged,
    sorted, apart), as the reading found them (``Corpus.references``), else found once per corpus:
    themes and the vocabulary measures both ask."""
    if doc_id in corpus.references:
        return corpus.references[doc_id]
    kept = corpus.derived.setdefault("reference_spans", {})
    if doc_id not in kept:
        spans = reference_spans(corpus.texts[doc_id])
        kept[doc_id] = ([a for a, _ in spans], [b for _, b in spans])
    return kept[doc_id]


def measured_segments(corpus) -> pd.DataFrame:
    """The rows of ``corpus.segments`` whose words the vocabulary measures and topics read: the
    body less the "Căn cứ" preamble (``is_legal_basis``)."""
    segments = corpus.segments
    return segments[segments["is_body"].astype(bool) & ~segments["is_legal_basis"].astype(bool)]


def _body_and_cited(corpus) -> tuple[np.ndarray, pd.Index]:
    """Which rows of ``corpus.tokens`` are body tokens of ``measured_segments`` (a boolean mask) and
    the row labels of those inside a reference of a body sentence: computed once per corpus, read by
    ``measured`` and ``measured_runs``. A mask, not the rows: a copy of the token table kept for the
    whole run was a tenth of the peak memory at 1,000 plans (issue 28)."""
    if "measured_body" not in corpus.derived:
        body = measured_segments(corpus)
        tokens = corpus.tokens
        keep = tokens["is_body"].to_numpy(dtype=bool) & \
            pd.MultiIndex.from_arrays([tokens["doc_id"], tokens["order"]]).isin(
                pd.MultiIndex.from_frame(body[["doc_id", "order"]]))
        corpus.derived["measured_body"] = (keep, pd.Index(_cited_tokens(corpus, body)))
    return corpus.derived["measured_body"]


def measured(corpus, columns: list[str] | None = None) -> pd.DataFrame:
    """The rows of ``corpus.tokens`` the vocabulary measures and topics count: body tokens, less
    the "Căn cứ" preamble (segments' ``is_legal_basis``) and the tokens inside a reference of a
    body sentence. Which rows is worked out once per corpus (``corpus.derived``); the rows
    themselves are taken each time, not kept (the lists ``measured_tokens`` keeps are what the
    measures read). Themes read the body their own way (they count a hit inside a reference apart)
    and the word counts ``n_tokens`` keep every body word. ``columns``: only these (default: all)."""
    rows = _measured_rows(corpus)
    return corpus.tokens[rows] if columns is None else corpus.tokens.loc[rows, columns]


def _measured_rows(corpus) -> np.ndarray:
    """``measured``'s rows of ``corpus.tokens`` as a boolean mask: one copy of the rows taken, not two."""
    keep, cited = _body_and_cited(corpus)
    keep, positions = keep.copy(), corpus.tokens.index.get_indexer(cited)
    keep[positions[positions >= 0]] = False
    return keep


def _shared_values(values: pd.Series) -> list:
    """``values.tolist()``, each distinct value one Python object however often it occurs: a corpus
    repeats a few tens of thousands of words millions of times, and a string object per token
    (about 90 bytes each) made the passages' token lists a fifth of the peak memory at 1,000 plans."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return np.asarray(uniques.tolist(), dtype=object)[codes].tolist() if len(values) else []


def lists_by_passage(frame: pd.DataFrame, values: pd.Series) -> pd.Series:
    """``values`` as one list per passage, indexed by (doc_id, order) in the order passages first
    appear: what ``values.groupby([doc_id, order], sort=False).agg(list)`` gives. Tokens come passage
    after passage, so the lists are slices between the rows where the passage changes; pandas' own
    aggregation calls Python once per passage and iterates Arrow strings one by one (2.5 s of adding
    one plan to 300). Rows not grouped passage by passage are left to pandas."""
    if len(frame) < 2 or str(values.dtype) not in ("str", "object"):  # other dtypes aggregate to other lists
        return values.groupby([frame["doc_id"], frame["order"]], sort=False).agg(list)
    # The plans as integer codes: an array of millions of doc_id strings was a large part of the peak.
    doc_ids, orders = pd.factorize(frame["doc_id"])[0], frame["order"].to_numpy()
    starts = np.flatnonzero(np.r_[True, (doc_ids[1:] != doc_ids[:-1]) | (orders[1:] != orders[:-1])])
    index = pd.MultiIndex.from_arrays([frame["doc_id"].iloc[starts], frame["order"].iloc[starts]])
    if not index.is_unique:  # a passage's rows apart from each other: pandas groups them
        return values.groupby([frame["doc_id"], frame["order"]], sort=False).agg(list)
    listed = _shared_values(values)
    ends = np.r_[starts[1:], len(listed)]
    return pd.Series([listed[a:b] for a, b in zip(starts, ends)], index=index, name=values.name, dtype=object)


def measured_runs(corpus) -> pd.Series:
    """Each passage's tokens as a list, a cited token replaced by ``CITATION_BREAK`` (not a
    word: it ends a run of words), indexed by (doc_id, order) in text order: the tokens n-grams
    are formed from (``features``), so a phrase never joins the words either side of a citation
    that was taken out. Not kept: the document-feature matrix, kept, is built from it once."""
    keep, cited = _body_and_cited(corpus)
    kept = corpus.tokens.loc[keep, ["doc_id", "order", "token"]]
    return lists_by_passage(kept, kept["token"].where(~kept.index.isin(cited), CITATION_BREAK))


def measured_tokens(corpus) -> pd.Series:
    """Each passage's ``measured`` tokens as a list, indexed by (doc_id, order) in text order."""
    if "measured_tokens" not in corpus.derived:
        words = corpus.tokens.loc[_measured_rows(corpus), ["doc_id", "order", "token"]]  # the columns the lists need
        corpus.derived["measured_tokens"] = lists_by_passage(words, words["token"])
    return corpus.derived["measured_tokens"]
