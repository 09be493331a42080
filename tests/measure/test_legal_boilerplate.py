"""Legal boilerplate ("Căn cứ" preambles, citations in sentences, signatures) is kept out of
what the vocabulary measures and topics count; themes and KWIC read as before."""

import pytest

from analysis.config import PROJECT_DIR
from analysis.measure.concordance.kwic import kwic
from analysis.measure.features import feature_words
from analysis.measure.topics.model import fit_topics, topic_units, unit_matrix
from analysis.measure.vocabulary.keyness import keyness_comparisons
from analysis.measure.vocabulary.tfidf import plan_similarity, tfidf_top_terms
from analysis.read.corpus import build_corpus

LAYOUTS = PROJECT_DIR / "tests" / "data" / "layouts"
# Words of long-preamble.txt that occur only in its "Căn cứ" lines (read off the file).
PREAMBLE_ONLY = {"nghị_định", "qđ-ttg", "thủ_tướng", "chính_phủ", "tháng", "luật", "biến_đổi", "khí_hậu"}

# Seven legal bases two plans of different provinces and years share word for word.
PREAMBLE = """Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Luật Bảo vệ môi trường ngày 17 tháng 11 năm 2020;
Căn cứ Nghị định số 40/2019/NĐ-CP ngày 13 tháng 5 năm 2019 của Chính phủ sửa đổi, bổ sung một số điều của các nghị định quy định chi tiết thi hành Luật Bảo vệ môi trường;
Căn cứ Quyết định số 1055/QĐ-TTg ngày 20 tháng 7 năm 2020 của Thủ tướng Chính phủ ban hành Kế hoạch quốc gia thích ứng với biến đổi khí hậu giai đoạn 2021 - 2030;
Căn cứ Quyết định số 2053/QĐ-TTg ngày 28 tháng 10 năm 2016 của Thủ tướng Chính phủ ban hành Kế hoạch thực hiện Thỏa thuận Paris về biến đổi khí hậu;
Căn cứ Quyết định số 450/QĐ-TTg ngày 13 tháng 4 năm 2022 của Thủ tướng Chính phủ phê duyệt Chiến lược bảo vệ môi trường quốc gia đến năm 2030;
Theo đề nghị của Giám đốc Sở Tài nguyên và Môi trường.
"""
FORESTS = """ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM
Số: 101/KH-UBND | Quảng Nam, ngày 05 tháng 3 năm 2021
KẾ HOẠCH
Trồng rừng ven biển năm 2021
{preamble}I. RỪNG NGẬP MẶN
1. Trồng mới cây đước, cây bần trên bãi bồi cửa sông Thu Bồn.
2. Khoanh nuôi rừng dừa nước, giao khoán cho cộng đồng thôn Cẩm Thanh.
"""
WASTE = """ỦY BAN NHÂN DÂN TỈNH LÀO CAI
Số: 77/KH-UBND | Lào Cai, ngày 10 tháng 4 năm 2023
KẾ HOẠCH
Thu gom rác năm 2023
{preamble}I. RÁC THẢI SINH HOẠT
1. Thu gom rác thải sinh hoạt ở thị trấn Sa Pa bằng xe ép rác.
2. Xây lò đốt chất thải rắn ở xã Bản Vược.
"""


@pytest.fixture(scope="module")
def layouts():
    return build_corpus(LAYOUTS)


def test_no_preamble_word_in_tfidf_top_terms_or_keyness(layouts):
    top = tfidf_top_terms(layouts)
    terms = set(top.loc[top["doc_id"] == "long-preamble", "term"])
    words = {w for term in terms for w in term.split(" ")}
    assert not words & PREAMBLE_ONLY
    assert {"rừng", "ngập_mặn", "cây"} <= words  # the body's words rank instead
    table = keyness_comparisons(layouts)[0]
    mine = table[table["target"] == "long-preamble"]
    assert not set(mine["feature"]) & PREAMBLE_ONLY
    # "rừng" five times in its body (Điều 1, items 1 to 3, Điều 2); a sixth, in the cited
    # "Đề án bảo vệ và phát triển rừng ven biển", is not counted.
    assert mine.set_index("feature").at["rừng", "n_target"] == 5


def test_collocations_read_no_preamble_word(layouts):
    words = {w for segment in feature_words(layouts).loc["long-preamble"] for w in segment}
    assert not words & PREAMBLE_ONLY


