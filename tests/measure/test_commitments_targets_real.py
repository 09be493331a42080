"""Issue 27, third round: the forms the second held-out set (tests/data/commitments/real, heldout-2) showed
the rules missing, each pinned with text written in that form -- targets' number forms and what is no
target, dated headings and the passages under them, titles' horizons, a resolution's articles, and the
agencies of HĐND resolutions and closing articles."""

import pytest

from builders import extract_commitments

from analysis.measure.commitments.agencies import heading
from analysis.measure.commitments.subjects import subject
from analysis.measure.commitments.agency_names import agency_list
from analysis.measure.commitments.deadlines import deadlines
from analysis.measure.commitments.targets import targets


def _values(sentence: str) -> list[tuple[float, str]]:
    return [(t["value"], t["unit"]) for t in targets(sentence)]


@pytest.mark.parametrize("sentence, expected", [
    # a range: its lower end is the target
    ("Tỷ lệ vận tải hành khách công cộng tại đô thị loại IV đạt từ 15 - 20%.", [(15.0, "%")]),
    # thousands and decimals in one number, the unit written on
    ("Bảo vệ nghiêm ngặt diện tích rừng phòng hộ 255.053,9ha.", [(255053.9, "ha")]),
    ("Tiêu chuẩn cấp nước đạt >120 lít/người/ngày đêm.", [(120.0, "lít/người/ngày đêm")]),
    ("Diện tích sàn nhà ở bình quân đạt 26 m2/người.", [(26.0, "m²/người")]),
    ("Tu bổ, sửa chữa 13 hồ chứa thủy lợi.", [(13.0, "hồ chứa")]),
    # what exists now, what it costs, where it applies: no target
    ("Hiện nay, tổng số trạm thu phát sóng tại các khu công nghiệp là 180 trạm.", []),
    ("Kinh phí thực hiện: 75,5 tỷ đồng.", []),
    ("Phạm vi thực hiện: tại 960 thôn bản, 142 xã thuộc 10 huyện.", []),
    ("Năm 2018: Tổng số 1.033 hộ, kinh phí 20.229,8 triệu đồng.", [(1033.0, "hộ")]),
    # the size of the target before, in brackets
    ("Đến năm 2025 đảm bảo xử lý 80% tổng lượng nước thải (74,56 triệu m3/năm) trước khi đổ ra sông.", [(80.0, "%")]),
    # a breakdown after "trong đó", up to a clause dated anew
    ("Đến năm 2020 bảo vệ diện tích rừng phòng hộ 255.053,9ha, trong đó diện tích có rừng 196.114,2ha; chưa có rừng "
     "58.939,7ha; đến năm 2030 đảm bảo độ che phủ rừng trên 60%.", [(255053.9, "ha"), (60.0, "%")]),
])
def test_target_forms_of_real_plans(sentence, expected):
    assert _values(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Năm 2018: Tổng số 1.033 hộ.", ["2018"]),
    # a horizon followed by the title's vision names a document, lower case or not
    ("Phù hợp với quy hoạch tổng thể phát triển kinh tế - xã hội tỉnh đến năm 2020, tầm nhìn đến năm 2030.", []),
    # the horizon of a document being approved is its title
    ("Giao Ủy ban nhân dân tỉnh ban hành Quyết định phê duyệt Chương trình phát triển đô thị tỉnh đến năm 2020.", []),
    # the task's own deadline in the same sentence still counts
    ("Giao Ủy ban nhân dân tỉnh ban hành Quyết định phê duyệt Chương trình phát triển đô thị tỉnh đến năm 2020; báo "
     "cáo kết quả thực hiện tại kỳ họp cuối hàng năm.", ["annual"]),
])
def test_deadline_forms_of_real_plans(sentence, expected):
    assert [d["deadline"] for d in deadlines(sentence)] == expected


