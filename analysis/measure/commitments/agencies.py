"""Who is assigned what: lead and coordinating agencies of each task in a plan.

Plans assign tasks in three shapes, all handled here:

- **inline**: a sentence opens with the agencies and goes on with what they do -- "Ban Tuyên
  giáo Tỉnh uỷ chủ trì, phối hợp với Ban cán sự đảng Ủy ban nhân dân tỉnh, ... chỉ đạo triển
  khai thực hiện", "Giao Sở Tài nguyên và Môi trường là cơ quan đầu mối ...", or a clause after
  a semicolon or a comma names them with their verb ("..., Sở X chủ trì; Sở Y phối hợp.");
- **heading**: a line naming the agencies ends with a colon ("1. Sở Tài nguyên và Môi
  trường:", "Ban Cán sự đảng UBND tỉnh lãnh đạo UBND tỉnh chỉ đạo:") and the passages under it,
  up to the next numbered item, are its tasks: one assignment per passage;
- **table**: a task table's row (``measure.commitments.task_tables``): its lead and
  coordinating columns.

**The verb decides the role.** An agency whose own verb is one of coordination ("phối hợp",
"tham gia", "hỗ trợ") *coordinates*, wherever it stands ("Sở Y phối hợp.", "Đề nghị Ủy ban
MTTQ Việt Nam tỉnh và các đoàn thể tỉnh phối hợp với ..."); any other verb ("chủ trì", "chịu
trách nhiệm", "là cơ quan đầu mối", "tham mưu", "lãnh đạo", "chỉ đạo", "tổ chức thực hiện", or
what it does) makes it *lead*. The agencies named after "phối hợp với" coordinate. A body that
another leads ("Ban cán sự đảng UBND tỉnh lãnh đạo UBND tỉnh chỉ đạo ...") leads too: two
leads. A passage under an agency heading that only says "Phối hợp với ..." makes the heading
agency a coordinator of that task. In a clause after a comma only an explicit role verb counts
(a comma also separates the objects of a sentence).

Generic sets ("Các cấp, các ngành", "các cơ quan, đơn vị có liên quan": ``generic`` in
``data/agencies.csv``) are kept, flagged ``generic``; counts of leads and the agency figure
leave them out (``lead_counts``). Names and levels: ``measure.commitments.agency_names``.
Citations are no tasks: sentences of the legal basis and the plan's opening ("Căn cứ ...",
"Thực hiện Kết luận số ...") assign nothing (``measure.commitments.passages.is_citation``).

``agency_assignments(corpus, hits)`` returns one row per agency and task
(``AGENCY_COLUMNS``): ``doc_id, province, province_2025, year, agency`` (the name in full),
``agency_as_written`` (with its level), ``successor_2025`` (the 2025 successor; the same name
when unchanged), ``level`` ("cấp tỉnh", "các cấp", "từ tỉnh đến cơ sở", "" when none is
written), ``generic`` (bool), ``role`` (lead | coordinate), ``source`` (text | table),
``themes`` (the codebook themes of the task's own words, else of its numbered item;
"; "-separated), ``order, section_path`` (where the task is) and ``text`` (the task).

``lead_counts(assignments)`` -> ``agency, theme, tasks, agency_tasks``: the tasks each agency
(not generic) leads per theme ("" for none), and in all: what the agency figure draws, the
briefing states and ``agency_theme_matrix.csv`` holds.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.measure.commitments.agency_names import COORDINATE_VERB, LEAD_VERB, Agency, agency_list, role_of
from analysis.measure.commitments.passages import by_theme, is_citation, plan_rows, sentences
from analysis.measure.commitments.task_tables import is_table_row, table_tasks
from analysis.read.citations import citation_spans

AGENCY_COLUMNS = ["doc_id", "province", "province_2025", "year", "agency", "agency_as_written", "successor_2025",
                  "level", "generic", "role", "source", "themes", "order", "section_path", "text"]
LEAD_COUNT_COLUMNS = ["agency", "theme", "tasks", "agency_tasks"]

# Words before the agencies of an assignment, and the bullet or number in front of them.
_LEAD_IN = re.compile(r"^(?:[-–•*+]\s*|\d+(?:\.\d+)*[.)]\s*|[a-zđ][.)]\s*)?"
                      r"(?:(?:giao|đề nghị|yêu cầu|thủ trưởng|chủ tịch|giám đốc)\s+)*", re.I)
# The agencies after it coordinate with the task's lead.
_PARTNERS = re.compile(r"\bphối hợp(?:\s+chặt chẽ)?(?:\s+với)\s+", re.I)
# "lãnh đạo UBND tỉnh chỉ đạo": the body led goes on with a verb of its own.
_LEADS_ANOTHER = re.compile(r"^lãnh đạo\s+", re.I)
_PLACE_HEADING = re.compile(r"^(?:[A-ZĐÂĂÊÔƠƯ]\w*\s*){1,4}:\s*$")
_STRUCTURAL = {"section", "item", "subitem", "article"}


def subject(sentence: str) -> tuple[list[tuple[Agency, str]], str]:
    """The agencies a sentence opens with, each with its role, and the rest of it ("" rest when none)."""
    lead_in = _LEAD_IN.match(sentence)
    end, agencies = agency_list(sentence, lead_in.end() if lead_in else 0)
    rest = sentence[end:].lstrip(" ,")
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


def coordinating(text: str) -> list[tuple[Agency, str]]:
    """The agencies named after each "phối hợp với" in ``text``."""
    return [(agency, "coordinate") for match in _PARTNERS.finditer(text)
            for agency in agency_list(text, match.end())[1]]


def _partner_spans(text: str) -> list[tuple[int, int]]:
    """Where the lists after "phối hợp với" run: no clause of the sentence opens inside them."""
    return [(match.start(), agency_list(text, match.end())[0]) for match in _PARTNERS.finditer(text)]


def clause_subjects(sentence: str, after: int) -> list[list[tuple[Agency, str]]]:
    """The agencies that open a later clause of the sentence, each with its role: after a semicolon
    beyond ``after`` (where the sentence's own subject ends: "A; B, C lãnh đạo" is one list, not
    three clauses), or after a comma when a role verb follows them ("..., Sở X chủ trì")."""
    found = []
    blocked = _partner_spans(sentence) + citation_spans(sentence)
    for match in re.finditer(r"[;,]\s*", sentence):
        if match.start() < after or any(a <= match.start() < b for a, b in blocked):
            continue
        clause = sentence[match.end():].split(";")[0]
        agencies, rest = subject(clause)
        if not agencies or rest.rstrip().endswith(":"):
            continue
        if match.group(0).startswith(",") and not (LEAD_VERB.match(rest) or COORDINATE_VERB.match(rest)):
            continue
        found.append(agencies)
        after = match.end() + len(clause) - len(rest)  # "; Sở A, Sở B phối hợp": one list, not two clauses
    return found


def agency_assignments(corpus, hits: pd.DataFrame) -> pd.DataFrame:
    """Every lead and coordinating assignment in the body of every usable plan; see the module docstring."""
    table = plan_rows(corpus, hits, _plan_assignments, AGENCY_COLUMNS)
    table["generic"] = table["generic"].astype(bool)
    return table


def _plan_assignments(segments: pd.DataFrame, themes, doc_id: str) -> list[dict]:
    rows, heading = [], None
    body = segments[segments["is_body"] & ~segments["is_legal_basis"]]
    for segment in body.itertuples(index=False):
        if segment.kind in _STRUCTURAL:
            heading = None  # a new numbered item ends the tasks of the heading above
        if is_table_row(segment.text):
            continue  # task tables: read row by row below
        where = (segment.order, segment.section_path)
        inline = False
        for offset, sentence in sentences(segment.text):
            if is_citation(sentence, segment.section_path):
                continue
            span = (segment.start + offset, segment.start + offset + len(sentence))
            leads, rest = subject(sentence)
            for more in clause_subjects(sentence, len(sentence) - len(rest) if leads else 0):
                inline = True  # "...; Sở Nông nghiệp và Môi trường chủ trì tham mưu."
                rows += _assignment(more, sentence, themes.of(doc_id, span, segment.section_path), where)
            if not leads:
                continue
            inline = True
            if rest.rstrip().endswith(":") and offset + len(sentence) >= len(segment.text.rstrip()):
                heading = leads  # "1. Sở Tài nguyên và Môi trường:" -- the tasks follow
                continue
            rows += _assignment(leads, sentence, themes.of(doc_id, span, segment.section_path), where)
        if heading and not inline:  # a passage under a heading: one task of the heading's agencies
            span = (segment.start, segment.start + len(segment.text))
            # "Phối hợp với Sở ...": the heading agency coordinates this one
            roles = [(a, role_of(_LEAD_IN.sub("", segment.text, count=1)) if r == "lead" else r) for a, r in heading]
            rows += _assignment(roles, segment.text, themes.of(doc_id, span, segment.section_path), where)
    for task in table_tasks(segments):
        span = (task["start"], task["end"])
        theme = themes.of(doc_id, span, task["section_path"])
        rows += [_row(a, role, theme, (task["order"], task["section_path"]), task["task"], "table")
                 for a, role in task["agencies"]]
    return rows


def _assignment(leads, text: str, theme: str, where) -> list[dict]:
    """Rows of one task: the agencies it opens with, then those it coordinates with; an agency named
    twice in one role ("Các cơ quan, đơn vị liên quan: Phối hợp ... với ... các đơn vị có liên quan") once."""
    named = {(a.name, role): (a, role) for a, role in leads + coordinating(text)}
    return [_row(a, role, theme, where, text) for a, role in named.values()]


def _row(agency: Agency, role: str, theme: str, where, text: str, source: str = "text") -> dict:
    return {"agency": agency.name, "agency_as_written": agency.written, "successor_2025": agency.successor,
            "level": agency.level, "generic": agency.generic, "role": role, "source": source, "themes": theme,
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
