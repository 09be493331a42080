"""What the theme tables allow the bottom line to say, before any wording.

``bottom_line_claims(measures, plans, featured)`` returns ``Claim`` records:

* ``scope``: the themes the plans long enough to compare, pooled, give most attention to;
* ``highest``: one plan whose interval lies above every other plan's interval;
* ``pair``: no plan stands above all, but some plans' intervals lie above another's (the
  widest such gap is named, with every plan clearly above that one);
* ``overlap``: every pair of intervals overlaps: the plans cannot be told apart;
* ``none``: no plan mentions the theme;
* ``above_corpus`` (beyond ``config.FIGURE_MAX_PLANS`` plans): how many plans lie clearly
  above or below the rate of all plans pooled, naming up to ``config.CLAIM_NAMED_PLANS`` of
  those above, since pairs of a thousand plans say nothing;
* ``basis``: how many comparisons the sentences weighed, the interval level that covers them
  all, and how many plans were too short to compare.

Every featured theme gets a ``highest``, ``pair``, ``overlap``, ``none`` or ``above_corpus``
claim; other themes clearly apart come after them, ``optional`` (the page keeps them only
while it has room).

Only plans not flagged ``short`` in ``measures`` (``config.CLAIM_MIN_BODY_WORDS``,
``CLAIM_MIN_PASSAGES``) are compared: a 21-word excerpt with one hit has the highest rate of
all and says nothing. "Higher" is said only where intervals do not overlap (the quality bar),
so a plan that is highest on its point estimate but inside another's interval is never called
highest. The sentences weigh many intervals at once (themes x plans compared), so each is
widened from ``config.CONFIDENCE_LEVEL`` to ``1 - (1 - level) / m`` for the ``m`` intervals
weighed (Bonferroni): all ``m`` then cover their true rates together with probability at
least ``level``, and when they do, every "clearly above" the bottom line says is true.
Non-overlap is a conservative test: it implies a difference; overlap does not prove there is
none, and the wording says "cannot be told apart", not "equal".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np
import pandas as pd

from analysis import config


@dataclass
class Claim:
    """One statement the bottom line may make. ``evidence``: (theme, doc_id) whose passages back it;
    ``optional``: a statement the page may leave out for room (never a featured theme's)."""

    kind: str
    themes: list[str]
    values: dict = field(default_factory=dict)
    evidence: list[tuple[str, str]] = field(default_factory=list)
    optional: bool = False


def family_level(m: int, level: float = config.CONFIDENCE_LEVEL) -> float:
    """The level each of ``m`` intervals needs for all of them to hold together at ``level`` (Bonferroni)."""
    return 1 - (1 - level) / max(1, m)


def widen(rows: pd.DataFrame, level: float) -> pd.DataFrame:
    """``rows`` with ``ci_low, ci_high`` widened from ``config.CONFIDENCE_LEVEL`` to ``level``.

    Each side of a bootstrap interval is stretched around the rate by the ratio of the normal
    quantiles (the bootstrap samples are not kept, and this keeps each side's skew); a zero
    count's upper end is the exact Poisson bound -ln((1 - level) / 2) hits, which grows by the
    ratio of the logarithms. Lower ends stop at 0."""
    alpha, alpha_m = 1 - config.CONFIDENCE_LEVEL, 1 - level
    quantile = NormalDist().inv_cdf
    stretch = quantile(1 - alpha_m / 2) / quantile(1 - alpha / 2)
    rate = rows["rate_per_1k"]
    high = np.where(rows["hits"] == 0, rows["ci_high"] * np.log(2 / alpha_m) / np.log(2 / alpha),
                    rate + stretch * (rows["ci_high"] - rate))
    return rows.assign(ci_low=(rate - stretch * (rate - rows["ci_low"])).clip(lower=0), ci_high=high)


def _pooled(measures: pd.DataFrame) -> pd.Series:
    tokens = measures.drop_duplicates("doc_id")["n_tokens"].sum()
    return 1000.0 * measures.groupby("theme", sort=False)["hits"].sum() / max(1, tokens)


def _most_hits(rows: pd.DataFrame) -> str:
    return rows.sort_values(["hits", "doc_id"], ascending=[False, True]).iloc[0]["doc_id"]


def _by_rate(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.dropna(subset=["rate_per_1k"]).sort_values(["rate_per_1k", "doc_id"], ascending=[False, True])


def _theme_claim(rows: pd.DataFrame, level: float) -> Claim:
    """What can be said about one theme across a few plans (rows: one per plan, some hits
    among them, intervals at ``level``)."""
    theme = rows["theme"].iloc[0]
    rows = _by_rate(rows)
    if rows.empty or rows["hits"].sum() == 0:  # only plans too short to compare mention it
        return Claim("overlap", [theme], {"level": level})
    top, others = rows.iloc[0], rows.iloc[1:]
    if len(others) and top["ci_low"] > others["ci_high"].max():
        return Claim("highest", [theme], {"doc_id": top["doc_id"], "rate": top["rate_per_1k"], "low": top["ci_low"],
                                          "high": top["ci_high"], "hits": int(top["hits"]),
                                          "other_high": others["ci_high"].max(), "level": level,
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
    return Claim("overlap", [theme], {"level": level}, [(theme, _most_hits(rows))])


def _corpus_claim(rows: pd.DataFrame, pooled_rate: float, level: float) -> Claim:
    """Many plans: how many lie clearly above or below the pooled rate; those above named, most
    clearly above first (highest lower end), up to ``config.CLAIM_NAMED_PLANS``; the plan with the
    highest rate only when its interval lies above every other plan's."""
    theme = rows["theme"].iloc[0]
    rows = _by_rate(rows)
    above = rows[rows["ci_low"] > pooled_rate].sort_values(["ci_low", "doc_id"], ascending=[False, True])
    named = above.head(config.CLAIM_NAMED_PLANS)
    values = {"n": len(rows), "rate": pooled_rate, "level": level, "n_above": len(above),
              "n_below": int((rows["ci_high"] < pooled_rate).sum()), "above": list(named["doc_id"]),
              "rates": list(named["rate_per_1k"]), "highest": None}
    # A plan above every other plan's interval has the highest lower end: first among those named.
    if len(named) and len(rows) > 1 and rows.iloc[0]["ci_low"] > rows.iloc[1:]["ci_high"].max():
        values["highest"] = rows.iloc[0]["doc_id"]
    return Claim("above_corpus", [theme], values, [(theme, d) for d in named["doc_id"]])


def _scope_claim(rows: pd.DataFrame, plans: list[str], n_scope: int) -> Claim:
    """The ``n_scope`` themes the plans in ``rows`` (measure rows), pooled, mention most; those
    plans named in the order of ``plans``."""
    pooled = _pooled(rows)
    top = [t for t in pooled.sort_values(ascending=False, kind="stable").index if pooled[t] > 0][:n_scope]
    present = set(rows["doc_id"])  # once: built per plan, it cost a second per briefing at 300 plans
    plans = [d for d in plans if d in present]
    return Claim("scope", top, {"rates": [pooled[t] for t in top], "n": len(plans), "plans": plans},
                 [(t, _most_hits(rows[rows["theme"] == t])) for t in top])


def bottom_line_claims(measures: pd.DataFrame, plans: list[str], featured: list[str],
                       max_plans: int = config.FIGURE_MAX_PLANS, n_scope: int = 3,
                       n_separated: int = 2) -> list[Claim]:
    """The claims the theme table ``measures`` (``MEASURE_COLUMNS``, ``short`` included) supports
    for ``plans``; see the module docstring.

    In order: the scope (the plans long enough to compare, pooled: a 20-word excerpt is never
    named nor its passage quoted; all plans when none is long enough); each featured theme
    on which plans are clearly apart, widest gap first; the featured themes on which the plans
    cannot be told apart, in one claim; the featured themes no plan mentions, in one claim; up to
    ``n_separated`` other themes clearly apart (optional); the basis. Beyond ``max_plans`` plans,
    one ``above_corpus`` claim per featured theme instead, then the basis.
    """
    compared = measures[measures["doc_id"].isin(plans)]
    pooled = _pooled(compared)
    comparable = compared[~compared["short"].astype(bool)]
    claims = [_scope_claim(comparable if len(comparable) else compared, plans, n_scope)]
    many = len(plans) > max_plans
    themes = [t for t in (featured if many else dict.fromkeys(compared["theme"])) if pooled.get(t, 0) > 0]
    n_plans = comparable["doc_id"].nunique()
    level = family_level(len(themes) * n_plans)
    by_theme = {t: widen(rows, level) for t, rows in comparable.groupby("theme", sort=False) if t in themes}
    basis = Claim("basis", themes, {"n_comparisons": len(themes) * (n_plans if many else n_plans * (n_plans - 1) // 2),
                                    "n_themes": len(themes), "n_plans": n_plans, "level": level,
                                    "n_short": compared["doc_id"].nunique() - n_plans, "n": len(plans)})
    none = Claim("none", [t for t in featured if t in set(compared["theme"]) and pooled.get(t, 0) == 0])
    if many:
        return claims + [_corpus_claim(by_theme[t], pooled[t], level) for t in featured if t in by_theme] + [
            c for c in (none, basis) if c.themes or c.kind == "basis"]
    found = {theme: _theme_claim(rows, level) for theme, rows in by_theme.items()}
    separated = sorted((c for c in found.values() if c.kind in ("highest", "pair")),
                       key=lambda c: (-c.values["gap"], c.themes[0]))
    others = [c for c in separated if c.themes[0] not in featured][:n_separated]
    for claim in others:
        claim.optional = True
    overlap = Claim("overlap", [t for t in featured if t in found and found[t].kind == "overlap"], {"level": level})
    overlap.evidence = [pair for t in overlap.themes for pair in found[t].evidence]
    return (claims + [c for c in separated if c.themes[0] in featured] + [c for c in (overlap, none) if c.themes]
            + others + [basis])
