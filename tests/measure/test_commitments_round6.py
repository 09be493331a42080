"""Issue 27, sixth to eighth rounds (developed on heldout-5, -6 and -7, and heldout-3's Sơn La table): yearly-values tables
(``measure.commitments.value_tables``), a budget plan's projections under a long numbered dated heading,
levels of money to reach, ranges written with their unit on both ends; and agencies: a passage's subject going
on into its later sentences, a management board the gazetteer lacks, a subject after a purpose ("Để ..., các
Sở ... sau:"), duties written before the verb. Each form is written here as
real plans write it; the expected numbers are read off the text by hand."""

import pytest

from builders import extract_commitments

from analysis.measure.commitments.agencies import heading
from analysis.measure.commitments.agency_names import agency_list, recipients, role_of
from analysis.measure.commitments.subjects import after_opening, subject
from analysis.measure.commitments.deadlines import deadlines
from analysis.measure.commitments.targets import targets
from analysis.measure.commitments.value_tables import value_of

PLANS_CSV = "file,province,doc_type\nplans/{name},Cà Mau,kế hoạch\n"

# Cà Mau 0204's form: baseline columns split under their header, a line of column numbers.
BUDGET_FORM = """KẾ HOẠCH
Bảo vệ môi trường giai đoạn 2026 - 2028

Phụ lục 02
CHỈ TIÊU MÔI TRƯỜNG GIAI ĐOẠN 2026 - 2028
STT | Chỉ tiêu | Đơn vị tính | Năm hiện hành 2025 | Năm 2026 | Năm 2027 | Năm 2028
Kế hoạch | Ước thực hiện
1 | 2 | 3 | 4 | 5 | 6 | 7 | 8
1 | Tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý | % | 92 | 93,5 | 95 | 97 | 98
2 | Tỷ lệ che phủ rừng | % | 43,1 | 43,1 | 43,5 | 44 | 44,5
3 | Diện tích rừng trồng mới | Ha | 2.300 | 2.150 | 2.500 | 2.600 | 2.800
"""

# Sơn La 2954's form: the years on a second header line under the period, group rows, an empty cell.
PERIOD_FORM = """KẾ HOẠCH
Phát triển rừng giai đoạn 2026 - 2030

PHỤ LỤC 01
TT | Chỉ tiêu | ĐVT | ƯTH Năm 2025 | GIAI ĐOẠN 2026 - 2030
Năm 2026 | Năm 2030
I | RỪNG PHÒNG HỘ
1 | Rừng phòng hộ đầu nguồn
- | Diện tích | Ha | 12.000 | 12.500 | 14.000
- | Diện tích trồng mới | Ha | - | 300 | 500
"""


def _targets(found) -> list[tuple[float, str, str]]:
    rows = found[found["kind"] == "target"]
    return sorted(zip(rows["value"], rows["unit"], rows["deadline"]))


def test_a_yearly_values_table_gives_one_target_per_year_and_no_baseline(tmp_path):
    found, _ = extract_commitments(tmp_path, {"ca-mau-2026-plan.txt": BUDGET_FORM},
                                   PLANS_CSV.format(name="ca-mau-2026-plan.txt"))
    assert _targets(found) == sorted([
        (95.0, "%", "2026"), (97.0, "%", "2027"), (98.0, "%", "2028"),
        (43.5, "%", "2026"), (44.0, "%", "2027"), (44.5, "%", "2028"),
        (2500.0, "ha", "2026"), (2600.0, "ha", "2027"), (2800.0, "ha", "2028")])
    # each target quotes its row as written, and reads from a table
    row = found[found["value"] == 2600.0].iloc[0]
    assert row["text"].startswith("3 | Diện tích rừng trồng mới | Ha | 2.300") and row["read_from"] == "table"
    assert row["object"] == "Diện tích rừng trồng mới"


