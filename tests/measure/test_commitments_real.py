"""The commitments extractor on real task sections of provincial plans, directives and regulations
(issue 27; tests/data/commitments/real, scored by tests/measure/real_commitments.py).

Three splits, each drawn by document (``sources.csv``):

- ``dev``: what the rules were refined on. Its numbers are pinned at what was measured (not above), so a
  change that loses ground fails.
- ``heldout-1``: kept out of development for the first round and measured once after it (29 Nov 2026:
  deadlines 1.00 / 0.41, lead 0.83 / 0.53, coordinate 0.42 / 0.25); then, being measured, it became
  development text for the second round, and is pinned like dev.
- ``heldout-2``: annotated in the second round by a coder who never read the extractor, measured once at
  its end as the final set, then developed on in the third round; pinned like dev.
- ``heldout-3``, ``heldout-4``, ``heldout-5``: the same, one, two and three rounds later.
- ``heldout-6``: the sixth round's final set, annotated apart and measured once at the end of that round: its
  first pass is pinned as a floor; developed on in the seventh round.
- ``heldout-7``: the seventh round's final set, annotated apart and measured once at the end of that round: its
  first pass is pinned as a floor; developed on in the eighth round.
- ``heldout-8``: the eighth round's final set, annotated apart and measured once at the end of that round: its
  first pass is pinned as a floor; developed on in the ninth round.
- ``heldout-9``: the ninth round's final set, annotated apart and measured once at the end of that round: its first
  pass is pinned as a floor; developed on in the tenth round.
- ``heldout-10``: the tenth round's final set, annotated apart and measured once at the end of that round: its first
  pass is pinned as a floor and is what the briefing quotes (the latest first pass); developed on in the eleventh.
- ``final11`` (when present): the next set, annotated apart; not scored until its round ends.

It runs in every ``make test``.
"""

import sys
from pathlib import Path

import pytest

from analysis import config

sys.path.insert(0, str(Path(__file__).parent))
from real_commitments import measure, report, splits  # noqa: E402

# Precision, recall, as measured after the third round's fixes. Dev's first pass: deadlines 0.91 / 0.36,
# targets 0.50 / 1.00, lead 0.59 / 0.23, coordinate 0.58 / 0.24.
# Lead precision fell from 0.97 to 0.96 in the sixth round: a passage's subject goes on into its later sentences
# with no subject of their own, and dev's coder left one such report duty out ("Hằng năm báo cáo kết quả thực hiện
# về Ban Chỉ huy ...", Nghệ An civil defence).
DEV = {"deadlines": (1.00, 1.00), "targets": (1.00, 1.00), "lead": (0.96, 0.99), "coordinate": (1.00, 1.00)}
# heldout-1: its single measurement before development is in the module docstring. Lead precision fell from
# 1.00 to 0.94 in the third round: each sentence under a heading became a task, and its coder left three
# such sentences out (Cần Thơ 9 and 10.b, Hà Nội 12.1.a).
# Eighth round: "các Tổ đại biểu và đại biểu Hội đồng nhân dân" is two bodies for every later coder, one for
# heldout-1's (lead 0.94 / 1.00 -> 0.90 / 0.98).
HELDOUT_1 = {"deadlines": (1.00, 0.94), "targets": (0.50, 1.00), "lead": (0.90, 0.98), "coordinate": (0.95, 1.00)}
# heldout-2: measured once as the "final" set at the end of the second round (deadlines 0.80 / 0.36, targets
# 0.80 / 0.59, lead 0.62 / 0.35, coordinate 0.80 / 0.33; every miss in real/measured/heldout-2-first-pass.txt),
# then developed on in the third.
# Sixth round: the body a report is sent to "để tổng hợp" leads the summing up, as heldout-3, -4 and -5's coders
# read it; heldout-2's coder mostly did not (lead precision 0.95 -> 0.92, recall 0.81 -> 0.82).
# Seventh round: "Giám đốc các Sở: Nông nghiệp và Môi trường, Tài chính" is one row per department, as heldout-6's
# coder reads such lists; heldout-2's coder kept it one name (precision 0.92 -> 0.90).
HELDOUT_2 = {"deadlines": (0.98, 0.97), "targets": (0.99, 0.98), "lead": (0.90, 0.83), "coordinate": (0.98, 0.93)}
# heldout-3: measured once as the final set at the end of the third round (deadlines 0.85 / 0.44, targets
# 0.98 / 0.59, lead 0.92 / 0.55, coordinate 0.83 / 0.62; real/measured/heldout-3-first-pass.txt), then
# developed on in the fourth. Its coder splits lower-case clauses into tasks of their own and dates an
# appendix's targets by its title, as the rules do not: most of what it still misses.
# (sixth round: its Sơn La yearly-values table read, targets 0.83 -> 0.94 recall.)
HELDOUT_3 = {"deadlines": (0.91, 0.72), "targets": (0.99, 0.94), "lead": (0.93, 0.80), "coordinate": (0.83, 0.79)}
# heldout-4: measured once as the final set at the end of the fourth round (targets 0.98 / 0.85, deadlines
# 0.71 / 0.62, lead 0.79 / 0.61, coordinate 0.95 / 0.40; real/measured/heldout-4-first-pass.txt), then developed on
# in the fifth (coordinate precision fell from 0.95 to 0.90 as task cards named more partners).
HELDOUT_4 = {"deadlines": (0.88, 0.84), "targets": (0.98, 0.85), "lead": (0.88, 0.82), "coordinate": (0.90, 0.60)}
# heldout-5: measured once as the final set at the end of the fifth round, before any development on it (every
# miss in real/measured/heldout-5-first-pass.txt). 24 of its 42 targets and 24 of its 46 deadlines are the cells
# of one yearly-values table (Cà Mau's budget plan), which the rules did not read then. Developed on in the sixth.
HELDOUT_5_FIRST_PASS = {"deadlines": (0.53, 0.20), "targets": (0.93, 0.33), "lead": (0.88, 0.66),
                        "coordinate": (1.00, 0.35)}