def test_themes_and_kwic_still_read_the_preamble(layouts):
    # KWIC searches the text: the decrees cited in the preamble are found.
    found = kwic(layouts, "Nghị định")
    assert (found["doc_id"] == "long-preamble").sum() == 3


def _two_plans(tmp_path, preamble: str):
    (tmp_path / "quang-nam-2021.txt").write_text(FORESTS.format(preamble=preamble), encoding="utf-8")
    (tmp_path / "lao-cai-2023.txt").write_text(WASTE.format(preamble=preamble), encoding="utf-8")
    table = plan_similarity(build_corpus(tmp_path))[0]
    return table.set_index(["doc_a", "doc_b"]).at[("quang-nam-2021", "lao-cai-2023"), "cosine"]


def test_plans_sharing_only_their_preamble_are_not_similar(tmp_path):
    # The two bodies share no word (stopwords and boilerplate aside): read by hand.
    assert _two_plans(tmp_path, PREAMBLE) == pytest.approx(0.0, abs=1e-9)


FOREST_ITEMS = [
    "Trồng mới cây đước, cây bần, cây mắm trên bãi bồi cửa sông, chăm sóc cây non trong ba năm đầu đến khi khép tán.",
    "Khoanh nuôi tái sinh rừng dừa nước, giao khoán bảo vệ rừng cho cộng đồng thôn và trả tiền dịch vụ môi trường rừng.",
    "Cấm chặt phá cây ngập mặn, cấm nuôi tôm lấn rừng, tuần tra phòng cháy chữa cháy rừng vào mùa khô hanh.",
    "Ươm giống cây bản địa tại vườn ươm huyện, cấp cây giống cho hộ trồng rừng phòng hộ ven biển.",
    "Theo dõi diện tích rừng bằng ảnh vệ tinh, cắm mốc ranh giới rừng phòng hộ và rừng đặc dụng.",
]
WASTE_ITEMS = [
    "Thu gom rác thải sinh hoạt ở thị trấn bằng xe ép rác, đặt thùng rác phân loại tại chợ và khu dân cư.",
    "Xây lò đốt chất thải rắn tại xã, đóng cửa bãi chôn lấp rác lộ thiên gây ô nhiễm nguồn nước ngầm.",
    "Phân loại rác tại nguồn, làm phân compost từ rác hữu cơ, bán phế liệu nhựa cho cơ sở tái chế.",
    "Thu phí vệ sinh theo khối lượng rác, thuê hợp tác xã vận chuyển rác về nhà máy xử lý của tỉnh.",
    "Xử lý nước rỉ rác tại bãi chôn lấp, quan trắc mùi hôi và nước thải quanh khu xử lý chất thải.",
]
PROVINCES = ["Quảng Nam", "Lào Cai", "Kon Tum", "Cà Mau", "Bến Tre", "Yên Bái"]


def test_no_topic_is_made_of_preamble_words(tmp_path):
    for i, province in enumerate(PROVINCES):
        items = (FOREST_ITEMS if i % 2 == 0 else WASTE_ITEMS)
        body = "I. NHIỆM VỤ\n" + "".join(f"{n}. {item}\n" for n, item in enumerate(items, start=1))
        (tmp_path / f"plan-{i}.txt").write_text(
            f"ỦY BAN NHÂN DÂN TỈNH {province.upper()}\nSố: {10 + i}/KH-UBND | {province}, ngày 05 tháng 3 năm {2018 + i}\n"
            f"KẾ HOẠCH\nBảo vệ môi trường năm {2018 + i}\n{PREAMBLE}{body}", encoding="utf-8")
    corpus = build_corpus(tmp_path)
    model = fit_topics(unit_matrix(topic_units(corpus)), 3, "nmf")
    # Words of the preamble, none of them in an item (read off PREAMBLE and the items).
    preamble = {"tháng", "chính_phủ", "thủ_tướng", "qđ-ttg", "nghị_định", "quyết_định", "luật", "số", "ngày",
                "biến_đổi", "khí_hậu", "quốc_gia", "giai_đoạn", "paris", "chiến_lược", "điều"}
    shares = [sum(w in preamble for w in terms) / len(terms) for terms in model.top_terms(10)]
    assert max(shares) < 0.5, model.top_terms(10)