def test_years_under_a_period_and_group_rows(tmp_path):
    found, _ = extract_commitments(tmp_path, {"son-la-2026-plan.txt": PERIOD_FORM},
                                   PLANS_CSV.format(name="son-la-2026-plan.txt"))
    assert _targets(found) == [(300.0, "ha", "2026"), (500.0, "ha", "2030"),
                               (12500.0, "ha", "2026"), (14000.0, "ha", "2030")]
    assert set(found["object"]) == {"Rừng phòng hộ đầu nguồn: Diện tích", "Rừng phòng hộ đầu nguồn: Diện tích trồng mới"}


def test_a_table_of_values_without_years_sets_no_yearly_target(tmp_path):
    plan = ("KẾ HOẠCH\nQuan trắc môi trường\n\nSTT | Chỉ tiêu | Đơn vị tính | Giá trị hiện trạng\n"
            "1 | Số trạm quan trắc tự động | Trạm | 12\n")
    found, _ = extract_commitments(tmp_path, {"ca-mau-2026-plan.txt": plan}, PLANS_CSV.format(name="ca-mau-2026-plan.txt"))
    assert found[found["read_from"] == "table"].empty


@pytest.mark.parametrize("cell, expected", [
    ("247.907", 247907.0), ("10,00", 10.0), ("1-1,5", 1.0), ("0,6", 0.6), ("-", None), ("", None), ("Tăng", None)])
def test_a_value_cell_is_read_as_plans_write_numbers(cell, expected):
    assert value_of(cell) == expected


def test_projections_under_a_long_numbered_dated_heading(tmp_path):
    plan = ("KẾ HOẠCH\nTài chính 03 năm 2026 - 2028\n\nII. DỰ BÁO CÁC CHỈ TIÊU\n"
            "1. Dự báo các chỉ tiêu kinh tế - xã hội và môi trường đến năm 2026\n"
            "- Tổng vốn đầu tư cho bảo vệ môi trường đạt khoảng 1.200 tỷ đồng.\n"
            "- Tổng số doanh nghiệp đạt khoảng 11.400 doanh nghiệp.\n"
            "- Kinh phí thực hiện: 75,5 tỷ đồng.\n")
    found, _ = extract_commitments(tmp_path, {"ca-mau-2026-plan.txt": plan}, PLANS_CSV.format(name="ca-mau-2026-plan.txt"))
    # the heading dates both projections and is no task of its own; what it costs is no target
    assert _targets(found) == [(1200.0, "tỷ đồng", "2026"), (11400.0, "doanh nghiệp", "2026")]
    assert not found["text"].str.startswith("1. Dự báo").any()


@pytest.mark.parametrize("sentence, expected", [
    # a range with its unit on both ends: the lower end
    ("Tỷ lệ hộ nghèo giảm hàng năm 1%-1,5%.", [(1.0, "%")]),
    ("Giải quyết việc làm cho khoảng 59.000 người.", [(59000.0, "người")]),
    # a level of money to reach, not what something costs
    ("Tổng vốn đầu tư xã hội đạt khoảng 270.000 tỷ đồng.", [(270000.0, "tỷ đồng")]),
    ("Tổng vốn thực hiện: 270.000 tỷ đồng.", []),
])
def test_target_forms_of_the_sixth_round(sentence, expected):
    assert [(t["value"], t["unit"]) for t in targets(sentence)] == expected


# --- agencies (developed on heldout-5) ----------------------------------------------------------------------
def _roles(agencies, words: str) -> set[tuple[str, str]]:
    rows = agencies[agencies["text"].str.contains(words, regex=False)]
    return set(zip(rows["agency_as_written"], rows["role"]))