# After the sixth round's development on it (yearly-values tables, a long dated heading, a passage's subject going on,
# "Ban quản lý ..." names, subjects after "Để ...,", duties as scope):
# A heading's name with its region ("3. Ngân hàng Nhà nước chi nhánh khu vực 14") now read whole: its tasks gained,
# but the list under its "a) Chỉ đạo các Ngân hàng thương mại ... như sau:" is the directed banks' for the coder, and
# the rules give it to the heading's agency (lead precision 0.90 -> 0.89, coordinating 0.94 -> 0.83).
HELDOUT_5 = {"deadlines": (0.86, 0.96), "targets": (0.98, 1.00), "lead": (0.88, 0.82), "coordinate": (0.83, 0.75)}
# heldout-6: the sixth round's final set (14 passages, 9 documents: four 2017 HĐND resolutions, a 2025 regulation and three 2025
# plans), annotated by a coder who never read the extractor, measured once at the end of the sixth round before any
# development on it (every miss in real/measured/heldout-6-first-pass.txt): the honest estimate, pinned as a floor.
# Most lead misses are HĐND resolutions' lists ("đề nghị Ủy ban nhân dân tỉnh quan tâm chỉ đạo ... sau:", "- Chỉ đạo Sở
# X: + ...": the items are the directed body's) and a supervision programme whose items the coder gave the council.
HELDOUT_6_FIRST_PASS = {"deadlines": (0.76, 0.92), "targets": (0.82, 0.90), "lead": (0.70, 0.45),
                        "coordinate": (0.67, 0.36)}
# After the seventh round's development on it (the issuer agreeing is no task and a passage's last sentence heads its
# list; "Chỉ đạo X: + ..." and "Chỉ đạo X <verb> ...": the directed body does what follows; "các sở, ngành: A; B; C";
# subjects after a topic label "Về ...:", "Nhằm ...," or "Trong thời gian ...,"):
HELDOUT_6 = {"deadlines": (0.76, 0.92), "targets": (0.82, 0.90), "lead": (0.93, 0.78), "coordinate": (0.78, 0.64)}
# heldout-7: the seventh round's final set (written as final7) (14 passages, 9 documents: 2025 regulations on land registration and prices, a
# 2025 emulation plan, two letters quoted on a portal, a 2025 and three 2017 HĐND resolutions; 1 target row only),
# annotated by another coder who never read the extractor, measured once at the end of the seventh round before any
# development on it (every miss in real/measured/heldout-7-first-pass.txt): the honest estimate, pinned as a floor.
HELDOUT_7_FIRST_PASS = {"deadlines": (0.56, 0.56), "targets": (0.33, 1.00), "lead": (0.71, 0.41),
                        "coordinate": (0.60, 0.27)}
# After the eighth round's development on it ("vào ngày ...", "hàng tuần", "trước ngày 01 của tháng tiếp theo"; items
# numbered "(1)"; "Sở X: <task>" quoted whole; land registration offices, tax offices, statistics, project boards in
# agencies.csv; "các Tổ đại biểu và đại biểu HĐND" two bodies):
HELDOUT_7 = {"deadlines": (0.64, 0.88), "targets": (0.33, 1.00), "lead": (0.87, 0.73), "coordinate": (0.64, 0.64)}
# heldout-8: the eighth round's final set (written as final8) (15 passages, 10 documents: Hà Nội's air-pollution and waste letter, a farm extension
# programme with targets, fire prevention, land clearance letters, asset declaration, two provincial master-plan
# plans, communication and online services), annotated by another coder who never read the extractor, measured once
# at the end of the eighth round before any development on it (every miss in real/measured/heldout-8-first-pass.txt):
# the honest estimate, pinned as a floor. Its lead misses are mostly letters naming commune party committees and
# communes by name ("UBND các xã: Quế Võ, Phương Liễu, Bồng Lai") and police forces ("lực lượng Cảnh sát giao thông").
HELDOUT_8_FIRST_PASS = {"deadlines": (0.84, 1.00), "targets": (0.73, 0.69), "lead": (0.86, 0.51),
                        "coordinate": (0.64, 0.44)}
