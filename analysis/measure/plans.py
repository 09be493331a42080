"""How a plan is named to a reader: ``plan_labels(plans)`` -> ``{doc_id: "Province year"}``.

Takes a table of plans with ``doc_id, province, year`` and, where known, ``number`` and
``date`` (``Corpus.usable`` or ``Analysis.plans``); the labels keep its row order. Every
table and figure that names a plan (keyness targets, figure axes, the briefing) uses these
labels, so a plan reads the same everywhere.

``plans_named(plans, name)`` -> the doc_ids a researcher means by ``name``: the one resolver
of plan names behind ``keyness --target``, ``run --plans`` and the like.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from analysis.read.metadata import canonical_province
from analysis.resources import format_date, matching_names, province_spellings


def plan_labels(plans: pd.DataFrame) -> dict[str, str]:
    """doc_id -> "Province year" for each row of ``plans`` (``doc_id, province, year, number, date``).

    A plan whose province is unknown is called by its file name (its doc_id): "2017" or ""
    would name nothing. Two plans of one province and year would read alike in every figure,
    so those say which they are: the document number, else the issue date as the plans date
    themselves (26/02/2020, the same in both languages), else the doc_id ("Bến Tre 2021 (7822/KH-UBND)").
    """
    base = {p.doc_id: _base_label(p) for p in plans.itertuples()}
    shared = {label for label, n in Counter(base.values()).items() if n > 1}
    labels = {}
    for plan in plans.itertuples():
        label = base[plan.doc_id]
        if label in shared:
            day = format_date(getattr(plan, "date", None), "vi")
            label += f" ({getattr(plan, 'number', '') or day or plan.doc_id})"
        labels[plan.doc_id] = label
    # Still alike (same number or date): the doc_id, which is unique, settles it.
    counts = pd.Series(list(labels.values())).value_counts()
    return {d: (f"{base[d]} ({d})" if counts[label] > 1 else label) for d, label in labels.items()}


def _base_label(plan) -> str:
    if pd.isna(plan.province) or not str(plan.province).strip():
        return str(plan.doc_id)
    return f"{plan.province} {plan.year}" if pd.notna(plan.year) else str(plan.province)


def plans_named(plans: pd.DataFrame, name) -> list[str]:
    """The doc_ids of ``plans`` (``doc_id, province, year``, where known ``number, date``) that
    ``name`` names, in row order; [] when none. In turn: a doc_id; a plan's label ("Cà Mau 2020
    (116/KH-UBND)"); "Province year" (every plan of that province and year); a province, by any
    spelling of provinces.csv (all its plans); a year (all its plans). Case, and tone marks when
    none are typed, are optional (``resources.matching_names``)."""
    text = str(name).strip()
    if text in set(plans["doc_id"]):
        return [text]
    base = {p.doc_id: _base_label(p) for p in plans.itertuples() if pd.notna(p.year)}  # "Province year"
    for names in (plan_labels(plans), base):
        found = set(matching_names(text, names.values()))
        if found:
            return [doc_id for doc_id, label in names.items() if label in found]
    spellings = {spelling: canonical for spelling, canonical in province_spellings()}
    spellings.update({province: province for province in plans["province"].dropna()})
    # canonical_province also reads old-style tone placement ("Thanh Hoá").
    provinces = {spellings[spelling] for spelling in matching_names(text, spellings)} | {canonical_province(text)}
    rows = plans["province"].isin(provinces)
    if not rows.any() and text.isdigit():
        rows = plans["year"].eq(int(text)).fillna(False).astype(bool)
    return list(plans.loc[rows.to_numpy(dtype=bool), "doc_id"])
