"""Plans read on a dask cluster are kept on disk, one parquet partition each, and the client
holds small summaries; the corpus and the per-plan measures are the same as in one process."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import parallel
from analysis.bench.generate import make_corpus
from analysis.measure.themes.codebook import load_codebook
from analysis.measure.themes.measures import theme_hits, theme_measures
from analysis.read import partitions
from analysis.read.corpus import build_corpus, read_file
from analysis.read.plans_table import CorpusError

from conftest import KON_TUM, SEED_DIR

N_PLANS = 10


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    make_corpus(N_PLANS - 1, folder)
    shutil.copy(folder / sorted(p.name for p in folder.iterdir())[0], folder / "copy.txt")  # a duplicate
    (folder / "blank.txt").write_text("\n", encoding="utf-8")  # skipped: no text
    return folder


@pytest.fixture(scope="module")
def one_process(generated, tmp_path_factory):
    with parallel.backend("serial"):
        return build_corpus(generated, cache_dir=tmp_path_factory.mktemp("one-cache"))


@pytest.fixture(scope="module")
def on_cluster(generated, tmp_path_factory):
    pytest.importorskip("distributed")
    cache = tmp_path_factory.mktemp("cluster-cache")
    with parallel.local_cluster(2) as cluster, parallel.backend("dask", cluster.scheduler_address, min_items=0):
        return build_corpus(generated, cache_dir=cache), cache


@pytest.mark.slow  # a LocalCluster and ten plans read twice: 30-45 s on 2 shared cores
def test_the_client_holds_summaries_and_each_plan_is_a_partition_the_workers_wrote(on_cluster):
    corpus, cache = on_cluster
    assert len(corpus.partitions) == N_PLANS - 1  # the duplicate and the blank file are not plans
    assert {"texts", "segments", "tokens"}.isdisjoint(vars(corpus))  # nothing loaded yet
    written = {p.resolve() for p in (cache / "plans").glob("*.parquet")}
    assert {Path(s.partition).resolve() for s in corpus.partitions.values()} == written
    assert all(s.inline is None for s in corpus.partitions.values())


@pytest.mark.slow  # a LocalCluster and ten plans read twice: 30-45 s on 2 shared cores
def test_a_cluster_gives_the_same_corpus_tables_as_one_process(on_cluster, one_process):
    corpus, _ = on_cluster
    pd.testing.assert_frame_equal(corpus.documents, one_process.documents)
    assert (corpus.documents["status"].value_counts().to_dict()
            == {"ok": N_PLANS - 1, "duplicate": 1, "skipped": 1})
    pd.testing.assert_frame_equal(corpus.segments, one_process.segments)  # loaded here, from the partitions
    pd.testing.assert_frame_equal(corpus.tokens, one_process.tokens)
    assert corpus.texts == one_process.texts


@pytest.mark.slow  # a LocalCluster and ten plans read twice: 30-45 s on 2 shared cores
def test_themes_measured_plan_by_plan_from_partitions_are_the_whole_corpus_ones(on_cluster, one_process):
    corpus, _ = on_cluster
    codebook = load_codebook()
    whole_hits = theme_hits(one_process, codebook)
    per_plan = []
    for doc_id in corpus.usable["doc_id"]:
        plan = partitions.plan_corpus(corpus, doc_id)
        assert list(plan.texts) == [doc_id] and set(plan.segments["doc_id"]) == {doc_id}
        per_plan.append(theme_measures(plan, theme_hits(plan, codebook), codebook))
    pd.testing.assert_frame_equal(pd.concat(per_plan, ignore_index=True),
                                  theme_measures(one_process, whole_hits, codebook))


def test_a_worker_that_cannot_write_the_cache_returns_the_plan_itself(tmp_path, seed_corpus):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    entry = read_file((f"{KON_TUM}.txt", (SEED_DIR / f"{KON_TUM}.txt").read_bytes(), None, None))
    summary = partitions.keep(entry, not_a_folder, None)
    assert summary.ok and summary.partition == "" and partitions.load_plan(summary) is entry
    row = seed_corpus.documents.set_index("doc_id").loc[KON_TUM]
    assert (summary.n_body_words, summary.text_sha256) == (row["n_tokens"], row["text_sha256"])


def test_a_partition_this_machine_cannot_read_is_named_in_one_sentence(tmp_path):
    missing = tmp_path / "plans" / "abc.parquet"
    with pytest.raises(CorpusError, match=f"kept at {missing}, which this machine cannot read; give a cache folder"):
        partitions.load_plan(partitions.PlanSummary(format="txt", partition=str(missing)))
