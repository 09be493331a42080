"""Who is assigned what: lead and coordinating agencies of each task in a plan.

Plans assign tasks in three shapes, all handled here:

- **inline**: a sentence opens with the agencies and goes on with what they do -- "Ban Tuyên
  giáo Tỉnh uỷ chủ trì, phối hợp với Ban cán sự đảng Ủy ban nhân dân tỉnh, ... chỉ đạo triển
  khai thực hiện", "Giao Sở Tài nguyên và Môi trường là cơ quan đầu mối ...", or a clause after
  a semicolon or a comma names them with their verb ("..., Sở X chủ trì; Sở Y phối hợp."); the
  passage's later sentences with no subject of their own go on with it ("Ủy ban nhân dân tỉnh cần đẩy
  mạnh ... . Tập trung rà soát ...");
- **heading**: a line naming the agencies, alone (colon or not: "1. Sở Tài nguyên và Môi
  trường", "Điều 19. Trách nhiệm của Ủy ban nhân dân cấp xã") or with a verb and a colon ("Ban
  Cán sự đảng UBND tỉnh lãnh đạo UBND tỉnh chỉ đạo:"), and the passages under it, up to the next
  numbered one as deep, are its tasks (``heading``, ``tasks_of``): one per passage, and one more
  for each clause whose verb gives the agency another role;
- **table**: a task table's row (``measure.commitments.task_tables``): its lead and
  coordinating columns.

**The verb decides the role.** An agency whose own verb is one of coordination ("phối hợp",
"tham gia", "hỗ trợ") *coordinates*, wherever it stands ("Sở Y phối hợp.", "Đề nghị Ủy ban
MTTQ Việt Nam tỉnh và các đoàn thể tỉnh phối hợp với ..."); any other verb ("chủ trì", "chịu
trách nhiệm", "là cơ quan đầu mối", "tham mưu", "lãnh đạo", "chỉ đạo", "tổ chức thực hiện", or
what it does) makes it *lead*. The agencies named after a lead's "phối hợp (với)" coordinate; after
the "phối hợp với" of an agency that only coordinates they are its *partners*, given no role of their
own (the real development set's convention, ``tests/data/commitments/real/gold.yml``). A body that
another leads ("Ban cán sự đảng UBND tỉnh lãnh đạo UBND tỉnh chỉ đạo ...") leads too: two
leads. A passage under an agency heading that only says "Phối hợp với ..." makes the heading
agency a coordinator of that task. In a clause after a comma only an explicit role verb counts
(a comma also separates the objects of a sentence).

Generic sets ("Các cấp, các ngành", "các cơ quan, đơn vị có liên quan": ``generic`` in
``data/agencies.csv``) are kept, flagged ``generic``; counts of leads and the agency figure
leave them out (``lead_counts``). Names and levels: ``measure.commitments.agency_names``; who a
sentence names and in what role: ``measure.commitments.subjects``.
Citations are no tasks: sentences of the legal basis and the plan's opening ("Căn cứ ...",
"Thực hiện Kết luận số ...") assign nothing (``measure.commitments.passages.is_citation``).

``agency_assignments(corpus, hits)`` returns one row per agency and task
(``AGENCY_COLUMNS``): ``doc_id, province, province_2025, year, agency`` (the name in full),
``agency_as_written`` (with its level), ``successor_2025`` (the 2025 successor; the same name
when unchanged), ``agency_level`` ("cấp tỉnh", "các cấp", "từ tỉnh đến cơ sở", "" when none is
written), ``generic`` (bool), ``role`` (lead | coordinate | partner: named after "phối hợp với" by
an agency that only coordinates, so given no role of its own), ``read_from`` (text | table | card:
a task card's labelled lines, ``task_tables.card_tasks``),
``themes`` (the codebook themes of the task's own words, else of its numbered item;
"; "-separated), ``order, section_path`` (where the task is) and ``text`` (the task).

``lead_counts(assignments)`` -> ``agency, theme, tasks, agency_tasks``: the tasks each agency
(not generic) leads per theme ("" for none), and in all: what the agency figure draws, the
briefing states and ``agency_theme_matrix.csv`` holds.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.measure.commitments.agency_names import SCOPE, Agency, agency_list, recipients, role_of, role_verb
from analysis.measure.commitments.passages import LIST_MARK, by_theme, is_citation, plan_rows, segment_rows, sentences
from analysis.measure.commitments.subjects import (CLOSING, LEAD_IN, PARTNERS, addressees, after_opening, clause_subjects,
                                                   coordinating, subject)
from analysis.measure.commitments.task_tables import card_tasks, is_table_row, table_tasks

AGENCY_COLUMNS = ["doc_id", "province", "province_2025", "year", "agency", "agency_as_written", "successor_2025",
                  "agency_level", "generic", "role", "read_from", "themes", "order", "section_path", "text"]
LEAD_COUNT_COLUMNS = ["agency", "theme", "tasks", "agency_tasks"]

# A heading naming whose tasks follow: "Điều 19. Trách nhiệm của Ủy ban nhân dân cấp xã", "Nhiệm vụ của ...".
_HEADING_IN = re.compile(r"(?:trách nhiệm|nhiệm vụ)\s+(?:của\s+)?", re.I)
# A verb that makes an agency lead after a comma in a task it coordinates ("Phối hợp với Sở X, chỉ đạo ...").
_THEN_LEADS = re.compile(r",\s*(?=(?:chủ trì|chỉ đạo|chịu trách nhiệm|tham mưu|là cơ quan|lãnh đạo)\b)", re.I)
# Formulas of the issuer, no task: "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:", "Văn phòng UBND
# tỉnh thông báo để Sở ..., các cơ quan liên quan thực hiện./.", "nếu có khó khăn, vướng mắc, ... phản ánh".
_FORMULA = re.compile(r"\bban hành\s+(?:Kế hoạch|Chỉ thị|Quy định|Quyết định|Phương án)\b[^.;]*\bnhư sau\b|"
                      r"\bthông báo\s+(?:để|cho)\b|\bnếu có (?:khó khăn|vướng mắc|phát sinh)", re.I)
_LIST_MARK = re.compile(rf"^\s*{LIST_MARK}\s*")
# The last clause of a heading that only announces the list under it ("...; tổ chức thực hiện các nhiệm vụ
# sau:", "thực hiện các chương trình có liên quan như:", "có trách nhiệm sau đây:").
_ANNOUNCES = re.compile(r"(?:^|[,;])[^,;]*\b(?:sau đây|sau|như|gồm|cụ thể)\s*:?\s*$", re.I)
# Words of role before what a heading's agency does ("là cơ quan đầu mối, chủ trì, hướng dẫn ...").
_ROLE_WORDS = re.compile(r"^(?:\s*(?:là\s+)?(?:cơ quan\s+)?(?:chủ trì|đầu mối|thường trực|có trách nhiệm|chịu trách nhiệm|"
                         r"chủ động|tiếp tục)\b\s*[,;]?\s*)+", re.I)
_OWN_TASK_WORDS = 3
# How deep a numbered passage sits: a heading governs the passages after it up to the next one as deep.
_DEPTH = {"article": 0, "section": 0, "item": 1, "subitem": 2}
_UNNUMBERED = 3
_ARTICLE_START = re.compile(r"^\s*Điều\s+\d+\s*[.:]")
# A task directing another body, which then acts: "- Chỉ đạo Sở Nông nghiệp và PTNT: + ...", "Chỉ đạo Ban Dân tộc
# tỉnh phối hợp với ... rà soát ...": the directing agency leads the line, the body directed does what follows.
_DIRECTS = re.compile(rf"^\s*(?:{LIST_MARK}\s*)?(?:chỉ đạo|đôn đốc)\s+(?=\S)", re.I)
# A later sentence with no subject goes on with its passage's first one when it opens with what to do (after
# "Đồng thời," or a condition): not a topic ("Việc rà soát ...", "Nội dung ..."), an assignment ("Giao ..."), a means ("Qua ...").
_GOES_ON = re.compile(r"^(?:đồng thời\s*,\s*|trong trường hợp[^,]{0,150},\s*|khi[^,]{0,150},\s*)?"
                      r"(?!(?:việc|nội dung|hình thức|kinh phí|thời gian|mục tiêu|mục đích|yêu cầu|trên đây|các|những|giao|qua)\b)"
                      r"(?=\w)", re.I)


def agency_assignments(corpus, hits: pd.DataFrame) -> pd.DataFrame:
    """Every lead and coordinating assignment in the body of every usable plan; see the module docstring."""
    table = plan_rows(corpus, hits, _plan_assignments, AGENCY_COLUMNS)
    table["generic"] = table["generic"].astype(bool)
    return table


def heading(text: str) -> tuple[list[tuple[Agency, str]], str, bool] | None:
    """The agencies a heading names, whose tasks follow, the task written after its colon on the
    same line ("" when none), and whether the heading has a verb of its own ("Sở X chủ trì, phối hợp
    với Y:"); None for a passage that is no heading. Headings: an agency alone on its
    line, with or without a colon ("1. Sở Nông nghiệp và Môi trường", "12. Ủy ban nhân dân các xã: Gia
    Thuận, Tân Điền"), "Điều 19. Trách nhiệm của Ủy ban nhân dân cấp xã", "Điều 21. Đề nghị Ủy ban mặt
    trận Tổ quốc cấp tỉnh, cấp xã", an agency and its tasks after a colon ("3. UBND các xã, phường: Phối
    hợp với ..."), and a subject whose sentence ends with a colon ("Sở X chỉ đạo Chi cục Y thực hiện
    các nội dung sau:")."""
    position = LEAD_IN.match(text).end()
    if directed := _DIRECTS.match(text):  # "- Chỉ đạo Sở Nông nghiệp và PTNT:": the items below are its tasks
        position = directed.end()
    if trach_nhiem := _HEADING_IN.match(text, position):
        position = trach_nhiem.end()
    end, agencies = agency_list(text, position)
    # "1. Sở Tài chính (cơ quan chủ trì)", "1.2. Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo": what it is
    rest = re.sub(r"^(?:\([^)]*\)|[-–]\s+[^:;.]*)", "", text[end:].strip()).strip()
    if agencies and (not rest or rest.startswith(":")):
        return [(a, "lead") for a in agencies], rest[1:].strip(), False
    found, rest = subject(text)
    if not found:
        found, rest = after_opening(text)
    if not found and len(said := sentences(text)) > 1:  # "Điều 2. HĐND tỉnh thống nhất ... . HĐND tỉnh đề nghị
        found, rest = subject(said[-1][1])                 # UBND tỉnh quan tâm chỉ đạo ... sau:": the last one heads
    if found and rest.rstrip().endswith(":"):
        return found, "", True
    return None


def tasks_of(text: str) -> list[tuple[str, str]]:
    """The tasks of a passage under an agency heading, each with the role its verb gives the heading
    agency: (role, text). Each sentence is a task; so is a clause after a semicolon that opens with a
    capital, with a verb of coordination ("...; tham gia đánh giá ...") or whose verb gives the agency
    another role ("Phối hợp với Sở X ...; theo dõi, thông báo ..."); any other lower-case clause goes on
    with the task before ("Chủ trì triển khai kế hoạch; hướng dẫn chuyên môn; ..."). A task the agency
    coordinates that goes on ", chỉ đạo ..." is also one it leads."""
    tasks = []
    for _, sentence in sentences(text):
        opened = len(tasks)
        for clause in sentence.split(";"):
            words = _LIST_MARK.sub("", clause).strip()
            if not words:
                continue
            role = role_of(words)
            if len(tasks) > opened and not (role != tasks[-1][0] or words[:1].isupper()
                                            or (role == "coordinate" and role_verb(words))):
                tasks[-1] = (tasks[-1][0], tasks[-1][1] + ";" + clause)
                continue
            tasks.append((role, clause.strip()))
            then = _THEN_LEADS.search(words) if role == "coordinate" else None
            if then:
                tasks.append(("lead", words[then.end():]))
    return tasks


def _plan_assignments(segments: pd.DataFrame, themes, doc_id: str) -> list[dict]:
    rows, headings = [], []  # headings: (depth, agencies) of the headings whose passages we are in
    body = segments[segments["is_body"] & ~segments["is_legal_basis"]]
    cards = card_tasks(body)
    carded = {order for card in cards for order in card["lines"]}
    for segment in segment_rows(body):
        # an article is the top of its passages, whatever the reader took it for (an excerpt starting at
        # "Điều 2." reads as a preamble)
        depth = 0 if _ARTICLE_START.match(segment.text) else _DEPTH.get(segment.kind, _UNNUMBERED)
        if is_table_row(segment.text) or segment.order in carded:
            continue  # task tables and cards: read row by row, card by card, below
        where = (segment.order, segment.section_path)
        theme = themes.of(doc_id, (segment.start, segment.start + len(segment.text)), segment.section_path)
        parents = [h for h in headings if h[0] < depth]  # a sub-heading takes its agency heading's agencies
        named = heading(segment.text) or (parents and _role_heading(parents[-1][1], segment.text))
        if named or depth < _UNNUMBERED:  # a numbered passage ends the headings as deep as it
            headings = [h for h in headings if h[0] < depth]
        if named:
            agencies, task, verb = named
            if verb:  # "Sở Y tế chủ trì, phối hợp với Sở X thực hiện ... như:": its partners coordinate each task
                agencies = agencies + _partners(agencies, segment.text)
            headings.append((depth, agencies, segment.text.strip() if verb else ""))
            if parents and _DIRECTS.match(segment.text):  # "Chỉ đạo Sở X:" is the directing agency's own task
                rows += _heading_tasks(parents[-1][1], segment.text, theme, where)
            # "- Sở Xây dựng: Tổng hợp, phân tích ...": the task after the colon, quoted with whose it is
            said = segment.text[:len(segment.text) - len(task)].strip() if task and not verb else ""
            rows += _heading_tasks(agencies, task, theme, where, said)
            if verb and _own_task(segment.text):  # "Giao Sở X là cơ quan đầu mối, hướng dẫn ...; ... sau:"
                rows += _assignment(named[0], segment.text, theme, where)
            continue
        passage, inline, formula = _passage_rows(segment, themes, doc_id, where)
        rows += passage
        if headings and not inline and not formula:  # a passage under a heading: the heading agencies' tasks
            rows += _heading_tasks(headings[-1][1], segment.text, theme, where, headings[-1][2])
    return rows + _table_rows(table_tasks(segments) + cards, themes, doc_id)


def _passage_rows(segment, themes, doc_id: str, where) -> tuple[list[dict], bool, bool]:
    """The assignments a passage's own sentences make (subjects, clauses, closing addressees, the bodies reports
    are sent to, directed bodies), and whether it assigns inline (then it is no task of its heading's agencies)
    and whether it ends in formula."""
    rows, inline, formula, carried = [], False, False, []
    for offset, sentence in sentences(segment.text):
        if is_citation(sentence, segment.section_path):
            formula = True
            continue
        span = (segment.start + offset, segment.start + offset + len(sentence))
        # "gửi về Sở X để tổng hợp": X leads the summing up, even in the formula "nếu có khó khăn, ... phản ánh về"
        if sent_to := recipients(sentence):
            rows += _assignment(sent_to, sentence, themes.of(doc_id, span, segment.section_path), where)
        if _FORMULA.search(sentence):
            formula = True  # a passage that is only formula is no task of the heading's agencies either
            continue
        formula = False
        leads, rest = subject(sentence)
        if not leads:
            leads, rest = after_opening(sentence)  # "Căn cứ Kế hoạch này, các sở ... triển khai"
        if not leads and (closing := CLOSING.search(sentence)):
            leads, rest = addressees(sentence[:closing.start()]), sentence[closing.start():]
        for more in clause_subjects(sentence, len(sentence) - len(rest) if leads else 0):
            inline = True  # "...; Sở Nông nghiệp và Môi trường chủ trì tham mưu."
            rows += _assignment(more, sentence, themes.of(doc_id, span, segment.section_path), where)
        if not leads and (directed := _DIRECTS.match(sentence)):  # "- Chỉ đạo Ban Dân tộc tỉnh phối hợp với ...":
            end, bodies = agency_list(sentence, directed.end())          # the directed body's own tasks, by their verbs
            rows += _heading_tasks([(a, "lead") for a in bodies], sentence[end:], themes.of(doc_id, span, segment.section_path),
                                   where) if bodies and sentence[end:].strip()[:1] not in ("", ":") else []
        if not leads and carried and _GOES_ON.match(sentence):
            # "Ủy ban nhân dân tỉnh cần đẩy mạnh ... . Tập trung rà soát ...": the passage's subject goes on
            leads = [(a, role_of(_GOES_ON.sub("", sentence))) for a, _ in carried]
        if leads:
            inline, carried = True, carried or leads
            rows += _assignment(leads, sentence, themes.of(doc_id, span, segment.section_path), where)
    return rows, inline, formula


def _table_rows(tasks: list[dict], themes, doc_id: str) -> list[dict]:
    """The agencies of each task table's row and each task card: their columns or labels give the roles."""
    rows = []
    for task in tasks:
        theme = themes.of(doc_id, (task["start"], task["end"]), task["section_path"])
        rows += [_row(a, role, theme, (task["order"], task["section_path"]), task["task"], task["read_from"])
                 for a, role in task["agencies"]]
    return rows


def _heading_tasks(agencies, text: str, theme: str, where, quoted: str = "") -> list[dict]:
    """Rows of the tasks of ``text`` for the agencies of its heading: each takes the role of the
    task's verb ("Phối hợp với Sở ..." makes it a coordinator), a coordinator of the heading stays one.
    A heading whose own verb gives the roles ("Sở Giáo dục và Đào tạo chủ trì, phối hợp với ...:") is
    ``quoted`` before each task: the row's evidence must show who was given which role."""
    rows = []
    for role, task in tasks_of(text):
        task_rows = _assignment([(a, role if own == "lead" else own) for a, own in agencies], task, theme, where)
        rows += [{**row, "text": f"{quoted} {row['text']}"} for row in task_rows] if quoted else task_rows
    return rows


def _role_heading(agencies, text: str) -> tuple[list[tuple[Agency, str]], str, bool] | None:
    """A sub-heading under an agency's heading that gives it a role for the list below it, as ``heading``
    does: "a) Chủ trì, phối hợp với các sở, ban, ngành, UBND các xã, phường:" (the agency leads each task,
    those named coordinate), "b) Phối hợp với ...:" (the agency coordinates each)."""
    words = _LIST_MARK.sub("", text).strip()
    if not words.endswith(":") or not role_verb(words) or agency_list(words, 0)[1]:
        return None
    role = role_of(words)
    return [(a, role) for a, _ in agencies], "", True


def _partners(agencies, text: str) -> list[tuple[Agency, str]]:
    """The agencies a task's lead coordinates with ("X chủ trì, phối hợp với Y": Y coordinates). With no
    lead, in "Sở X phối hợp với Sở Y ..." or a heading agency's "Phối hợp với Sở Y ...", Y is only
    named as X's partner, with no verb of its own: role ``partner``, neither lead nor coordinator."""
    led = any(role == "lead" for _, role in agencies)
    return [(agency, "coordinate" if led else "partner") for agency, _ in coordinating(text)]


def _own_task(text: str) -> str:
    """What a heading with a verb gives its agency to do itself, before the list it announces ("Giao Sở
    X là cơ quan đầu mối, chủ trì, hướng dẫn thực hiện Đề án ...; tổ chức thực hiện các nhiệm vụ sau:" ->
    "hướng dẫn thực hiện Đề án ..."); "" when it only gives roles ("Sở X chủ trì, phối hợp với Y:")."""
    _, rest = subject(text)
    rest = _ANNOUNCES.sub("", rest.rstrip().rstrip(":"))
    for match in PARTNERS.finditer(rest):  # the partners' names are no task
        rest = rest[:match.start()] + rest[agency_list(rest, match.end())[0]:]
    rest = _ROLE_WORDS.sub("", SCOPE.sub("", rest)).strip(" ,;")
    return rest if len(rest.split()) >= _OWN_TASK_WORDS else ""


def _assignment(leads, text: str, theme: str, where) -> list[dict]:
    """Rows of one task: the agencies it opens with, then those its lead coordinates with; an agency
    named twice in one role ("Các cơ quan, đơn vị liên quan: Phối hợp ... với ... các đơn vị có liên
    quan") once."""
    named = {(a.name, role): (a, role) for a, role in leads + _partners(leads, text)}
    return [_row(a, role, theme, where, text) for a, role in named.values()]


def _row(agency: Agency, role: str, theme: str, where, text: str, source: str = "text") -> dict:
    return {"agency": agency.name, "agency_as_written": agency.written, "successor_2025": agency.successor,
            "agency_level": agency.level, "generic": agency.generic, "role": role, "read_from": source, "themes": theme,
            "order": where[0], "section_path": where[1], "text": text.strip()}


def lead_counts(assignments: pd.DataFrame) -> pd.DataFrame:
    """The tasks each agency leads per theme, generic sets left out: ``LEAD_COUNT_COLUMNS`` (see the
    module docstring), the agencies leading most tasks first."""
    leads = assignments[(assignments["role"] == "lead") & ~assignments["generic"].astype(bool)]
    leads = leads.drop_duplicates(["doc_id", "agency", "order", "text"])
    per_theme = by_theme(leads).groupby(["agency", "theme"]).size().rename("tasks").reset_index()
    per_theme["agency_tasks"] = per_theme["agency"].map(leads["agency"].value_counts()).astype(int)
    return per_theme.sort_values(["agency_tasks", "agency", "tasks", "theme"], ascending=[False, True, False, True],
                                 kind="mergesort").reset_index(drop=True)[LEAD_COUNT_COLUMNS]
