"""Who a sentence names, and in what role: the agencies it opens with (``subject``: "Sở X chủ trì, phối hợp
với ...", "Giao Sở X ...", "Hội đồng nhân dân tỉnh giao cho Ủy ban nhân dân tỉnh ..."), after an opening
adverbial (``after_opening``: "Căn cứ ..., các sở ... triển khai"), a closing article's addressees
(``addressees``), those opening a later clause (``clause_subjects``: "..., Sở X chủ trì; Sở Y phối hợp") and
those named after "phối hợp với" (``coordinating``). ``measure.commitments.agencies`` puts them together into
assignments; see its docstring for the rules.
"""

from __future__ import annotations

import re

from analysis.measure.commitments.agency_names import COORDINATE_VERB, LEAD_VERB, Agency, agency_list, role_of
from analysis.measure.commitments.passages import APPROVES, LIST_MARK
from analysis.read.citations import citation_spans

# Words before the agencies of an assignment, and the bullet or number in front of them, and a topic's label ("3. Về
# lĩnh vực Quốc phòng: Đề nghị UBND tỉnh chỉ đạo ...").
# (The title of an agency's head, "Chủ tịch", "Thủ trưởng", is part of its name as written: agency_names.)
LEAD_IN = re.compile(rf"^(?:{LIST_MARK}\s*|điều\s+\d+\s*[.:]\s*)?(?:về\s[^:;.]{{1,80}}:\s*)?"
                      r"(?:(?:hằng|hàng|mỗi)\s+năm\s*,?\s*)?(?:(?:giao(?:\s+cho)?|đề nghị|yêu cầu)\s*:?\s+)*", re.I)
# The issuer assigning: "Hội đồng nhân dân tỉnh giao cho Ủy ban nhân dân tỉnh phê duyệt ...": the body
# assigned is the subject, not the issuer.
_ASSIGNS = re.compile(r"(?:^|\s)(?:giao(?:\s+cho)?|yêu cầu|đề nghị)\s*:?\s+", re.I)
# A later clause that assigns ("... và yêu cầu Ủy ban nhân dân tỉnh tăng cường chỉ đạo ...").
_CLAUSE_BREAK = re.compile(r"[;,]\s*|\s+và\s+(?=(?:giao|yêu cầu|đề nghị)\s)", re.I)
# An opening adverbial before the subject: "Căn cứ Kế hoạch này, các sở, ban, ngành cấp tỉnh ... triển khai",
# "Căn cứ quy định phân cấp, chức năng nhiệm vụ được giao ..., Ủy ban nhân dân Thành phố có trách nhiệm ...",
# "Để nâng cao hiệu lực ..., các Sở, ngành, UBND cấp xã ... triển khai thực hiện những nội dung sau:", "Điều 2. Nhằm
# đẩy mạnh ..., Hội đồng nhân dân tỉnh yêu cầu ...", "Trong thời gian giữa hai kỳ họp, Thường trực HĐND tỉnh xem xét".
_CONDITION = re.compile(rf"^(?:{LIST_MARK}\s*)?(?:nếu|trường hợp|khi)\b[^;:]*?,?\s+thì\s+", re.I)
_OPENING = re.compile(rf"^(?:{LIST_MARK}\s*|điều\s+\d+\s*[.:]\s*|bước\s+\d+\s*[.:]\s*)?(?:căn cứ|trên cơ sở|theo|để|"
                      r"nhằm|trong (?:thời gian|quá trình|vòng|thời hạn))\b", re.I)
# A time limit ("Trong vòng 02 ngày làm việc, Phòng Văn hoá - Xã hội giao ..."): its subject follows its first comma
# only; a later one is an object ("... phải tham mưu cho UBND tỉnh, Chủ tịch UBND tỉnh có văn bản ...").
_TIME_LIMIT = re.compile(rf"^(?:{LIST_MARK}\s*|bước\s+\d+\s*[.:]\s*)?trong (?:vòng|thời hạn|thời gian)\s+\d", re.I)
# A decision's closing article: "Chánh Văn phòng ...; Giám đốc các Sở; Chủ tịch Ủy ban nhân dân các xã, ...
# chịu trách nhiệm thi hành Quyết định này": each addressee named leads its execution.
CLOSING = re.compile(r"\b(?:chịu trách nhiệm|có trách nhiệm)\s+thi hành\s+(?:Quyết định|Nghị quyết|Chỉ thị)\s+này", re.I)
_DOES = re.compile(r"thực hiện\b", re.I)
# Before the first section, the issuer enacting the text ("Ủy ban nhân dân tỉnh ban hành Quyết định Quy định
# về ..."): the formula of a decision, no task.
_ENACTS = re.compile(r"ban hành\s+(?:kèm theo\s+)?(?:Quyết định|Kế hoạch|Quy định|Chỉ thị|Chương trình|Phương án|Nghị quyết)\b")
# The agencies after it coordinate with the task's lead ("với" is often left out: "Chủ trì, phối hợp Sở
# Nông nghiệp và Môi trường, Sở Công Thương ..."; an agency must follow, or there is no partner).
PARTNERS = re.compile(r"\bphối hợp(?:\s+chặt chẽ)?(?:\s+(?:với|cùng))?\s+", re.I)
# "chỉ đạo đơn vị trực thuộc phối hợp với Chi cục Kiểm lâm": the coordination is the directed body's,
# so its partners are not the task's coordinators.
_DIRECTED = re.compile(r"\b(?:chỉ đạo|hướng dẫn|yêu cầu|đề nghị|đôn đốc)\s+[^,;:]+$", re.I)
# "lãnh đạo UBND tỉnh chỉ đạo": the body led goes on with a verb of its own.
_LEADS_ANOTHER = re.compile(r"^(?:lãnh đạo|chỉ đạo)\s+", re.I)
_PLACE_HEADING = re.compile(r"^(?:[A-ZĐÂĂÊÔƠƯ]\w*\s*){1,4}:\s*$")


