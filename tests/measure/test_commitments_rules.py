"""Issue 27: each class of commitment rule pinned with text written in that form -- roles by verb and
position, generic sets, names and levels as written, horizons in titles, sentence-final deadlines,
citations and dates, numbers, task tables, and theming a task by its own words."""

import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from builders import extract_commitments

from analysis.measure.commitments.agencies import lead_counts
from analysis.measure.commitments.subjects import clause_subjects, subject
from analysis.measure.commitments.agency_names import agency_list
from analysis.measure.commitments.deadlines import deadlines, table_deadline
from analysis.measure.commitments.passages import is_citation
from analysis.measure.commitments.targets import targets
from analysis.measure.commitments.task_tables import cell_agencies, header_columns


def roles(found) -> list[tuple[str, str]]:
    return [(agency.name, role) for agency, role in found]


# --- role by verb and position -------------------------------------------------------------------
def test_an_agency_whose_own_verb_is_phoi_hop_coordinates():
    found, _ = subject("Sở Công Thương phối hợp với Sở Tài nguyên và Môi trường kiểm tra các chợ.")
    assert roles(found) == [("Sở Công Thương", "coordinate")]


def test_de_nghi_front_and_mass_organisations_to_coordinate():
    found, _ = subject("Đề nghị Ủy ban MTTQ Việt Nam tỉnh và các đoàn thể tỉnh phối hợp với các ngành, đơn vị có "
                       "liên quan vận động người dân.")
    assert roles(found) == [("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "coordinate"),
                            ("Các đoàn thể chính trị - xã hội", "coordinate")]


def test_after_a_comma_and_a_semicolon_each_agency_takes_its_own_verb():
    sentence = "Xây dựng cơ sở dữ liệu môi trường, Sở Tài nguyên và Môi trường chủ trì; Sở Tài chính, Sở Xây dựng phối hợp."
    assert subject(sentence)[0] == []  # the sentence opens with the task
    clauses = clause_subjects(sentence, 0)
    assert [roles(c) for c in clauses] == [[("Sở Tài nguyên và Môi trường", "lead")],
                                           [("Sở Tài chính", "coordinate"), ("Sở Xây dựng", "coordinate")]]


def test_objects_after_a_comma_are_no_clause():
    # "UBND các huyện" here is an object of the task, and the list after "phối hợp với" coordinates
    sentence = ("Chủ trì, phối hợp với các sở, ban, ngành, UBND các huyện và các đơn vị có liên quan tổ chức "
                "thực hiện Kế hoạch.")
    assert clause_subjects(sentence, 0) == []


def test_a_body_led_by_another_leads_too():
    # Kon Tum 2016 line 62
    found, rest = subject("* Ban cán sự đảng Ủy ban nhân dân tỉnh lãnh đạo Ủy ban nhân dân tỉnh chỉ đạo thực hiện "
                          "thường xuyên.")
    assert roles(found) == [("Ban cán sự đảng Ủy ban nhân dân tỉnh", "lead"), ("Ủy ban nhân dân tỉnh", "lead")]
    assert rest.startswith("chỉ đạo")


PLAN = """KẾ HOẠCH
Về bảo vệ môi trường

Căn cứ Quyết định số 3676/QĐ-UBND ngày 22 tháng 11 năm 2019 của UBND tỉnh về việc phê duyệt Đề án bảo vệ môi trường giai đoạn 2021 - 2025;
Theo đề nghị của Sở Tài nguyên và Môi trường tại Tờ trình số 12/TTr-STNMT ngày 5/1/2020.
Thực hiện Kết luận số 56-KL/TW ngày 23/8/2019 của Bộ Chính trị về tiếp tục thực hiện Nghị quyết Trung ương 7, UBND tỉnh ban hành Kế hoạch như sau:

I. NHIỆM VỤ
1. Nâng cấp 25 km đê biển xung yếu; trồng mới 300 ha rừng ngập mặn ven biển đến năm 2030.
2. Thực hiện tốt việc phân loại rác thải tại nguồn trong năm 2021.
3. Trồng 41,2 triệu cây xanh trên địa bàn tỉnh.

II. TỔ CHỨC THỰC HIỆN
1. Sở Thông tin và Truyền thông:
- Phối hợp với Sở Tài nguyên và Môi trường tuyên truyền về rác thải nhựa.
2. Các cấp, các ngành chủ động triển khai Kế hoạch.

III. PHỤ LỤC
STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Cơ quan phối hợp | Tiến độ | Kết quả/sản phẩm
A | CÔNG TÁC QUẢN LÝ | | | |
1 | Xây dựng kế hoạch quản lý chất thải rắn | Sở Xây dựng | Sở Tài chính; UBND các huyện | Quý II/2025 | Kế hoạch
2 | Trồng 500 ha rừng phòng hộ | Sở NN&PTNT chủ trì, Sở Tài chính phối hợp | | 2024-2026 | Báo cáo
"""


@pytest.fixture(scope="module")
def written_plan(tmp_path_factory):
    return extract_commitments(tmp_path_factory.mktemp("rules"), {"an-giang-2020-plan.txt": PLAN})


def test_a_passage_that_only_coordinates_makes_the_heading_agency_a_coordinator(written_plan):
    agencies = written_plan[1]
    passage = agencies[agencies["text"].str.startswith("- Phối hợp")]
    # the agency it coordinates with is named with no verb of its own: its partner, given no role
    assert set(zip(passage["agency"], passage["role"])) == {("Sở Thông tin và Truyền thông", "coordinate"),
                                                             ("Sở Tài nguyên và Môi trường", "partner")}


# --- generic sets ------------------------------------------------------------------------------------
def test_generic_sets_are_kept_flagged_and_left_out_of_lead_counts(written_plan):
    agencies = written_plan[1]
    generic = agencies[agencies["agency"] == "Các cấp, các ngành"]
    assert list(generic["generic"]) == [True] and list(generic["role"]) == ["lead"]
    assert "Các cấp, các ngành" not in set(lead_counts(agencies)["agency"])
    _, (named,) = agency_list("các cơ quan, đơn vị có liên quan")
    assert named.generic


# --- names and levels as written ------------------------------------------------------------------------
@pytest.mark.parametrize("text, name, written, level", [
    ("các sở, ban, ngành cấp tỉnh", "Các sở, ban, ngành", "các sở, ban, ngành cấp tỉnh", "cấp tỉnh"),
    ("các huyện ủy, thành ủy", "Các huyện ủy, thành ủy", "các huyện ủy, thành ủy", ""),
    ("các đoàn thể chính trị - xã hội từ tỉnh đến cơ sở", "Các đoàn thể chính trị - xã hội",
     "các đoàn thể chính trị - xã hội từ tỉnh đến cơ sở", "từ tỉnh đến cơ sở"),
    ("Các cấp ủy đảng", "Các cấp ủy đảng", "Các cấp ủy đảng", ""),
    # the head's title is part of the name as written (issue 27 real set: "Chủ tịch Ủy ban nhân dân các xã, phường")
    ("Thủ trưởng các sở, ban, ngành cấp tỉnh", "Các sở, ban, ngành", "Thủ trưởng các sở, ban, ngành cấp tỉnh", "cấp tỉnh"),
])
def test_names_keep_their_written_form_and_their_level(text, name, written, level):
    _, (agency,) = agency_list(text)
    assert (agency.name, agency.written, agency.level) == (name, written, level)


# --- horizons in titles ---------------------------------------------------------------------------------
@pytest.mark.parametrize("sentence", [
    # Cà Mau 2020 line 37
    "Đẩy mạnh việc thực hiện Chiến lược Quốc gia về tăng trưởng xanh thời kỳ 2011-2020 và tầm nhìn đến năm 2045; "
    "Chiến lược bảo vệ môi trường quốc gia đến năm 2020, tầm nhìn đến năm 2030; cập nhật Kế hoạch hành động ứng phó "
    "với biến đổi khí hậu và nước biển dâng của tỉnh Cà Mau đến năm 2025, định hướng đến năm 2030.",
    # Thanh Hóa 2024 line 63
    "Tập trung triển khai thực hiện phương án xử lý chất thải rắn theo Quy hoạch tỉnh thời kỳ 2021 - 2030, tầm nhìn "
    "đến năm 2045.",
    # Thanh Hóa 2024 line 49
    "Gắn với triển khai thực hiện hiệu quả Quy hoạch không gian biển quốc gia thời kỳ 2021 - 2030, tầm nhìn đến năm 2050.",
])
def test_horizons_in_titles_are_not_deadlines(sentence):
    assert deadlines(sentence) == []


@pytest.mark.parametrize("sentence, deadline", [
    ("Tập trung thực hiện Đề án di dời các cơ sở gây ô nhiễm ra khỏi đô thị đến năm 2030.", "2030"),  # a scheme carried out
    ("Ban hành Kế hoạch quản lý chất thải rắn trong năm 2025.", "2025"),  # a task after a plan's name
    ("Báo cáo kết quả trước ngày 31 tháng 12 năm 2025.", "2025"),
])
def test_the_periods_of_tasks_still_count(sentence, deadline):
    assert [d["deadline"] for d in deadlines(sentence)] == [deadline]


# --- a sentence-final deadline ------------------------------------------------------------------------------
def test_a_sentence_final_deadline_dates_the_targets_before_it(written_plan):
    found = written_plan[0]
    dike = found[found["unit"] == "km"].iloc[0]
    forest = found[(found["unit"] == "ha") & (found["read_from"] == "text")].iloc[0]
    assert (dike["value"], dike["deadline"]) == (25.0, "2030")
    assert (forest["value"], forest["deadline"]) == (300.0, "2030")


def test_a_clause_of_its_own_keeps_its_in_year_deadline():
    # Kon Tum 2016 line 55: the first clause is a standing rule, the second is due in 2017
    sentence = ("Các dự án đầu tư mới phải xây dựng hệ thống xử lý nước thải đạt loại A; các dự án đã đi vào hoạt "
                "động thì phải nâng cấp hệ thống xử lý nước thải đạt loại A trong năm 2017.")
    assert [d["deadline_kind"] for d in deadlines(sentence)] == ["in"]


# --- citations and dates ------------------------------------------------------------------------------------
@pytest.mark.parametrize("sentence, section_path, cites", [
    ("Căn cứ Quyết định số 3676/QĐ-UBND ngày 22/11/2019 của UBND tỉnh;", "", True),
    ("Theo đề nghị của Sở Tài nguyên và Môi trường tại Tờ trình số 12/TTr-STNMT.", "", True),
    ("Thực hiện Kết luận số 56-KL/TW của Bộ Chính trị, UBND tỉnh ban hành Kế hoạch như sau:", "", True),
    ("Thực hiện tốt việc phân loại rác thải tại nguồn trong năm 2021.", "I.2", False),
    ("Thực hiện Đề án ổn định dân cư giai đoạn 2021 - 2025.", "I.3", False),
    ("Căn cứ chức năng, nhiệm vụ, các sở xây dựng kế hoạch.", "III.1", False),
])
def test_citations_are_not_tasks(sentence, section_path, cites):
    assert is_citation(sentence, section_path) is cites


def test_the_legal_basis_and_the_opening_promise_nothing(written_plan):
    found, agencies = written_plan
    assert not found["text"].str.contains("Căn cứ|Theo đề nghị|Kết luận số 56", regex=True).any()
    assert not agencies["text"].str.contains("Theo đề nghị").any()
    # quoted with the number of its item ("2. Thực hiện tốt ..."): a sentence is not cut after "2."
    assert "2021" in set(found.loc[found["text"].str.startswith("2. Thực hiện tốt"), "deadline"])


def test_a_date_is_no_deadline():
    assert deadlines("22 tháng 11 năm 2019;") == []
    assert deadlines("ngày 16/12/2019 của Chủ tịch UBND tỉnh") == []


# --- numbers ------------------------------------------------------------------------------------------------
def test_a_decimal_number_of_millions_keeps_its_decimals():
    (found,) = targets("Trồng 41,2 triệu cây xanh trên địa bàn tỉnh.")
    assert (found["value"], found["unit"], found["object"]) == (41.2, "triệu", "cây xanh trên địa bàn tỉnh")


def test_a_name_after_the_unit_is_not_its_object():
    (found,) = targets("Tỷ lệ chất thải rắn được thu gom đạt 80 % Đảng bộ tỉnh Lâm Đồng lần thứ XI đề ra.")
    assert found["value"] == 80.0 and found["object"] == "Tỷ lệ chất thải rắn được thu gom"


# --- task tables ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("header, expected", [
    ("STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm",
     {"number": 0, "task": 1, "lead": 2, "coordinate": 3, "deadline": 4, "output": 5}),
    ("TT | Nhiệm vụ | Cơ quan thực hiện | Thời gian thực hiện | Kết quả/sản phẩm",
     {"number": 0, "task": 1, "lead": 2, "deadline": 3, "output": 4}),
    ("STT | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Tiến độ",
     {"number": 0, "task": 1, "lead": 2, "coordinate": 3, "deadline": 4}),
])
def test_task_table_headers_in_their_real_variants(header, expected):
    assert header_columns([c.strip() for c in header.split("|")]) == expected


