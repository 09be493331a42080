"""Topic models over plan segments (scikit-learn NMF and LDA), seeded and reproducible.

With a handful of long plans, whole-document topic models are noise, so the unit is
the body segment (an item or paragraph), as the vocabulary measures read it
(``measured_words``: no "Căn cứ" preamble, no words inside a citation).
``topic_units(corpus)`` returns one row per unit (``UNIT_COLUMNS``): ``unit_id, doc_id,
province, year, section_path, orders`` (the segment orders merged into it), ``text``, ``tokens`` (list) and ``n_tokens`` (its
measured word tokens). Segments shorter than ``min_tokens`` words (headings, one-line bullets) are
merged into the next segment of the same plan, the last one into the previous unit.

``fit_topics(units, k, method, seed)`` fits one model and returns a ``TopicModel``:
NMF on TF-IDF (random initialisation, so different seeds give honest stability
estimates) or LDA on counts. ``guided`` themes (NMF only) start topics from the codebook
phrases of those themes, so they can align with policy themes.

Tables from a model:
- ``topic_terms``: ``topic, label, rank, term, weight`` (label = the top three terms)
- ``segment_topics``: ``unit_id, doc_id, province, year, topic, weight`` (each unit's
  topic proportions, summing to 1)
- ``topic_prevalence(by)``: ``doc_id, province, year, topic, label, prevalence`` per plan,
  or ``group_by, group, topic, label, prevalence`` per province or year (the convention of
  every grouped table; a plan without one in the group "unknown") -- unit proportions
  weighted by unit length; sums to 1 per group
- ``representative_segments``: the ``n`` units with the highest proportion per topic.

The vocabulary: words and compounds with stopwords and boilerplate removed, in at least
2 units (``min_df``: a word seen once cannot define a topic) and at most half of them
(``max_df``: a word everywhere, like "môi_trường", separates nothing).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.linalg import norm as sparse_norm
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from analysis import cache, config
from analysis.measure.topics.guided import guided_start
from analysis.measure.features import VietnameseAnalyzer, runs_of_passages
from analysis.measure.measured_words import measured, measured_segments, measured_tokens
from analysis.measure.groups import group_values
from analysis.read.tokenize import boilerplate

UNIT_COLUMNS = ["unit_id", "doc_id", "province", "province_2025", "year", "section_path", "orders", "text", "tokens", "n_tokens"]
METHODS = ("nmf", "lda")


def topic_units(corpus, min_tokens: int = config.TOPIC_MIN_UNIT_TOKENS) -> pd.DataFrame:
    """Body segments as topic-model units, short ones merged; see the module docstring. The
    units each plan's own measures keep (``measure.plan_tables``) when the run has them."""
    if min_tokens == config.TOPIC_MIN_UNIT_TOKENS and "topic_units" in corpus.derived:
        return corpus.derived["topic_units"]
    words = measured(corpus, ["doc_id", "order", "is_word"])
    meta = corpus.usable.set_index("doc_id")
    segments_by_plan = dict(tuple(measured_segments(corpus).groupby("doc_id", sort=False)))
    segment_words = measured_tokens(corpus)
    word_counts_all = words[words["is_word"]].groupby(["doc_id", "order"]).size()
    # Plain dicts and sets, looked up once per plan or unit: a pandas lookup per unit cost seconds at 300 plans.
    attributes = meta[["province", "province_2025", "year"]].to_dict("index")
    with_words, with_counts = set(segment_words.index.get_level_values(0)), set(word_counts_all.index.get_level_values(0))
    rows = []
    for doc_id in meta.index:
        segments = segments_by_plan.get(doc_id, corpus.segments.iloc[:0])
        by_order = segment_words.loc[doc_id].to_dict() if doc_id in with_words else {}
        word_counts = word_counts_all.loc[doc_id] if doc_id in with_counts else pd.Series(dtype=int)
        plan = attributes[doc_id]
        pending: list = []
        units: list[list] = []
        for segment in segments.itertuples(index=False):
            pending.append(segment)
            if sum(int(word_counts.get(s.order, 0)) for s in pending) >= min_tokens:
                units.append(pending)
                pending = []
        if pending:
            if units:
                units[-1].extend(pending)
            else:
                units.append(pending)
        for segs in units:
            rows.append({
                "unit_id": f"{doc_id}#{segs[0].order}",
                "doc_id": doc_id, "province": plan["province"],
                "province_2025": plan["province_2025"], "year": plan["year"],
                "section_path": segs[-1].section_path,
                "orders": f"{segs[0].order}-{segs[-1].order}" if len(segs) > 1 else str(segs[0].order),
                "text": "\n".join(s.text for s in segs),
                "tokens": [[t for t in by_order.get(s.order, [])] for s in segs],
                "n_tokens": int(sum(int(word_counts.get(s.order, 0)) for s in segs)),
            })
    units = pd.DataFrame(rows, columns=UNIT_COLUMNS)
    units["year"] = units["year"].astype("Int64")
    return units


