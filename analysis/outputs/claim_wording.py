"""The bottom line's wording: one sentence per ``outputs.claims.Claim``, from labels.yml.

``claim_sentence(claim, analysis, lang)`` -- the claim as ready markup; every number a claim
rests on links (``#ev-...``, ``anchor(theme, doc_id)``) to the passages it counts.
``join_words(items, lang)`` -- "a, b and c" as each language writes a list.
``in_sentence(name, lang)`` -- a theme's name as running text writes it ("nước thải" inside a
Vietnamese sentence); ``capitalised(sentence)`` -- its first letter upper-case, for a sentence
that opens with one.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from analysis import config
from analysis.outputs.analyse import Analysis
from analysis.outputs.claims import Claim
from analysis.outputs.workbook import describe_column
from analysis.resources import number, percent, province_names, text


def anchor(theme: str, doc_id: str) -> str:
    """The id of the evidence block for ``theme`` in ``doc_id`` (safe in a URL fragment)."""
    return "ev-" + re.sub(r"[^A-Za-z0-9_-]", "-", f"{theme}--{doc_id}")


def _link(shown: str, theme: str, doc_id: str) -> Markup:
    return Markup('<a href="#{}">{}</a>').format(anchor(theme, doc_id), shown)


def say(key: str, lang: str, **fields) -> Markup:
    """A labels.yml sentence with its fields filled in as escaped text or ready markup (links)."""
    return Markup(escape(text(key, lang))).format(**fields)


def join_words(items: list, lang: str) -> Markup:
    """"a, b and c" / "a, b và c"."""
    # Names that hold a comma or an "and" of their own ("Sea dikes & coastal protection") are
    # kept apart with semicolons, or the list would read as more items than it has. (Markup
    # items are phrases built here, whose commas are numbers' or brackets'.)
    inner = any(not isinstance(i, Markup) and re.search(r",|&| and | và ", str(i)) for i in items)
    items = [escape(i) for i in items]
    if len(items) <= 1:
        return Markup("").join(items)
    separator = Markup("; ") if inner else Markup(", ")
    conjunction = Markup(escape(text("list.and", lang)))
    return separator.join(items[:-1]) + (Markup("; ") if inner else Markup(" ")) + conjunction + Markup(" ") + items[-1]


def in_sentence(name: str, lang: str) -> str:
    """A theme's name inside a sentence: Vietnamese writes a common noun lower-case in running
    text ("về nước thải"), the codebook's capital being a title's; a name that opens with a proper
    noun (a province, or two capitalised words: "Biển Đông") or an abbreviation ("CO2") keeps it.
    English names are left as the codebook writes them."""
    words = name.split()
    if lang != "vi" or not words or not words[0][:1].isupper():
        return name
    proper = (any(name.startswith(province) for province in province_names())
              or (len(words) > 1 and words[1][:1].isupper())
              or sum(c.isupper() or c.isdigit() for c in words[0]) > 1)
    return name if proper else name[0].lower() + name[1:]


def capitalised(sentence: Markup) -> Markup:
    """``sentence`` with its first letter (outside any tag) upper-case: a sentence whose words
    open with a theme's name written for running text ("Nước thải được đề cập...")."""
    markup = str(sentence)
    first = re.search(r"^(?:<[^>]*>|\s)*(\w)", markup)
    if not first:
        return sentence
    at = first.start(1)
    return Markup(markup[:at] + markup[at].upper() + markup[at + 1:])


def _level(level: float, lang: str) -> str:
    """An interval's level: 95%; widened for many comparisons, as many decimals as keep it below
    100% (99.9%; 99.999% for thousands of intervals)."""
    decimals = 0 if round(100 * level, 6) == round(100 * level) else 1
    while decimals and decimals < 6 and round(100 * level, decimals) >= 100:
        decimals += 1
    return percent(level, lang, decimals)