def test_a_row_that_is_no_header_starts_no_table():
    assert header_columns(["1", "Xây dựng kế hoạch", "Sở Xây dựng", "2025"]) is None


def test_a_task_table_gives_one_commitment_per_row(written_plan):
    found, agencies = written_plan
    rows = found[found["read_from"] == "table"]
    assert list(rows["text"]) == ["Xây dựng kế hoạch quản lý chất thải rắn", "Trồng 500 ha rừng phòng hộ"]
    assert list(rows["deadline"]) == ["2025", "2026"] and list(rows["output"]) == ["Kế hoạch", "Báo cáo"]
    assert list(rows["kind"]) == ["task", "target"]  # the group row "A | CÔNG TÁC QUẢN LÝ" is none
    table = agencies[agencies["read_from"] == "table"]
    assert set(zip(table["agency"], table["role"])) == {
        ("Sở Xây dựng", "lead"), ("Sở Tài chính", "coordinate"), ("Ủy ban nhân dân các huyện", "coordinate"),
        ("Sở Nông nghiệp và Phát triển nông thôn", "lead")}


def test_a_lead_cell_names_its_coordinators_by_their_verb():
    found = cell_agencies("Sở NN&PTNT chủ trì, Sở Tài chính phối hợp", "lead")
    assert roles(found) == [("Sở Nông nghiệp và Phát triển nông thôn", "lead"), ("Sở Tài chính", "coordinate")]