@dataclass
class TopicMatrix:
    """The unit x term matrices shared by every model fitted on the same units."""

    counts: object
    tfidf: object
    features: np.ndarray


def unit_counts(units: pd.DataFrame, corpus=None):
    """Passages x words counts over the full vocabulary (stopwords out, boilerplate kept, so
    ``measure.topics.vocabulary`` can weigh it), and the words. Given the ``corpus`` the units
    come from, each unit's row is the sum of its passages' rows of the corpus's one matrix
    (``features.dfm``); units made otherwise are counted from their ``tokens``."""
    summed = runs_of_passages(corpus, units) if corpus is not None else None
    if summed is not None and summed[0].shape[1]:
        return summed
    vectorizer = CountVectorizer(analyzer=VietnameseAnalyzer())
    try:
        return vectorizer.fit_transform(list(units["tokens"])), vectorizer.get_feature_names_out()
    except ValueError:  # not one word in any passage
        raise ValueError(f"{len(units)} passage(s) share too few words for a topic model; topics need a few dozen "
                         "passages of body text") from None


def filter_vocabulary(counts, features, min_df: int = 2, max_df: float = 0.5, drop=()) -> TopicMatrix:
    """The topic vocabulary: words in ``min_df`` passages or more and at most ``max_df`` of
    them, less ``drop`` (boilerplate); CountVectorizer's rule, applied once to shared counts."""
    counts = sparse.csr_matrix(counts)
    document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    dropped = {str(w) for w in drop}
    keep = (document_frequency >= min_df) & (document_frequency <= max_df * counts.shape[0]) & \
        np.array([str(w) not in dropped for w in features], dtype=bool)
    if not keep.any():
        # scikit-learn's words ("max_df corresponds to < documents than min_df") say little
        raise ValueError(f"{counts.shape[0]} passage(s) share too few words for a topic model; topics need a few "
                         "dozen passages of body text")
    counts = counts[:, np.flatnonzero(keep)]
    tfidf = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    return TopicMatrix(counts, tfidf, np.asarray(features, dtype=object)[keep])


def unit_matrix(units: pd.DataFrame, min_df: int = 2, max_df: float = 0.5, drop=None) -> TopicMatrix:
    """``filter_vocabulary`` of ``unit_counts``; ``drop`` defaults to the hand-kept boilerplate list."""
    counts, features = unit_counts(units)
    return filter_vocabulary(counts, features, min_df, max_df, boilerplate() if drop is None else drop)


@dataclass
class TopicModel:
    method: str
    k: int
    seed: int
    features: np.ndarray
    components: np.ndarray  # k x features
    doc_topic: np.ndarray  # units x k, rows sum to 1 (0 for a unit with no vocabulary)
    guided: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # researchers' names per topic ("" unnamed): measure.topics.names
    anchors: tuple[tuple[str, ...], ...] = ()  # per guided topic, the theme's words it started on

    def guided_kept(self, top: int = config.TOPIC_TOP_TERMS) -> list[bool]:
        """Per guided topic: does it still hold one of its theme's words among its ``top`` terms?
        Guiding only starts a topic on a theme; fitting may carry it elsewhere, and then the
        topic must not be read as the theme's."""
        return [bool(set(words) & set(terms)) for words, terms in zip(self.anchors, self.top_terms(top))]

    def top_terms(self, top: int = config.TOPIC_TOP_TERMS) -> list[list[str]]:
        return [[self.features[j] for j in np.argsort(-row, kind="stable")[:top]] for row in self.components]

    def labels(self) -> list[str]:
        """Each topic's researcher name, else its top three words."""
        named = list(self.names) + [""] * (self.k - len(self.names))
        return [name or words for name, words in zip(named, self._word_labels())]

    def _word_labels(self) -> list[str]:
        return [" · ".join(t.replace("_", " ") for t in terms[:3]) for terms in self.top_terms(3)]


def fit_topics(units_or_matrix, k: int, method: str = config.TOPIC_METHOD, seed: int = config.TOPIC_SEED,
               guided: list[str] | None = None, codebook=None) -> TopicModel:
    """Fit one topic model; see the module docstring."""
    # Not converging within max_iter on tens of thousands of passages leaves topics that
    # still read the same (stability and coherence judge them); the warning would only
    # alarm a reader of the run's output, so it is silenced here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return _fit_topics(units_or_matrix, k, method, seed, guided, codebook)


