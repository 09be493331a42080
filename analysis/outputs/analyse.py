"""Every measure of a run, computed once: an ``Analysis``.

``analyse(corpus, ...)`` returns an ``Analysis``: ``tables`` (name -> tidy DataFrame; the
name is the file each is saved as) and what stands behind them (the codebook, the topic
model, the clustered plan order, the parameters used, the featured themes).

Tables (columns documented in the measure modules they come from):

==================================  =====================================================
corpus                              ``read.corpus.CORPUS_COLUMNS``: one row per file
theme_measures                      ``measure.themes.measures.MEASURE_COLUMNS``: plan x theme
theme_by_province(_2025), _by_year  ``measure.themes.measures.GROUP_COLUMNS``
theme_by_group                      the same, by the run's ``group_by`` attribute
theme_evidence                      ``measure.themes.measures.HIT_COLUMNS``: every counted hit (written
                                    with ``passage_id``, without ``segment_text``; see ``outputs.tables``)
theme_citations                     the same: hits inside bare citations, reported, not counted
passages (written only)             ``outputs.tables.PASSAGE_COLUMNS``: each passage a row of another
                                    table sits in, once
theme_unmatched_phrases             ``theme, phrase, rule``
tfidf_top_terms                     ``measure.vocabulary.tfidf.TFIDF_COLUMNS``
tfidf_top_terms_by_year             ``measure.vocabulary.tfidf.TFIDF_GROUP_COLUMNS``
keyness                             ``measure.vocabulary.keyness.COMPARISON_COLUMNS``
collocations                        ``measure.vocabulary.collocations.COLLOCATION_COLUMNS``
similarity                          ``measure.vocabulary.tfidf.SIMILARITY_COLUMNS``
topic_selection                     ``measure.topics.selection.SELECTION_COLUMNS``
topic_terms, topic_segments, ...    ``measure.topics.model`` (per plan; by province / by year
                                    grouped as ``group_by, group, ...``)
topic_labels                        words by weight and by FREX, suggested codebook theme
commitments                         ``measure.commitments.targets.COMMITMENT_COLUMNS``: targets, dated tasks
agency_assignments                  ``measure.commitments.agencies.AGENCY_COLUMNS``: lead / coordinating agencies
directives                          ``measure.commitments.directives.DIRECTIVE_COLUMNS``: implemented / cited
validation                          ``outputs.validation.VALIDATION_COLUMNS``: the codebook against the
                                    corpus folder's filled coding sheets (empty without any)
validation_disagreements            ``outputs.validation.DISAGREEMENT_TABLE_COLUMNS``
topic_effects                       ``measure.topics.effects.EFFECT_COLUMNS``: prevalence by
                                    the run's ``group_by`` attribute with 95% intervals
==================================  =====================================================

Grouped tables share one convention everywhere: ``group_by`` (the plan attribute) and
``group`` (its value) lead the columns.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import cache, config, memory
from analysis.measure.themes import measures as themes
from analysis.measure.topics import effects as topic_effects
from analysis.measure.topics import model as topics
from analysis.measure.themes.codebook import Codebook, load_codebook
from analysis.measure.themes.codebook import codebook_path as find_codebook
from analysis.measure.commitments.agencies import agency_assignments
from analysis.measure.vocabulary.collocations import collocations
from analysis.measure.commitments.targets import commitments
from analysis.measure.commitments.directives import directive_table
from analysis.measure.vocabulary.keyness import keyness_comparisons
from analysis.measure.groups import n_known
from analysis.measure.plans import plan_labels
from analysis.measure.plan_tables import MeasureEachPlan, plan_tables
from analysis.measure.vocabulary.tfidf import plan_similarity, tfidf_top_terms
from analysis.errors import UserError
from analysis.read.corpus import CORPUS_COLUMNS, Corpus
from analysis.measure.topics.analysis import topic_summary, topic_tables  # noqa: F401  (part of this module's API)
from analysis.outputs.validation import validation_tables

from analysis.resources import collated, count, number, text, year_span

# What the plan table of the briefing shows and what grouping can use, besides doc_id.
PLAN_ATTRIBUTES = ["doc_id", "province", "province_2025", "doc_type", "number", "issuer", "date", "year",
                   "implements", "resolution", "n_tokens"]


@dataclass
class Analysis:
    corpus: Corpus
    codebook: Codebook
    tables: dict[str, pd.DataFrame]
    topic_model: topics.TopicModel | None
    similarity_order: list[str]
    parameters: dict = field(default_factory=dict)
    featured_themes: list[str] = field(default_factory=list)
    # What could not be computed, and why: ``measure, doc_id, reason`` (doc_id "" for the whole corpus).
    omitted: list[dict] = field(default_factory=list)
    # Plans that plan-by-plan figures show (``--plans``; every plan with ``--per-plan``); None:
    # every plan up to config.FIGURE_MAX_PLANS, none beyond (see outputs.catalogue.shown_plans).
    shown: list[str] | None = None
    timings: dict = field(default_factory=dict)  # seconds per stage (the benchmark reads them)
    validation_suggestions: str = ""  # YAML: codebook edits the validation suggests (outputs.validation)
    # Derived once: figures, readings and the briefing ask for labels thousands of times at scale.
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def plans(self) -> pd.DataFrame:
        """The analysed plans and their attributes (``PLAN_ATTRIBUTES``), oldest first (by
        year, then issue date where known)."""
        if "plans" not in self._cache:
            usable = self.corpus.usable.assign(_date=self.corpus.usable["date"].fillna("").astype(str))
            self._cache["plans"] = (usable.sort_values(["year", "_date", "province", "doc_id"], key=collated)[PLAN_ATTRIBUTES]
                                    .reset_index(drop=True))
        return self._cache["plans"]

    @property
    def n_provinces(self) -> int:
        """How many provinces the plans are from (a plan whose province is unknown adds none)."""
        return n_known(self.plans["province"])

    def plan_labels(self) -> dict[str, str]:
        """doc_id -> "Province year", oldest plan first; unique (``measure.plans.plan_labels``)."""
        if "plan_labels" not in self._cache:
            self._cache["plan_labels"] = plan_labels(self.plans)
        return self._cache["plan_labels"]

    def source_line(self, lang: str = config.DEFAULT_LANG, with_codebook: bool = False,
                    doc_ids: set[str] | None = None) -> str:
        """The plans (and codebook) a figure is drawn from, for the line under it: ``doc_ids``
        when the figure draws only some plans (the provinces with most plans, say), else all."""
        plans = self.corpus.usable.sort_values(["year", "province"], key=collated)
        if doc_ids:
            plans = plans[plans["doc_id"].isin(doc_ids)]
        if len(plans) > config.FIGURE_MAX_PLANS:  # a thousand names would bury the figure: count them
            line = text("source.many_plans", lang, plans=count(len(plans), "provincial_plan", lang),
                        provinces=count(self.n_provinces, "province", lang),
                        years=year_span(plans["year"], lang))
        else:
            listed = ", ".join(self.plan_labels()[p.doc_id] for p in plans.itertuples())
            line = text("source.plans", lang, count=count(len(plans), "provincial_plan", lang), plans=listed)
        if with_codebook:
            line += text("source.codebook", lang, name=Path(self.codebook.path).name)
        return line


def theme_tables(corpus: Corpus, codebook: Codebook, seed: int = config.BOOTSTRAP_SEED,
                 n_boot: int = config.BOOTSTRAP_RESAMPLES, group_by: str = config.GROUP_BY,
                 lang: str = config.DEFAULT_LANG, plans: dict[str, pd.DataFrame] | None = None
                 ) -> dict[str, pd.DataFrame]:
    """The theme tables; ``plans``: the per-plan tables already measured (``measure.plan_tables``)."""
    if plans is None:
        hits, citations = themes.theme_hits_and_citations(corpus, codebook)
        measures = themes.theme_measures(corpus, hits, codebook, n_boot=n_boot, seed=seed)
    else:
        hits, citations, measures = plans["theme_evidence"], plans["theme_citations"], plans["theme_measures"]
    # Each hit carries its whole passage, and a passage with many hits repeats it: held as categories,
    # each passage's text once (the column took 124 MB at 1,000 generated plans). Its values are the same.
    hits, citations = (table.astype({"segment_text": "category"}) for table in (hits, citations))
    return {
        "theme_measures": measures,
        "theme_by_province": themes.theme_groups(measures, "province", lang=lang),
        "theme_by_province_2025": themes.theme_groups(measures, "province_2025", lang=lang),
        "theme_by_year": themes.theme_groups(measures, "year", lang=lang),
        "theme_by_group": themes.theme_groups(measures, group_by, corpus.usable, lang=lang),
        "theme_evidence": hits,
        "theme_citations": citations,
        "theme_unmatched_phrases": themes.unmatched_phrases(codebook, hits),
    }


def commitment_tables(corpus: Corpus, hits: pd.DataFrame, plans: dict[str, pd.DataFrame] | None = None
                      ) -> dict[str, pd.DataFrame]:
    """What the plans promise and who is to deliver it: ``commitments`` (targets and dated tasks,
    ``measure.commitments.targets``), ``agency_assignments`` (``measure.commitments.agencies``) and ``directives``
    (documents implemented or cited, ``measure.commitments.directives``); ``plans``: the three
    already measured (``measure.plan_tables``)."""
    if plans is None:
        plans = {"commitments": commitments(corpus, hits), "agency_assignments": agency_assignments(corpus, hits),
                 "directives": directive_table(corpus)}
    return {name: plans[name] for name in ("commitments", "agency_assignments", "directives")}


def vocabulary_tables(corpus: Corpus, codebook: Codebook | None = None, omitted: list[dict] | None = None,
                      timings: dict | None = None, lang: str = config.DEFAULT_LANG,
                      kept_collocations: pd.DataFrame | None = None) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """TF-IDF, keyness, collocations and similarity; comparisons that cannot be made go to ``omitted``.

    ``timings`` (if given) receives the seconds spent on keyness and on the rest ("vocabulary");
    ``lang`` names the group of plans with no year ("unknown"); ``kept_collocations``: the
    collocations already measured plan by plan (``measure.plan_tables``).
    """
    timings = {} if timings is None else timings
    start = time.perf_counter()
    keyness, left_out = keyness_comparisons(corpus)
    timings["keyness"] = time.perf_counter() - start
    if omitted is not None:
        omitted.extend(left_out)
    start = time.perf_counter()
    similarity, order = plan_similarity(corpus)
    tables = {
        "tfidf_top_terms": tfidf_top_terms(corpus, "doc_id"),
        "tfidf_top_terms_by_year": tfidf_top_terms(corpus, "year", lang=lang),
        "keyness": keyness,
        "collocations": collocations(corpus, codebook=codebook) if kept_collocations is None else kept_collocations,
        "similarity": similarity,
    }
    timings["vocabulary"] = time.perf_counter() - start
    return tables, order


def topic_contrast(study: Analysis, first: str, second: str, attribute: str | None = None) -> pd.DataFrame:
    """Do plans at ``first`` give more weight to each topic than plans at ``second``? The difference
    in prevalence per topic with its 95% interval (``measure.topics.effects.topic_contrast``);
    ``attribute`` defaults to the analysis's ``group_by``."""
    if study.topic_model is None:
        raise UserError("this analysis has no topic model; run analyse() with include_topics=True")
    attribute = attribute or study.parameters.get("group_by", config.GROUP_BY)
    units = topics.topic_units(study.corpus)
    return topic_effects.topic_contrast(study.topic_model, units, attribute, first, second, study.corpus.usable,
                                        lang=study.parameters.get("lang", config.DEFAULT_LANG))