PLAN = """NGHỊ QUYẾT
Về chương trình bảo vệ tài nguyên nước

Điều 1. Thông qua Chương trình bảo vệ tài nguyên nước tỉnh đến năm 2025, định hướng đến năm 2030.
I. MỤC TIÊU
- Đến năm 2025:
+ Tỷ lệ dân cư đô thị được cấp nước sạch đạt 100%.
+ Kiểm soát chặt chẽ các nguồn xả thải vào sông, suối.
- Đến năm 2030:
+ Tỷ lệ nước thải sinh hoạt được thu gom và xử lý đạt 70%.
- Bảo vệ chất lượng nước mặt:
+ Đến năm 2025 đảm bảo xử lý 80% tổng lượng nước thải trước khi đổ ra sông suối. Kiểm soát các sông có chất lượng nước đang bị ô nhiễm.
II. Về nhiệm vụ, công tác 6 tháng cuối năm 2017
Hội đồng nhân dân tỉnh thống nhất với các nhiệm vụ chủ yếu và yêu cầu Ủy ban nhân dân tỉnh tăng cường chỉ đạo các ngành, các cấp. Cụ thể trong 6 tháng cuối năm 2017 cần phải thực hiện tốt các nhiệm vụ, giải pháp trọng tâm sau đây:
1. Công tác chỉ đạo, điều hành
1.1. Đẩy mạnh thực hiện cải cách hành chính. Tăng cường kỷ luật, kỷ cương công vụ.
1.2. Tăng cường công tác phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh.
Điều 2. Hội đồng nhân dân tỉnh giao cho Ủy ban nhân dân tỉnh tổ chức thực hiện; báo cáo kết quả tại kỳ họp cuối hàng năm.
Điều 3. Giao Sở Nông nghiệp và Môi trường (Chi cục Kiểm lâm) chủ trì dự báo cháy rừng hàng ngày.
Điều 4. Căn cứ quy định phân cấp, chức năng nhiệm vụ được giao, Ủy ban nhân dân tỉnh có trách nhiệm chỉ đạo các đơn vị bàn giao nhiệm vụ.
Điều 5. Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc các Sở; Chủ tịch Ủy ban nhân dân các xã, phường chịu trách nhiệm thi hành Nghị quyết này./.
"""


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    return extract_commitments(tmp_path_factory.mktemp("round3"), {"ha-giang-2017-resolution.txt": PLAN})


def _dated(found, words: str) -> list[str]:
    return list(found.loc[found["text"].str.contains(words, regex=False), "deadline"])


def test_plus_items_under_a_dash_heading_take_its_date(extracted):
    found = extracted[0]
    assert _dated(found, "cấp nước sạch đạt 100%") == ["2025"]
    assert _dated(found, "Kiểm soát chặt chẽ các nguồn xả thải") == ["2025"]  # a task listed under it
    assert _dated(found, "thu gom và xử lý đạt 70%") == ["2030"]


def test_a_passage_that_opens_with_its_deadline_dates_its_later_sentences(extracted):
    assert _dated(extracted[0], "Kiểm soát các sông có chất lượng nước") == ["2025"]


def test_a_dated_section_dates_each_item_once_quoted_whole(extracted):
    found = extracted[0]
    item = found[found["text"].str.contains("Đẩy mạnh thực hiện cải cách hành chính")]
    assert list(item["deadline"]) == ["2017"] and "Tăng cường kỷ luật" in item["text"].iloc[0]
    assert _dated(found, "phối hợp với Ủy ban Mặt trận") == ["2017"]
    assert _dated(found, "Công tác chỉ đạo, điều hành") == []  # a heading, no task


def test_the_issuing_article_promises_nothing_the_others_do(extracted):
    found = extracted[0]
    assert _dated(found, "Thông qua Chương trình") == []
    assert _dated(found, "tổ chức thực hiện; báo cáo") == ["annual"]


def test_the_issuer_assigning_or_agreeing_is_no_subject(extracted):
    agencies = extracted[1]
    rows = agencies[agencies["text"].str.contains("giao cho Ủy ban|thống nhất với", regex=True)]
    assert set(zip(rows["agency"], rows["role"])) == {("Ủy ban nhân dân tỉnh", "lead")}


def test_an_agency_and_its_unit_in_brackets_both_lead(extracted):
    agencies = extracted[1]
    rows = agencies[agencies["text"].str.contains("dự báo cháy rừng")]
    assert set(zip(rows["agency_as_written"], rows["role"])) == {("Sở Nông nghiệp và Môi trường", "lead"),
                                                                 ("Chi cục Kiểm lâm", "lead")}


def test_a_subject_after_a_long_opening(extracted):
    agencies = extracted[1]
    rows = agencies[agencies["text"].str.contains("bàn giao nhiệm vụ")]
    assert set(zip(rows["agency"], rows["role"])) == {("Ủy ban nhân dân tỉnh", "lead")}


def test_the_closing_article_s_addressees_each_lead(extracted):
    agencies = extracted[1]
    rows = agencies[agencies["text"].str.contains("thi hành Nghị quyết này")]
    assert {("Chánh Văn phòng Ủy ban nhân dân tỉnh", "lead"),
            ("Chủ tịch Ủy ban nhân dân các xã, phường", "lead")} <= set(zip(rows["agency_as_written"], rows["role"]))


@pytest.mark.parametrize("text, expected", [
    ("1. Sở Tài chính (cơ quan chủ trì)", ["Sở Tài chính"]),
    ("6. Đề nghị: Hiệp hội Doanh nghiệp tỉnh, Hội Nông dân tỉnh, Liên minh Hợp tác xã Tỉnh",
     ["Hiệp hội Doanh nghiệp tỉnh", "Hội Nông dân tỉnh", "Liên minh Hợp tác xã Tỉnh"]),
])
def test_headings_of_real_task_sections(text, expected):
    named = heading(text)
    assert named is not None and [a.written for a, _ in named[0]] == expected


