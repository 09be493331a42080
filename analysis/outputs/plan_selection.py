"""Which plans a researcher names with ``--plans``: ``resolve_plans(analysis, names, every)``
returns their doc_ids (or None for the default policy of ``catalogue.shown_plans``).
"""

from __future__ import annotations

from analysis.errors import UserError
from analysis.measure.concordance.search import suggestion
from analysis.outputs.analyse import Analysis


def resolve_plans(analysis: Analysis, names: list[str] | None, every: bool = False) -> list[str] | None:
    """The doc_ids that ``--plans`` names (a doc_id, a plan's label "Cà Mau 2020", or a province:
    all its plans); every plan with ``every``; None when neither is asked (the default policy)."""
    if every:
        return list(analysis.plans["doc_id"])
    if not names:
        return None
    labels = {label.casefold(): doc_id for doc_id, label in analysis.plan_labels().items()}
    plans = analysis.plans
    chosen = []
    for name in names:
        key = name.strip()
        if key in set(plans["doc_id"]):
            chosen.append(key)
        elif key.casefold() in labels:
            chosen.append(labels[key.casefold()])
        elif (plans["province"].str.casefold() == key.casefold()).any():
            chosen += list(plans.loc[plans["province"].str.casefold() == key.casefold(), "doc_id"])
        else:
            known = list(plans["doc_id"]) + list(analysis.plan_labels().values()) + list(plans["province"])
            raise UserError(f"--plans: no plan called '{name}'; use a doc_id, 'Province year' or a province as listed "
                            "by 'python -m analysis corpus'." + suggestion(name, known))
    return list(dict.fromkeys(chosen))