def _theme_and_commitment_tables(corpus: Corpus, codebook: Codebook, seed: int, n_boot: int, group_by: str,
                                 lang: str, cache_dir: Path | None, timings: dict) -> dict[str, pd.DataFrame]:
    """``theme_tables`` and ``commitment_tables`` from each plan's own measures, taken from the cache
    for the plans measured before (``measure.plan_tables``); their seconds in ``timings``."""
    start = time.perf_counter()
    plans = plan_tables(corpus, codebook, seed=seed, n_boot=n_boot, cache_dir=cache.directory(cache_dir),
                        timings=timings)
    tables = theme_tables(corpus, codebook, seed=seed, n_boot=n_boot, group_by=group_by, lang=lang, plans=plans)
    start_commitments = time.perf_counter()
    tables.update(commitment_tables(corpus, tables["theme_evidence"], plans))
    tables["collocations"] = plans["collocations"]  # taken out by analyse, put where vocabulary_tables puts it
    timings["commitments"] = timings.get("commitments", 0.0) + time.perf_counter() - start_commitments
    timings["themes"] = time.perf_counter() - start - timings["commitments"] - timings.get("counts", 0.0)
    return tables


def measuring_while_reading(corpus_dir: Path | str | None = None, codebook_path=None,
                            seed: int = config.BOOTSTRAP_SEED, n_boot: int = config.BOOTSTRAP_RESAMPLES,
                            cache_dir: Path | None = None) -> MeasureEachPlan | None:
    """What ``build_corpus(then=...)`` gives the reading workers so that each plan's own measures are ready
    when ``analyse`` (with the same codebook, seed, resamples and cache) asks for them; None when the codebook
    cannot be read: ``analyse`` then says why, once the plans are read, as it always has."""
    try:
        codebook = load_codebook(find_codebook(Path(corpus_dir or config.CORPUS_DIR), codebook_path))
    except UserError:
        return None
    return MeasureEachPlan(codebook, seed, n_boot, cache.directory(cache_dir))


