"""Issue 27, second round: the forms the real development set (tests/data/commitments/real) showed
the rules missing, each pinned with text written in that form -- partners of an agency that only
coordinates, "phối hợp" without "với", a heading whose own verb gives the roles, the agencies' scope
before their verb, names of city-level and People's Council bodies, a task table's header repeated
without its number column, dated periods of a roadmap, and the enacting formula of a decision."""

import pytest

from builders import extract_commitments

from analysis.measure.commitments.subjects import subject
from analysis.measure.commitments.agency_names import agency_list
from analysis.measure.commitments.deadlines import deadlines

# Written in the forms of the real passages (Hồ Chí Minh 2853/QĐ-UBND, Cần Thơ 09/CT-UBND, Hải Phòng
# 223/2025/QĐ-UBND, Quảng Ninh 96/2025/QĐ-UBND, Hà Nội 57/2025/NQ-HĐND), not copied from them.
PLAN = """KẾ HOẠCH
Về phòng, chống thiên tai

Ủy ban nhân dân tỉnh ban hành Quyết định Quy định về quản lý đê điều trên địa bàn tỉnh.
I. LỘ TRÌNH
1. Kể từ ngày 01 tháng 7 năm 2026 đến hết ngày 31 tháng 12 năm 2027: Thí điểm vùng phát thải thấp tại khu vực trung tâm;
2. Kể từ ngày 01 tháng 01 năm 2031: Các khu vực còn lại phải thực hiện vùng phát thải thấp.
II. TỔ CHỨC THỰC HIỆN
1. Giao Sở Nông nghiệp và Môi trường là cơ quan đầu mối, chủ trì, hướng dẫn thực hiện Đề án trên địa bàn tỉnh; tổ chức thực hiện các nhiệm vụ sau:
- Đôn đốc việc triển khai Kế hoạch đến các địa phương.
2. Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Y tế, Ủy ban nhân dân các phường, xã:
- Xây dựng chương trình tập huấn cho giáo viên.
3. Sở Y tế chủ trì, phối hợp với Sở Tài chính thực hiện các chương trình có liên quan như:
- Nâng cao năng lực ứng phó cho người khuyết tật.
4. Sở Xây dựng
a) Chủ trì, phối hợp Sở Công Thương, Ủy ban nhân dân xã, phường hướng dẫn phương án cấp nước dự phòng.
b) Phối hợp với Sở Tài chính rà soát kinh phí; chỉ đạo đơn vị trực thuộc phối hợp với Chi cục Kiểm lâm kiểm tra hiện trường.
5. Sở Tài chính phối hợp với Sở Xây dựng tham mưu bố trí kinh phí.
6. Các sở, ban, ngành có liên quan trong phạm vi, quyền hạn, nhiệm vụ của mình có trách nhiệm phối hợp với Sở Xây dựng quản lý công trình thoát nước.
7. Giao Thường trực Hội đồng nhân dân tỉnh, các Ban của Hội đồng nhân dân tỉnh, các Tổ đại biểu và đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện.
8. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam thành phố tăng cường giám sát, phản biện.
9. Quyết định này có hiệu lực kể từ ngày 01 tháng 12 năm 2025.
"""


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    return extract_commitments(tmp_path_factory.mktemp("partners"), {"ha-nam-2025-plan.txt": PLAN})


def _roles(agencies, words: str) -> set:
    rows = agencies[agencies["text"].str.contains(words, regex=False)]
    return set(zip(rows["agency_as_written"], rows["role"]))


def test_the_partner_of_an_agency_that_only_coordinates_has_no_role(extracted):
    agencies = extracted[1]
    assert _roles(agencies, "tham mưu bố trí kinh phí") == {("Sở Tài chính", "coordinate"), ("Sở Xây dựng", "partner")}
    assert ("Sở Tài chính", "partner") in _roles(agencies, "Phối hợp với Sở Tài chính rà soát")


def test_phoi_hop_without_voi_names_coordinators(extracted):
    assert _roles(extracted[1], "hướng dẫn phương án cấp nước dự phòng") == {
        ("Sở Xây dựng", "lead"), ("Sở Công Thương", "coordinate"), ("Ủy ban nhân dân xã, phường", "coordinate")}


def test_the_coordination_of_a_directed_body_is_not_the_task_s(extracted):
    rows = _roles(extracted[1], "chỉ đạo đơn vị trực thuộc")
    assert ("Sở Xây dựng", "lead") in rows
    assert not any(name == "Chi cục Kiểm lâm" for name, _ in rows)


def test_a_heading_whose_verb_gives_the_roles_quotes_them_for_each_task(extracted):
    agencies = extracted[1]
    assert _roles(agencies, "Xây dựng chương trình tập huấn") == {
        ("Sở Giáo dục và Đào tạo", "lead"), ("Sở Y tế", "coordinate"),
        ("Ủy ban nhân dân các phường, xã", "coordinate")}
    task = agencies[agencies["text"].str.contains("Xây dựng chương trình tập huấn")]["text"].iloc[0]
    assert task.startswith("2. Sở Giáo dục và Đào tạo chủ trì, phối hợp với")


def test_a_heading_is_a_task_of_its_own_only_when_it_says_what_to_do(extracted):
    agencies = extracted[1]
    # "hướng dẫn thực hiện Đề án" is the lead's own task; the list it announces is not one more
    own = agencies[agencies["text"].str.startswith("1. Giao Sở Nông nghiệp") & ~agencies["text"].str.contains("Đôn đốc")]
    assert list(zip(own["agency"], own["role"])) == [("Sở Nông nghiệp và Môi trường", "lead")]
    # "chủ trì, phối hợp với Sở Tài chính thực hiện các chương trình có liên quan như:" only announces
    y_te = agencies[agencies["text"].str.startswith("3. Sở Y tế")]
    assert len(y_te[y_te["role"] == "lead"]) == 1 and y_te["text"].str.contains("người khuyết tật").all()


