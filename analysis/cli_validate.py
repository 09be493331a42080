"""``python -m analysis validate sample|score``: a coding sheet out, filled sheets scored.

Kept apart from ``cli`` (which holds every other command and is near the size limit); like it,
it imports only ``config`` at start-up and each stage when called.

``sample``: writes ``--out`` (default ``coding_sheet.xlsx`` here) with ``.csv`` and
``.design.csv`` beside it. ``score SHEET ...``: prints per theme precision, recall and F1 with
95% intervals, passages coded and agreement (``--show scores``), every disagreement with its
passage (``--show disagreements``) or suggested codebook edits as YAML (``--show suggestions``).
Each scoring is remembered (in the cache, by the sheets' content): when the codebook changed
since the last scoring of the same sheets, ``scores`` gains ``precision_change, recall_change``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from analysis import config
from analysis.errors import UserError


def add_parser(commands, add_common, add_codebook, handler) -> None:
    """The ``validate`` command and its two subcommands, on ``commands`` (cli's subparsers)."""
    validate = commands.add_parser("validate", help="check the codebook against your own reading: a coding sheet, "
                                   "then precision, recall and agreement", description=__doc__.splitlines()[0])
    validate.set_defaults(handler=handler, backend=config.PARALLEL_BACKEND, scheduler=None)
    steps = validate.add_subparsers(dest="step", metavar="STEP", parser_class=type(validate))
    sample = steps.add_parser("sample", help="write a coding sheet of passages sampled from the corpus")
    sample.add_argument("--themes", metavar="IDS", help="comma-separated theme ids or labels to code "
                        "(default: the featured themes)")
    sample.add_argument("--size", type=int, default=config.VALIDATION_SAMPLE_SIZE, metavar="N",
                        help=f"units in the sheet (default: {config.VALIDATION_SAMPLE_SIZE})")
    sample.add_argument("--seed", type=int, default=config.VALIDATION_SEED, metavar="N",
                        help=f"sampling seed (default: {config.VALIDATION_SEED})")
    sample.add_argument("--coder", default="", metavar="NAME", help="the coder's name, written in the sheet")
    sample.add_argument("--unit", choices=list(config.VALIDATION_UNITS), default="passage",
                        help="what a row holds: a passage or a sentence (default: passage)")
    sample.add_argument("--out", metavar="FILE", default=f"{config.VALIDATION_SHEET_NAME}.xlsx",
                        help=f"the sheet to write (default: {config.VALIDATION_SHEET_NAME}.xlsx here)")
    sample.add_argument("--lang", choices=list(config.LANGUAGES), default=config.DEFAULT_LANG,
                        help="language of the instructions and drop-downs")
    score = steps.add_parser("score", help="score the codebook against filled coding sheets")
    score.add_argument("sheets", nargs="*", metavar="SHEET", help="filled sheets (.xlsx or .csv; default: "
                       f"those in the corpus folder's {config.VALIDATION_DIR_NAME}/ folder)")
    score.add_argument("--show", choices=["scores", "disagreements", "suggestions"], default="scores",
                       help="what to print (default: scores)")
    for sub in (sample, score):
        add_common(sub, formats=sub is score)
        add_codebook(sub)
        sub.set_defaults(handler=handler)


def run(args, usable_corpus, print_table) -> int:
    from analysis.measure.themes.codebook import codebook_path, load_codebook
    from analysis.measure.themes.measures import theme_hits

    if not getattr(args, "step", None):
        raise UserError("give a step: validate sample (write a coding sheet) or validate score SHEET")
    if args.step == "sample" and args.size < 1:
        raise UserError("--size must be 1 or more units")
    corpus = usable_corpus(args)
    codebook = load_codebook(codebook_path(corpus.directory, args.codebook))
    hits = theme_hits(corpus, codebook)
    if args.step == "sample":
        return _sample(args, corpus, codebook, hits)
    return _score(args, corpus, codebook, hits, print_table)


def _sample(args, corpus, codebook, hits) -> int:
    from analysis.outputs.briefing import run_date
    from analysis.outputs.validation import sample_sheet

    themes = codebook.theme_ids_named([t.strip() for t in args.themes.split(",")], "--themes") if args.themes else None
    out = Path(args.out)
    if Path(corpus.directory).resolve() in out.resolve().parents and out.resolve().parent.name != config.VALIDATION_DIR_NAME:
        raise UserError(f"--out {out} is inside the corpus folder, which is only read; write the sheet elsewhere")
    sample, written = sample_sheet(corpus, codebook, hits, out, themes, args.size, args.seed, args.coder, args.unit,
                                   args.lang, run_date().isoformat())
    print(f"wrote {len(sample)} {args.unit}s to " + ", ".join(str(p) for p in written) + "; code the .xlsx (or the "
          f".csv), then copy it into {Path(corpus.directory) / config.VALIDATION_DIR_NAME} or run "
          f"'python -m analysis validate score {written[0]}'", file=sys.stderr)
    return 0


def _score(args, corpus, codebook, hits, print_table) -> int:
    from analysis.outputs.coding_sheet import sheet_files
    from analysis.outputs.validation import validate

    sheets = [Path(s) for s in args.sheets] or sheet_files(corpus.directory)
    if not sheets:
        raise UserError(f"no coding sheet given and none in {Path(corpus.directory) / config.VALIDATION_DIR_NAME}; "
                        "write one with 'python -m analysis validate sample'")
    result = validate(corpus, codebook, hits, sheets)
    if result.scores.empty:
        raise UserError(f"{', '.join(str(s) for s in sheets)}: no answer yet; choose yes or no in the theme "
                        "columns, then score again")
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    if args.show == "suggestions":
        sys.stdout.write(result.suggestions)
    elif args.show == "disagreements":
        print_table(result.disagreements, args.format)
    else:
        print_table(_with_change(result.scores, sheets), args.format)
    return 0


def _with_change(scores, sheets):
    """The scores, with the change since the last scoring of the same sheets under another codebook."""
    import pandas as pd

    from analysis import cache

    key = cache.cache_key("validation", b"\x00".join(Path(s).read_bytes() for s in sheets), (), {})
    path = cache.entry_path(config.CACHE_DIR, "validation", key, ".csv")
    previous = pd.read_csv(path) if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    scores.to_csv(path, index=False)
    if previous is None or set(previous["codebook_sha256"].astype(str)) == set(scores["codebook_sha256"].astype(str)):
        return scores
    before = previous.set_index("theme")
    return scores.assign(**{f"{m}_change": scores[m] - scores["theme"].map(before[m]) for m in ("precision", "recall")})
