"""What the theme tables allow the bottom line to say, before any wording.

``bottom_line_claims(measures, plans, featured)`` returns ``Claim`` records:

* ``scope``: the themes the compared plans, pooled, give most attention to;
* ``highest``: one plan whose interval lies above every other plan's interval;
* ``pair``: no plan stands above all, but some plans' intervals lie above another's (the
  widest such gap is named, with every plan clearly above that one);
* ``overlap``: every pair of intervals overlaps: the plans cannot be told apart;
* ``none``: no plan mentions the theme;
* ``above_corpus`` (beyond ``config.FIGURE_MAX_PLANS`` plans): how many plans lie clearly
  above or below the rate of all plans pooled, since pairs of a thousand plans say nothing.

"Higher" is said only where intervals do not overlap (the quality bar), so a plan that is
highest on its point estimate but inside another's interval is never called highest.
Non-overlap of two 95% intervals is a conservative test: it implies a difference; overlap
does not prove there is none, and the wording says "cannot be told apart", not "equal".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis import config


@dataclass
class Claim:
    """One statement the bottom line may make. ``evidence``: (theme, doc_id) whose passages back it."""

    kind: str
    themes: list[str]
    values: dict = field(default_factory=dict)
    evidence: list[tuple[str, str]] = field(default_factory=list)


def _pooled(measures: pd.DataFrame) -> pd.Series:
    tokens = measures.drop_duplicates("doc_id")["n_tokens"].sum()
    return 1000.0 * measures.groupby("theme", sort=False)["hits"].sum() / max(1, tokens)


def _most_hits(rows: pd.DataFrame) -> str:
    return rows.sort_values(["hits", "doc_id"], ascending=[False, True]).iloc[0]["doc_id"]


def _theme_claim(rows: pd.DataFrame) -> Claim:
    """What can be said about one theme across a few plans (rows: one per plan)."""
    theme = rows["theme"].iloc[0]
    rows = rows.dropna(subset=["rate_per_1k"]).sort_values(["rate_per_1k", "doc_id"], ascending=[False, True])
    if rows.empty or rows["hits"].sum() == 0:
        return Claim("none", [theme])
    top, others = rows.iloc[0], rows.iloc[1:]
    if len(others) and top["ci_low"] > others["ci_high"].max():
        return Claim("highest", [theme], {"doc_id": top["doc_id"], "rate": top["rate_per_1k"], "low": top["ci_low"],
                                          "high": top["ci_high"], "hits": int(top["hits"]),
                                          "other_high": others["ci_high"].max(),
                                          "gap": top["ci_low"] - others["ci_high"].max()},
                     [(theme, top["doc_id"])])
    # The widest gap between one plan's lower end and another's upper end, if any is positive.
    lows, highs = rows["ci_low"].to_numpy(float), rows["ci_high"].to_numpy(float)
    gaps = lows[:, None] - highs[None, :]
    np.fill_diagonal(gaps, -np.inf)
    above, below = np.unravel_index(np.argmax(gaps), gaps.shape)
    if gaps[above, below] > 0:
        # Every plan clearly above the plan the widest gap is measured from, not only one:
        # "the other differences lie within the uncertainty" must be true when said.
        b = rows.iloc[below]
        aboves = rows[rows["ci_low"] > b["ci_high"]]
        n_pairs = int((gaps > 0).sum())
        return Claim("pair", [theme], {"above": list(aboves["doc_id"]), "rates": list(aboves["rate_per_1k"]),
                                       "other": b["doc_id"], "other_rate": b["rate_per_1k"],
                                       "other_hits": int(b["hits"]), "more_pairs": n_pairs - len(aboves),
                                       "gap": gaps[above, below]},
                     [(theme, d) for d in aboves["doc_id"]] + ([(theme, b["doc_id"])] if b["hits"] else []))
    return Claim("overlap", [theme], evidence=[(theme, _most_hits(rows))])


def _corpus_claim(rows: pd.DataFrame, pooled_rate: float) -> Claim:
    """Many plans: how many lie clearly above or below the pooled rate."""
    theme = rows["theme"].iloc[0]
    rows = rows.dropna(subset=["rate_per_1k"])
    if rows["hits"].sum() == 0:
        return Claim("none", [theme])
    top = rows.sort_values(["rate_per_1k", "doc_id"], ascending=[False, True]).iloc[0]
    return Claim("above_corpus", [theme], {"n": len(rows), "rate": pooled_rate,
                                           "n_above": int((rows["ci_low"] > pooled_rate).sum()),
                                           "n_below": int((rows["ci_high"] < pooled_rate).sum()),
                                           "doc_id": top["doc_id"], "plan_rate": top["rate_per_1k"]},
                 [(theme, top["doc_id"])])


def bottom_line_claims(measures: pd.DataFrame, plans: list[str], featured: list[str],
                       max_plans: int = config.FIGURE_MAX_PLANS, n_scope: int = 3,
                       n_separated: int = 2) -> list[Claim]:
    """The claims the theme table ``measures`` supports for ``plans``; see the module docstring.

    In order: the scope; up to ``n_separated`` themes (any theme of the codebook) on which
    plans are clearly apart, widest gap first; the featured themes on which the plans
    cannot be told apart, in one claim; the featured themes no plan mentions, in one claim.
    Beyond ``max_plans`` plans, one ``above_corpus`` claim per featured theme instead.
    """
    compared = measures[measures["doc_id"].isin(plans)]
    pooled = _pooled(compared)
    top = [t for t in pooled.sort_values(ascending=False, kind="stable").index if pooled[t] > 0][:n_scope]
    claims = [Claim("scope", top, {"rates": [pooled[t] for t in top], "n": len(plans)},
                    [(t, _most_hits(compared[compared["theme"] == t])) for t in top])]
    by_theme = dict(tuple(compared.groupby("theme", sort=False)))
    if len(plans) > max_plans:
        return claims + [_corpus_claim(by_theme[t], pooled.get(t, 0.0)) for t in featured if t in by_theme]
    found = {theme: _theme_claim(rows) for theme, rows in by_theme.items()}
    separated = sorted((c for c in found.values() if c.kind in ("highest", "pair")),
                       key=lambda c: (-c.values["gap"], c.themes[0]))
    claims += separated[:n_separated]
    overlap = Claim("overlap", [t for t in featured if t in found and found[t].kind == "overlap"])
    overlap.evidence = [pair for t in overlap.themes for pair in found[t].evidence]
    none = Claim("none", [t for t in featured if t in found and found[t].kind == "none"])
    return claims + [c for c in (overlap, none) if c.themes]