def test_no_phrase_is_formed_from_or_across_a_citation(tmp_path):
    """The phrases (n-grams) of the one matrix come from the same measured words as its single
    words: none from a cited document's words, none joining the words either side of it."""
    from analysis.measure.features import dfm

    (tmp_path / "plan.txt").write_text(
        "ỦY BAN NHÂN DÂN TỈNH KON TUM\nSố: 12/KH-UBND\nKon Tum, ngày 5 tháng 3 năm 2021\n\nKẾ HOẠCH\n"
        "Bảo vệ môi trường\n\nI. NHIỆM VỤ\n1. Xây dựng bãi chôn lấp hợp vệ sinh Quyết định số 491/QĐ-TTg ngày "
        "07/5/2018 của Thủ tướng Chính phủ về quản lý chất thải rắn; trồng rừng phòng hộ đầu nguồn.\n"
        "2. Trồng rừng phòng hộ đầu nguồn và xây dựng bãi chôn lấp hợp vệ sinh.\n", encoding="utf-8")
    features = set(dfm(build_corpus(tmp_path, cache_dir=tmp_path / ".cache")).features)
    assert "trồng rừng_phòng_hộ" in features  # the plan's own phrase
    assert not {f for f in features if "thủ_tướng" in f or "quyết_định" in f}


# A decision issuing a plan: its three articles speak of the decision itself, and the plan's two
# items each open with a document named bare (no "về ..." subject) before the plan's own task.
DECISION_WITH_REFERENCES = """ỦY BAN NHÂN DÂN TỈNH KON TUM
Số: 1520/QĐ-UBND
Kon Tum, ngày 08 tháng 9 năm 2022
QUYẾT ĐỊNH
Về việc ban hành Kế hoạch phòng, chống sạt lở đất tỉnh Kon Tum năm 2022
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KON TUM
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phòng, chống sạt lở đất tỉnh Kon Tum năm 2022.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở, ngành chịu trách nhiệm thi hành Quyết định này.
KẾ HOẠCH
Phòng, chống sạt lở đất tỉnh Kon Tum năm 2022
(Ban hành kèm theo Quyết định số 1520/QĐ-UBND ngày 08/9/2022 của Chủ tịch Ủy ban nhân dân tỉnh)
I. NHIỆM VỤ
1. Thực hiện Chỉ thị số 13-CT/TW, ngày 12/01/2017 của Ban Bí thư, trồng rừng phòng hộ đầu nguồn trên đất dốc.
2. Theo Quyết định số 957/QĐ-TTg ngày 19/7/2019 của Thủ tướng Chính phủ, di dời hộ dân khỏi vùng sạt lở đất.
"""


@pytest.fixture(scope="module")
def decision_with_references(tmp_path_factory):
    folder = tmp_path_factory.mktemp("references")
    (folder / "kon-tum-2022.txt").write_text(DECISION_WITH_REFERENCES, encoding="utf-8")
    return build_corpus(folder, cache_dir=folder / ".cache")


def test_bare_references_and_a_decisions_own_articles_are_not_measured(decision_with_references):
    from analysis.measure.measured_words import measured

    words = set(measured(decision_with_references)["token"].str.lower())
    # Words of the references and articles, read off the text: none is the plan's own.
    reference_words = {"số", "ngày", "12/01/2017", "19/7/2019", "chỉ_thị", "ban_bí_thư", "quyết_định", "qđ", "ttg",
                       "thủ_tướng", "chính_phủ", "điều", "hiệu_lực", "ký", "chánh", "văn_phòng", "giám_đốc",
                       "thi_hành", "ban_hành", "kèm", "13", "957", "tw"}
    assert not words & reference_words, words & reference_words
    # The tasks in the same sentences are read.
    assert {"trồng", "rừng_phòng_hộ", "đất", "dốc", "di_dời", "hộ", "dân", "sạt_lở"} <= words


def test_themes_list_a_hit_in_a_decisions_own_article_apart(decision_with_references):
    from analysis.measure.themes.codebook import load_codebook
    from analysis.measure.themes.measures import theme_hits_and_citations

    counted, cited = theme_hits_and_citations(decision_with_references, load_codebook())
    # "sạt lở đất" twice in the body: in Điều 1 (the plan's title, issued by the decision: listed
    # apart) and in item 2 (the plan's task: counted); "trồng rừng" in item 1.
    assert list(zip(cited["theme"], cited["match"])) == [("landslides_flash_floods", "sạt lở đất")]
    assert sorted(zip(counted["theme"], counted["match"])) == [
        ("forests_biodiversity", "trồng rừng"), ("landslides_flash_floods", "sạt lở đất")]
