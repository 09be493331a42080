"""The fast theme matcher against straightforward references: same words, same candidates, same hits.

``phrases._words`` splits a passage once and sums lengths for the offsets, ``PhraseMatcher.candidates``
looks only at the words that open a phrase, and ``theme_hits_and_citations`` builds its rows from
plain lists; each is compared here with the plain way of doing the same thing (a match object per
word, every codebook entry tried at every word, a pandas row per segment), on texts with
overlapping phrases, coordination, clause punctuation, table cells, tone-mark variants and
underscores, on texts hypothesis writes, and on the seed plans.
"""

import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import config
from analysis.measure.concordance.kwic import context_words
from analysis.measure.themes.codebook import load_codebook
from analysis.measure.themes.measures import HIT_COLUMNS, theme_hits_and_citations
from analysis.measure.themes.phrases import PhraseMatcher, Words, _words
from analysis.read.citations import reference_spans, wrapped_passage
from analysis.read.normalize import fold

_TOKEN = re.compile(r"[^\W_]+|[.,;:!?()\[\]{}\"“”‘’…|]")
_BREAKS = set(".,;:!?()[]{}\"“”‘’…|")


def reference_words(text: str) -> list[tuple[str, int, int, int]]:
    """(folded word, start, end, clause) with one match object per token."""
    words, clause = [], 0
    for match in _TOKEN.finditer(text):
        if match.group(0) in _BREAKS:
            clause += 1
        else:
            words.append((fold(match.group(0)), match.start(), match.end(), clause))
    return words


def reference_match(matcher: PhraseMatcher, text: str):
    """Every codebook entry tried at every word (no index), then the matcher's own acceptance."""
    words = reference_words(text)
    folded = [w[0] for w in words]
    candidates = []
    for i in range(len(words)):
        for index, entry in enumerate(matcher.entries):
            key = entry["key"]
            n = len(key)
            if tuple(folded[i:i + n]) == key and words[i][3] == words[i + n - 1][3] \
                    and matcher._rules_pass(entry, folded, i, n):
                candidates.append((-n, i, index))
    return matcher.accept(text, Words(*(list(column) for column in zip(*words))) if words else Words([], [], [], []),
                          candidates)


def reference_context(text: str, start: int, end: int, window: int) -> tuple[str, str]:
    """Every word of a few hundred characters split, then the window's kept."""
    span = 40 * (window + 1)
    left = text[max(0, start - span):start].split()
    if start - span > 0 and left:
        left = left[1:]
    return " ".join(left[-window:] if window else []), " ".join(text[end:end + span].split()[:window])


@pytest.fixture(scope="module")
def matcher():
    return PhraseMatcher(load_codebook())


def _found(matches):
    return [(entry["theme"], entry["phrase"], start, end) for entry, start, end in matches]


TEXTS = [
    "Đầu tư hệ thống xử lý nước thải tập trung; thu gom, xử lý nước thải sinh hoạt.",  # overlap, coordination
    "Phòng, chống sạt lở bờ sông, bờ biển và cửa biển; trồng rừng ngập mặn ven biển.",
    "HỆ THỐNG XỬ LÝ NƯỚC THẢI và Hoà bình, hòa bình; nước_thải; nước\nthải; nước thải.",  # case, tones, _ , \n
    "1 | Lắp đặt hệ thống xử lý | nước thải khu dân cư | Sở Xây dựng",  # a table row's cells
    "xử lý nước. thải rác thải nhựa (rác thải) nhựa, “chất thải nhựa” và túi ni lông…",  # breaks inside phrases
    "lũ ống, lũ quét, sạt lở đất hoặc sạt lở bờ sông; đê sông, đê biển; Luật Đê điều",
    "",
    "   ,,, ;; |",
    "e\u0301 nươ\u0301c tha\u0309i İstanbul ǅ ß ﬁ 2020/QĐ-TTg 80/2014/NĐ-CP",  # combining marks, odd case
]


@pytest.mark.parametrize("text", TEXTS)
def test_words_and_matches_are_the_references(matcher, text):
    assert list(zip(*_words(text))) == reference_words(text)
    assert _found(matcher.match(text)) == _found(reference_match(matcher, text))


def test_the_references_find_what_a_reader_finds(matcher):
    """The reference is no tautology: the longest phrase counts once, and a conjunct counts for its own phrase."""
    found = _found(reference_match(matcher, TEXTS[0]))
    phrases = [phrase for _, phrase, _, _ in found]
    assert "hệ thống xử lý nước thải" in phrases
    assert phrases.count("xử lý nước thải") == 1  # the second one; the first is inside the longer phrase
    assert len(found) == len(set((start, end) for *_, start, end in found))  # no span twice


def _codebook_words() -> list[str]:
    words = sorted({word for key in load_codebook().phrases["key"] for word in key})
    return words + ["và", "hoặc", "Nước", "THẢI", "hoà", "hòa", "nước_thải", "2020", "e\u0301"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(_codebook_words()),
                          st.sampled_from([" ", "  ", ", ", "; ", ". ", " | ", "\n", "(", ")", "…", "-", "/", "_"]),
                          st.text(max_size=4)), max_size=40))
def test_the_matcher_never_crashes_and_finds_what_the_reference_finds(matcher, pieces):
    text = " ".join(pieces)
    assert list(zip(*_words(text))) == reference_words(text)
    assert _found(matcher.match(text)) == _found(reference_match(matcher, text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \n\tab,đứ", max_size=700), st.integers(0, 700), st.integers(0, 40), st.integers(0, 12))
def test_context_words_are_the_reference(text, start, length, window):
    start = min(start, len(text))
    end = min(len(text), start + length)
    assert context_words(text, start, end, window) == reference_context(text, start, end, window)


def reference_hits(corpus, codebook) -> pd.DataFrame:
    """Every hit, citations included, a pandas row per segment and a dict per hit."""
    matcher = PhraseMatcher(codebook)
    plans = corpus.usable.set_index("doc_id")[["province", "province_2025", "year"]].to_dict("index")
    rows = []
    for segment in corpus.segments[corpus.segments["is_body"]].itertuples(index=False):
        text = corpus.texts[segment.doc_id]
        citations = reference_spans(text, segment.start, segment.end)
        for entry, start, end in reference_match(matcher, segment.text):
            left, right = reference_context(text, segment.start + start, segment.start + end, config.CONTEXT_WINDOW)
            rows.append({"doc_id": segment.doc_id, **plans[segment.doc_id], "theme": entry["theme"],
                         "phrase": entry["phrase"], "match": segment.text[start:end], "order": segment.order,
                         "section_path": segment.section_path, "section_title": segment.section_title,
                         "start": segment.start + start, "end": segment.start + end,
                         "position": (segment.start + start) / max(1, len(text)), "left": left, "right": right,
                         "segment_text": text[slice(*wrapped_passage(text, segment.start, segment.end))],
                         "citation": any(a <= start and end <= b for a, b in citations)})
    return pd.DataFrame(rows, columns=HIT_COLUMNS[:-1])


def test_theme_hits_on_the_seed_plans_are_the_reference(seed_corpus, codebook):
    hits, cited = theme_hits_and_citations(seed_corpus, codebook)
    reference = reference_hits(seed_corpus, codebook)
    assert len(cited) > 0 and len(hits) > 100  # both kinds present, so both are compared
    mine = pd.concat([hits, cited]).sort_values(["doc_id", "start", "end"]).drop(columns="review")
    reference = reference.sort_values(["doc_id", "start", "end"])
    for column in HIT_COLUMNS[:-1]:
        assert mine[column].astype(object).tolist() == reference[column].astype(object).tolist(), column
