"""Run every stage on a corpus and write all tables and figures (``python -m analysis run``).

``run_all(corpus_dir, out_dir, ...)`` returns a ``RunResult`` listing what was written.
Each table is a CSV in ``out_dir``; each figure is PNG + SVG + the CSV it draws
(``figures.save_figure``). Files are written to temporary names and renamed into place,
so a run that fails midway leaves the previous outputs intact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import config, figures, themes
from analysis import topic_selection, topics
from analysis.features import VietnameseAnalyzer, document_term_matrix
from analysis.keyness import collocations, keyness_vs_rest
from analysis.vocabulary import plan_similarity, tfidf_top_terms
from analysis.codebook import load_codebook
from analysis.corpus import CORPUS_COLUMNS, Corpus, build_corpus

NAMED_THEMES = ["wastewater", "plastic_waste", "coastal_protection", "landslides_flash_floods"]


@dataclass
class RunResult:
    corpus: Corpus
    out_dir: Path
    written: list[Path] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)


def source_line(corpus: Corpus, codebook_name: str = "") -> str:
    plans = corpus.usable.sort_values(["year", "province"])
    listed = ", ".join(f"{p.province} {p.year}" for p in plans.itertuples())
    tail = f"; codebook {codebook_name}" if codebook_name else ""
    return f"{len(plans)} provincial plans ({listed}){tail}"


def theme_tables(corpus: Corpus, codebook_path=None, seed: int = themes.DEFAULT_SEED,
                 n_boot: int = themes.DEFAULT_BOOTSTRAP) -> dict[str, pd.DataFrame]:
    """Every theme table, keyed by the name it is saved under."""
    codebook = load_codebook(codebook_path)
    hits = themes.theme_hits(corpus, codebook)
    measures = themes.theme_measures(corpus, hits, codebook, n_boot=n_boot, seed=seed)
    return {
        "theme_measures": measures,
        "theme_by_province": themes.theme_groups(measures, "province"),
        "theme_by_year": themes.theme_groups(measures, "year"),
        "theme_evidence": hits,
        "theme_unmatched_phrases": themes.unmatched_phrases(codebook, hits),
        "_codebook": codebook,
    }


def theme_figures(corpus: Corpus, tables: dict, lang: str, out_dir: Path) -> list[Path]:
    codebook = tables["_codebook"]
    measures, hits = tables["theme_measures"], tables["theme_evidence"]
    source = source_line(corpus, Path(codebook.path).name)
    order = themes.theme_salience_order(measures)
    named = [t for t in NAMED_THEMES if t in codebook.theme_ids]
    labels = {t.id: t.label(lang) for t in codebook.themes}
    plans = corpus.usable.sort_values(["year", "province"])[["doc_id", "province", "year"]]
    written = []
    by_province = tables["theme_by_province"]
    written += figures.save_figure(figures.plot_theme_heatmap(by_province, order, lang, source),
                                   by_province, "theme_heatmap", out_dir)
    trajectory = measures[measures["theme"].isin(named)]
    written += figures.save_figure(figures.plot_theme_trajectories(trajectory, named, lang, source),
                                   trajectory, "theme_trajectories", out_dir)
    written += figures.save_figure(figures.plot_theme_shares(measures, order, lang, source),
                                   measures, "theme_shares", out_dir)
    boundaries = themes.section_boundaries(corpus)
    dispersion = hits[hits["theme"].isin(named)][["doc_id", "province", "year", "theme", "match", "position", "section_path"]]
    written += figures.save_figure(
        figures.plot_theme_dispersion(dispersion, boundaries, plans, named, labels, lang, source),
        dispersion, "theme_dispersion", out_dir)
    return written


def keyness_tables(corpus: Corpus, min_count: int = 3) -> pd.DataFrame:
    """Each plan against all the others, and the latest issue year against earlier ones, in one table."""
    matrix, features, documents = document_term_matrix(corpus, analyzer=VietnameseAnalyzer(remove_boilerplate=True))
    parts = []
    comparisons = [(plan.doc_id, None, plan.doc_id, "rest", f"{plan.province} {plan.year}")
                   for plan in documents.itertuples(index=False)]
    years = sorted(documents["year"].dropna().unique())
    if len(years) > 1:
        earlier = [y for y in years if y < years[-1]]
        comparisons.append((str(years[-1]), None, f"year {years[-1]}", f"years {earlier[0]}-{earlier[-1]}",
                            f"plans of {years[-1]}"))
    for target, reference, target_name, reference_name, label in comparisons:
        if len(documents) < 2:
            break
        table = keyness_vs_rest(matrix, features, documents, target, reference, min_count=min_count)
        table.insert(0, "reference", reference_name)
        table.insert(0, "target_label", label)
        table.insert(0, "target", target_name)
        parts.append(table)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def vocabulary_tables(corpus: Corpus) -> dict[str, pd.DataFrame]:
    similarity, order = plan_similarity(corpus)
    return {
        "tfidf_top_terms": tfidf_top_terms(corpus, "doc_id"),
        "tfidf_top_terms_by_year": tfidf_top_terms(corpus, "year"),
        "keyness": keyness_tables(corpus),
        "collocations": collocations(corpus),
        "similarity": similarity,
        "_similarity_order": order,
    }


def vocabulary_figures(corpus: Corpus, tables: dict, lang: str, out_dir: Path) -> list[Path]:
    source = source_line(corpus)
    written = []
    top_terms = tables["tfidf_top_terms"].groupby("doc_id", sort=False).head(12)
    written += figures.save_figure(figures.plot_top_terms(top_terms, lang, source), top_terms, "tfidf_top_terms", out_dir)
    labels = {p.doc_id: f"{p.province} {p.year}" for p in corpus.usable.itertuples()}
    keyness = tables["keyness"]
    for plan in corpus.usable.itertuples():
        table = keyness[keyness["target"] == plan.doc_id] if len(keyness) else keyness
        if table.empty:
            continue
        shown = pd.concat([table[table["G2"] > 0].head(15), table[table["G2"] < 0].tail(15)])
        figure = figures.plot_keyness(shown, labels[plan.doc_id], lang=lang, source=source,
                                      colour=figures.province_colour(plan.province))
        written += figures.save_figure(figure, shown, f"keyness_{plan.doc_id}", out_dir)
    if len(corpus.usable) > 1:
        similarity = tables["similarity"]
        written += figures.save_figure(
            figures.plot_similarity(similarity, tables["_similarity_order"], labels, lang, source),
            similarity, "similarity_heatmap", out_dir)
    return written


def topic_tables(corpus: Corpus, k: int | None = None, k_range=range(4, 13), method: str = "nmf",
                 seed: int = topics.DEFAULT_SEED, guided: list[str] | None = None, codebook_path=None) -> dict:
    """Model selection (unless ``k`` is given), the chosen model and every topic table."""
    units = topics.topic_units(corpus)
    matrix = topics.unit_matrix(units)
    selection = topic_selection.select_k(matrix, [k] if k else k_range, method, seed=seed)
    chosen = int(selection.loc[selection["chosen"], "k"].iloc[0])
    codebook = load_codebook(codebook_path) if guided else None
    model = topics.fit_topics(matrix, chosen, method, seed, guided=guided, codebook=codebook)
    return {
        "topic_selection": selection,
        "topic_terms": topics.topic_terms(model),
        "topic_segments": topics.segment_topics(model, units),
        "topic_prevalence": topics.topic_prevalence(model, units, "doc_id"),
        "topic_prevalence_by_province": topics.topic_prevalence(model, units, "province"),
        "topic_prevalence_by_year": topics.topic_prevalence(model, units, "year"),
        "topic_representative_segments": topics.representative_segments(model, units),
        "_model": model,
    }


def topic_summary(tables: dict) -> str:
    """One line for the run output: the chosen k and how stable it is."""
    selection, model = tables["topic_selection"], tables["_model"]
    row = selection[selection["chosen"]].iloc[0]
    searched = f"chosen over k = {selection['k'].min()}-{selection['k'].max()}" if len(selection) > 1 else "given"
    return (f"topics: {model.method.upper()} k = {model.k} ({searched}); coherence (NPMI) {row['coherence']:.3f}, "
            f"stability {row['stability']:.2f} (mean best-match Jaccard of top-10 terms over "
            f"{topic_selection.N_SEEDS} seeds)")


def topic_figures(corpus: Corpus, tables: dict, lang: str, out_dir: Path) -> list[Path]:
    source = source_line(corpus)
    model = tables["_model"]
    plan_labels = {p.doc_id: f"{p.province} {p.year}" for p in corpus.usable.sort_values(["year", "province"]).itertuples()}
    written = []
    terms = tables["topic_terms"]
    written += figures.save_figure(figures.plot_topic_terms(terms, model.method, lang, source), terms, "topic_terms", out_dir)
    prevalence = tables["topic_prevalence"]
    written += figures.save_figure(figures.plot_topic_prevalence(prevalence, plan_labels, lang, source), prevalence,
                                   "topic_prevalence", out_dir)
    by_year = tables["topic_prevalence_by_year"]
    written += figures.save_figure(figures.plot_topic_trends(by_year, lang, source), by_year, "topic_trends", out_dir)
    selection = tables["topic_selection"]
    written += figures.save_figure(
        figures.plot_model_selection(selection, topic_selection.MIN_STABILITY, lang, source), selection,
        "topic_model_selection", out_dir)
    return written


def run_all(corpus_dir=None, out_dir=None, lang: str = "en", codebook_path=None,
            seed: int = themes.DEFAULT_SEED, corpus: Corpus | None = None,
            topic_seed: int = topics.DEFAULT_SEED, topic_k_range=range(4, 13)) -> RunResult:
    """Build the corpus (unless given) and write every table and figure."""
    corpus = corpus if corpus is not None else build_corpus(corpus_dir)
    out_dir = Path(out_dir) if out_dir else config.FIGURES_DIR
    result = RunResult(corpus, out_dir)
    if corpus.usable.empty:
        return result
    result.tables["corpus"] = corpus.documents[CORPUS_COLUMNS]
    result.written.append(figures.save_table(result.tables["corpus"], out_dir / "corpus.csv"))
    tables = theme_tables(corpus, codebook_path, seed=seed)
    for name, table in tables.items():
        if not name.startswith("_"):
            result.tables[name] = table
            result.written.append(figures.save_table(table, out_dir / f"{name}.csv"))
    result.written += theme_figures(corpus, tables, lang, out_dir)
    vocabulary = vocabulary_tables(corpus)
    for name, table in vocabulary.items():
        if not name.startswith("_"):
            result.tables[name] = table
            result.written.append(figures.save_table(table, out_dir / f"{name}.csv"))
    result.written += vocabulary_figures(corpus, vocabulary, lang, out_dir)
    topic = topic_tables(corpus, k_range=topic_k_range, seed=topic_seed)
    for name, table in topic.items():
        if not name.startswith("_"):
            result.tables[name] = table
            result.written.append(figures.save_table(table, out_dir / f"{name}.csv"))
    result.written += topic_figures(corpus, topic, lang, out_dir)
    result.summary.append(topic_summary(topic))
    return result
