"""The units a person codes to validate the codebook, the codebook's answer on them, and a
stratified sample of them for a coding sheet.

``coding_units(corpus, unit)`` -- every unit a coder may be shown (``UNIT_COLUMNS``): a body
passage (``unit="passage"``: a segment, the unit theme hits are counted in) or one of its
sentences (``"sentence"``, cut by ``commitments.passages.sentences``); the "Căn cứ" preamble
is left out (its hits are citations, never counted, so coding it measures nothing).
``unit_id`` is ``doc_id:`` and 10 hex digits of the SHA-256 of the unit's folded text
(case and tone placement ignored): the same unit gets the same id in every run, whatever
the codebook or the other plans; a second identical unit of one plan adds ``-2``.
Columns: ``unit_id, doc_id, province, year, order, sentence`` (0 for a passage), ``section_path,
section_title, start, end`` (offsets in the normalised plan), ``text``.

``unit_hits(units, hits)`` -- the codebook's answer (``HIT_UNIT_COLUMNS``): one row per counted
hit (``measures.theme_hits``) with the unit it lies in: ``unit_id, theme, phrase, match, left,
right``. ``text_hits(texts, codebook)`` -- the same from a unit's text alone (a unit of a
sheet no longer in the corpus), without the citation rule, which needs the plan around it.

``sample_units(units, found, themes, size, seed)`` -- the units of a coding sheet
(``SAMPLE_COLUMNS`` = ``UNIT_COLUMNS`` + ``stratum, stratum_size, stratum_sampled``). Strata
partition the units by the codebook's answer: a unit that some theme of ``themes`` finds
belongs to the stratum of the rarest such theme (fewest units found), every other unit to
``"none"``. ``config.VALIDATION_NO_HIT_SHARE`` of ``size`` goes to "none" (recall needs the
misses, which hide thinly there), the rest is shared equally among the theme strata; a
stratum smaller than its share is taken whole and what it leaves goes to the others.
Within a stratum the units are sorted by province, plan and position and drawn
systematically from a random start (seeded per stratum from ``seed``): an equal-probability
sample that spreads over provinces and plans in proportion to their units (implicit
stratification, Kish 1965, ch. 4.3). ``stratum_size`` (N) and ``stratum_sampled`` (n) are
what the weights of ``validation_scores`` are made of: each unit stands for N / n units.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from analysis import config
from analysis.measure.commitments.passages import sentences
from analysis.measure.statistics import keyed_rng
from analysis.measure.themes.phrases import PhraseMatcher
from analysis.read.normalize import fold
from analysis.resources import collated

UNIT_COLUMNS = ["unit_id", "doc_id", "province", "year", "order", "sentence", "section_path", "section_title",
                "start", "end", "text"]
HIT_UNIT_COLUMNS = ["unit_id", "theme", "phrase", "match", "left", "right"]
SAMPLE_COLUMNS = UNIT_COLUMNS + ["stratum", "stratum_size", "stratum_sampled"]
NO_HIT = "none"


def unit_id(doc_id: str, text: str) -> str:
    """``doc_id:`` + 10 hex digits of the folded text's SHA-256 (see the module docstring)."""
    folded = " ".join(fold(text).split())
    return f"{doc_id}:{hashlib.sha256(folded.encode('utf-8')).hexdigest()[:10]}"


def coding_units(corpus, unit: str = "passage") -> pd.DataFrame:
    """Every unit a coder may be shown; see the module docstring."""
    if unit not in config.VALIDATION_UNITS:
        raise ValueError(f"unit must be one of {', '.join(config.VALIDATION_UNITS)}, not '{unit}'")
    plans = corpus.usable.set_index("doc_id")[["province", "year"]].to_dict("index")
    body = corpus.segments[corpus.segments["is_body"] & ~corpus.segments["is_legal_basis"]]
    body = body[body["doc_id"].isin(plans)]
    rows = []
    for segment in body.itertuples(index=False):
        pieces = sentences(segment.text) if unit == "sentence" else [(0, segment.text)]
        for number, (offset, piece) in enumerate(pieces, start=1 if unit == "sentence" else 0):
            if not any(ch.isalpha() for ch in piece):
                continue
            start = segment.start + offset
            rows.append({"doc_id": segment.doc_id, **plans[segment.doc_id], "order": segment.order,
                         "sentence": number, "section_path": segment.section_path,
                         "section_title": segment.section_title, "start": start, "end": start + len(piece),
                         "text": piece.strip()})
    units = pd.DataFrame(rows, columns=UNIT_COLUMNS[1:])
    ids = [unit_id(d, t) for d, t in zip(units["doc_id"], units["text"])]
    seen: dict[str, int] = {}
    for i, value in enumerate(ids):  # a heading repeated in one plan: the second copy is -2
        seen[value] = seen.get(value, 0) + 1
        ids[i] = value if seen[value] == 1 else f"{value}-{seen[value]}"
    units.insert(0, "unit_id", ids)
    units["year"] = units["year"].astype("Int64")
    return units


