"""The topic part of a run: the model (searched, fitted at the kept k or at a given k) and
every topic table, with the words left out, the researchers' names and the run summary line.
``analyse.analyse`` and the ``topics`` command call ``topic_tables``; see its docstring."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import cache, config
from analysis.measure.topics import effects as topic_effects
from analysis.measure.topics import labels as topic_labels
from analysis.measure.topics import names as topic_names
from analysis.measure.topics import selection as topic_selection
from analysis.measure.topics import vocabulary as topic_vocabulary
from analysis.measure.topics import model as topics
from analysis.measure.themes.codebook import Codebook, codebook_path, load_codebook
from analysis.read.corpus import Corpus
from analysis.resources import number, text


def _topic_state_path(cache_dir: Path, corpus: Corpus, codebook: Codebook, method: str, seed: int, k_range,
                      drop_boilerplate: bool) -> Path:
    """Where the model kept for this corpus folder lives. Keyed by the codebook's content (its
    themes decide the words left out) and the code (a model fitted on another analyzer's
    vocabulary is not reused) besides the search's settings; the passages are not in the key:
    a changed corpus is fitted at the state's k (``topic_tables``)."""
    key = cache.cache_key("topics", codebook.sha256, topic_selection.FIT_LIBRARIES,
                          {"corpus": str(Path(corpus.directory).resolve()), "method": method, "seed": seed,
                           "k_range": list(k_range), "drop_boilerplate": drop_boilerplate}, code=cache.MEASURES_CODE)
    return cache.entry_path(cache_dir, "topics", key, ".npz")


def _units_key(units: pd.DataFrame) -> str:
    return hashlib.sha256("\n".join(units["unit_id"] + "\t" + units["text"]).encode("utf-8")).hexdigest()


def unit_digests(units: pd.DataFrame) -> np.ndarray:
    """A 64-bit digest of each unit (its id and text), sorted: what ``changed_share`` compares."""
    return np.sort(np.fromiter((int.from_bytes(hashlib.blake2b(f"{u}\t{t}".encode("utf-8"), digest_size=8).digest(), "big")
                                for u, t in zip(units["unit_id"], units["text"])), dtype=np.uint64, count=len(units)))


def changed_share(before: np.ndarray | None, now: np.ndarray) -> float:
    """The share of passages (topic units) new or gone since ``before`` (``unit_digests``), of the
    more numerous of the two; 1 when ``before`` is unknown (a state kept by an older run)."""
    if before is None or not max(len(before), len(now)):
        return 1.0
    common = len(np.intersect1d(before, now, assume_unique=False))
    return 1.0 - common / max(len(before), len(now))