@pytest.fixture(scope="module")
def resolution(tmp_path_factory):
    plan = ("NGHỊ QUYẾT\nVề chất vấn và trả lời chất vấn\n\nĐiều 1.\n"
            "1. Về rừng phòng hộ ven biển:\n"
            "- Ủy ban nhân dân tỉnh cần đẩy mạnh trồng rừng phòng hộ ven biển. Tập trung rà soát diện tích rừng bị "
            "lấn chiếm. Việc giao đất phải bảo đảm đúng quy định. Đồng thời, xử lý nghiêm các vi phạm.\n"
            "- Đề nghị Ủy ban nhân dân tỉnh thành lập Đoàn kiểm tra. Trong trường hợp không đủ cơ sở pháp lý, phải ban "
            "hành ngay quyết định thu hồi. Giao nhiệm vụ Sở Tài nguyên và Môi trường công bố kết quả.\n"
            "2. Sở Tài chính, Ban quản lý Khu Nông nghiệp ứng dụng Công nghệ cao Phú Yên, UBND cấp xã theo chức năng, "
            "nhiệm vụ được giao có trách nhiệm phối hợp công bố công khai thông tin về quy hoạch.\n"
            "3. Để tăng cường quản lý chất thải, các Sở, ngành, UBND cấp xã triển khai thực hiện những nội dung sau:\n"
            "a) Kiểm tra định kỳ các cơ sở sản xuất.\n"
            "b) Tham gia giám sát các dự án đầu tư.\n")
    return extract_commitments(tmp_path_factory.mktemp("round6"), {"ba-ria-vung-tau-2017-resolution.txt": plan},
                               "file,province,doc_type\nplans/ba-ria-vung-tau-2017-resolution.txt,Bà Rịa - Vũng Tàu,"
                               "nghị quyết\n")[1]


def test_a_passages_subject_goes_on_into_its_sentences_without_one(resolution):
    province = {("Ủy ban nhân dân tỉnh", "lead")}
    assert _roles(resolution, "Tập trung rà soát diện tích rừng") == province
    assert _roles(resolution, "Đồng thời, xử lý nghiêm") == province
    assert _roles(resolution, "phải ban hành ngay quyết định") == province
    # a sentence naming a topic, or assigning another body, does not go on with it
    assert _roles(resolution, "Việc giao đất phải bảo đảm") == set()
    assert ("Ủy ban nhân dân tỉnh", "lead") not in _roles(resolution, "Giao nhiệm vụ Sở Tài nguyên")


def test_a_management_board_the_gazetteer_lacks_and_duties_before_the_verb(resolution):
    assert _roles(resolution, "phối hợp công bố công khai") == {
        ("Sở Tài chính", "coordinate"), ("Ban quản lý Khu Nông nghiệp ứng dụng Công nghệ cao Phú Yên", "coordinate"),
        ("UBND cấp xã", "coordinate")}


def test_a_heading_whose_subject_follows_a_purpose(resolution):
    # "Để ..., các Sở, ngành, UBND cấp xã triển khai ... sau:": each item is theirs, its verb gives the role
    assert ("UBND cấp xã", "lead") in _roles(resolution, "Kiểm tra định kỳ các cơ sở")
    assert ("UBND cấp xã", "coordinate") in _roles(resolution, "Tham gia giám sát các dự án")


@pytest.mark.parametrize("rest, expected", [
    ("Căn cứ chức năng, nhiệm vụ, phối hợp với các cơ quan liên quan triển khai Kế hoạch.", "coordinate"),
    ("Theo chức năng, nhiệm vụ của đơn vị phối hợp, hỗ trợ chia sẻ kinh nghiệm.", "coordinate"),
    ("Theo chức năng, nhiệm vụ được giao, chủ trì triển khai Kế hoạch.", "lead"),
])
def test_duties_written_before_the_verb(rest, expected):
    assert role_of(rest) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Báo cáo kết quả thực hiện gửi Sở Nông nghiệp và Môi trường tổng hợp, báo cáo theo quy định.",
     ["Sở Nông nghiệp và Môi trường"]),
    ("Nếu có vướng mắc, đề nghị gửi phản ánh về Sở Nội vụ (Phòng Thi đua - Khen thưởng) để tổng hợp, báo cáo Ủy ban "
     "nhân dân tỉnh.", ["Sở Nội vụ"]),
    ("Hồ sơ gửi về Sở Nội vụ trước ngày 31/3/2026 để tổng hợp, thẩm định.", ["Sở Nội vụ"]),
    # sent to a body with nothing for it to sum up: no task of its own
    ("Định kỳ gửi báo cáo về Sở Tài chính.", []),
])
def test_the_body_written_to_leads_the_summing_up(sentence, expected):
    assert [agency.written for agency, role in recipients(sentence) if role == "lead"] == expected


