"""The search language shared by kwic, the notebooks and the explorer; 'did you mean' for names."""

import pytest

from analysis.measure.concordance.kwic import kwic
from analysis.errors import UserError
from analysis.measure.concordance.search import QueryError, did_you_mean, parse_query, strip_tones

from conftest import CA_MAU, KON_TUM, THANH_HOA


def spans(query: str, text: str) -> list[str]:
    return [text[a:b] for a, b in parse_query(query).finditer(text)]


@pytest.mark.parametrize("query, text, found", [
    ("nước thải", "xử lý nước\nthải đô thị", ["nước\nthải"]),          # across a line break
    ("nước_thải", "xử lý nước thải", ["nước thải"]),                    # as keyness and topics print words
    ("nuoc thai", "Xử lý NƯỚC THẢI và nước thải", ["NƯỚC THẢI", "nước thải"]),  # no tone marks: ignored
    ("xử lý *", "xử lý nước thải; xử lý rác", ["xử lý nước", "xử lý rác"]),     # one syllable, any
    ("rác thải nhựa | túi ni lông", "rác thải nhựa, túi ni lông và rác", ["rác thải nhựa", "túi ni lông"]),
    ("nhựa*", "nhựa và nhựaxyz", ["nhựa", "nhựaxyz"]),
    ("hoà bình", "Hòa Bình", ["Hòa Bình"]),                             # tone placement
    ("nước", "nướcthải", []),                                           # whole syllables only
])
def test_query_forms(query, text, found):
    assert spans(query, text) == found


def test_a_query_with_diacritics_is_matched_as_written():
    assert not parse_query("nước thải").tone_insensitive and parse_query("nuoc thai").tone_insensitive
    assert spans("nước thải", "nuoc thai và nước thải") == ["nước thải"]


def test_stripping_tones_keeps_offsets():
    text = "Đê biển Cà Mau, ỨNG PHÓ"
    assert strip_tones(text) == "De bien Ca Mau, UNG PHO" and len(strip_tones(text)) == len(text)


@pytest.mark.parametrize("query", ["", "   ", " | ", "_"])
def test_an_empty_query_says_so(query):
    with pytest.raises(ValueError, match="the query is empty"):
        parse_query(query)


@pytest.mark.parametrize("query", ["| *", "*", "* *", "nước thải | *", "nước thải |", "| nước thải"])
def test_a_query_needs_a_word_in_every_alternative(query):
    # "| *" matched every word of every plan (18,123 "matches"); each alternative needs a word.
    with pytest.raises(QueryError, match="alternative"):
        parse_query(query)
    with pytest.raises(UserError):  # the CLI shows a UserError as one line, not a traceback
        parse_query(query)


def test_a_query_with_some_tone_marks_is_matched_as_written_and_hints_the_untoned_form(seed_corpus):
    query = parse_query("nươc thai")
    assert not query.tone_insensitive and query.untoned == "nuoc thai"
    assert spans("nươc thai", "nước thải và nươc thai") == ["nươc thai"]
    assert spans("thiên tai", "thiên tài, thiên tai") == ["thiên tai"]  # why it is not matched leniently
    table = kwic(seed_corpus, "nươc thai")
    # "nước thải" is written 5 + 4 + 2 times in the seeds (see below), never "nươc thai".
    assert table.empty and "'nuoc thai' finds 11" in table.attrs["hint"]
    assert kwic(seed_corpus, "nước thải").attrs["hint"] == "" and kwic(seed_corpus, "xyzq").attrs["hint"] == ""


def test_kwic_counts_without_diacritics_equal_counts_with_them(seed_corpus):
    # Counted in the seed files (grep -oi "nước[[:space:]]*thải" | wc -l): Cà Mau 5, Kon Tum 4, Thanh Hóa 2.
    for query in ("nước thải", "nuoc thai", "nước_thải"):
        counts = kwic(seed_corpus, query).groupby("doc_id").size().to_dict()
        assert counts == {CA_MAU: 5, KON_TUM: 4, THANH_HOA: 2}, query


@pytest.mark.parametrize("name, choices, meant", [
    ("Ca Mau", ["Cà Mau", "Kon Tum", "Thanh Hóa"], ["Cà Mau"]),
    ("thanh hoa 2024", ["Thanh Hóa 2024", "Cà Mau 2020"], ["Thanh Hóa 2024"]),
    ("Kon Tun", ["Cà Mau", "Kon Tum"], ["Kon Tum"]),
    ("Hà Nội", ["Cà Mau", "Kon Tum"], []),
])
def test_did_you_mean(name, choices, meant):
    assert did_you_mean(name, choices) == meant