def _topics(corpus: Corpus, codebook: Codebook, seed: int, k_range, reselect: bool, group_by: str, lang: str,
            cache_dir: Path | None, omitted: list[dict]) -> tuple[dict[str, pd.DataFrame], object, float]:
    """``topic_tables`` as a run asks for them, the model (None when the corpus is too small for one: said
    in ``omitted``) and its seconds."""
    start = time.perf_counter()
    try:
        topic, model = topic_tables(corpus, k_range=k_range, seed=seed, warm_start=not reselect, codebook=codebook,
                                    group_by=group_by, omitted=omitted, lang=lang, cache_dir=cache_dir)
    except ValueError as error:  # too few passages or words for any topic model
        omitted.append({"measure": "topics", "doc_id": "", "reason": str(error)})
        topic, model = {}, None
    return topic, model, time.perf_counter() - start


def analyse(corpus: Corpus, codebook_path=None, seed: int = config.BOOTSTRAP_SEED,
            topic_seed: int = config.TOPIC_SEED, topic_k_range=config.TOPIC_K_RANGE,
            n_boot: int = config.BOOTSTRAP_RESAMPLES, include_topics: bool = True,
            featured: list[str] | None = None, reselect_topics: bool = config.TOPIC_RESELECT,
            group_by: str = config.GROUP_BY, lang: str = config.DEFAULT_LANG,
            cache_dir: Path | None = None) -> Analysis:
    """Every table for the usable plans of ``corpus``; see the module docstring.

    The codebook is ``codebook_path`` if given, else the corpus folder's ``themes.yml``, else
    the shipped one (``measure.themes.codebook.codebook_path``).
    ``include_topics=False`` skips the topic models (the slowest step) for quick looks;
    ``featured`` replaces the codebook's featured themes in the figures and the briefing;
    ``group_by`` (a plan attribute in ``config.GROUP_ATTRIBUTES``) is what ``theme_by_group``
    and its heatmap compare;
    ``reselect_topics=False`` warm-starts the topic model from the previous run's
    (``topic_tables``), as ``run`` does unless asked to search k again;
    ``lang``: the language grouped tables name plans without a value in ("unknown",
    ``measure.groups``).
    ``cache_dir``: where the topic model, its fits and each plan's own measures (``measure.plan_tables``)
    are kept (default: the configured cache).
    """
    codebook = load_codebook(find_codebook(corpus.directory, codebook_path))
    tables = {"corpus": corpus.documents[CORPUS_COLUMNS]}
    timings: dict[str, float] = {}
    if group_by not in config.GROUP_ATTRIBUTES:
        raise UserError(f"plans cannot be grouped by '{group_by}'; choose one of {', '.join(config.GROUP_ATTRIBUTES)}")
    memory.release()  # what reading the plans left behind, before the measures allocate (memory.py)
    tables.update(_theme_and_commitment_tables(corpus, codebook, seed, n_boot, group_by, lang, cache_dir, timings))
    memory.release()
    chosen = themes.featured_themes(codebook, tables["theme_measures"], featured)
    # The topic model is fitted in a second thread while this one measures the vocabulary: both read what
    # the plans' tables left in the corpus (passages, the document-feature matrix) and write nothing the
    # other reads; scikit-learn's and numpy's loops let go of the interpreter, so the two cores share them
    # (at 1,000 plans 5.0 s -> 3.2 s for the two). Its omissions go after the others', as before.
    topic_omitted: list[dict] = []
    memory.one_arena()  # the thread's frees reused by this one (memory.py)
    with ThreadPoolExecutor(max_workers=1) as pool:
        fitting = pool.submit(_topics, corpus, codebook, topic_seed, topic_k_range, reselect_topics, group_by, lang,
                              cache_dir, topic_omitted) if include_topics else None
        validation, suggestions = validation_tables(corpus, codebook, tables["theme_evidence"], lang, omitted := [])
        vocabulary, order = vocabulary_tables(corpus, codebook, omitted, timings, lang, tables.pop("collocations"))
        topic, model, timings["topics"] = fitting.result() if fitting is not None else ({}, None, 0.0)
    omitted += topic_omitted
    tables.update(vocabulary | validation)
    memory.release()
    parameters = {
        "theme_bootstrap_seed": seed, "theme_bootstrap_resamples": n_boot,
        "confidence_level": config.CONFIDENCE_LEVEL, "keyness_min_count": config.KEYNESS_MIN_COUNT,
        "context_window": config.CONTEXT_WINDOW, "featured_themes": chosen, "codebook": str(codebook.path),
        "group_by": group_by, "lang": lang,
    }
    if model is not None:
        tables.update(topic)
        parameters.update({
            "topic_seed": topic_seed, "topic_method": model.method,
            "topic_k_range": [min(topic_k_range), max(topic_k_range)], "topic_k_chosen": model.k,
            "topic_seeds_for_stability": config.TOPIC_SELECTION_SEEDS,
            "topic_min_stability": config.TOPIC_MIN_STABILITY,
        })
    return Analysis(corpus, codebook, tables, model, order, parameters, chosen, omitted, timings=timings, validation_suggestions=suggestions)