def test_a_name_keeps_its_region():
    end, found = agency_list("Ngân hàng Nhà nước chi nhánh khu vực 14 chủ trì tuyên truyền.", 0)
    assert [agency.written for agency in found] == ["Ngân hàng Nhà nước chi nhánh khu vực 14"]


# --- seventh round (developed on heldout-6) -----------------------------------------------------------------
@pytest.fixture(scope="module")
def council(tmp_path_factory):
    plan = ("NGHỊ QUYẾT\nVề chất vấn và trả lời chất vấn\n\n"
            "Điều 2. Hội đồng nhân dân tỉnh cơ bản thống nhất với một số giải pháp mà Ủy ban nhân dân tỉnh đã trả lời. "
            "Hội đồng nhân dân tỉnh đề nghị Ủy ban nhân dân tỉnh quan tâm chỉ đạo thực hiện một số công việc sau:\n"
            "1. Về thủy lợi:\n"
            "- Chỉ đạo Ban Dân tộc tỉnh phối hợp với Ủy ban nhân dân huyện Hoàng Su Phì rà soát kinh phí còn thiếu; "
            "khẩn trương đôn đốc đơn vị thi công đẩy nhanh tiến độ.\n"
            "- Chỉ đạo Sở Nông nghiệp và PTNT:\n"
            "+ Thực hiện việc nghiệm thu, bàn giao công trình kè bờ tây Sông Lô.\n"
            "+ Chủ động phối hợp với Ủy ban nhân dân huyện Vị Xuyên khắc phục công trình hồ chứa.\n"
            "Điều 3. Trách nhiệm thi hành\n"
            "Ủy ban nhân dân tỉnh, Giám đốc các sở, ngành: Nông nghiệp và Phát triển nông thôn; Tài nguyên và Môi trường; "
            "Ban Dân tộc tỉnh và Công an tỉnh trong phạm vi nhiệm vụ, quyền hạn của mình có trách nhiệm thực hiện Nghị "
            "quyết.\n")
    return extract_commitments(tmp_path_factory.mktemp("round7"), {"ha-giang-2017-resolution.txt": plan},
                               "file,province,doc_type\nplans/ha-giang-2017-resolution.txt,Hà Giang,nghị quyết\n")[1]


def test_the_council_agreeing_is_no_task_and_the_body_it_asks_heads_the_list(council):
    assert not (council["agency_as_written"] == "Hội đồng nhân dân tỉnh").any()
    assert ("Ủy ban nhân dân tỉnh", "lead") in _roles(council, "Chỉ đạo Ban Dân tộc tỉnh")


def test_a_directed_body_does_what_follows(council):
    assert _roles(council, "phối hợp với Ủy ban nhân dân huyện Hoàng Su Phì") >= {("Ban Dân tộc tỉnh", "coordinate")}
    assert ("Ban Dân tộc tỉnh", "lead") in _roles(council, "khẩn trương đôn đốc đơn vị thi công")
    assert _roles(council, "Thực hiện việc nghiệm thu") == {("Sở Nông nghiệp và PTNT", "lead")}
    assert ("Sở Nông nghiệp và PTNT", "coordinate") in _roles(council, "khắc phục công trình hồ chứa")
    assert ("Ủy ban nhân dân tỉnh", "lead") in _roles(council, "Chỉ đạo Sở Nông nghiệp và PTNT")


