"""Agency names in a plan's text: which agency is written where, in full and as written, and the
verbs that give an agency its role (``role_of``: coordinate for "phối hợp", "tham gia", "hỗ trợ",
else lead; ``LEAD_VERB``: the verbs that make it lead wherever it stands; ``recipients``: the bodies a
report is sent to for them to sum up, who lead that).

Agencies are recognised by ``data/agencies.csv`` (name in official style, aliases such as "Sở
TN&MT" and "UBND tỉnh", the successor after the 2025 reorganisation, and ``generic`` for sets
that name nobody in particular), case- and tone-insensitively, longest name first; an agency
missing from the file is still found by its head word ("Sở", "Ban", "Chi cục", "Trung tâm"
followed by capitalised words) and kept as written.

A name may carry a level after it ("các sở, ban, ngành cấp tỉnh", "các đoàn thể chính trị - xã
hội từ tỉnh đến cơ sở"): the level is kept apart (``Agency.level``) and the name stays the
file's ("Các sở, ban, ngành"); ``Agency.written`` is the words as the plan wrote them, level
included.

``agency_at(text, start)`` -> (end, Agency) or None; ``agency_list(text, start)`` -> (end, [Agency])
for a list "A, B và các C tỉnh".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from analysis.resources import agency_rows
from analysis.read.normalize import fold


class Agency(NamedTuple):
    name: str  # as agencies.csv names it (or as written, for an agency the file lacks)
    written: str  # as the plan writes it, with its level
    successor: str  # the 2025 successor; the name itself when unchanged
    generic: bool  # a set naming nobody in particular ("các cấp, các ngành")
    level: str  # "cấp tỉnh", "các cấp", "từ tỉnh đến cơ sở", ... ("" when none is written)


# An agency's own verb of coordination ("Sở Y phối hợp", "các đoàn thể tham gia"), perhaps after an adverb.
# "hỗ trợ" coordinates only as the agency's own verb with no object ("Sở Y hỗ trợ.", "tham gia, hỗ trợ
# với ..."): "hỗ trợ doanh nghiệp", "hỗ trợ tiêu độc chuồng trại" is a task it does.
COORDINATE_VERB = re.compile(r"^(?:(?:chủ động|tích cực|có trách nhiệm|cùng)\s+)?"
                             r"(?:phối hợp|tham gia|hỗ trợ(?=\s*(?:$|[,.;)]|với\b|cùng\b)))", re.I)
# Words of time or manner before the verb ("Hằng năm phối hợp với ...", "Thường xuyên tham gia ...").
_ADVERB = re.compile(r"^(?:(?:hằng|hàng|mỗi) (?:năm|quý|tháng|ngày)|định kỳ|thường xuyên|tiếp tục|kịp thời|trực tiếp|"
                     r"đồng thời)\b[\s,]*", re.I)
# The scope of the agencies, between them and their verb: "theo chức năng, nhiệm vụ được giao", "trong phạm vi,
# quyền hạn, nhiệm vụ của mình", "căn cứ chức năng, nhiệm vụ của địa phương, đơn vị mình".
# Or only "Căn cứ chức năng, nhiệm vụ, phối hợp ...", "Theo chức năng, nhiệm vụ của đơn vị phối hợp ...".
_DUTIES = r"(?:chức năng|quyền hạn|nhiệm vụ)"
SCOPE = re.compile(rf"\b(?:theo|trong phạm vi|căn cứ)\s*,?\s*{_DUTIES}(?:[^;:.]*?(?:được giao|mình|theo quy định)|"
                   rf"(?:\s*,\s*{_DUTIES})*(?:\s+của\s+(?:đơn vị|cơ quan|địa phương|ngành)(?:\s+mình)?)?(?=\s*,|\s))\s*,?\s*",
                   re.I)
# Verbs that make an agency lead wherever it stands (a clause after a comma counts only with one of them).
LEAD_VERB = re.compile(r"^(?:là\s+)?(?:cơ quan\s+)?(?:chủ trì|đầu mối|thường trực|chịu trách nhiệm|tham mưu|lãnh đạo|"
                       r"chỉ đạo|tổ chức thực hiện|thực hiện)\b", re.I)
# Sending to a body for it to sum up: "gửi (về) X tổng hợp", "phản ánh về X (Phòng ...) trước ngày ... để tổng hợp".
_SENDS_TO = re.compile(r"\b(?:gửi|về)\s+(?:về\s+)?", re.I)
_TO_SUM_UP = re.compile(r"(?:\s*\([^)]{0,80}\))?(?:\s+trước ngày\s+[\d/]+)?\s*,?\s*(?:để\s+)?(?:tổng hợp|thẩm định)\b",
                        re.I)
# A set of departments followed by their names: "các sở, ngành: Nông nghiệp và Phát triển nông thôn; Tài nguyên và
# Môi trường; Ban Dân tộc tỉnh và Công an tỉnh", "Các Sở: Tài nguyên và Môi trường, Công Thương, Xây dựng".
_SET_OF_DEPARTMENTS = re.compile(r"\bsở(?:,\s*(?:ban,\s*)?ngành)?$", re.I)
_BARE_DEPARTMENTS = re.compile(r"(?:(?:giám đốc|thủ trưởng)\s+)?(?:các\s+)?sở\s*:\s*(?=[A-ZĐÂĂÊÔƠƯ])", re.I)
_ENUMERATES = re.compile(r"\s*:\s*(?=[A-ZĐÂĂÊÔƠƯ])")
_DEPARTMENT_ITEM = re.compile(r"[A-ZĐÂĂÊÔƠƯ][^;,:.()]{2,60}?(?=\s*(?:[;,.)]|\s+và\s+[A-ZĐÂĂÊÔƠƯ]|$))")
_LISTED_NEXT = re.compile(r"\s*[;,]\s*(?:và\s+)?(?=[A-ZĐÂĂÊÔƠƯ])|\s+và\s+(?=[A-ZĐÂĂÊÔƠƯ])")
# "X phối hợp với Y chịu trách nhiệm ...": X leads, Y coordinates (a few words may qualify Y: "các đoàn thể quần chúng").
_HELPED_BY = re.compile(r"phối hợp(?:\s+chặt chẽ)?\s+(?:với|cùng)\s+", re.I)
_LEADS_AFTER = re.compile(r"(?:\s+[^\s,;.:]+){0,3}?\s+(?:chịu trách nhiệm|chủ trì)\b", re.I)
_BRACKETED = re.compile(r"\s*\(\s*")
# What may stand between two agencies of one list.
_BETWEEN = re.compile(r"\s*(?:[,;]\s*|\s+và\s+|\s+)", re.I)
# Before an agency: an article or the title of its head ("Thủ trưởng các sở", "Chủ tịch Ủy ban").
_ARTICLE = re.compile(r"(?:(?:thủ trưởng|chủ tịch|giám đốc|chánh)\s+)?(?P<article>(?:(?:các|cơ quan)\s+)?)", re.I)
# The level a plan writes after a name: its own column, not part of the name.
_LEVEL = re.compile(r"\s+((?:cấp (?:tỉnh|huyện|xã|cơ sở)(?:\s*,\s*cấp (?:tỉnh|huyện|xã|cơ sở)(?![\w]))*)|các cấp|"
                    r"từ (?:cấp )?tỉnh đến (?:cấp )?(?:cơ sở|huyện(?:,? xã)?|xã))"
                    r"(?![\w])(?!\s+(?:ủy|uỷ)\b)", re.I)  # "các cấp ủy đảng" is a body, not a level
# After an agency: "tỉnh" or "thành phố" (a city run from the centre: "Ủy ban Mặt trận Tổ quốc Việt Nam
# thành phố", "Ủy ban nhân dân Thành phố"), its region ("Ngân hàng Nhà nước chi nhánh khu vực 14"), or its place
# ("UBND các huyện, thành phố Cà Mau").
_PLACE = re.compile(r"(?:\s+(?:của\s+)?(?:[Tt]ỉnh|[Tt]hành phố)(?!\w))?(?:\s+[Kk]hu vực\s+\d+)?"
                    r"(?:(?!\s+(?:Sở|Ban|Chi cục|Cục|Trung tâm|Văn phòng|Hội|Ủy ban|UBND|Công an|Bộ|Thanh tra)\b)"
                    r"\s+[A-ZĐÂĂÊÔƠƯ]\w*(?:\s+[A-ZĐÂĂÊÔƠƯ]\w*){0,2}(?=[\s,;:.)]|$))?")  # not the next agency
# An agency no row of agencies.csv names: a head word, then its proper name, which official style
# opens with a capital ("Chi cục Biển đảo và Thủy sản", "Ban Chỉ huy Phòng thủ dân sự tỉnh").
_HEAD = re.compile(r"\b(?:Ban [Qq]uản lý|Sở|Chi cục|Cục|Trung tâm|Ban|Bộ|Văn phòng|Hiệp hội|Hội|Liên đoàn|Liên minh|Đài|"
                   r"Viện|Phòng)(?=\s+[A-ZĐÂĂÊÔƠƯ])")  # "Ban quản lý Khu Nông nghiệp ứng dụng Công nghệ cao Phú Yên"
# Where such a name ends: the lower-case words of a name are nouns; a function word or a verb that
# opens what the agency does ends it ("Chi cục Kiểm lâm tăng cường ...", "Văn phòng Ban Chỉ huy và cơ
# quan ..."). A closed list is enough: it only has to stop names the gazetteer does not know.
_NAME_STOP = re.compile(r"(?:và|với|có|là|được|để|theo|trong|tại|của|về|qua|cho|các|những|khi|đã|sẽ|đang|"
                        r"chủ trì|phối hợp|tham gia|hỗ trợ|thực hiện|tổ chức|chịu|chỉ đạo|tham mưu|lãnh đạo|"
                        r"xây dựng|triển khai|hướng dẫn|theo dõi|kiểm tra|rà soát|đôn đốc|báo cáo|bố trí|tuyên truyền|"
                        r"nghiên cứu|xem xét|đề xuất|cập nhật|trình|lập|giám sát|tăng cường|đẩy mạnh|tiếp tục|thông báo|"
                        r"quản lý|ban hành|cấp|từ|thường xuyên|khẩn trương|chủ động|kịp thời|tập trung|giải quyết|"
                        r"đảm bảo|bảo đảm|giao|tiếp nhận|thẩm định)(?!\w)", re.I)
_NAME_WORDS = 12
_RELATED = re.compile(r"\s+(?:có\s+)?liên quan(?![\w])|\s+khác(?![\w])", re.I)
# Kinds of body that lengthen a set whose members the reader must guess ("các sở, ban, ngành, đơn vị liên quan").
_MORE_KINDS = re.compile(r"(?:\s*,\s*|\s+và\s+)(?:các\s+)?(?:đơn vị|cơ quan|địa phương|tổ chức|ngành|đoàn thể)(?![\w])",
                         re.I)
_WORD = re.compile(r"\s+([^\s,;:.()\[\]“”\"|]+)")
# A class of local units written as a list ("Ủy ban nhân dân các xã, phường, đặc khu Cồn Cỏ") or
# named ("Ủy ban nhân dân các xã: Gia Thuận, Tân Điền, Gò Công Đông"): the list is part of its name.
_UNIT = r"(?:xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|thành phố)"
_MORE_UNITS = re.compile(rf"(?:\s*,\s*|\s+và\s+|\s+){_UNIT}(?![\w])", re.I)  # "UBND các phường xã" too
_NAMED_UNITS = re.compile(r":\s*[A-ZĐÂĂÊÔƠƯ]\w*(?:\s+[A-ZĐÂĂÊÔƠƯ]\w*)*(?:\s*,\s*[A-ZĐÂĂÊÔƠƯ]\w*(?:\s+[A-ZĐÂĂÊÔƠƯ]\w*)*)*"
                          r"\s*$")


def _unknown_at(text: str, start: int) -> int | None:
    """Where an agency the gazetteer lacks, found by its head word at ``start``, ends (None: no agency).
    Its name runs over capitalised words, and over lower-case ones up to a stop word or a mark."""
    head = _HEAD.match(text, start)
    if not head:
        return None
    end = position = head.end()
    for _ in range(_NAME_WORDS):
        word = _WORD.match(text, position)
        if not word:
            break
        if not word.group(1)[0].isupper():
            if word.group(1).lower() == "và" and (after := _WORD.match(text, word.end())) and after.group(1)[0].isupper() \
                    and not (_HEAD.match(text, after.start(1)) or _pattern().match(_folded(text), after.start(1))):
                position = word.end()  # "Biển đảo và Thủy sản": the name goes on; "... tỉnh và Công an tỉnh": another
                continue
            if _NAME_STOP.match(text, word.start(1)):
                break
        end = position = word.end()
    return end if end > head.end() else None


@lru_cache(maxsize=1)
def gazetteer() -> tuple[tuple[str, str, str, str], ...]:
    """(folded alias, name, successor_2025, generic: "yes", "unless level" or "") for every name and
    alias, longest first."""
    rows = agency_rows()
    entries = {}
    for row in rows:
        generic = (row.get("generic") or "").strip().lower()  # "yes", "unless level" or ""
        for alias in [row["name"], *row["aliases"]]:
            entries.setdefault(fold(alias.strip()), (row["name"], row["successor_2025"] or row["name"], generic))
    for row in rows:  # a plan written after 2025 names the successor itself ("Đảng ủy Ủy ban nhân dân tỉnh")
        if row["successor_2025"]:
            entries.setdefault(fold(row["successor_2025"]), (row["successor_2025"], row["successor_2025"], ""))
    return tuple(sorted(((alias, *value) for alias, value in entries.items()), key=lambda e: -len(e[0])))


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(entry[0]) for entry in gazetteer()) + r")(?!\w)")


@lru_cache(maxsize=1)
def _lookup() -> dict[str, tuple[str, str, str]]:
    return {alias: (name, successor, generic) for alias, name, successor, generic in gazetteer()}


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    """``text`` folded for matching, the same length (one sentence is looked up at many positions)."""
    folded = fold(text)
    return folded if len(folded) == len(text) else text.lower()  # folding changed the length: plain lower case


def agency_at(text: str, start: int = 0) -> tuple[int, Agency] | None:
    """The agency beginning at ``start`` of ``text`` and where it ends (its level and place included)."""
    match = _pattern().match(_folded(text), start)
    if match:
        name, successor, generic = _lookup()[match.group(0)]
        end = match.end()
    else:
        end = _unknown_at(text, start)
        if end is None:
            return None
        name = successor = text[start:end]
        generic = ""
    if re.search(rf"\b{_UNIT}$", text[start:end], re.I):  # "các xã" + ", phường, đặc khu Cồn Cỏ"
        while more := _MORE_UNITS.match(text, end):
            end = more.end()
    level = _LEVEL.match(text, end)
    end = _PLACE.match(text, level.end() if level else end).end()  # "các cấp Thành phố": level, then place
    if re.search(rf"\bcác {_UNIT}$", text[start:end], re.I) and (named := _NAMED_UNITS.match(text, end)):
        end = named.end()  # "Ủy ban nhân dân các xã: Gia Thuận, Tân Điền"
    kinds = end
    while generic and (more := _MORE_KINDS.match(text, kinds)):  # "các sở, ban, ngành, đơn vị liên quan": one set
        kinds = more.end()
    if related := _RELATED.match(text, kinds):  # "các sở, ban, ngành có liên quan": the reader's guess
        end, generic = related.end(), "yes"
    level_words = level.group(1) if level else ""
    if not level_words:  # a level inside the alias: "UBND cấp huyện", "cấp ủy đảng các cấp"
        inside = _LEVEL.search(" " + text[start:end])
        level_words = inside.group(1) if inside else ""
    if not level_words and generic == "unless level" and re.search(r"\btỉnh$", text[start:end]):
        level_words = "cấp tỉnh"  # "các sở, ban, ngành tỉnh"
    # "các sở, ban, ngành" names every department of some level, which the text must give ("cấp
    # tỉnh"); without it the set is the reader's guess, like "các cơ quan có liên quan"
    is_generic = generic == "yes" or (generic == "unless level" and not level_words)
    return end, Agency(name, text[start:end].strip(), successor, is_generic, level_words.lower())


def _agency_after_article(text: str, position: int) -> tuple[int, Agency] | None:
    """The agency at ``position``, or after the title of its head ("Thủ trưởng", "Chủ tịch") and a
    "các" / "cơ quan" in front of it; written with them ("Chủ tịch Ủy ban nhân dân các xã, phường")."""
    found = agency_at(text, position)
    if found is not None:
        return found
    article = _ARTICLE.match(text, position)
    for start in (article.start("article"), article.end()):
        if start > position and (found := agency_at(text, start)) is not None:
            end, agency = found
            return end, agency._replace(written=text[position:end].strip())
    return None


def agency_list(text: str, start: int = 0) -> tuple[int, list[Agency]]:
    """The agencies listed from ``start`` ("A, B và các C tỉnh"): where the list ends, and each agency."""
    found, position = [], start
    if (bare := _BARE_DEPARTMENTS.match(text, start)) and (listed := _departments(text, bare.end()))[1]:
        end, found = listed  # "Các Sở: Tài nguyên và Môi trường, Công Thương, ...; UBND các huyện"
        between = _BETWEEN.match(text, end)
        if between is None or _agency_after_article(text, between.end()) is None:
            return end, found
        position = between.end()
    while (agency := _agency_after_article(text, position)) is not None:
        end, named = agency
        found.append(named)
        if _SET_OF_DEPARTMENTS.search(named.written) and (colon := _ENUMERATES.match(text, end)):
            listed_end, listed = _departments(text, colon.end())
            if listed:  # "Giám đốc các sở, ngành: Nông nghiệp và PTNT; Tài nguyên và Môi trường; Công an tỉnh"
                found[-1:], end = listed, listed_end
        if (inner := _BRACKETED.match(text, end)) and (unit := agency_at(text, inner.end())) \
                and text.startswith(")", unit[0]) and not unit[1].written.startswith("Phòng"):
            # "Sở Nông nghiệp và Môi trường (Chi cục Kiểm lâm)": both; "Sở Nội vụ (Phòng Thi đua - Khen thưởng)": the
            # department, its office named only to address it
            found.append(unit[1])
            end = unit[0] + 1
        between = _BETWEEN.match(text, end)
        if between is None or _agency_after_article(text, between.end()) is None:
            return end, found
        position = between.end()
    return position, found


def _departments(text: str, position: int) -> tuple[int, list[Agency]]:
    """The departments a set enumerates after its colon, each named as written (without "Sở", as such lists
    write them): known to the gazetteer as "Sở <name>", an agency of its own ("Công an tỉnh"), or the words up to
    the next separator."""
    found, end = [], position
    while position < len(text):
        own = _agency_after_article(text, position)
        as_department = agency_at("Sở " + text[position:], 0)
        if own is not None:
            end, agency = own
        elif as_department is not None:
            end = position + as_department[0] - len("Sở ")
            agency = as_department[1]._replace(written=text[position:end].strip())
        elif item := _DEPARTMENT_ITEM.match(text, position):
            end = position + len(item.group(0).rstrip())
            agency = Agency(item.group(0).strip(), item.group(0).strip(), item.group(0).strip(), False, "")
        else:
            break
        found.append(agency)
        separator = _LISTED_NEXT.match(text, end)
        if separator is None:
            break
        position = separator.end()
    return end, found


def role_of(rest: str, default: str = "lead") -> str:
    """The role the words after an agency give it: coordinate for a verb of coordination, lead for a
    verb of leading, else ``default``. The verb may follow the agencies' scope ("Các sở, ban, ngành có
    liên quan trong phạm vi, quyền hạn, nhiệm vụ của mình có trách nhiệm phối hợp ...")."""
    rest = rest.lstrip(" ,(")
    while adverb := _ADVERB.match(rest):
        rest = rest[adverb.end():]
    if not (COORDINATE_VERB.match(rest) or LEAD_VERB.match(rest)) and (scope := SCOPE.search(rest.split(";")[0])):
        rest = rest[scope.end():]
    if (helped := _HELPED_BY.match(rest)) and (partners := agency_list(rest, helped.end()))[1] \
            and _LEADS_AFTER.match(rest, partners[0]):
        return "lead"  # "phối hợp với các đoàn thể quần chúng chịu trách nhiệm tổ chức ...": it leads, helped by them
    return "coordinate" if COORDINATE_VERB.match(rest) else "lead" if LEAD_VERB.match(rest) else default


def recipients(sentence: str) -> list[tuple[Agency, str]]:
    """The bodies a sentence sends reports or problems to for them to sum up: "gửi Sở Nông nghiệp và Môi trường
    tổng hợp, báo cáo", "phản ánh về Sở Nội vụ (Phòng Thi đua - Khen thưởng) để tổng hợp, báo cáo ...": each
    leads that summing up."""
    found = []
    for match in _SENDS_TO.finditer(sentence):
        end, agencies = agency_list(sentence, match.end())
        if agencies and _TO_SUM_UP.match(sentence, end):
            found += [(agency, "lead") for agency in agencies]
    return found


def role_verb(rest: str) -> bool:
    """Whether the words open with an explicit verb of role ("chủ trì", "phối hợp", "tham gia", ...),
    after words of time or manner."""
    rest = rest.lstrip(" ,(")
    while adverb := _ADVERB.match(rest):
        rest = rest[adverb.end():]
    return bool(COORDINATE_VERB.match(rest) or LEAD_VERB.match(rest))