def topic_tables(corpus: Corpus, k: int | None = None, k_range=config.TOPIC_K_RANGE,
                 method: str = config.TOPIC_METHOD, seed: int = config.TOPIC_SEED,
                 guided: list[str] | None = None, codebook: Codebook | None = None,
                 warm_start: bool = False, group_by: str = config.GROUP_BY,
                 contrast: tuple[str, str] | None = None,
                 drop_boilerplate: bool = config.TOPIC_DROP_BOILERPLATE,
                 omitted: list[dict] | None = None,
                 lang: str = config.DEFAULT_LANG,
                 cache_dir: Path | None = None) -> tuple[dict[str, pd.DataFrame], topics.TopicModel]:
    """Model selection (unless ``k`` is given), the chosen model and every topic table.

    ``warm_start``: when a previous run on this corpus folder kept its model (same method,
    seed, k range, codebook and code; ``_topic_state_path``): for the same passages, that model as it was (the same tables again);
    for passages changed by at most ``config.TOPIC_RESEARCH_CHANGE`` since its search of k
    (``changed_share``), a fit at its k from scratch instead of searching k again: the tables of
    a run given that k (the selection table is the previous search's); changed more, k is
    searched again.
    ``group_by``: the plan attribute ``topic_effects`` gives prevalence by, with intervals;
    ``contrast`` (two levels of it): ``topic_contrast``, their difference per topic.
    ``drop_boilerplate``: keep the words of ``topic_boilerplate`` out of the vocabulary.
    Researchers' names (``topic_names.yml`` in the corpus folder) label the topics they still
    match (``topic_names``); a broken names file goes to ``omitted``.
    ``lang``: the language grouped tables name plans without a value in ("unknown").
    ``cache_dir``: where the kept model and the search's fits are (default: the configured cache).
    """
    cache_dir = cache.directory(cache_dir)
    units = topics.topic_units(corpus)
    codebook = codebook or load_codebook(codebook_path(corpus.directory, None))
    matrix, left_out = _topic_matrix(corpus, units, codebook, drop_boilerplate)
    state_path = _topic_state_path(cache_dir, corpus, codebook, method, seed, k_range, drop_boilerplate)
    units_key = _units_key(units)
    state = topics.load_state(state_path) if warm_start and not k and not guided and method == "nmf" else None
    kept = _kept_model(state, matrix, units, units_key, method, seed)
    if kept is not None:
        selection, model, searched = kept
    else:
        selection = topic_selection.select_k(matrix, [k] if k else k_range, method, seed=seed, cache_dir=cache_dir)
        chosen = int(selection.loc[selection["chosen"], "k"].iloc[0])
        model = topics.fit_topics(matrix, chosen, method, seed, guided=guided, codebook=codebook)
        searched = unit_digests(units)  # the passages this search of k judged (kept with the state)
    if warm_start and not k and not guided:
        topics.save_state(state_path, model, selection, units_key, searched)
    named = _name_topics(corpus, model, omitted)
    return {
        "topic_selection": selection,
        "topic_terms": topics.topic_terms(model),
        "topic_segments": topics.segment_topics(model, units),
        "topic_prevalence": topics.topic_prevalence(model, units, "doc_id"),
        "topic_prevalence_by_province": topics.topic_prevalence(model, units, "province", lang=lang),
        "topic_prevalence_by_province_2025": topics.topic_prevalence(model, units, "province_2025", lang=lang),
        "topic_prevalence_by_year": topics.topic_prevalence(model, units, "year", lang=lang),
        "topic_representative_segments": topics.representative_segments(model, units),
        "topic_labels": _topic_labels(model, codebook),
        "topic_boilerplate": left_out,
        "topic_names": named,
        "topic_effects": topic_effects.topic_effects(model, units, group_by, corpus.usable, lang=lang),
        **({"topic_contrast": topic_effects.topic_contrast(model, units, group_by, *contrast, corpus.usable, lang=lang)}
           if contrast else {}),
    }, model


def _kept_model(state: dict | None, matrix, units: pd.DataFrame, units_key: str, method: str, seed: int):
    """(selection, model, searched) from the kept ``state``: its model for the same passages; a fit
    at its k for passages changed by at most ``config.TOPIC_RESEARCH_CHANGE`` since its search; else None."""
    if state is None:
        return None
    if state["corpus_key"] == units_key:
        return state["selection"], topics.stored_model(state), state["searched"]
    if state["k"] <= min(matrix.counts.shape) and \
            changed_share(state["searched"], unit_digests(units)) <= config.TOPIC_RESEARCH_CHANGE:
        # The kept k, fitted from scratch as a run told to fit that k would: the tables are
        # those of a run from nothing that made the same choice (tested), not a model nudged
        # from the old one, whose topics would depend on the order plans were added in.
        return state["selection"], topics.fit_topics(matrix, state["k"], method, seed), state["searched"]
    return None