@pytest.mark.parametrize("cell, deadline", [("Năm 2025", "2025"), ("Quý II/2025", "2025"), ("2024-2026", "2026"),
                                            ("Hằng năm", "annual"), ("Thường xuyên", "ongoing"),
                                            ("Theo Kế hoạch riêng", None), ("Sau khi có Quy chế của TW", None)])
def test_table_deadline_cells(cell, deadline):
    found = table_deadline(cell)
    assert (found["deadline"] if found else None) == deadline


# --- themes and counts ---------------------------------------------------------------------------------------
def test_lead_counts_are_counts_per_agency_and_theme():
    assignments = pd.DataFrame({
        "doc_id": ["a", "a", "a", "a"], "agency": ["Sở Y tế", "Sở Y tế", "Sở Xây dựng", "Các cấp, các ngành"],
        "role": ["lead", "lead", "coordinate", "lead"], "generic": [False, False, False, True],
        "order": [1, 2, 1, 3], "text": ["x", "y", "x", "z"], "themes": ["waste; water", "waste", "waste", "waste"]})
    counts = lead_counts(assignments)
    assert counts.to_dict("records") == [{"agency": "Sở Y tế", "theme": "waste", "tasks": 2, "agency_tasks": 2},
                                         {"agency": "Sở Y tế", "theme": "water", "tasks": 1, "agency_tasks": 2}]


