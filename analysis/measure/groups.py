"""One policy for grouping plans by an attribute (province, year, issuer, resolution, ...).

A plan whose value is missing (None, NaN, pandas NA or "") is never dropped from a grouped
table: it is pooled in a group named "unknown" in the run's language (labels.yml
``attribute.unknown``: "unknown", "không rõ"), so every plan is counted once in every
grouping and a reader sees how much of the corpus the attribute does not place. Known values
keep their type (years stay numbers), so a ``group`` column reads 2016, 2020, "unknown".

``plan_attribute(table, by, plans)`` -- ``by`` for each row of ``table``: its own column, else
looked up by ``doc_id`` in ``plans`` (a ValueError when neither has it).
``group_values(values, lang)`` -- the values with missing ones named ``unknown_group(lang)``.
``group_order(values, lang)`` -- the distinct group names, known ones sorted, unknown last.
``n_known(values)`` -- how many distinct known values (a run's "plans of N provinces": an
unknown province is not one).
"""

from __future__ import annotations

import pandas as pd

from analysis import config
from analysis.resources import group_sort_key, text


def unknown_group(lang: str = config.DEFAULT_LANG) -> str:
    """The name of the group of plans whose value is missing."""
    return text("attribute.unknown", lang)


def is_unknown_group(value) -> bool:
    """Whether ``value`` is missing or names the unknown group in any language (tables are written
    in the run's language; a page in the other language renames the group, ``in_language``)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return True
    return str(value) in {"", *(unknown_group(lang) for lang in config.LANGUAGES)}


def in_language(values: pd.Series, lang: str) -> pd.Series:
    """``values`` with the unknown group named in ``lang`` (the rest unchanged)."""
    return values.map(lambda value: unknown_group(lang) if is_unknown_group(value) else value)


def _missing(values: pd.Series) -> pd.Series:
    return values.isna() | values.astype(object).eq("")


def plan_attribute(table: pd.DataFrame, by: str, plans: pd.DataFrame | None = None) -> pd.Series:
    """``by`` for each row of ``table``, from its own column or from ``plans`` by doc_id."""
    if by in table.columns:
        return table[by]
    if plans is None or by not in plans.columns:
        raise ValueError(f"plans have no attribute '{by}'")
    return table["doc_id"].map(plans.drop_duplicates("doc_id").set_index("doc_id")[by])


def n_known(values: pd.Series) -> int:
    """How many distinct values ``values`` holds, missing ones not counted."""
    return int(values[~_missing(values)].nunique())


def group_values(values: pd.Series, lang: str = config.DEFAULT_LANG) -> pd.Series:
    """``values`` as group names: missing ones named ``unknown_group(lang)``, the rest unchanged."""
    missing = _missing(values)
    if not missing.any():
        return values
    return values.astype(object).where(~missing, unknown_group(lang))


def group_order(values: pd.Series, lang: str = config.DEFAULT_LANG) -> list:
    """The distinct groups of ``group_values(values, lang)``: known ones sorted (names in Vietnamese order),
    unknown last."""
    missing = _missing(values)
    known = sorted(values[~missing].unique(), key=group_sort_key)
    return known + ([unknown_group(lang)] if missing.any() else [])