def _fit_topics(units_or_matrix, k, method, seed, guided, codebook) -> TopicModel:
    matrix = units_or_matrix if isinstance(units_or_matrix, TopicMatrix) else unit_matrix(units_or_matrix)
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}")
    if k < 2 or k > min(matrix.counts.shape):
        raise ValueError(f"k must be between 2 and {min(matrix.counts.shape)} for this corpus")
    guided = list(guided or [])
    if guided and method != "nmf":
        raise ValueError("guided topics are available with the nmf method only")
    if len(guided) > k:
        raise ValueError(f"{len(guided)} guided themes need k of at least {len(guided)}")
    if method == "nmf" and guided:
        w0, h0, anchors = guided_start(matrix, k, guided, codebook, seed)
        model = _estimator(method, k, seed, init="custom")
        doc_topic = model.fit_transform(matrix.tfidf, W=w0, H=h0)
    else:
        model = _estimator(method, k, seed)
        doc_topic = model.fit_transform(matrix.tfidf if method == "nmf" else matrix.counts)
    components = model.components_
    totals = doc_topic.sum(axis=1, keepdims=True)
    doc_topic = np.divide(doc_topic, totals, out=np.zeros_like(doc_topic), where=totals > 0)
    return TopicModel(method, k, seed, matrix.features, components, doc_topic, tuple(guided),
                      anchors=anchors if guided else ())


def _estimator(method: str, k: int, seed: int, init: str = "random"):
    """NMF on TF-IDF (random start, so seeds give honest stability) or batch LDA on counts."""
    if method == "nmf":
        return NMF(n_components=k, init=init, max_iter=600, random_state=seed)
    return LatentDirichletAllocation(n_components=k, learning_method="batch", max_iter=50, random_state=seed)


