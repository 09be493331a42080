"""Codebook loading: the shipped codebook is valid; each mistake gives one clear sentence."""

import pytest

from analysis.measure.themes.codebook import CodebookError, load_codebook

NAMED = {"wastewater", "plastic_waste", "coastal_protection", "landslides_flash_floods"}


def test_shipped_codebook():
    codebook = load_codebook()
    assert len(codebook.themes) >= 14
    assert NAMED <= set(codebook.theme_ids)
    assert all(t.label_en and t.label_vi for t in codebook.themes)
    phrases = codebook.phrases
    assert {"nước thải", "hệ thống xử lý nước thải", "thoát nước thải"} <= set(phrases.loc[phrases["theme"] == "wastewater", "phrase"])
    assert {"rác thải nhựa", "chất thải nhựa", "túi ni lông", "nhựa dùng một lần"} <= set(
        phrases.loc[phrases["theme"] == "plastic_waste", "phrase"])
    assert {"sạt lở đất", "lũ quét", "lũ ống"} <= set(phrases.loc[phrases["theme"] == "landslides_flash_floods", "phrase"])
    # "sạt lở" alone belongs to no theme without context.
    bare = phrases[phrases["phrase"] == "sạt lở"]
    assert len(bare) == 3 and all(len(r) > 0 for r in bare["requires"])  # coast, riverbank, landslides
    assert len(codebook.sha256) == 64
    # The four named themes are marked featured in the file, in file order.
    assert codebook.featured == ["wastewater", "plastic_waste", "coastal_protection", "landslides_flash_floods"]


def test_featured_is_optional(tmp_path):
    plain = load_codebook(write(tmp_path, "themes:\n" + GOOD_THEME))
    assert plain.featured == [] and not plain.themes[0].featured
    marked = load_codebook(write(tmp_path, "themes:\n" + GOOD_THEME + "    featured: true\n"))
    assert marked.featured == ["water"]


def write(tmp_path, text):
    path = tmp_path / "themes.yml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_THEME = "  - id: water\n    label_en: Water\n    label_vi: Nước\n    phrases: [nước thải]\n"


@pytest.mark.parametrize("text, message", [
    ("themes:\n  - id: a\n    label_en: A\n  label_vi: x\n bad", "not valid YAML near line"),
    ("version: 1\n", "no 'themes:' list"),
    ("themes:\n" + GOOD_THEME + "    featured: yes please\n", "theme 'water' has featured: 'yes please'; write featured: true"),
    ("themes:\n" + GOOD_THEME + "colour: red\n", "unknown top-level key(s) colour"),
    ("themes:\n" + GOOD_THEME + "    colour: red\n", "theme 'water' has unknown key(s) colour"),
    ("themes:\n  - id: empty\n    label_en: E\n    label_vi: E\n    phrases: []\n", "theme 'empty' has no phrases"),
    ("themes:\n  - label_en: E\n    label_vi: E\n    phrases: [x]\n", "theme number 1 has no 'id'"),
    ("themes:\n" + GOOD_THEME + GOOD_THEME, "theme id 'water' is used twice"),
    ("themes:\n  - id: w\n    label_en: W\n    phrases: [x]\n", "theme 'w' has no label_vi"),
    ("themes:\n" + GOOD_THEME + "  - id: other\n    label_en: O\n    label_vi: O\n    phrases: [Nước thải]\n",
     "the phrase 'nước thải' is in themes other, water without a context rule"),
    ("themes:\n  - id: w\n    label_en: W\n    label_vi: W\n    phrases:\n      - phrase: x\n        near: [y]\n",
     "phrase 'x' has unknown key(s) near"),
    ("themes:\n  - id: w\n    label_en: W\n    label_vi: W\n    phrases:\n      - phrase: x\n        window: 0\n",
     "window 0"),
    ("themes:\n  - id: w\n    label_en: W\n    label_vi: W\n    phrases: ['  ']\n", "empty phrase"),
])
def test_each_mistake_is_one_clear_sentence(tmp_path, text, message):
    with pytest.raises(CodebookError) as error:
        load_codebook(write(tmp_path, text))
    assert message in str(error.value)
    assert "\n" not in str(error.value) and "themes.yml" in str(error.value)


def test_shared_phrase_is_allowed_with_rules(tmp_path):
    text = ("themes:\n"
            "  - id: a\n    label_en: A\n    label_vi: A\n    phrases:\n      - {phrase: sạt lở, requires: [bờ biển]}\n"
            "  - id: b\n    label_en: B\n    label_vi: B\n    phrases:\n      - {phrase: sạt lở, requires: [đất]}\n")
    assert len(load_codebook(write(tmp_path, text)).phrases) == 2


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(CodebookError, match="could not be read"):
        load_codebook(tmp_path / "none.yml")
    path = tmp_path / "latin.yml"
    path.write_bytes("themes: [nước]".encode("utf-16"))
    with pytest.raises(CodebookError, match="not UTF-8"):
        load_codebook(path)