# After the ninth round's development on it (police, traffic and environment police, commune police, the power company
# and the merged propaganda-and-mass-mobilisation board in agencies.csv; a name stops at "thường xuyên", "khẩn trương"):
HELDOUT_8 = {"deadlines": (0.84, 1.00), "targets": (0.73, 0.69), "lead": (0.89, 0.56), "coordinate": (0.67, 0.50)}
# heldout-9: the ninth round's final set (written as final9) (12 passages, 7 documents: five 2025 regulations' "Trách nhiệm của ..." articles on
# weddings and funerals, electricity safety, voters' petitions, a petition app and shared telecom infrastructure; a
# land-price notice; a 2017 council supervision programme; no target rows), annotated by another coder who never
# read the extractor, measured once at the end of the ninth round before any development on it (every miss in
# real/measured/heldout-9-first-pass.txt): the honest estimate, pinned as a floor. Lead precision reaches the bar (0.9)
# at first pass for the first time; lead recall (0.78) does not (0.8). Targets: no gold row, none found.
HELDOUT_9_FIRST_PASS = {"deadlines": (0.57, 0.89), "targets": (0.00, 0.00), "lead": (0.91, 0.78),
                        "coordinate": (1.00, 0.71)}
# After the tenth round's development on it (the date a document applies from is no deadline; a subject after "Nếu
# ... thì"; "X phối hợp với Y chịu trách nhiệm": X leads):
HELDOUT_9 = {"deadlines": (0.73, 0.89), "targets": (0.00, 0.00), "lead": (0.91, 0.80), "coordinate": (1.00, 0.71)}
# heldout-10: the tenth round's final set (written as final10) (10 passages, 5 documents: 2025 regulations on construction and transport tasks
# handed to communes, a document-management system, a web portal, coordination on religion, an ethnic-minority
# support procedure; no target rows), annotated by another coder who never read the extractor, measured once at the
# end of the tenth round before any development on it (every miss in real/measured/heldout-10-first-pass.txt): the
# honest estimate, pinned as a floor. 15 of its 18 spurious leads come from one procedure: a passage whose last
# sentence ends with a colon heads the "Bước 1 ... Bước 7" steps below it, though each step names its own actor
# after "Trong vòng 02 ngày làm việc," (an opening the rules do not skip yet).
HELDOUT_10_FIRST_PASS = {"deadlines": (0.80, 0.67), "targets": (0.00, 0.00), "lead": (0.73, 0.68),
                         "coordinate": (1.00, 0.71)}
# After the eleventh round's development on it (a procedure's steps name their actor after "Trong vòng 02 ngày làm
# việc,"; commune offices "Phòng ..." the gazetteer lacks; a name stops at "giao", "tiếp nhận", "thẩm định"):
HELDOUT_10 = {"deadlines": (0.80, 0.67), "targets": (0.00, 0.00), "lead": (0.78, 0.72), "coordinate": (1.00, 0.71)}
PINNED = {"dev": DEV, "heldout-1": HELDOUT_1, "heldout-2": HELDOUT_2, "heldout-3": HELDOUT_3, "heldout-4": HELDOUT_4,
          "heldout-5": HELDOUT_5, "heldout-6": HELDOUT_6,
          "heldout-7": HELDOUT_7, "heldout-8": HELDOUT_8,
          "heldout-9": HELDOUT_9, "heldout-10": HELDOUT_10}


@pytest.mark.parametrize("split", sorted(PINNED))
def test_a_split_holds_its_measured_numbers(split):
    scores = measure(split)
    print("\n" + report(split, scores))
    for name, (precision, recall) in PINNED[split].items():
        assert scores[name].precision >= precision - 0.005 and scores[name].recall >= recall - 0.005, name


def test_the_briefing_quotes_the_last_first_pass():
    # the agency reading tells a decision maker how far to trust the counts: the last held-out set's first pass
    lead = HELDOUT_10_FIRST_PASS["lead"]
    assert config.LEAD_AGENCIES_FIRST_PASS == {"precision": lead[0], "recall": lead[1]}


def test_every_passage_belongs_to_a_known_split():
    assert set(splits().values()) <= {"dev", "heldout-1", "heldout-2", "heldout-3", "heldout-4", "heldout-5", "heldout-6", "heldout-7",
                                     "heldout-8", "heldout-9", "heldout-10", "final", "final11"}