def heldout_score(matrix: TopicMatrix, k: int, method: str = config.TOPIC_METHOD, seed: int = config.TOPIC_SEED,
                  share: float = config.TOPIC_HELDOUT_SHARE) -> float:
    """How well k topics fitted on the other passages describe ``share`` of them, held out
    (drawn with ``seed``); lower is better. NMF: relative reconstruction error of the held-out
    TF-IDF, ||X - WH|| / ||X|| with H the fitted topics and W fitted to X with H fixed. LDA:
    perplexity of the held-out counts (scikit-learn's variational bound)."""
    n = matrix.counts.shape[0]
    test = np.zeros(n, dtype=bool)
    test[np.random.default_rng(seed).choice(n, size=max(1, int(round(share * n))), replace=False)] = True
    if (~test).sum() < k:
        return float("nan")
    estimator = _estimator(method, k, seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        if method == "lda":
            estimator.fit(matrix.counts[~test])
            return float(estimator.perplexity(matrix.counts[test]))
        estimator.fit(matrix.tfidf[~test])
        held = matrix.tfidf[test]
        weights = estimator.transform(held)
    norm = sparse_norm(held)
    residual = np.linalg.norm(held.toarray() - weights @ estimator.components_)
    return float(residual / norm) if norm else float("nan")


def topic_terms(model: TopicModel, top: int = config.TOPIC_TOP_TERMS) -> pd.DataFrame:
    labels = model.labels()
    kept = model.guided_kept(top)
    rows = []
    for topic, row in enumerate(model.components):
        order = np.argsort(-row, kind="stable")[:top]
        weights = row[order] / row.sum() if row.sum() else row[order]
        for rank, (j, weight) in enumerate(zip(order, weights), start=1):
            rows.append({"topic": topic + 1, "label": labels[topic], "rank": rank, "term": model.features[j],
                         "weight": float(weight),
                         "guided_theme": model.guided[topic] if topic < len(model.guided) and kept[topic] else "",
                         "guided_drifted": model.guided[topic] if topic < len(model.guided) and not kept[topic] else ""})
    return pd.DataFrame(rows)


def segment_topics(model: TopicModel, units: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame(model.doc_topic, columns=range(1, model.k + 1))
    keys = ["unit_id", "doc_id", "province", "province_2025", "year"]
    frame[keys] = units[keys].to_numpy()
    tidy = frame.melt(id_vars=keys, var_name="topic", value_name="weight")
    tidy["year"] = tidy["year"].astype("Int64")
    tidy["topic"] = tidy["topic"].astype(int)
    return tidy.sort_values(["unit_id", "topic"], kind="mergesort").reset_index(drop=True)


def topic_prevalence(model: TopicModel, units: pd.DataFrame, by: str = "doc_id",
                     lang: str = config.DEFAULT_LANG) -> pd.DataFrame:
    """Length-weighted topic proportions per plan / province / year; sums to 1 per group.
    Plans without a province or year form the group "unknown" in ``lang`` (``measure.groups``)."""
    weights = units["n_tokens"].to_numpy(dtype=float) * (model.doc_topic.sum(axis=1) > 0)
    frame = pd.DataFrame(model.doc_topic * weights[:, None], columns=range(1, model.k + 1))
    frame[by] = (units[by] if by == "doc_id" else group_values(units[by], lang)).to_numpy()
    summed = frame.groupby(by, sort=False).sum()
    prevalence = summed.div(summed.sum(axis=1), axis=0)
    tidy = prevalence.reset_index().melt(id_vars=by, var_name="topic", value_name="prevalence")
    tidy["topic"] = tidy["topic"].astype(int)
    labels = model.labels()
    tidy.insert(2, "label", [labels[t - 1] for t in tidy["topic"]])
    tidy = tidy.sort_values([by, "topic"], kind="mergesort").reset_index(drop=True)
    if by != "doc_id":
        tidy = tidy.rename(columns={by: "group"})
        tidy.insert(0, "group_by", by)
        return tidy
    meta = units.drop_duplicates("doc_id").set_index("doc_id")[["province", "province_2025", "year"]]
    tidy.insert(1, "province", tidy["doc_id"].map(meta["province"]))
    tidy.insert(2, "province_2025", tidy["doc_id"].map(meta["province_2025"]))
    tidy.insert(3, "year", tidy["doc_id"].map(meta["year"]).astype("Int64"))
    return tidy


def representative_segments(model: TopicModel, units: pd.DataFrame,
                            n: int = config.TOPIC_REPRESENTATIVE_PASSAGES) -> pd.DataFrame:
    labels = model.labels()
    unit_ids = units["unit_id"].to_numpy(dtype=str)
    rows = []
    for topic in range(model.k):
        # Highest weight first (rounded, so equal weights tie), then by unit_id: one sort in numpy, not
        # a Python key per passage (4 s of adding one plan to 300; from branch i28add).
        weight = -np.round(model.doc_topic[:, topic], 12)  # what round() does to a numpy float
        order = np.lexsort((unit_ids, weight)) if len(unit_ids) else []
        for rank, i in enumerate(order[:n], start=1):
            unit = units.iloc[i]
            rows.append({"topic": topic + 1, "label": labels[topic], "rank": rank, "unit_id": unit["unit_id"],
                         "doc_id": unit["doc_id"], "province": unit["province"],
                         "province_2025": unit["province_2025"], "year": unit["year"],
                         "section_path": unit["section_path"], "weight": float(model.doc_topic[i, topic]),
                         "text": unit["text"]})
    table = pd.DataFrame(rows)
    table["year"] = table["year"].astype("Int64")
    return table


# --- the kept model ----------------------------------------------------------------------
# A national corpus grows a plan at a time: searching k again for one more plan costs minutes.
# The chosen model is kept on disk; the next run fits at its k (NMF only) unless the passages
# changed by more than config.TOPIC_RESEARCH_CHANGE or the user asks to search again.


def save_state(path, model: TopicModel, selection: pd.DataFrame, corpus_key: str,
               searched: np.ndarray | None = None) -> None:
    """Keep the chosen model (k, vocabulary, topic-term weights), its selection table and the
    digests of the passages its search of k judged (``searched``), written whole or not at all
    (``analysis.cache.save``): a state we cannot keep only costs time."""
    def write(temporary: str) -> None:
        with open(temporary, "wb") as stream:  # a stream: np.savez would add ".npz" to a name
            np.savez(stream, method=model.method, k=model.k, seed=model.seed,
                     features=np.asarray(model.features, dtype=str), components=model.components,
                     doc_topic=model.doc_topic, corpus_key=corpus_key,
                     searched=np.asarray([] if searched is None else searched, dtype=np.uint64),
                     # column by column: exact floats and dtypes, so a reused table is the same table
                     selection_columns=np.asarray(list(selection.columns), dtype=str),
                     **{f"selection_{c}": _plain(selection[c]) for c in selection.columns})

    cache.save(path, write)


def _plain(column: pd.Series) -> np.ndarray:
    """A column as an array np.load reads without pickle (text as unicode, not objects)."""
    values = column.to_numpy()
    return values.astype(str) if values.dtype == object else values


def load_state(path) -> dict | None:
    """The state ``save_state`` kept, or None when there is none or it is damaged (then refit)."""
    return cache.load(path, _read_state)


def _read_state(path) -> dict:
    with np.load(path, allow_pickle=False) as saved:
        return {"method": str(saved["method"]), "k": int(saved["k"]), "seed": int(saved["seed"]),
                "features": np.asarray(saved["features"], dtype=object), "components": saved["components"],
                "doc_topic": saved["doc_topic"], "corpus_key": str(saved["corpus_key"]),
                "searched": saved["searched"] if "searched" in saved.files else None,
                "selection": pd.DataFrame({c: saved[f"selection_{c}"] for c in saved["selection_columns"]})}


def stored_model(state: dict) -> TopicModel:
    """The model a state keeps, exactly (for the same passages: no refit, the same tables)."""
    return TopicModel(state["method"], state["k"], state["seed"], state["features"], state["components"],
                      state["doc_topic"], ())