def unit_hits(units: pd.DataFrame, hits: pd.DataFrame) -> pd.DataFrame:
    """Each counted hit with the unit it lies in (``HIT_UNIT_COLUMNS``)."""
    keys = units[["unit_id", "doc_id", "order", "start", "end"]].rename(columns={"start": "u_start", "end": "u_end"})
    joined = hits.merge(keys, on=["doc_id", "order"])
    inside = (joined["start"] >= joined["u_start"]) & (joined["start"] < joined["u_end"])
    return joined.loc[inside, HIT_UNIT_COLUMNS].reset_index(drop=True)


def text_hits(texts: pd.Series, codebook) -> pd.DataFrame:
    """``HIT_UNIT_COLUMNS`` for units known only by their text (``texts``: unit_id -> text)."""
    matcher = PhraseMatcher(codebook)
    rows = []
    for uid, passage in texts.items():
        for entry, start, end in matcher.match(str(passage)):
            left, right = passage[:start].split()[-config.CONTEXT_WINDOW:], passage[end:].split()[:config.CONTEXT_WINDOW]
            rows.append({"unit_id": uid, "theme": entry["theme"], "phrase": entry["phrase"],
                         "match": passage[start:end], "left": " ".join(left), "right": " ".join(right)})
    return pd.DataFrame(rows, columns=HIT_UNIT_COLUMNS)


def strata(units: pd.DataFrame, found: pd.DataFrame, themes: list[str]) -> pd.Series:
    """Each unit's stratum (indexed like ``units``): the rarest theme of ``themes`` found in it, else "none"."""
    found = found[found["theme"].isin(themes)].drop_duplicates(["unit_id", "theme"])
    frequency = found["theme"].value_counts()
    rank = {theme: (frequency.get(theme, 0), themes.index(theme)) for theme in themes}
    rarest = found.assign(_rank=found["theme"].map(rank)).sort_values("_rank", kind="mergesort")
    first = rarest.drop_duplicates("unit_id").set_index("unit_id")["theme"]
    return units["unit_id"].map(first).fillna(NO_HIT)


def allocate(sizes: dict[str, int], size: int) -> dict[str, int]:
    """Units drawn per stratum (see the module docstring): ``sizes`` maps stratum -> N."""
    if size >= sum(sizes.values()):
        return dict(sizes)
    taken = {name: 0 for name in sizes}
    none_share = min(sizes.get(NO_HIT, 0), round(size * config.VALIDATION_NO_HIT_SHARE))
    left = size - none_share
    themes = [name for name in sizes if name != NO_HIT]
    while left > 0 and any(taken[t] < sizes[t] for t in themes):
        open_strata = [t for t in themes if taken[t] < sizes[t]]
        share = max(1, left // len(open_strata))
        for theme in open_strata:
            extra = min(share, sizes[theme] - taken[theme], left)
            taken[theme] += extra
            left -= extra
    if NO_HIT in sizes:
        taken[NO_HIT] = min(sizes[NO_HIT], none_share + left)
    return taken


def _systematic(n_units: int, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` of ``n_units`` positions, one every ``n_units / n`` from a random start."""
    step = n_units / n
    return np.floor(rng.uniform(0, step) + step * np.arange(n)).astype(int)


def sample_units(units: pd.DataFrame, found: pd.DataFrame, themes: list[str],
                 size: int = config.VALIDATION_SAMPLE_SIZE, seed: int = config.VALIDATION_SEED) -> pd.DataFrame:
    """The units of a coding sheet, in reading order (plan, position); see the module docstring."""
    labelled = units.assign(stratum=strata(units, found, themes))
    labelled = labelled.sort_values(["province", "doc_id", "order", "sentence"], kind="mergesort", na_position="last",
                                  key=collated)
    sizes = labelled["stratum"].value_counts().to_dict()
    taken = allocate({name: sizes[name] for name in [*themes, NO_HIT] if name in sizes}, size)
    drawn = []
    for name, n in taken.items():
        members = labelled[labelled["stratum"] == name]
        if n == 0:
            continue
        picked = members.iloc[_systematic(len(members), n, keyed_rng(seed, name))]
        drawn.append(picked.assign(stratum_size=len(members), stratum_sampled=n))
    sample = pd.concat(drawn) if drawn else labelled.iloc[:0].assign(stratum_size=0, stratum_sampled=0)
    sample = sample.sort_values(["doc_id", "order", "sentence"], kind="mergesort").reset_index(drop=True)
    return sample[SAMPLE_COLUMNS]