@given(st.lists(st.sampled_from(["Sở TN&MT", "phối hợp", "chủ trì", "lãnh đạo", "UBND tỉnh", ";", ",", " | ",
                                 "các cấp", "cấp tỉnh", "Năm 2025", "Quy hoạch", "thời kỳ 2021 - 2030", "Căn cứ"])
                | st.text(max_size=8), max_size=25))
@settings(max_examples=200, deadline=None)
def test_role_and_table_readers_never_raise(pieces):
    text = " ".join(pieces)
    subject(text)
    clause_subjects(text, 0)
    cell_agencies(text, "lead")
    header_columns(text.split("|"))
    table_deadline(text)


# --- real task sections (issue 27, tests/data/commitments/real): each class of miss, in its form ------------------
TASK_SECTION = """KẾ HOẠCH
Về quản lý chất thải

III. TỔ CHỨC THỰC HIỆN
1. Sở Xây dựng
- Chủ trì, phối hợp với Sở Tài chính hướng dẫn thu gom chất thải rắn.
- Phối hợp với Sở Y tế kiểm tra các cơ sở; tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước 17h00 hằng ngày.
2. Sở Y tế chỉ đạo Trung tâm Kiểm soát bệnh tật tỉnh thực hiện các nội dung sau:
- Lập kế hoạch giám sát dịch bệnh.
3. UBND các xã, phường: Phối hợp với Sở Xây dựng tuyên truyền; theo dõi, báo cáo kết quả.
4. Căn cứ Kế hoạch này, các sở, ban, ngành cấp tỉnh, Ủy ban nhân dân các xã, phường xây dựng kế hoạch thực hiện.
Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các sở, ngành kịp thời phản ánh về Sở Xây dựng.
"""
# A regulation's articles on each body's responsibilities.
ARTICLES = """QUY ĐỊNH
Quản lý chất thải rắn

Điều 9. Trách nhiệm của Công an tỉnh
1. Kiểm tra, xử lý vi phạm về chất thải.
2. Phối hợp với các đơn vị liên quan điều tra các vụ việc.
Điều 10. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh
1. Giám sát việc thực hiện Quy định này.
"""