def subject(sentence: str) -> tuple[list[tuple[Agency, str]], str]:
    """The agencies a sentence opens with, each with its role, and the rest of it ("" rest when none)."""
    lead_in = LEAD_IN.match(sentence)
    end, agencies = agency_list(sentence, lead_in.end() if lead_in else 0)
    rest = sentence[end:].lstrip(" ,")
    if agencies and (assigns := _ASSIGNS.match(rest)) and agency_list(rest, assigns.end())[1]:
        return subject(rest[assigns.end():])  # "Hội đồng nhân dân tỉnh giao cho Ủy ban nhân dân tỉnh ..."
    assigned = lead_in and _ASSIGNS.search(lead_in.group(0))  # "Giao Ủy ban nhân dân tỉnh ban hành Quyết định ..."
    if agencies and (APPROVES.match(rest) or (_ENACTS.match(rest) and not assigned)):  # the issuer approving or
        return [], sentence                                                                # enacting: no task
    # A subject goes on with what it does (a lower-case verb) or a colon (a heading), perhaps
    # after a place name ("UBND các huyện, thành phố Cà Mau:").
    if agencies and _PLACE_HEADING.match(rest):
        return [(a, "lead") for a in agencies], ":"
    if not agencies or not rest or not (rest[0].islower() or rest[0] == ":"):
        return [], sentence
    found = [(a, role_of(rest)) for a in agencies]
    led = _LEADS_ANOTHER.match(rest)
    if led:  # "Ban cán sự đảng UBND tỉnh lãnh đạo UBND tỉnh chỉ đạo ...": two leads
        more, after = subject(rest[led.end():])
        if more:
            found, rest = found + more, after
    return found, rest


def after_opening(sentence: str) -> tuple[list[tuple[Agency, str]], str]:
    """The subject after an opening adverbial, at the first comma of it that an agency with a verb follows, or
    after the "thì" that ends a condition ("Nếu ... thì Uỷ ban nhân dân cấp xã phối hợp với ...")."""
    if (condition := _CONDITION.match(sentence)) and (found := subject(sentence[condition.end():]))[0]:
        return found
    if not _OPENING.match(sentence):
        return [], sentence
    for comma in re.finditer(r",\s*", sentence):
        found, rest = subject(sentence[comma.end():])
        if found:
            return found, rest
        if ";" in sentence[:comma.start()] or _TIME_LIMIT.match(sentence):
            break
    return [], sentence


def addressees(names: str) -> list[tuple[Agency, str]]:
    """The agencies a closing article lists before its verb, each piece between semicolons read as a list
    ("Chánh Văn phòng Ủy ban nhân dân thành phố; Giám đốc các Sở; Chủ tịch Ủy ban nhân dân các xã, ...")."""
    pieces = [piece.strip() for piece in LEAD_IN.sub("", names.strip()).split(";")]
    return [(agency, "lead") for piece in pieces for agency in agency_list(piece, 0)[1]]


def coordinating(text: str) -> list[tuple[Agency, str]]:
    """The agencies named after each "phối hợp với" in ``text`` (not after a directed body's "phối
    hợp": "chỉ đạo đơn vị trực thuộc phối hợp với ...")."""
    found = []
    for match in PARTNERS.finditer(text):
        clause = re.split(r"[,;:]", text[:match.start()])[-1]
        clause = clause[LEAD_IN.match(clause.lstrip()).end() + len(clause) - len(clause.lstrip()):]
        if not _DIRECTED.search(clause):  # "Đề nghị X phối hợp với Y" opens with X: its own verb
            found += [(agency, "coordinate") for agency in agency_list(text, match.end())[1]]
    return found


def _partner_spans(text: str) -> list[tuple[int, int]]:
    """Where the lists after "phối hợp với" run: no clause of the sentence opens inside them."""
    return [(match.start(), agency_list(text, match.end())[0]) for match in PARTNERS.finditer(text)]


def clause_subjects(sentence: str, after: int) -> list[list[tuple[Agency, str]]]:
    """The agencies that open a later clause of the sentence, each with its role: after a semicolon
    beyond ``after`` (where the sentence's own subject ends: "A; B, C lãnh đạo" is one list, not
    three clauses), or after a comma when a role verb follows them ("..., Sở X chủ trì")."""
    found = []
    blocked = _partner_spans(sentence) + citation_spans(sentence)
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.start() < after or any(a <= match.start() < b for a, b in blocked):
            continue
        clause = sentence[match.end():].split(";")[0]
        agencies, rest = subject(clause)
        if not agencies or rest.rstrip().endswith(":"):
            continue
        # after a comma, "thực hiện" alone is no role verb: "..., đơn vị Quân đội, Ủy ban nhân dân cấp xã
        # và các đơn vị có liên quan thực hiện ..." ends a list of partners
        if match.group(0).startswith(",") and not ((LEAD_VERB.match(rest) and not _DOES.match(rest))
                                                   or COORDINATE_VERB.match(rest) or _ASSIGNS.match(clause)):
            continue
        found.append(agencies)
        after = match.end() + len(clause) - len(rest)  # "; Sở A, Sở B phối hợp": one list, not two clauses
    return found