def _above_corpus(claim: Claim, analysis: Analysis, lang: str, rate) -> Markup:
    """Many plans against the pooled rate: the plans clearly above named (and the rest counted),
    "highest" only for a plan above every other plan's interval."""
    theme, v, plans = claim.themes[0], claim.values, analysis.plan_labels()
    named = Markup("")
    if v["above"]:
        listed = [say("bottom.plan_rate", lang, plan=plans[d], rate=rate(r, theme, d))
                  for d, r in zip(v["above"], v["rates"])]
        more = v["n_above"] - len(v["above"])
        # "a, b, c and 2 more": the list's own "and" goes to the count.
        named = say("bottom.above_named_more" if more else "bottom.above_named", lang,
                    plans=Markup(", ").join(listed) if more else join_words(listed, lang), n=number(more, lang))
    highest = say("bottom.above_highest", lang, plan=plans[v["highest"]]) if v["highest"] else Markup("")
    return say("bottom.above_corpus", lang, theme=in_sentence(analysis.codebook.labels(lang)[theme], lang),
               n=number(v["n"], lang),
               n_above=number(v["n_above"], lang), n_below=number(v["n_below"], lang),
               rate=number(v["rate"], lang, 1), level=_level(v["level"], lang), named=named, highest=highest)


def _basis(claim: Claim, lang: str) -> Markup:
    """How many comparisons the sentences weighed and how many plans were too short to compare."""
    v = claim.values
    parts = []
    if v["n_comparisons"]:
        parts.append(say("bottom.basis", lang, n_comparisons=number(v["n_comparisons"], lang),
                         n_themes=number(v["n_themes"], lang), n_plans=number(v["n_plans"], lang),
                         base=_level(config.CONFIDENCE_LEVEL, lang), level=_level(v["level"], lang)))
    if v["n_short"]:
        parts.append(say("bottom.short", lang, n_short=number(v["n_short"], lang), n=number(v["n"], lang),
                         min_words=number(config.CLAIM_MIN_BODY_WORDS, lang),
                         min_passages=number(config.CLAIM_MIN_PASSAGES, lang),
                         column=describe_column("short", lang)[0]))  # the flag as the workbook heads it
    return Markup(" ").join(parts)


def claim_sentence(claim: Claim, analysis: Analysis, lang: str) -> Markup:
    """One claim as a sentence in ``lang`` (see the module docstring), its theme names written
    as running text writes them, its first letter upper-case."""
    return capitalised(_sentence(claim, analysis, lang))


def _sentence(claim: Claim, analysis: Analysis, lang: str) -> Markup:
    labels = {theme: in_sentence(name, lang) for theme, name in analysis.codebook.labels(lang).items()}
    plans = analysis.plan_labels()
    v = claim.values

    def rate(value, theme, doc_id):
        return _link(number(value, lang, 1), theme, doc_id)

    if claim.kind == "scope":
        listed = [say("bottom.theme_rate", lang, theme=labels[t], rate=rate(r, t, d))
                  for t, r, (_, d) in zip(claim.themes, v["rates"], claim.evidence)]
        many = v["n"] > config.FIGURE_MAX_PLANS
        names = number(v["n"], lang) if many else join_words([plans[d] for d in v["plans"]], lang)
        return say("bottom.scope_many" if many else "bottom.scope", lang, n=number(v["n"], lang), plans=names,
                   themes=join_words(listed, lang))
    if claim.kind == "basis":
        return _basis(claim, lang)
    theme = claim.themes[0] if claim.themes else ""
    if claim.kind == "highest":
        return say("bottom.highest", lang, theme=labels[theme], plan=plans[v["doc_id"]],
                   rate=rate(v["rate"], theme, v["doc_id"]), level=_level(v["level"], lang),
                   low=number(v["low"], lang, 1), high=number(v["high"], lang, 1),
                   other_high=number(v["other_high"], lang, 1), hits=number(v["hits"], lang))
    if claim.kind == "pair":
        other = (rate(v["other_rate"], theme, v["other"]) if v["other_hits"] else number(v["other_rate"], lang, 1))
        above = join_words([say("bottom.plan_rate", lang, plan=plans[d], rate=rate(r, theme, d))
                            for d, r in zip(v["above"], v["rates"])], lang)
        rest = (say("bottom.more_pairs", lang, n=number(v["more_pairs"], lang)) if v["more_pairs"]
                else say("bottom.no_more_pairs", lang))
        one = "_one" if len(v["above"]) == 1 else ""
        return say(f"bottom.pair{one}", lang, theme=labels[theme], plans=above, other=plans[v["other"]],
                   other_rate=other, rest=rest)
    if claim.kind == "above_corpus":
        return _above_corpus(claim, analysis, lang, rate)
    names = join_words([labels[t] for t in claim.themes], lang)
    if claim.kind == "overlap":
        return say("bottom.overlap", lang, themes=names, level=_level(v["level"], lang))
    return say("bottom.none", lang, themes=names)