@pytest.fixture(scope="module")
def task_section(tmp_path_factory):
    return extract_commitments(tmp_path_factory.mktemp("task-section"), {
        "binh-dinh-2025-plan.txt": TASK_SECTION, "binh-dinh-2025-regulation.txt": ARTICLES})[1]


def _rows(agencies, starts: str) -> set:
    # a task opening with ``starts``, or quoted after a heading with a verb of its own ("...sau: - Lập ...")
    part = agencies[agencies["text"].str.contains(r"(?:^|:\s)[-–•*+0-9.\s]*" + re.escape(starts))]
    return set(zip(part["agency_as_written"], part["role"]))


def test_a_heading_without_a_colon_governs_the_bullets_under_it(task_section):
    assert _rows(task_section, "Chủ trì, phối hợp với Sở Tài chính") == {("Sở Xây dựng", "lead"),
                                                                         ("Sở Tài chính", "coordinate")}


def test_a_clause_of_another_role_is_another_task(task_section):
    rows = task_section[(task_section["agency"] == "Sở Xây dựng") & task_section["text"].str.contains("Sở Y tế|báo cáo")]
    assert sorted(zip(rows["role"], rows["text"].str.lstrip("- ").str[:13])) == [("coordinate", "Phối hợp với "),
                                                                                ("lead", "tổng hợp, báo")]


def test_a_body_directed_by_another_leads_its_tasks_too(task_section):
    assert _rows(task_section, "Lập kế hoạch giám sát") == {("Sở Y tế", "lead"),
                                                            ("Trung tâm Kiểm soát bệnh tật tỉnh", "lead")}


def test_an_agency_and_its_tasks_after_a_colon(task_section):
    rows = task_section[task_section["agency_as_written"] == "UBND các xã, phường"]
    assert sorted(rows["role"]) == ["coordinate", "lead"]


def test_an_opening_adverbial_comes_before_the_subject(task_section):
    assert _rows(task_section, "Căn cứ Kế hoạch này") == {("các sở, ban, ngành cấp tỉnh", "lead"),
                                                          ("Ủy ban nhân dân các xã, phường", "lead")}