def test_the_agencies_scope_comes_before_their_verb(extracted):
    assert _roles(extracted[1], "quản lý công trình thoát nước") == {
        ("Các sở, ban, ngành có liên quan", "coordinate"), ("Sở Xây dựng", "partner")}


def test_peoples_council_bodies_each_lead_their_supervision(extracted):
    assert _roles(extracted[1], "giám sát việc thực hiện") == {
        ("Thường trực Hội đồng nhân dân tỉnh", "lead"), ("các Ban của Hội đồng nhân dân tỉnh", "lead"),
        ("các Tổ đại biểu", "lead"), ("đại biểu Hội đồng nhân dân tỉnh", "lead")}  # two bodies (eighth round)
    assert _roles(extracted[1], "phản biện") == {("Ủy ban Mặt trận Tổ quốc Việt Nam thành phố", "lead")}


def test_the_enacting_formula_assigns_nothing(extracted):
    assert _roles(extracted[1], "ban hành Quyết định") == set()


def test_a_roadmap_s_dated_periods(extracted):
    found = extracted[0]
    # the period is due at its end; "kể từ ngày" alone is the day a rule takes effect
    assert sorted(zip(found["deadline"], found["deadline_kind"], found["text"].str.contains("Thí điểm"))) == [
        ("2027", "before", True), ("2031", "from", False)]


def test_a_document_s_own_date_of_effect_is_no_deadline():
    assert deadlines("Quyết định này có hiệu lực kể từ ngày 01 tháng 12 năm 2025.") == []
    assert deadlines("Quyết định này có hiệu lực thi hành kể từ ngày 15/01/2026.") == []


@pytest.mark.parametrize("text, name, written, generic", [
    ("Ủy ban nhân dân Thành phố có trách nhiệm", "Ủy ban nhân dân thành phố", "Ủy ban nhân dân Thành phố", False),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam các cấp Thành phố phối hợp", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
     "Ủy ban Mặt trận Tổ quốc Việt Nam các cấp Thành phố", False),
    ("UBND các phường xã | 2026", "Ủy ban nhân dân các xã", "UBND các phường xã", False),
    ("Chánh Văn phòng Ủy ban nhân dân tỉnh;", "Văn phòng Ủy ban nhân dân tỉnh", "Chánh Văn phòng Ủy ban nhân dân tỉnh",
     False),
    ("Ban Quản lý các Khu chế xuất và công nghiệp Thành phố chủ trì", "Ban Quản lý Khu kinh tế tỉnh",
     "Ban Quản lý các Khu chế xuất và công nghiệp Thành phố", False),
    ("Hội đồng nhân dân cấp xã có trách nhiệm", "Hội đồng nhân dân các xã", "Hội đồng nhân dân cấp xã", False),
    # one set the reader must guess, not a named class and a second set
    ("các sở, ban, ngành, đơn vị liên quan, Ủy ban", "Các sở, ban, ngành", "các sở, ban, ngành, đơn vị liên quan", True),
])
def test_names_of_city_and_council_bodies(text, name, written, generic):
    _, (agency, *_) = agency_list(text)
    assert (agency.name, agency.written, agency.generic) == (name, written, generic)


def test_a_named_agency_before_a_guessed_set_stays_named():
    _, found = agency_list("Sở Tài chính và cơ quan, địa phương liên quan")
    assert [(a.written, a.generic) for a in found] == [("Sở Tài chính", False),
                                                       ("cơ quan, địa phương liên quan", True)]


def test_a_scope_that_is_not_followed_by_a_role_verb_leaves_the_default():
    found, _ = subject("Các sở, ban, ngành theo chức năng, nhiệm vụ được giao triển khai Kế hoạch.")
    assert [role for _, role in found] == ["lead"]


def test_a_header_repeated_without_its_number_column(tmp_path):
    found, agencies = extract_commitments(tmp_path, {"dong-nai-2025-plan.txt": (
        "PHỤ LỤC: NHIỆM VỤ\n"
        "STT | Nội dung | Đơn vị thực hiện | Đơn vị phối hợp | Thời gian thực hiện | Sản phẩm đầu ra\n"
        "1 | Xây dựng cơ sở dữ liệu đất đai | Sở Nông nghiệp và Môi trường | Sở Tài chính | 2026 | Cơ sở dữ liệu\n"
        "I | Phát triển nông nghiệp số\n"
        "Nội dung | Đơn vị thực hiện | Đơn vị phối hợp | Thời gian thực hiện | Sản phẩm đầu ra\n"
        "1.1 | Phổ cập kỹ năng số cho nông dân | Sở Nông nghiệp và Môi trường | UBND các phường xã | 2026 - 2030 | Kế hoạch\n")},
        "file,province,doc_type\nplans/dong-nai-2025-plan.txt,Đồng Nai,kế hoạch\n")
    assert list(found["deadline"]) == ["2026", "2030"]
    row = agencies[agencies["text"].str.startswith("Phổ cập")]
    assert set(zip(row["agency_as_written"], row["role"])) == {("Sở Nông nghiệp và Môi trường", "lead"),
                                                               ("UBND các phường xã", "coordinate")}