def test_a_set_of_departments_followed_by_their_names(council):
    named = {written for written, role in _roles(council, "có trách nhiệm thực hiện Nghị quyết") if role == "lead"}
    assert named == {"Ủy ban nhân dân tỉnh", "Nông nghiệp và Phát triển nông thôn", "Tài nguyên và Môi trường",
                     "Ban Dân tộc tỉnh", "Công an tỉnh"}
    end, found = agency_list("Các Sở: Tài nguyên và Môi trường, Công Thương, Xây dựng; UBND các huyện chủ trì.", 0)
    assert [(a.written, a.name) for a in found] == [
        ("Tài nguyên và Môi trường", "Sở Tài nguyên và Môi trường"), ("Công Thương", "Sở Công Thương"),
        ("Xây dựng", "Sở Xây dựng"), ("UBND các huyện", "Ủy ban nhân dân các huyện")]


@pytest.mark.parametrize("text, expected", [
    ("3. Về lĩnh vực Quốc phòng: Đề nghị UBND tỉnh chỉ đạo Bộ Chỉ huy Quân sự tỉnh phối hợp với Sở Tài chính xây dựng "
     "phương án.", [("UBND tỉnh", "lead"), ("Bộ Chỉ huy Quân sự tỉnh", "coordinate")]),
    ("Trong thời gian giữa hai kỳ họp, Thường trực Hội đồng nhân dân tỉnh xem xét, lựa chọn những nội dung để chất vấn.",
     [("Thường trực Hội đồng nhân dân tỉnh", "lead")]),
])
def test_subjects_after_a_topic_label_or_a_time(text, expected):
    found, _ = subject(text)
    found = found or after_opening(text)[0]
    assert [(agency.written, role) for agency, role in found] == expected


def test_a_council_asking_after_its_purpose_heads_the_list():
    named = heading("Điều 2. Nhằm đẩy mạnh việc thực hiện chính sách, pháp luật đối với đội ngũ nhà giáo, Hội đồng nhân "
                    "dân tỉnh yêu cầu Ủy ban nhân dân tỉnh tập trung thực hiện một số nhiệm vụ chủ yếu sau:")
    assert [(agency.written, role) for agency, role in named[0]] == [("Ủy ban nhân dân tỉnh", "lead")]


# --- eighth round (developed on heldout-7) ------------------------------------------------------------------
@pytest.mark.parametrize("sentence, expected", [
    ("Đảm bảo mặt bằng sạch phục vụ khởi công xây dựng công trình vào ngày 19/12/2025.", ["2025"]),
    ("Trước 10h00 ngày thứ Sáu hàng tuần các địa phương phải tổng hợp báo cáo.", ["weekly"]),
    ("Gửi báo cáo trước ngày 01 của tháng tiếp theo sau tháng kỳ báo cáo.", ["monthly, by day 1"]),
    # a date of birth or of a document is no deadline
    ("Ông Nguyễn Văn A, sinh ngày 19/12/1990.", []),
])
def test_deadline_forms_of_the_eighth_round(sentence, expected):
    assert [d["deadline"] for d in deadlines(sentence)] == expected


@pytest.fixture(scope="module")
def letter(tmp_path_factory):
    plan = ("CÔNG VĂN\nVề đẩy nhanh tiến độ giải phóng mặt bằng\n\n"
            "(1) Đề nghị UBND các xã, phường liên quan:\n"
            "- Tổ chức triển khai ngay công tác bồi thường, giải phóng mặt bằng trên địa bàn.\n"
            "(2) Giao Ban Quản lý các dự án đầu tư xây dựng tỉnh:\n"
            "- Làm việc cụ thể với các địa phương để xác định phạm vi ưu tiên.\n"
            "(3) Trách nhiệm báo cáo:\n"
            "- Sở Xây dựng: Tổng hợp, phân tích giá vật liệu xây dựng.\n"
            "- Văn phòng đăng ký đất đai: Cung cấp hồ sơ địa chính.\n")
    return extract_commitments(tmp_path_factory.mktemp("round8"), {"gia-lai-2025-letter.txt": plan},
                               "file,province,doc_type\nplans/gia-lai-2025-letter.txt,Gia Lai,công văn\n")[1]