def test_an_article_on_an_agency_s_responsibilities_heads_its_items(task_section):
    assert _rows(task_section, "Kiểm tra, xử lý vi phạm") == {("Công an tỉnh", "lead")}
    assert ("Công an tỉnh", "coordinate") in _rows(task_section, "Phối hợp với các đơn vị liên quan")
    assert _rows(task_section, "Giám sát việc thực hiện") == {("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "lead")}


def test_the_closing_if_difficulties_formula_assigns_nothing(task_section):
    assert _rows(task_section, "Trong quá trình thực hiện") == set()


@pytest.mark.parametrize("text, written, generic", [
    ("Chi cục Biển đảo và Thủy sản thực hiện", "Chi cục Biển đảo và Thủy sản", False),  # unknown: head word
    ("Ban Chỉ huy Phòng thủ dân sự tỉnh phối hợp", "Ban Chỉ huy Phòng thủ dân sự tỉnh", False),
    ("Văn phòng Ban Chỉ huy và cơ quan, địa phương liên quan", "Văn phòng Ban Chỉ huy", False),
    ("Ủy ban nhân dân các xã, phường, đặc khu Cồn Cỏ:", "Ủy ban nhân dân các xã, phường, đặc khu Cồn Cỏ", False),
    ("Ủy ban nhân dân các xã: Phú Mỹ, Tân Hòa, Long Điền", "Ủy ban nhân dân các xã: Phú Mỹ, Tân Hòa, Long Điền", False),
    ("Ủy ban mặt trận Tổ quốc cấp tỉnh, cấp xã", "Ủy ban mặt trận Tổ quốc cấp tỉnh, cấp xã", False),
    ("Chủ tịch Ủy ban nhân dân các xã, phường", "Chủ tịch Ủy ban nhân dân các xã, phường", False),
    ("Công an thành phố xem xét", "Công an thành phố", False),
    ("các sở, ban, ngành tỉnh và", "các sở, ban, ngành tỉnh", False),  # a level: a named class
    ("Các sở, ban, ngành khác", "Các sở, ban, ngành khác", True),  # no level: the reader's guess
    ("Sở, ban, ngành có liên quan", "Sở, ban, ngành có liên quan", True),
])
def test_post_2025_and_unlisted_bodies_are_found_as_written(text, written, generic):
    _, (agency, *_) = agency_list(text)
    assert (agency.written, agency.generic) == (written, generic)


def test_hỗ_trợ_with_an_object_is_a_task_not_coordination():
    assert subject("Sở Y tế hỗ trợ tiêu độc chuồng trại.")[0][0][1] == "lead"
    assert subject("Sở Y tế hỗ trợ.")[0][0][1] == "coordinate"


@pytest.mark.parametrize("sentence, deadline", [
    ("Bố trí kinh phí trong dự toán đầu năm 2026.", "2026"),
    ("Tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước 17h00 hằng ngày.", "daily, by 17:00"),
    ("Định kỳ hàng năm báo cáo về Sở Xây dựng chậm nhất ngày 15 tháng 12.", "annual, by 15/12"),
    ("Tổng hợp báo cáo kết quả trước ngày 20/12 hàng năm.", "annual, by 20/12"),
])
def test_real_deadline_forms(sentence, deadline):
    assert [d["deadline"] for d in deadlines(sentence)] == [deadline]


def test_a_reporting_period_is_no_deadline():
    assert deadlines("Thời gian báo cáo định kỳ hàng năm tính từ ngày 15 tháng 12 năm trước kỳ báo cáo.") == []


def test_a_count_introducing_names_is_no_target():
    assert targets("phối hợp với Ủy ban nhân dân 03 xã: Phú Mỹ, Tân Hòa, Long Điền thành lập khu bảo tồn.") == []


def test_a_task_table_read_as_it_is_copied(tmp_path):
    # a table opening the text, rows with an outer bar, an editor's note, a row whose words name columns
    found, agencies = extract_commitments(tmp_path, {"nghe-an-2025-plan.txt": (
        "PHỤ LỤC: DANH MỤC NHIỆM VỤ\n"
        "TT | Nội dung thực hiện | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm\n"
        "1 | Triển khai thực hiện nội dung chi đặc thù | Sở Tài chính | Cơ quan, địa phương liên quan | Thường xuyên\n"
        "[các mục II - III không có trong bản sao]\n"
        "| 2 | Hướng dẫn thanh toán chi phí | Sở Y tế | Sở Tài chính | 2025\n")},
        "file,province,doc_type\nplans/nghe-an-2025-plan.txt,Nghệ An,kế hoạch\n")
    assert list(found["deadline"]) == ["ongoing", "2025"]
    assert set(zip(agencies["agency_as_written"], agencies["role"])) == {
        ("Sở Tài chính", "lead"), ("Cơ quan, địa phương liên quan", "coordinate"), ("Sở Y tế", "lead"),
        ("Sở Tài chính", "coordinate")}



def test_every_deadline_pattern_needs_what_the_quick_test_looks_for(monkeypatch):
    """``deadlines`` reads a sentence only when ``_ANY_DEADLINE`` finds a year or a word of a recurring
    deadline in it: a pattern added without either would be skipped on every sentence."""
    from analysis import config
    from analysis.measure.commitments import deadlines as module
    from analysis.measure.commitments.passages import sentences

    words = [w for w in module._ANY_DEADLINE.pattern.split("|") if "\\d" not in w]
    for kind, pattern in module._DEADLINES:
        assert module._YEAR in pattern.pattern or any(w in pattern.pattern for w in words), (kind, pattern.pattern)
    # The seed plans' and the test plans' sentences give the same deadlines with the quick test and without it.
    paths = sorted((config.CORPUS_DIR / "plans").glob("*.txt")) + sorted(Path(__file__).parents[1].glob("data/**/*.txt"))
    said = [s for path in paths for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
            for _, s in sentences(line)]
    quick = [deadlines(s) for s in said]
    monkeypatch.setattr(module, "_ANY_DEADLINE", re.compile(""))
    assert [deadlines(s) for s in said] == quick
    assert sum(map(len, quick)) > 400 and sum(not q for q in quick) > 4000