def test_a_cell_missing_its_comma_names_two_agencies():
    _, found = agency_list("Sở Khoa học và Công nghệ Sở Công Thương; UBND các phường, xã")
    assert [a.written for a in found] == ["Sở Khoa học và Công nghệ", "Sở Công Thương", "UBND các phường, xã"]


def test_each_sentence_under_a_heading_is_a_task(tmp_path):
    _, agencies = extract_commitments(tmp_path, {"ca-mau-2020-plan.txt": (
        "KẾ HOẠCH\nVề môi trường\n\nIII. TỔ CHỨC THỰC HIỆN\n2. Sở Nông nghiệp và Phát triển nông thôn:\n"
        "- Có biện pháp ứng phó hạn hán. Quản lý chặt loài ngoại lai xâm hại; kiểm tra định kỳ.\n")})
    # two sentences, two tasks; the lower-case clause goes on with the task before
    assert len(agencies) == 2 and agencies["text"].str.contains("kiểm tra định kỳ").sum() == 1
    assert subject("Hội đồng nhân dân tỉnh Hà Giang đã thảo luận và nhất trí thông qua.")[0] == []


def test_a_group_title_inside_a_task_table_does_not_end_it(tmp_path):
    found, agencies = extract_commitments(tmp_path, {"dong-thap-2025-plan.txt": (
        "PHỤ LỤC\nSTT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành\n"
        "I. NÂNG CAO NHẬN THỨC\n1 | Triển khai nền tảng đào tạo trực tuyến | Sở KH&CN | UBND các xã, phường | Thường xuyên\n")},
        "file,province,doc_type\nplans/dong-thap-2025-plan.txt,Đồng Tháp,kế hoạch\n")
    assert list(found["deadline"]) == ["ongoing"]
    assert set(agencies["role"]) == {"lead", "coordinate"}


# --- fourth round (developed on heldout-3) -----------------------------------------------------------------
@pytest.mark.parametrize("sentence, expected", [
    ("Cập nhật dữ liệu trước ngày 20 hằng tháng lên phần mềm.", ["monthly, by day 20"]),
    ("Xây dựng kế hoạch triển khai (hoàn thành trong tháng 11/2025).", ["2025"]),
    ("- Thời gian thực hiện: Năm 2025 và các năm tiếp theo.", ["2025"]),
    # an average yearly rate, no recurring deadline
    ("Giá trị xuất khẩu đến năm 2030 đạt 400 triệu USD, tăng bình quân hàng năm đạt 10 - 13%/năm.", ["2030"]),
])
def test_deadline_forms_of_the_fourth_round(sentence, expected):
    assert [d["deadline"] for d in deadlines(sentence)] == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Kinh phí chi cho nghiên cứu phát triển (R&D)/GRDP tối thiểu 2%.", [(2.0, "%")]),  # a share of money
    ("Giá trị xuất khẩu đến năm 2030 đạt 400 triệu USD, tăng bình quân đạt 10 - 13%/năm.",
     [(400.0, "triệu USD"), (10.0, "%/năm")]),
])
def test_money_and_rates(sentence, expected):
    assert _values(sentence) == expected


CARDS = """KẾ HOẠCH
Triển khai thi hành Luật Việc làm

II. NỘI DUNG
1. Xây dựng chương trình phát triển hệ sinh thái số đến năm 2030 với các mục tiêu
- Tỷ lệ hồ sơ dịch vụ công trực tuyến toàn trình đạt 80%.
2. Tổ chức tập huấn, bồi dưỡng chuyên môn, nghiệp vụ
- Nội dung thực hiện: Tổ chức tập huấn cho cán bộ làm công tác việc làm.
- Cơ quan chủ trì: Sở Nội vụ, Sở Tài chính.
- Cơ quan phối hợp: Bảo hiểm xã hội Thành phố, Chi nhánh Ngân hàng Chính sách xã hội Thành phố.
- Thời gian thực hiện: Năm 2025 và các năm tiếp theo.
III. TỔ CHỨC THỰC HIỆN
1. Sở Nông nghiệp và Môi trường
a) Chủ trì, phối hợp với Sở Công Thương, UBND các xã, phường:
- Hướng dẫn hợp tác xã áp dụng quy trình sản xuất an toàn.
b) Phối hợp với Sở Tài chính:
- Hỗ trợ phát triển thương mại điện tử.
"""


@pytest.fixture(scope="module")
def cards(tmp_path_factory):
    return extract_commitments(tmp_path_factory.mktemp("cards"), {"ho-chi-minh-2025-plan.txt": CARDS})