def test_items_numbered_in_brackets_head_their_lists(letter):
    assert _roles(letter, "Tổ chức triển khai ngay công tác bồi thường") == {("UBND các xã, phường liên quan", "lead")}
    assert _roles(letter, "Làm việc cụ thể với các địa phương") == {
        ("Ban Quản lý các dự án đầu tư xây dựng tỉnh", "lead")}


def test_a_task_after_an_agency_and_its_colon_is_quoted_with_it(letter):
    rows = letter[letter["agency_as_written"] == "Sở Xây dựng"]
    assert list(rows["text"]) == ["- Sở Xây dựng: Tổng hợp, phân tích giá vật liệu xây dựng."]
    assert _roles(letter, "Cung cấp hồ sơ địa chính") == {("Văn phòng đăng ký đất đai", "lead")}


# --- ninth round (developed on heldout-8) -------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Ban Tuyên giáo và Dân vận Thành ủy: Định hướng các cơ quan báo chí.", ["Ban Tuyên giáo và Dân vận Thành ủy"]),
    ("Ban Quản lý khu công nghiệp tỉnh thường xuyên cập nhật tiến độ.", ["Ban Quản lý khu công nghiệp tỉnh"]),
    ("Công an xã, phường hoặc UBND các xã, phường chủ động ra quân.", ["Công an xã, phường"]),
    ("lực lượng Cảnh sát giao thông tăng cường kiểm tra.", ["lực lượng Cảnh sát giao thông"]),
    ("Công ty điện lực Đồng Nai phối hợp với Sở Công Thương.", ["Công ty điện lực Đồng Nai"]),
])
def test_names_of_the_ninth_round(text, expected):
    assert [agency.written for agency in agency_list(text, 0)[1]] == expected


# --- tenth round (developed on heldout-9) -------------------------------------------------------------------
@pytest.mark.parametrize("sentence, expected", [
    # the date a price table applies from is the document's, no task's deadline
    ("Hoàn thành dự thảo Bảng giá đất áp dụng từ ngày 01/01/2026.", []),
    ("Quyết định này có hiệu lực kể từ ngày 01/12/2025.", []),
    # a task from a date on still counts
    ("Kể từ ngày 01/7/2025, Ủy ban nhân dân cấp xã tiếp nhận hồ sơ.", ["2025"]),
])
def test_dates_of_application_are_no_deadlines(sentence, expected):
    assert [d["deadline"] for d in deadlines(sentence)] == expected


def test_a_subject_after_a_condition_and_one_helped_by_others():
    found, _ = after_opening("3. Nếu người qua đời không có thân nhân đứng ra tổ chức lễ tang thì Ủy ban nhân dân cấp xã "
                             "phối hợp với các đoàn thể quần chúng chịu trách nhiệm tổ chức lễ tang.")
    # X "phối hợp với Y chịu trách nhiệm ...": X leads, helped by Y
    assert [(agency.written, role) for agency, role in found] == [("Ủy ban nhân dân cấp xã", "lead")]
    assert role_of("phối hợp với Sở Tài chính thực hiện kiểm tra") == "coordinate"


# --- eleventh round (developed on heldout-10) ---------------------------------------------------------------
def test_a_procedures_step_names_its_actor_after_its_time_limit():
    found, _ = after_opening("Bước 2. Trong vòng 02 (hai) ngày làm việc, Phòng Văn hoá - Xã hội giao thôn nơi hộ gia "
                             "đình thường trú tổ chức Hội nghị thôn.")
    assert [(agency.written, role) for agency, role in found] == [("Phòng Văn hoá - Xã hội", "lead")]
    # after a time limit only the first comma may open the subject: a later one is an object
    found, _ = after_opening("Trong thời hạn 10 ngày làm việc, kể từ ngày nhận được kiến nghị phải tham mưu cho UBND "
                             "tỉnh, Chủ tịch UBND tỉnh có văn bản thông báo.")
    assert found == []
