"""Researchers' topic names: kept while the topic keeps its words, reported when it does not."""

import shutil

import pandas as pd
import pytest
import yaml

from analysis import config
from analysis.measure.topics.names import load_topic_names, match_names, topic_names
from analysis.measure.topics.model import TopicModel
from analysis.outputs.analyse import topic_summary, topic_tables
from analysis.outputs.write import write_names_template
from analysis.read.corpus import build_corpus


class _Model:
    """Just the part of a TopicModel names are matched on: its top words."""

    def __init__(self, terms):
        self.terms, self.k = terms, len(terms)

    def top_terms(self, top=10):
        return [t[:top] for t in self.terms]


WATER = ["nước_thải", "xử_lý", "thoát_nước", "trạm", "bùn", "cống"]
COAST = ["đê_biển", "sóng", "bờ_biển", "rừng_ngập_mặn", "kè", "triều"]
FOREST = ["rừng", "trồng", "cây", "đa_dạng", "loài", "bảo_tồn"]


def test_names_follow_their_words_not_their_numbers():
    entries = [{"name": "Ven biển", "words": COAST}, {"name": "Nước thải", "words": WATER}]
    # The next run finds the topics in another order, the coast topic with 3 of its 6 words.
    model = _Model([FOREST, WATER[:5] + ["kênh"], COAST[:3] + ["bão", "cát", "gió"]])
    table = match_names(entries, model)
    assert table.to_dict("records") == [
        {"name": "Ven biển", "topic": 3, "shared": 3, "words": 6, "kept": True},
        {"name": "Nước thải", "topic": 2, "shared": 5, "words": 6, "kept": True}]
    assert topic_names(model, table) == ["", "Nước thải", "Ven biển"]


def test_a_name_whose_words_are_gone_is_reported_and_two_names_never_share_a_topic():
    entries = [{"name": "Nước thải", "words": WATER}, {"name": "Xử lý nước", "words": WATER[:4]},
               {"name": "Ven biển", "words": COAST}]
    model = _Model([FOREST, WATER, COAST[:2] + ["bão", "cát", "gió", "mưa"]])
    table = match_names(entries, model).set_index("name")
    assert table.loc["Nước thải", "kept"] and table.loc["Nước thải", "topic"] == 2
    assert not table.loc["Xử lý nước", "kept"] and pd.isna(table.loc["Xử lý nước", "topic"])
    # 2 of 6 words is below half: the name is not kept, and the run says so.
    assert not table.loc["Ven biển", "kept"] and table.loc["Ven biển", "shared"] == 2
    selection = pd.DataFrame({"method": ["nmf"], "k": [3], "coherence": [0.3], "stability": [0.9],
                              "heldout": [0.9], "stable": [True], "chosen": [True]})
    line = topic_summary(selection, TopicModel("nmf", 3, 1, None, None, None), "en", table.reset_index())
    assert "1 of 3 kept" in line and "“Ven biển” no longer matches a topic (at most 2 of its 6 words" in line


@pytest.mark.parametrize("content, problem", [
    ("- name: [unclosed\n", "is not readable YAML"),
    ("name: Ven biển\n", "must be a list"),
    ("- name: Ven biển\n  words: rừng\n", "entry 1 needs a 'name' and a list of 'words'"),
])
def test_a_broken_names_file_is_reported_not_fatal(tmp_path, content, problem):
    path = tmp_path / "topic_names.yml"
    path.write_text(content, encoding="utf-8")
    entries, problems = load_topic_names(path)
    assert entries == [] and len(problems) == 1 and problem in problems[0] and "topic_names.yml" in problems[0]


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_a_filled_in_template_names_the_topics_of_the_next_run(tmp_path):
    corpus_dir = tmp_path / "corpus"
    shutil.copytree(config.CORPUS_DIR, corpus_dir)
    corpus = build_corpus(corpus_dir)
    tables, model = topic_tables(corpus, k=6)
    template = write_names_template(model, tmp_path / "topic_names.yml", "vi")
    assert template.read_text(encoding="utf-8").startswith("# Tên cho các chủ đề ẩn")
    entries = yaml.safe_load(template.read_text(encoding="utf-8"))
    assert [e["name"] for e in entries] == [""] * 6 and entries[0]["words"] == model.top_terms(10)[0]
    entries[0]["name"] = "Chủ đề thứ nhất"
    (corpus_dir / "topic_names.yml").write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    corpus = build_corpus(corpus_dir)
    assert set(corpus.documents["status"]) == {"ok"}  # the names file is configuration, not a plan to skip
    tables, model = topic_tables(corpus, k=6)
    assert model.labels()[0] == "Chủ đề thứ nhất"
    assert tables["topic_labels"].loc[0, "name"] == "Chủ đề thứ nhất"
    assert set(tables["topic_terms"].loc[tables["topic_terms"]["topic"] == 1, "label"]) == {"Chủ đề thứ nhất"}
    assert tables["topic_names"]["kept"].tolist() == [True]