def test_a_task_card_is_read_as_a_table_row(cards):
    found, agencies = cards
    card = found[found["read_from"] == "card"]
    assert list(zip(card["deadline"], card["deadline_kind"])) == [("2025", "from")]
    assert card["text"].iloc[0].startswith("2. Tổ chức tập huấn")
    rows = agencies[agencies["read_from"] == "card"]
    assert set(zip(rows["agency_as_written"], rows["role"])) == {
        ("Sở Nội vụ", "lead"), ("Sở Tài chính", "lead"), ("Bảo hiểm xã hội Thành phố", "coordinate"),
        ("Chi nhánh Ngân hàng Chính sách xã hội Thành phố", "coordinate")}
    # its labelled lines are not read again as prose
    assert not agencies["text"].str.startswith("- Cơ quan").any()


def test_a_heading_announcing_its_targets_dates_them(cards):
    found = cards[0]
    assert list(found.loc[found["text"].str.contains("toàn trình đạt 80%"), "deadline"]) == ["2030"]


def test_a_sub_heading_gives_the_agency_its_role_for_the_list_below(cards):
    agencies = cards[1]
    assert _roles_of(agencies, "Hướng dẫn hợp tác xã") == {("Sở Nông nghiệp và Môi trường", "lead"),
                                                           ("Sở Công Thương", "coordinate"),
                                                           ("UBND các xã, phường", "coordinate")}
    assert _roles_of(agencies, "Hỗ trợ phát triển thương mại") == {("Sở Nông nghiệp và Môi trường", "coordinate"),
                                                                   ("Sở Tài chính", "partner")}


def _roles_of(agencies, words: str) -> set:
    rows = agencies[agencies["text"].str.contains(words, regex=False)]
    return set(zip(rows["agency_as_written"], rows["role"]))


# --- fifth round (developed on heldout-4) ------------------------------------------------------------------
@pytest.mark.parametrize("sentence", [
    "Thời gian thực hiện: Quý IV năm 2025 và các năm tiếp theo.", "Từ năm 2025 trở đi.",
    "Thời gian thực hiện: Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê.", "Thời gian: Từ 01/7/2025.",
])
def test_from_then_on(sentence):
    assert [(d["deadline"], d["deadline_kind"]) for d in deadlines(sentence)] == [("2025", "from")]


CARD_VARIANTS = """KẾ HOẠCH
Về tổng kiểm kê tài sản

III. NHIỆM VỤ, GIẢI PHÁP
1. Nâng cao năng lực đội ngũ cán bộ
- Tăng cường công tác giáo dục chính trị.
- Nâng cao nhận thức, ý thức trách nhiệm.
Đơn vị chủ trì thực hiện: Sở Nội vụ.
Đơn vị phối hợp thực hiện: Sở Tư pháp.
Thời gian thực hiện: Thường xuyên.
2. Sở Tài chính - Cơ quan thường trực
- Tuyên truyền, phổ biến các quy định về quản lý tài sản.
Thời gian thực hiện: Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê.
- Tổng hợp kết quả kiểm kê, báo cáo Bộ Tài chính. Thời gian hoàn thành: Trước ngày 31/5/2026.
Điều 2. Hội đồng nhân dân tỉnh yêu cầu Ủy ban nhân dân tỉnh thực hiện một số nhiệm vụ chủ yếu sau:
1. Chỉ đạo rà soát các dự án chậm tiến độ.
"""


@pytest.fixture(scope="module")
def card_variants(tmp_path_factory):
    return extract_commitments(tmp_path_factory.mktemp("card-variants"), {"quang-ngai-2025-plan.txt": CARD_VARIANTS})


def test_labels_after_the_last_task_are_the_card_s(card_variants):
    found, agencies = card_variants
    for task in ("giáo dục chính trị", "ý thức trách nhiệm"):
        assert list(found.loc[found["text"].str.contains(task), "deadline"]) == ["ongoing"]
        assert _roles_of(agencies, task) == {("Sở Nội vụ", "lead"), ("Sở Tư pháp", "coordinate")}


def test_labels_after_each_task_are_its_own(card_variants):
    found = card_variants[0]
    dated = found[found["text"].str.contains("Tuyên truyền, phổ biến|Tổng hợp kết quả kiểm kê")]
    assert sorted(zip(dated["deadline"], dated["deadline_kind"])) == [("2025", "from"), ("2026", "before")]
    # the heading agency still leads the tasks under it
    assert ("Sở Tài chính", "lead") in _roles_of(card_variants[1], "Tuyên truyền, phổ biến")


def test_an_excerpt_opening_at_an_article_heads_its_items(card_variants):
    assert _roles_of(card_variants[1], "rà soát các dự án chậm tiến độ") == {("Ủy ban nhân dân tỉnh", "lead")}