def _name_topics(corpus: Corpus, model: topics.TopicModel, omitted: list[dict] | None) -> pd.DataFrame:
    """Researchers' names (``topic_names.yml``) on the topics they still match; ``topic_names``."""
    entries, problems = topic_names.load_topic_names(Path(corpus.directory) / config.TOPIC_NAMES_FILE)
    named = topic_names.match_names(entries, model)
    model.names = tuple(topic_names.topic_names(model, named))
    if omitted is not None:
        omitted.extend({"measure": "topic names", "doc_id": "", "reason": problem} for problem in problems)
    return named


def _topic_matrix(corpus: Corpus, units: pd.DataFrame, codebook: Codebook, drop_boilerplate: bool):
    """The passages x words matrix topics are fitted on and ``topic_boilerplate``: the words
    left out of it (``measure.topics.vocabulary``; none when ``drop_boilerplate`` is off)."""
    counts, features = topics.unit_counts(units, corpus)
    left_out = topic_vocabulary.corpus_boilerplate(counts, features, units["doc_id"], corpus.usable, codebook)
    if not drop_boilerplate:
        left_out = left_out.iloc[:0]
    return topics.filter_vocabulary(counts, features, drop=left_out["term"]), left_out


def _topic_labels(model: topics.TopicModel, codebook: Codebook) -> pd.DataFrame:
    """``topic, label, name, suggested_theme, suggested_en, suggested_vi, top_prob, top_frex,
    procedural_share, procedural``: each topic's words by weight and by FREX (``topic_labels``),
    the codebook theme it resembles, and whether it is about citing documents rather than the
    environment (then no theme is suggested)."""
    words = topic_labels.topic_words(model)
    names = topic_labels.suggest_names(model, codebook)
    procedural = topic_labels.procedural_share(model)
    labels = model.labels()
    rows = []
    for k in range(model.k):
        # A topic about citing documents shares words with a theme only through the titles it cites.
        theme = names[k] if procedural[k] < config.TOPIC_PROCEDURAL_SHARE else ""
        mine = words[words["topic"] == k + 1]
        rows.append({"topic": k + 1, "label": labels[k], "name": (model.names or [""] * model.k)[k],
                     "suggested_theme": theme,
                     "suggested_en": codebook.theme(theme).label_en if theme else "",
                     "suggested_vi": codebook.theme(theme).label_vi if theme else "",
                     "top_prob": " · ".join(w.replace("_", " ") for w in mine["prob"]),
                     "top_frex": " · ".join(w.replace("_", " ") for w in mine["frex"]),
                     "procedural_share": procedural[k],
                     "procedural": procedural[k] >= config.TOPIC_PROCEDURAL_SHARE})
    return pd.DataFrame(rows)


def topic_summary(selection: pd.DataFrame, model: topics.TopicModel, lang: str = config.DEFAULT_LANG,
                  names: pd.DataFrame | None = None) -> str:
    """One line for the run output: the chosen k and how stable it is, and the researchers'
    names (``topic_names``) kept and no longer matching."""
    row = selection[selection["chosen"]].iloc[0]
    searched = (text("summary.searched", lang, low=selection["k"].min(), high=selection["k"].max())
                if len(selection) > 1 else text("summary.given", lang))
    line = text("summary.topics", lang, method=model.method.upper(), k=model.k, searched=searched,
                coherence=number(row["coherence"], lang, 3), stability=number(row["stability"], lang, 2),
                top=config.TOPIC_TOP_TERMS, n_seeds=config.TOPIC_SELECTION_SEEDS)
    if topic_selection.at_edge(selection):  # the search stopped at its cap with the best k on the edge
        line += " " + text("summary.k_at_edge", lang, k=model.k)
    if names is not None and len(names):
        line += " " + text("summary.names_kept", lang, kept=int(names["kept"].sum()), n=len(names),
                           file=config.TOPIC_NAMES_FILE)
        for row in names[~names["kept"]].itertuples(index=False):
            line += "\n" + text("summary.name_lost", lang, name=row.name, shared=row.shared, words=row.words,
                                 file=config.TOPIC_NAMES_FILE)
    return line
