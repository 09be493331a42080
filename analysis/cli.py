"""``python -m analysis <command>``: parse arguments, call the stages, print tables.

Exit codes: 0 with results, 1 when no usable plan was found (or nothing matched),
2 for bad arguments or input the user must fix (codebook, plans.csv, output folder), 3 for a
bug in the tool (details saved in ``.cache/last-error.txt``). Every message is one plain line
on stderr; expected problems never show a traceback.

Only ``config`` is imported at start-up (no numpy, pandas or scikit-learn), so ``--help``
and argument errors answer at once; each command imports the stages it calls.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from analysis import cli_validate, config
from analysis.errors import UserError as StageError, save_traceback

# 3 is kept apart for bugs, so a script can tell its own mistakes (2) from the tool's.
EXIT_OK, EXIT_NO_RESULTS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse prints usage + message; we want one line
        raise UsageError(f"{message}; run '{self.prog} --help' to see the options")


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _print_table(table, fmt: str) -> None:
    if fmt == "csv":
        from analysis.csv_tables import csv_text  # formulas guarded, as in every CSV written

        sys.stdout.write(csv_text(table))
    elif fmt == "json":
        sys.stdout.write(table.to_json(orient="records", force_ascii=False, indent=1) + "\n")
    else:
        import pandas as pd

        with pd.option_context("display.max_rows", None, "display.max_columns", None,
                               "display.width", 200, "display.max_colwidth", 60):
            print(table.to_string(index=False) if len(table) else "(no rows)")


def _load_corpus(args, then=None):
    from analysis.read.corpus import build_corpus

    folder = Path(args.corpus) if args.corpus else None
    corpus = build_corpus(folder, progress=not getattr(args, "quiet", False), then=then)
    for warning in corpus.warnings:
        _say(f"warning: {warning}")
    for row in corpus.documents.itertuples():
        if row.status in ("skipped", "no_body"):  # a file with no body is skipped from every comparison
            _say(f"skipped {row.path}: this file {row.reason}")
        elif row.status == "duplicate":
            _say(f"duplicate {row.path}: {row.reason}")
    return corpus


class NoResults(Exception):
    """Nothing to analyse, or nothing matched: exit code 1 with the message."""


def _usable_corpus(args, then=None):
    """The corpus, or NoResults when every file was skipped; ``then``: see ``build_corpus``."""
    corpus = _load_corpus(args, then)
    if corpus.usable.empty:
        raise NoResults(corpus.no_plans_message())
    return corpus


def _use_backend(args) -> None:
    from analysis import parallel

    if args.backend == "dask":
        if not args.scheduler:
            raise UsageError("--backend dask needs --scheduler ADDRESS (the dask scheduler, e.g. tcp://10.0.0.5:8786)")
        try:
            import distributed  # noqa: F401 -- only checks that it is installed
        except ImportError:
            raise UsageError("--backend dask needs dask.distributed; install it with pip install 'dask[distributed]'") from None
    parallel.use_backend(args.backend, args.scheduler)


def cmd_corpus(args) -> int:
    from analysis.read.corpus import CORPUS_COLUMNS

    corpus = _load_corpus(args)
    columns = CORPUS_COLUMNS if args.format != "table" else [
        "doc_id", "status", "province", "year", "date", "number", "issuer", "n_tokens", "reason"]
    _print_table(corpus.documents[columns], args.format)
    if corpus.usable.empty:
        _say(corpus.no_plans_message())
        return EXIT_NO_RESULTS
    return EXIT_OK


def cmd_kwic(args) -> int:
    from analysis.measure.concordance import kwic, search

    if not args.phrase.replace("|", " ").replace("_", " ").split():
        raise UsageError("the phrase is empty; give a word or phrase, e.g. kwic \"nước thải\"")
    if args.window < 0:
        raise UsageError("--window must be 0 or more syllables")
    corpus = _usable_corpus(args)
    table = kwic.kwic(corpus, args.phrase, args.window)
    if table.empty:  # one sentence, not an empty table and a zero for every plan
        raise NoResults(search.no_match_sentence(args.phrase, len(corpus.texts)))
    if table.attrs.get("tone_insensitive"):
        _say(f"'{args.phrase}' has no tone marks, so it was matched without them (it finds 'nước thải' for 'nuoc thai')")
    columns = ["doc_id", "province", "year", "section", "left", "match", "right"]
    _print_table(table if args.format != "table" else table[columns], args.format)
    # The plans that match, then a count of the rest: a national corpus would list a thousand zeros.
    counts = table.groupby("doc_id", sort=False).size()
    rest = len(corpus.texts) - len(counts)
    _say("matches: " + ", ".join(f"{doc} {n}" for doc, n in counts.items()) + (f"; none in {rest} other plan"
                                                                             f"{'' if rest == 1 else 's'}" if rest else ""))
    return EXIT_OK


def cmd_themes(args) -> int:
    from analysis.measure.themes.codebook import codebook_path, load_codebook
    from analysis.outputs.analyse import theme_tables

    if args.bootstrap < 1:
        raise UsageError("--bootstrap must be 1 or more resamples")
    corpus = _usable_corpus(args)
    codebook = load_codebook(codebook_path(corpus.directory, args.codebook))
    group_by = args.group_by if args.group_by in config.GROUP_ATTRIBUTES else config.GROUP_BY
    tables = theme_tables(corpus, codebook, seed=args.seed, n_boot=args.bootstrap, group_by=group_by)
    if args.evidence:
        table = tables["theme_evidence"]
        columns = ["doc_id", "theme", "match", "section_path", "left", "right"]
    elif args.unmatched:
        table = tables["theme_unmatched_phrases"]
        columns = list(table.columns)
    elif args.group_by in config.GROUP_ATTRIBUTES:
        table = tables["theme_by_group"]
        columns = ["group", "theme", "n_plans", "hits", "n_tokens", "rate_per_1k", "share"]
    else:
        table = tables["theme_measures"]
        columns = ["doc_id", "theme", "hits", "rate_per_1k", "ci_low", "ci_high", "share", "rank"]
    _print_table(table if args.format != "table" else table[columns], args.format)
    return EXIT_OK


def cmd_keyness(args) -> int:
    from analysis.measure.vocabulary.keyness import keyness_between, keyness_extremes

    if args.min_count < 1:
        raise UsageError("--min-count must be 1 or more")
    corpus = _usable_corpus(args)
    try:
        table = keyness_between(corpus, args.target, args.reference, min_count=args.min_count,
                                boilerplate=not args.keep_boilerplate, ngram=args.ngram)
    except (LookupError, ValueError) as error:
        message, hint = str(error), "; see the plans with 'python -m analysis corpus'"
        raise UsageError(message if "Did you mean" in message else message.rstrip(".") + hint) from None
    if args.top:
        table = keyness_extremes(table, args.top)
    _print_table(table, args.format)
    return EXIT_OK


def _k_range(text: str) -> range:
    try:
        low, high = (int(part) for part in text.split("-"))
    except ValueError:
        raise UsageError(f"--k-range '{text}' is not like 4-12") from None
    if not 2 <= low <= high <= 40:
        raise UsageError("--k-range must lie between 2 and 40, low before high, e.g. 4-12")
    return range(low, high + 1)


def cmd_topics(args) -> int:
    from analysis.api import TOPIC_TABLES
    from analysis.measure.themes.codebook import codebook_path, load_codebook
    from analysis.outputs.analyse import topic_summary, topic_tables

    if args.k is not None and args.k < 2:
        raise UsageError("--k must be 2 or more")
    k_range = _k_range(args.k_range)
    corpus = _usable_corpus(args)
    codebook = load_codebook(codebook_path(corpus.directory, args.codebook)) if args.guided else None
    guided = codebook.theme_ids_named([t.strip() for t in args.guided.split(",")], "--guided") if args.guided else None
    problems: list[dict] = []
    try:
        tables, model = topic_tables(corpus, args.k, k_range, args.method, args.topic_seed, guided, codebook,
                                     group_by=args.group_by, contrast=tuple(args.contrast) if args.contrast else None,
                                     omitted=problems)
    except ValueError as error:
        raise UsageError(str(error)) from None
    table = TOPIC_TABLES["contrast" if args.contrast else args.show]
    _print_table(tables[table], args.format)
    _say(topic_summary(tables["topic_selection"], model, names=tables["topic_names"]))
    for problem in problems:
        _say(problem["reason"])
    return EXIT_OK


def cmd_commitments(args) -> int:
    from analysis.api import commitments

    _print_table(commitments(_usable_corpus(args), args.show, args.codebook), args.format)
    return EXIT_OK


def cmd_run(args) -> int:
    from analysis.outputs.analyse import measuring_while_reading  # the workers measure each plan they read
    from analysis.outputs.briefing import run_date
    from analysis.outputs.write import run_all
    from analysis.resources import count, text

    run_date(args.date)  # a bad --date or SOURCE_DATE_EPOCH stops the run before the plans are read
    corpus = _usable_corpus(args, measuring_while_reading(args.corpus, args.codebook, args.seed))
    result = run_all(out_dir=args.out, corpus=corpus, lang=args.lang, codebook_path=args.codebook, seed=args.seed,
                     topic_seed=args.topic_seed, progress=not args.quiet, plans=args.plans,
                     per_plan=args.per_plan, reselect_topics=args.reselect_topics, group_by=args.group_by, date=args.date)
    if not args.quiet:
        for line in result.summary:
            _say(line)
        _say(text("summary.run", args.lang, plans=count(len(corpus.usable), "plan", args.lang),
                  skipped=count(int((corpus.documents["status"] != "ok").sum()), "file", args.lang),
                  written=count(len(result.written), "file", args.lang), out=result.out_dir))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m analysis", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add_common(sub, formats=True):
        sub.add_argument("--corpus", metavar="DIR", help=f"folder of plan files (default: {config.CORPUS_DIR})")
        sub.add_argument("--backend", choices=["loky", "dask", "serial"], default=config.PARALLEL_BACKEND,
                         help="where segmentation and topic fits run: worker processes here (loky), a dask "
                              f"cluster (dask, with --scheduler) or this process (default: {config.PARALLEL_BACKEND})")
        sub.add_argument("--scheduler", metavar="ADDRESS", help="dask scheduler address, e.g. tcp://10.0.0.5:8786")
        if formats:
            sub.add_argument("--format", choices=["table", "csv", "json"], default="table",
                             help="output format (default: table)")

    def add_codebook(sub, help_suffix=""):
        sub.add_argument("--codebook", metavar="FILE",
                         help=f"theme codebook{help_suffix} (default: themes.yml in the corpus folder, else {config.CODEBOOK_PATH})")

    def add_seed(sub):
        sub.add_argument("--seed", type=int, default=config.BOOTSTRAP_SEED, metavar="N",
                         help=f"seed of the bootstrap intervals (default: {config.BOOTSTRAP_SEED})")

    def add_group_by(sub, choices, default, help):
        sub.add_argument("--group-by", choices=choices, default=default, metavar="ATTRIBUTE", help=help)
        # --by, the old spelling: still accepted so earlier commands keep working, no longer advertised.
        sub.add_argument("--by", choices=choices, dest="group_by", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    def add_topic_seed(sub):
        sub.add_argument("--topic-seed", type=int, default=config.TOPIC_SEED, metavar="N",
                         help=f"seed of the topic models (default: {config.TOPIC_SEED})")

    corpus = commands.add_parser("corpus", help="list every file in the corpus with its status and metadata",
                                 description="One row per file found: status (ok|duplicate|no_body|skipped), reason, metadata.")
    add_common(corpus)
    corpus.set_defaults(handler=cmd_corpus)

    kwic = commands.add_parser("kwic", help="show every occurrence of a phrase in context",
                               description="PHRASE: 'a | b' for either, 'xử lý *' for any next syllable; no tone marks: ignored.")
    kwic.add_argument("phrase", metavar="PHRASE", help='word or phrase, e.g. "nước thải"')
    kwic.add_argument("--window", type=int, default=config.CONTEXT_WINDOW, metavar="N",
                      help=f"syllables of context on each side (default: {config.CONTEXT_WINDOW})")
    add_common(kwic)
    kwic.set_defaults(handler=cmd_kwic)

    themes = commands.add_parser("themes", help="measure each codebook theme in each plan",
                                 description="Theme hits, rates per 1,000 words, shares, ranks and bootstrap "
                                             "intervals per plan; or the evidence behind them.")
    add_common(themes)
    add_codebook(themes)
    add_seed(themes)
    shown = themes.add_mutually_exclusive_group()
    shown.add_argument("--evidence", action="store_true", help="list every hit with its section and context")
    shown.add_argument("--unmatched", action="store_true", help="list codebook phrases that never matched")
    add_group_by(shown, ["plan", *config.GROUP_ATTRIBUTES], "plan",
                 "one row per plan and theme (default: plan), or pooled by a plan attribute: province, province "
                 "since the 1 July 2025 merger (province_2025), year, doc_type, issuer, or the central resolution "
                 "the plan implements (resolution)")
    themes.add_argument("--bootstrap", type=int, default=config.BOOTSTRAP_RESAMPLES, metavar="N",
                        help=f"bootstrap resamples for the intervals (default: {config.BOOTSTRAP_RESAMPLES})")
    themes.set_defaults(handler=cmd_themes)

    keyness = commands.add_parser("keyness", help="features (words or word n-grams) over- and under-used in a plan, province or year",
                                  description="Keyness of a target (doc_id, province or year) against a reference "
                                              "(default: every other plan): G2, chi2, p, log ratio, counts.")
    keyness.add_argument("--target", required=True, metavar="DOC_OR_PROVINCE", help="doc_id, province name or year")
    keyness.add_argument("--reference", metavar="DOC_OR_PROVINCE", help="doc_id, province or year (default: the rest)")
    keyness.add_argument("--min-count", type=int, default=config.KEYNESS_MIN_COUNT, metavar="N",
                         help=f"drop features seen fewer times (default: {config.KEYNESS_MIN_COUNT})")
    keyness.add_argument("--top", type=int, default=0, metavar="N", help="show only the top N in each direction")
    keyness.add_argument("--ngram", type=int, choices=[1, 2, 3], default=1, help="longest word n-gram (default: 1)")
    keyness.add_argument("--keep-boilerplate", action="store_true", help="keep administrative boilerplate words")
    add_common(keyness)
    keyness.set_defaults(handler=cmd_keyness)

    topics = commands.add_parser("topics", help="topic models over plan passages (NMF or LDA)",
                                 description="Fit NMF or LDA on body passages; choose k by coherence and stability.")
    topics.add_argument("--k", type=int, metavar="K", help="number of topics (default: chosen over --k-range)")
    k_range = f"{min(config.TOPIC_K_RANGE)}-{max(config.TOPIC_K_RANGE)}"
    topics.add_argument("--k-range", default=k_range, metavar="A-B", help=f"range searched for k (default: {k_range})")
    topics.add_argument("--method", choices=["nmf", "lda"], default=config.TOPIC_METHOD,
                        help=f"NMF on TF-IDF or LDA on counts (default: {config.TOPIC_METHOD})")
    add_topic_seed(topics)
    topics.add_argument("--guided", metavar="THEMES", help="comma-separated codebook theme ids to seed topics (nmf)")
    add_codebook(topics, " for --guided")
    topics.add_argument("--show", choices=["terms", "prevalence", "selection", "segments", "labels", "effects",
                                           "names", "boilerplate"],
                        default="terms", help="table to print (default: terms); labels: words by weight and FREX; "
                                              "effects: prevalence by --group-by with 95%% intervals; names: yours from "
                                              "topic_names.yml; boilerplate: words kept out of topics")
    add_group_by(topics, list(config.GROUP_ATTRIBUTES), config.GROUP_BY,
                 f"plan attribute for --show effects and --contrast (default: {config.GROUP_BY})")
    topics.add_argument("--contrast", nargs=2, metavar=("GROUP", "OTHER"),
                        help="difference in each topic's prevalence between two groups of --group-by, with its 95%% "
                             'interval, e.g. --group-by resolution --contrast 24-NQ/TW 41-NQ/TW')
    add_common(topics)
    topics.set_defaults(handler=cmd_topics)

    commitments = commands.add_parser("commitments", help="what each plan promises: targets, deadlines, agencies, "
                                      "directives (each row quotes its sentence)")
    commitments.add_argument("--show", choices=["targets", "agencies", "directives"], default="targets",
                             help="targets (with dated tasks), agencies (lead, coordinate) or directives")
    add_codebook(commitments, " (themes of each commitment)")
    add_common(commitments)
    commitments.set_defaults(handler=cmd_commitments)

    run = commands.add_parser("run", help="write every table and figure (what `make figures` calls)", description="Run the whole pipeline on the corpus and write the outputs.")
    add_common(run, formats=False)
    run.add_argument("--out", metavar="DIR", help=f"output folder (default: {config.FIGURES_DIR})")
    run.add_argument("--lang", choices=list(config.LANGUAGES), default=config.DEFAULT_LANG,
                     help=f"language of figures, readings and the briefing (default: {config.DEFAULT_LANG})")
    run.add_argument("--quiet", action="store_true", help="print only problems")
    run.add_argument("--plans", nargs="+", metavar="NAME",
                     help="draw plan-by-plan figures (shares, keyness, ...) for these plans: doc_id, 'Province year' "
                          f"or a province (default: every plan up to {config.FIGURE_MAX_PLANS} plans, none beyond)")
    run.add_argument("--per-plan", action="store_true", help="draw plan-by-plan figures for every plan")
    add_group_by(run, list(config.GROUP_ATTRIBUTES), config.GROUP_BY,
                 f"plan attribute the briefing's pooled comparison groups by (default: {config.GROUP_BY})")
    run.add_argument("--date", metavar="YYYY-MM-DD", help=f"the date the briefing shows (default: ${config.SOURCE_DATE_VARIABLE}'s UTC date, else today)")
    run.add_argument("--reselect-topics", action="store_true",
                     help="search the number of topics again (default: reuse the previous run's choice when only "
                          "some plans changed)")
    add_codebook(run)
    add_seed(run)
    add_topic_seed(run)
    run.set_defaults(handler=cmd_run)
    cli_validate.add_parser(commands, add_common, add_codebook, lambda a: cli_validate.run(a, _usable_corpus, _print_table))
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "handler", None):
            raise UsageError(f"give a command: corpus, kwic, themes, keyness, topics, commitments, run or validate; run '{parser.prog} --help' to see them")
        _use_backend(args)
        return args.handler(args)
    except UsageError as error:
        _say(f"error: {error}")
        return EXIT_USAGE
    except NoResults as error:
        _say(str(error))
        return EXIT_NO_RESULTS
    except StageError as error:  # a bad codebook, plans.csv or corpus folder
        _say(f"error: {error}")
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early; that is not an error.
        sys.stdout = open(os.devnull, "w")
        return EXIT_OK
    except KeyboardInterrupt:
        _say("stopped by the user; the output folder is unchanged (outputs are moved in only when a run completes)")
        return 130
    except OSError as error:
        # Reading the corpus never raises (bad files are skipped), so this is about writing.
        where = error.filename or "the output folder"
        _say(f"error: could not write {where} ({error.strerror or type(error).__name__}); "
             "choose a folder you can write to with --out, or free some disk space")
        return EXIT_USAGE
    except Exception as error:  # a bug: one line for the user, the details in a file
        log = save_traceback()
        _say(f"error: unexpected problem ({type(error).__name__}: {error}); this is a bug in the tool, "
             f"please report it with the details saved in {log}")
        return EXIT_BUG
