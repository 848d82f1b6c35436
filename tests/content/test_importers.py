"""Importing question banks: each format from real-looking files, problems at their rows and
lines, --skip-bad, the written YAML passing the bank loader, and `studybot import`."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.content.bank_writer import dump_bank, dump_bank_lines
from bot.content.banks import load_bank_file, load_banks
from bot.content.importers import ImportResult, detect_format, import_bank, sniff_text
from bot.content.importers.model import IMPORT_CODES, slug_id
from bot.content.importers.report import describe, summary_lines
from bot.content.problems import Problem
from bot.domain.answers import normalize_fill
from bot.domain.questions import Bank, Question, QuestionType
from bot.locales import SUPPORTED_LOCALES, message_ids

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]
S, M, J, F = QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.JUDGE, QuestionType.FILL


def load(name: str, **kwargs: str) -> ImportResult:
    return import_bank((FIXTURES / name).read_bytes(), name, **kwargs)


def where(result: ImportResult) -> list[tuple[int | None, str]]:
    """(row or line, code) of every error."""
    return [(p.line, p.code.removeprefix("import-")) for p in result.errors]


def shape(q: Question) -> tuple[object, ...]:
    return (q.type, q.text, q.options, q.correct_letters, q.accepted)


def passes_loader(result: ImportResult) -> Bank:
    """The YAML the import would write, read by the real loader: the same bank, no errors."""
    assert result.yaml_text is not None and result.bank is not None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{result.bank.id}.yaml"
        path.write_text(result.yaml_text, encoding="utf-8")
        loaded, problems = load_bank_file(path)
    assert loaded is not None, problems
    assert not any(p.is_error for p in problems)
    assert loaded.questions == result.bank.questions
    return loaded


# -- Excel -------------------------------------------------------------------------------


def test_an_organisers_own_workbook() -> None:
    """Title row above the header, other column order, 序号 and 备注 columns, Excel numbers
    and booleans, stray spaces, full-width letters, stars for difficulty, a 题库信息 sheet."""
    result = load("2020年党建知识题库.xlsx")
    assert result.format == "xlsx" and result.found == 5 and result.errors == ()
    bank = passes_loader(result)
    assert (bank.id, bank.title, bank.tags) == (
        "party-building-2020",
        "2020年机关党建知识",
        ("党建", "知识竞赛"),
    )
    assert result.id_source == "file"
    q1, q2, q3, q4, q5 = bank.questions
    assert shape(q1) == (
        S,
        "苏州市级机关持续开展的、督促党员严格遵守党章的活动叫什么？",
        ("党章学习日", "读书月", "法治开讲", "干部大讲堂"),
        ("A",),
        (),
    )
    assert (q1.difficulty, q1.tags, q1.time_limit) == (1, ("党章",), 25)  # 默认时限 25
    assert q2.type is M and q2.correct_letters == ("A", "B", "C", "E") and len(q2.options) == 5
    assert q3.type is J and q3.correct_letters == ("A",)  # the cell held TRUE
    assert q4.type is F and q4.accepted == ("15", "十五") and q4.explanation.count("\n") == 1
    assert q5.correct_letters == ("D",) and q5.difficulty == 2  # Ｄ and ★★
    assert [q.id for q in bank.questions] == ["q001", "q002", "q003", "q004", "q005"]
    warnings = [(p.line, p.code) for p in result.warnings]
    assert warnings == [(2, "import-column-ignored"), (None, "import-explanations-missing")]
    assert result.warnings[1].args == {"count": 1, "where": "8"}  # row 8 has no 解析


def test_workbook_problems_name_the_row() -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Question", "Option A", "Option B", "Answer", "Type", "Difficulty"])
    sheet.append(["好的题目", "甲", "乙", "B", "single", 3])
    sheet.append(["坏的题目", "甲", "乙", "C", "single", 3])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["难度写错", "甲", "乙", "A", "", "hard"])
    sheet.append(["小写字母的答案", "甲", "乙", "a", "单选", None])
    path = Path(tempfile.mkdtemp()) / "english.xlsx"
    workbook.save(path)
    result = import_bank(path.read_bytes(), "english.xlsx")
    assert where(result) == [(3, "answer-not-in-options"), (5, "difficulty-invalid")]
    assert result.bad_lines == (3, 5)
    assert not result.writable(skip_bad=False) and result.writable(skip_bad=True)
    bank = passes_loader(result)
    assert [q.text for q in bank.questions] == ["好的题目", "小写字母的答案"]
    assert [q.id for q in bank.questions] == ["q001", "q004"]  # ids follow the position


def test_percentages_and_dates_read_as_the_sheet_shows_them() -> None:
    """Excel keeps 0.5% as 0.005 and 1921年7月1日 as a date and time: the options said
    "0.005" and the fill-in answer "1921-07-01T00:00:00", which no member would type."""
    from datetime import date, datetime

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["题目", "选项A", "选项B", "选项C", "答案"])
    sheet.append(["月收入3000元以下的党员，每月交纳党费的比例是", 0.005, 0.01, 0.015, "A"])
    sheet.append(["中国共产党的成立纪念日是", None, None, None, date(1921, 7, 1)])
    sheet.append(["党支部换届选举的日期是", None, None, None, datetime(2024, 3, 15)])
    for cell in ("B2", "C2", "D2"):
        sheet[cell].number_format = "0.0%"
    sheet["E3"].number_format = 'm"月"d"日"'
    path = Path(tempfile.mkdtemp()) / "formats.xlsx"
    workbook.save(path)
    bank = passes_loader(import_bank(path.read_bytes(), "formats.xlsx"))
    q1, q2, q3 = bank.questions
    assert q1.options == ("0.5%", "1.0%", "1.5%")
    assert (q2.type, q2.accepted) == (F, ("7月1日",))
    assert q3.accepted == ("2024-03-15",)


def test_a_workbook_with_a_sheet_per_type() -> None:
    """Only the first sheet was read: the 多选题 and 判断题 sheets were left out without a
    word. Every question sheet is read now; its name gives the type, problems name it."""
    from openpyxl import Workbook

    workbook = Workbook()
    single = workbook.active
    assert single is not None
    single.title = "单选题"
    single.append(["题目", "选项A", "选项B", "答案", "解析"])
    single.append(["党的最高理想是", "共产主义", "小康", "A", "党章总纲"])
    multiple = workbook.create_sheet("多选题")
    multiple.append(["题目", "选项A", "选项B", "选项C", "答案"])
    multiple.append(["不定项：党的建设包括", "政治建设", "经济建设", "文化建设", "A"])
    multiple.append(["党的建设包括", "政治建设", "思想建设", "组织建设", "E"])
    judge = workbook.create_sheet("判断题")
    judge.append(["题目", "答案"])
    judge.append(["预备党员有表决权", "×"])
    workbook.create_sheet("说明").append(["题目", "答案"])
    path = Path(tempfile.mkdtemp()) / "per-type.xlsx"
    workbook.save(path)
    result = import_bank(path.read_bytes(), "per-type.xlsx")
    assert result.found == 4
    assert [(p.path, p.line, p.code) for p in result.errors] == [
        ("per-type.xlsx / 多选题", 3, "import-answer-not-in-options")
    ]
    assert result.warnings[0].args["where"] == "多选题 2, 判断题 2"
    assert "位置（行号）：多选题 2, 判断题 2。" in describe(result.warnings[0], result.unit, "zh")
    bank = passes_loader(result)
    assert [(q.type, q.correct_letters) for q in bank.questions] == [
        (S, ("A",)),
        (M, ("A",)),  # the sheet says 多选
        (J, ("B",)),
    ]


def _saved(workbook: Any, name: str) -> ImportResult:
    path = Path(tempfile.mkdtemp()) / name
    workbook.save(path)
    return import_bank(path.read_bytes(), name)


def test_a_header_over_two_rows_with_options_under_one_merged_cell() -> None:
    """选项 merged over four columns whose row below names A B C D, the other names merged
    down over both rows: the first row was taken for the whole header, one "选项" column
    holding option A only, and the row of letters became a question without text."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["2020年机关党建知识竞赛题库"])
    sheet.merge_cells("A1:I1")
    sheet.append(["序号", "题型", "题目", "选项", None, None, None, "答案", "解析"])
    sheet.append([None, None, None, "A", "B", "C", "D", None, None])
    for column in "ABCHI":
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.merge_cells("D2:G2")
    sheet.append(
        [
            1,
            "单选",
            "全年计划组织几期“干部大讲堂”？",
            "3期",
            "5期",
            "10期",
            "15期",
            "B",
            "要点二.5",
        ]
    )
    sheet.append(
        [2, "多选", "要点要求严格落实的制度有", "统一活动日", "旁听制", "记实制", None, "ABC", ""]
    )
    result = _saved(workbook, "两行表头.xlsx")
    assert result.errors == ()
    q1, q2 = passes_loader(result).questions
    assert (q1.options, q1.correct_letters, q1.explanation) == (
        ("3期", "5期", "10期", "15期"),
        ("B",),
        "要点二.5",
    )
    assert (q2.type, q2.options, q2.correct_letters) == (
        M,
        ("统一活动日", "旁听制", "记实制"),
        ("A", "B", "C"),
    )
    assert result.warnings[-1].args["where"] == "5"  # rows as Excel shows them


def test_a_group_row_above_the_column_names() -> None:
    """A row of group names ("题目" over 题型 and 题干, "答案" over 答案 and 解析) was taken for
    the header: the real column names became a question."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["题目", None, "选项", None, None, "答案", None])
    sheet.merge_cells("A1:B1")
    sheet.merge_cells("C1:E1")
    sheet.merge_cells("F1:G1")
    sheet.append(["题型", "题干", "选项A", "选项B", "选项C", "正确答案", "答案解析"])
    sheet.append(
        ["判断", "要点提出以党小组为考评单位。", None, None, None, "×", "以党支部为考评单位"]
    )
    sheet.append(
        ["单选", "党建活动经费新标准是每人每年（  ）元", "600", "800", "1000", "B", "要点六.20"]
    )
    result = _saved(workbook, "分组表头.xlsx")
    assert result.problems == ()
    q1, q2 = passes_loader(result).questions
    assert (q1.type, q1.correct_letters, q1.explanation) == (J, ("B",), "以党支部为考评单位")
    assert (q2.options, q2.correct_letters) == (("600", "800", "1000"), ("B",))


def test_formula_cells_without_a_saved_value_are_named() -> None:
    """A workbook written by a program, never opened in Excel, keeps its formulas but not
    their results: the question was imported with an empty text or option, or its answer
    "missing", without a word on why."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["题目", "选项A", "选项B", "答案"])
    sheet.append(["党的根本组织原则是（  ）", "集体领导", "民主集中制", "B"])
    sheet.append(['="全年计划组织几期"&"“干部大讲堂”？"', "3期", "=B2", "B"])
    sheet.append(["党的最高理想是（  ）", "共产主义", "小康", '=IF(1>0,"A","B")'])
    result = _saved(workbook, "程序生成.xlsx")
    assert [(p.line, p.code, p.args) for p in result.errors] == [
        (3, "import-formula-no-value", {"cells": ("A3", "C3")}),
        (4, "import-formula-no-value", {"cells": ("D4",)}),
    ]
    message = describe(result.errors[0], result.unit, "zh")
    assert "A3、C3" in message and "WPS" in message
    # Listed the way each language lists things.
    assert "A3, C3" in describe(result.errors[0], result.unit, "en")
    assert [q.text for q in passes_loader(result).questions] == ["党的根本组织原则是（  ）"]

    info = workbook.create_sheet("题库信息")
    info.append(["标题", '="党建"&"知识"'])
    result = _saved(workbook, "程序生成.xlsx")
    assert (result.errors[0].line, result.errors[0].args) == (1, {"cells": "题库信息!B1"})
    assert result.bank is None


def test_a_workbook_with_a_chart_sheet() -> None:
    """A chart sheet (no cells) made the import crash."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["题目", "选项A", "选项B", "答案"])
    sheet.append(["党的最高理想是", "共产主义", "小康", "A"])
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=2))
    workbook.create_chartsheet("统计", 0).add_chart(chart)
    path = Path(tempfile.mkdtemp()) / "chart.xlsx"
    workbook.save(path)
    result = import_bank(path.read_bytes(), "chart.xlsx")
    assert [q.text for q in passes_loader(result).questions] == ["党的最高理想是"]


def test_a_workbook_without_a_header_row() -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["苏州市级机关持续开展的活动叫什么？", "党章学习日", "读书月", "A"])
    path = Path(tempfile.mkdtemp()) / "无表头.xlsx"
    workbook.save(path)
    result = import_bank(path.read_bytes(), "无表头.xlsx")
    assert where(result) == [(None, "no-header")]
    assert result.bank is None and not result.writable(skip_bad=True)


def test_a_damaged_workbook() -> None:
    result = import_bank(b"PK\x03\x04 not really a zip", "坏文件.xlsx")
    assert where(result) == [(None, "xlsx-invalid")]


# -- CSV ---------------------------------------------------------------------------------


def test_csv_saved_by_excel_with_a_bom_crlf_and_a_line_break_in_a_cell() -> None:
    result = load("党章学习日.csv")
    assert result.format == "csv" and result.errors == () and result.warnings == ()
    bank = passes_loader(result)
    assert [q.type for q in bank.questions] == [S, M, J, F]
    first = bank.questions[0]
    assert first.text == "苏州市级机关持续开展的、督促党员严格遵守党章的活动叫什么？"  # no spaces
    assert first.correct_letters == ("A",)  # written " Ａ "
    assert first.explanation == (
        "依据《2020年机关党的建设工作要点》一.1：\n持续开展“党章学习日”活动。"
    )
    assert first.tags == ("党章", "政治建设")  # split on the full-width comma
    assert bank.questions[1].correct_letters == ("A", "B", "C")  # "A，B，C"
    assert bank.questions[3].accepted == ("5", "五")


def test_csv_rows_are_counted_as_the_file_has_them() -> None:
    """A quoted cell with a line break takes two lines: later rows keep their real number."""
    text = (
        '题目,选项A,选项B,答案,解析\r\n第一题,甲,乙,A,"两行\r\n的解析"\r\n\r\n第二题,甲,乙,E,\r\n'
    )
    result = import_bank(text.encode("utf-8"), "lines.csv")
    assert where(result) == [(5, "answer-not-in-options")]


def test_gbk_csv_with_english_headers() -> None:
    result = load("theory-gbk.csv")
    assert result.errors == () and result.id_source == "name"
    bank = passes_loader(result)
    assert bank.id == "theory-gbk"
    assert [shape(q)[:2] for q in bank.questions] == [
        (S, "2020年“干部大讲堂”的主题是什么？"),
        (J, "要点提出以党小组为考评单位。"),
    ]
    assert bank.questions[1].correct_letters == ("B",)  # false


def test_malformed_csv_rows_each_named_with_the_fix() -> None:
    result = load("有错误的题库.csv")
    assert where(result) == [
        (2, "type-unknown"),
        (3, "answer-not-in-options"),
        (4, "answer-single-multiple"),
        (5, "judge-answer-invalid"),
        (6, "text-missing"),
        (7, "option-gap"),
        (8, "difficulty-invalid"),
        (9, "fill-variant-empty"),
    ]
    lines = summary_lines(result, "zh")
    assert "有错误的题库.csv 第 2 行：不认识的题型 问答。" in lines[3]
    assert "请改正题型，或留空由答案判断" in lines[3]
    english = summary_lines(result, "en")
    assert english[4].startswith("有错误的题库.csv row 3: Answer E is not among the options")
    assert result.writable(skip_bad=True) and not result.writable(skip_bad=False)
    assert [q.id for q in passes_loader(result).questions] == ["q009"]


def test_a_tab_separated_csv_with_a_title_line_above_the_header() -> None:
    """The delimiter was guessed from the first line: a title line (no tabs) made it a
    comma, and the file had "no header row"."""
    text = (
        "党章知识题库，共2题\r\n"
        "题型\t题目\t选项A\t选项B\t答案\r\n"
        "单选\t党的最高理想是\t共产主义\t小康\tA\r\n"
        "判断\t预备党员有表决权，对吗\t\t\t×\r\n"
    )
    result = import_bank(text.encode("gbk"), "title.csv")
    assert result.errors == ()
    bank = passes_loader(result)
    assert [(q.type, q.correct_letters) for q in bank.questions] == [(S, ("A",)), (J, ("B",))]


def test_types_left_blank_are_read_from_the_answer() -> None:
    text = (
        "题目,选项A,选项B,选项C,答案\n"
        "一个字母,甲,乙,丙,B\n"
        "几个字母,甲,乙,丙,A C\n"
        "判断,,,,√\n"
        "判断二,正确,错误,,B\n"
        "填空____,,,,八百|800\n"
        "写了选项内容,甲,乙,丙,丙\n"
    )
    bank = passes_loader(import_bank(text.encode(), "infer.csv"))
    assert [(q.type, q.correct_letters, q.accepted) for q in bank.questions] == [
        (S, ("B",), ()),
        (M, ("A", "C"), ()),
        (J, ("A",), ()),
        (J, ("B",), ()),
        (F, (), ("八百", "800")),
        (S, ("C",), ()),
    ]


def test_option_letters_without_options_are_not_a_fill_in_answer() -> None:
    """Options the import could not find (here in a column it does not read) left a
    question with no type, no options and the answer "B": it became a fill-in question
    whose answer members had to type as "B", with no error."""
    text = (
        '题目,备选答案,答案\r\n党的根本组织原则是,"A、集体领导 B、民主集中制",B\r\n填空题,,GDP\r\n'
    )
    result = import_bank(text.encode(), "options.csv")
    assert where(result) == [(2, "options-too-few")]
    assert [q.accepted for q in passes_loader(result).questions] == [("GDP",)]


def test_all_options_in_one_column() -> None:
    """A single 选项 column ("A.共产主义 B.小康", or one option a line) is common in Chinese
    sheets; it was an unknown column and every question lost its options."""
    text = (
        "题型,题目,选项,答案\r\n"
        '单选,党的最高理想是,"A.共产主义 B.小康 C.复兴",A\r\n'
        ',党的根本组织原则是,"A、集体领导\nB、民主集中制",B\r\n'
        "多选,党的建设包括,A．政治建设；B．思想建设；C．组织建设,AB\r\n"
        "单选,没有字母的选项,甲 | 乙 | 丙,C\r\n"
    )
    result = import_bank(text.encode("gbk"), "one-column.csv")
    assert result.errors == () and not any(
        p.code == "import-column-ignored" for p in result.problems
    )
    assert [(q.type, q.options, q.correct_letters) for q in passes_loader(result).questions] == [
        (S, ("共产主义", "小康", "复兴"), ("A",)),
        (S, ("集体领导", "民主集中制"), ("B",)),
        (M, ("政治建设", "思想建设", "组织建设"), ("A", "B")),
        (S, ("甲", "乙", "丙"), ("C",)),
    ]


def test_an_answer_printed_in_a_question_cell_is_read_never_shown() -> None:
    """Workbooks made from answer keys keep the answer in the question's brackets: "…（√）"
    was shown to members as it was, and "（ A ）" with the 答案 cell blank was "answer
    missing". Brackets saying something else than the 答案 cell stay the question's own."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["题目", "选项A", "选项B", "选项C", "答案"])
    sheet.append(["党的纪律是全体党员必须遵守的行为规则。（√）", None, None, None, "正确"])
    sheet.append(["党的最高理想是（ A ）。", "共产主义", "小康", None, None])
    sheet.append(["党的建设包括（A、B）。", "政治建设", "思想建设", "经济建设", None])
    sheet.append(["预备党员有表决权。（×）", None, None, None, None])
    sheet.append(["党章规定（A）项是（ ）", "甲", "乙", None, "B"])
    path = Path(tempfile.mkdtemp()) / "brackets.xlsx"
    workbook.save(path)
    result = import_bank(path.read_bytes(), "brackets.xlsx")
    assert result.errors == ()
    assert [(q.type, q.text, q.correct_letters) for q in passes_loader(result).questions] == [
        (J, "党的纪律是全体党员必须遵守的行为规则。（  ）", ("A",)),
        (S, "党的最高理想是（  ）。", ("A",)),
        (M, "党的建设包括（  ）。", ("A", "B")),
        (J, "预备党员有表决权。（  ）", ("B",)),
        (S, "党章规定（A）项是（ ）", ("B",)),  # brackets of its own
    ]


def test_difficulty_words_and_time_limits_in_minutes() -> None:
    """Chinese sheets write difficulty 易/中/难 and time limits 1分钟, 1分30秒: every row
    was an error. The words map onto the bank's 1–5 (较易 and 较难 between), minutes and
    seconds onto seconds; other words are still errors."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["题目", "答案", "难度", "时限"])
    rows = [
        ("易", "1分钟"),
        ("容易", "30秒"),
        ("简单", "1分30秒"),
        ("较易", "2分"),
        ("中", "1 分 5 秒"),
        ("中等", "９０秒钟"),
        ("一般", 45),
        ("较难", "0"),
        ("难", None),
        ("困难", None),
        ("很难", "半分钟"),
    ]
    for i, (level, limit) in enumerate(rows, start=1):
        sheet.append([f"第{i}题____", str(i), level, limit])
    info = workbook.create_sheet("题库信息")
    info.append(["默认难度", "中等"])
    info.append(["默认时限", "2分钟"])
    path = Path(tempfile.mkdtemp()) / "levels.xlsx"
    workbook.save(path)
    result = import_bank(path.read_bytes(), "levels.xlsx")
    assert where(result) == [(12, "difficulty-invalid"), (12, "time-limit-invalid")]
    bank = passes_loader(result)
    assert [(q.difficulty, q.time_limit) for q in bank.questions] == [
        (1, 60),
        (1, 30),
        (1, 90),
        (2, 120),
        (3, 65),
        (3, 90),
        (3, 45),
        (4, 0),
        (5, 120),  # 默认时限 2分钟
        (5, 120),
    ]
    text = "1．党员有表决权。\n答案：对\n【难度】较难\n2．党的最高理想是____。\n答案：共产主义\n"
    result = import_bank(text.encode(), "levels.txt")
    assert [q.difficulty for q in passes_loader(result).questions] == [4, 2]


def test_question_ids_from_the_sheet_are_kept_and_checked() -> None:
    text = (
        "编号,题型,题目,答案\n"
        "ts-001,填空,一____,1\nbad id!,填空,二____,2\nts-001,填空,三____,3\n,填空,四,4\n"
    )
    result = import_bank(text.encode(), "ids.csv")
    assert where(result) == [(3, "id-invalid"), (4, "id-duplicate")]
    assert result.errors[1].args == {"id": "ts-001", "first": "2"}
    assert [q.id for q in passes_loader(result).questions] == ["ts-001", "q004"]


# -- the 【答案】 text format --------------------------------------------------------------


def test_chinese_text_bank_saved_as_gbk_with_crlf() -> None:
    result = load("党建知识竞赛题.txt")
    assert result.format == "text" and result.errors == () and result.warnings == ()
    bank = passes_loader(result)
    assert bank.title == "2020年机关党建知识竞赛题库"  # the first line
    assert [(q.type, q.correct_letters, q.accepted) for q in bank.questions] == [
        (S, ("A",), ()),
        (S, ("B",), ()),  # 答案：Ｂ
        (M, ("A", "B", "C"), ()),
        (J, ("B",), ()),  # 错误
        (J, ("A",), ()),  # √
        (F, (), ("800", "八百")),
        (F, (), ("互联网",)),  # answer on the question's own line
    ]
    q1, q2, q3 = bank.questions[:3]
    assert q1.options == ("党章学习日", "读书月", "法治开讲", "干部大讲堂")  # two per line
    assert q2.options == ("3期", "5期", "10期", "15期")  # (A) (B) …
    assert q2.explanation == (
        "依据《2020年机关党的建设工作要点》二.5：\n全年计划组织5期以“开放再出发”为主题的“干部大讲堂”。"
    )
    assert (q3.difficulty, q3.tags) == (3, ("政治建设", "组织生活"))
    assert bank.questions[4].explanation == "依据要点三.9。"


def test_numbering_styles_and_type_tags() -> None:
    text = (
        "三、判断题\n"
        "4．要点提出以党小组为考评单位。（ ）\n【答案】错误\n"
        "第5题 关于“三会一课”，下列说法正确的有（    ）。【多选题】\n"
        "（A）支部党员大会 （B）支部委员会 （C）党小组会\n答案：A、B、C\n"
        "四、填空题\n"
        "（6）全年组织____期“干部大讲堂”。\n答案：5|五\n"
        "7. 【单选】哪一项是“三会一课”之一？\nA. 支部党员大会\nB. 读书月\n【答案】A\n"
    )
    bank = passes_loader(import_bank(text.encode(), "styles.txt"))
    assert [(q.type, q.text, q.correct_letters, q.accepted) for q in bank.questions] == [
        (J, "要点提出以党小组为考评单位。（ ）", ("B",), ()),
        (M, "关于“三会一课”，下列说法正确的有（    ）。【多选题】", ("A", "B", "C"), ()),
        (F, "全年组织____期“干部大讲堂”。", (), ("5", "五")),
        (S, "哪一项是“三会一课”之一？", ("A",), ()),
    ]


def test_a_question_that_starts_with_a_year_is_a_question() -> None:
    """ "2．1921年7月…" was not taken for a question: it and its options were left out, and
    its 答案 line silently replaced the answer of the question before."""
    text = (
        "一、单选题\n"
        "1．党的根本组织原则是（ ）。\nA．集体领导 B．民主集中制\n答案：B\n"
        "2．1921年7月，中共一大在（ ）召开。\nA．上海 B．北京\n答案：A\n"
        "3、2035年基本实现（ ）。\nA．社会主义现代化 B．共产主义\n答案：A\n"
        "4.2049年建成（ ）。\nA．社会主义现代化强国 B．小康社会\n答案：A\n"
    )
    result = import_bank(text.encode(), "years.txt")
    assert {p.code for p in result.problems} == {"import-explanations-missing"}
    bank = passes_loader(result)
    assert [(q.text, q.correct_letters) for q in bank.questions] == [
        ("党的根本组织原则是（ ）。", ("B",)),
        ("1921年7月，中共一大在（ ）召开。", ("A",)),
        ("2035年基本实现（ ）。", ("A",)),
        ("2049年建成（ ）。", ("A",)),
    ]


def test_decimals_and_sections_after_a_half_width_dot_are_not_questions() -> None:
    text = "1. 增长了多少？\n3.5个百分点以上的是\nA. 甲\nB. 乙\n答案：A\n"
    bank = passes_loader(import_bank(text.encode(), "decimal.txt"))
    assert [q.text for q in bank.questions] == ["增长了多少？\n3.5个百分点以上的是"]


def test_answer_and_explanation_on_one_line_without_brackets() -> None:
    """ "答案：A　解析：…" was read as the answer "A　解析：…", an error."""
    text = (
        "1．党的最高理想是（ ）。\nA．共产主义 B．小康\n答案：A　解析：党章总纲。\n"
        "2．党的根本组织原则是（ ）。\nA．集体领导 B．民主集中制\n"
        "正确答案：B 答案解析：依据：党章第十条。\n"
        "3．党员有表决权（ ）答案：对 解析：党章第四条。\n"
    )
    result = import_bank(text.encode(), "oneline.txt")
    assert result.problems == ()
    bank = passes_loader(result)
    assert [(q.correct_letters, q.explanation) for q in bank.questions] == [
        (("A",), "党章总纲。"),
        (("B",), "依据：党章第十条。"),
        (("A",), "党章第四条。"),
    ]


def test_page_numbers_of_a_word_document_are_no_part_of_a_question() -> None:
    """A page break's "第 1 页 共 3 页" was glued to the option, question or explanation
    above it, and the bank imported without a word."""
    text = (
        "1．党的最高理想是（ ）。\nA．共产主义 B．小康\nC．复兴 D．强国\n"
        "第 1 页 共 3 页\n答案：A\n"
        "2．党的根本组织原则是\n- 2 -\n（ ）。\nA．集体领导 B．民主集中制\n答案：B\n"
        "解析：党章第十条。\n第2页/共3页\n"
        "3．党员有表决权。\nPage 3 of 3\n答案：对\n"
    )
    result = import_bank(text.encode(), "pages.txt")
    assert result.errors == () and result.warnings[0].code == "import-explanations-missing"
    bank = passes_loader(result)
    q1, q2, q3 = bank.questions
    assert q1.options == ("共产主义", "小康", "复兴", "强国")
    assert (q2.text, q2.explanation) == ("党的根本组织原则是\n（ ）。", "党章第十条。")
    assert q3.text == "党员有表决权。"


def test_a_second_answer_never_replaces_the_first() -> None:
    """A question whose number is not recognised (①) was left out with a warning, and its
    答案 line silently replaced the answer of the question above: B became A."""
    text = (
        "1．党的根本组织原则是（ ）。\nA．集体领导 B．民主集中制\n答案：B\n"
        "①党的最高理想是（ ）。\nA．共产主义 B．小康\n答案：A\n"
        "2．党员有表决权。\n答案：对\n"
    )
    result = import_bank(text.encode(), "twice.txt")
    assert where(result) == [(6, "answer-twice")]
    assert result.errors[0].args == {"first": 1, "previous": "B", "answer": "A"}
    assert result.bad_lines == (1,)
    assert [q.text for q in passes_loader(result).questions] == ["党员有表决权。"]


def test_options_on_one_line_without_spaces() -> None:
    """ "A．共产主义B．小康…" was one option, and the question had too few."""
    text = (
        "1．党的最高理想是（ ）。\nA．共产主义B．全面小康C．民族复兴D．现代化强国\n答案：A\n"
        "2．党的建设包括（ ）。\nA、政治建设B、思想建设\n（C）组织建设（D）作风建设\n答案：ABCD\n"
        "3．下列属于维生素的是（ ）。\nA．维生素B、维生素C B．铁\n答案：A\n"
    )
    result = import_bank(text.encode(), "tight.txt")
    assert result.errors == ()
    q1, q2, q3 = passes_loader(result).questions
    assert q1.options == ("共产主义", "全面小康", "民族复兴", "现代化强国")
    assert q2.options == ("政治建设", "思想建设", "组织建设", "作风建设")
    assert q3.options == ("维生素B、维生素C", "铁")  # spaces, where there are, decide


def test_options_on_the_question_line() -> None:
    """ "1．…（ ）。A．共产主义 B．小康" became a fill-in question whose answer was "A"."""
    text = (
        "1．党的最高理想是（ ）。A．共产主义 B．小康\nC．复兴\n答案：A\n"
        "2．党的根本组织原则是（ ）A、集体领导B、民主集中制\n答案：B\n"
        "3．下列关于A、B两项的说法正确的是（ ）\nA．甲 B．乙\n答案：B\n"
    )
    result = import_bank(text.encode(), "inline.txt")
    assert result.errors == ()
    assert [
        (q.type, q.text, q.options, q.correct_letters) for q in passes_loader(result).questions
    ] == [
        (S, "党的最高理想是（ ）。", ("共产主义", "小康", "复兴"), ("A",)),
        (S, "党的根本组织原则是（ ）", ("集体领导", "民主集中制"), ("B",)),
        (S, "下列关于A、B两项的说法正确的是（ ）", ("甲", "乙"), ("B",)),
    ]


def test_an_answer_printed_in_the_question_brackets() -> None:
    """Answer keys print the answer in the brackets: "（√）" with its 答案 line was shown to
    members as it was (the answer in the question), and "（ A ）" alone was "answer missing"."""
    text = (
        "1．党的纪律是全体党员必须遵守的行为规则。（√）\n答案：正确\n"
        "2．党的最高理想是（ A ）。\nA．共产主义 B．小康\n"
        "3．党的建设包括（A、B）。\nA．政治建设 B．思想建设 C．经济建设\n"
        "4．预备党员有表决权。（×）\n"
        "5．关于（A）类和（B）类的说法，正确的是（ ）\nA．甲 B．乙\n答案：A\n"
        "6．党章规定（A）项是（ ）\nA．甲 B．乙\n答案：B\n"
        "7．要点提出每人每年党建活动经费新标准为800元。（ 对 ）\n"
        "8．要点提出以党小组为考评单位。（错）\n"
    )
    result = import_bank(text.encode(), "brackets.txt")
    assert result.errors == ()
    assert [(q.type, q.text, q.correct_letters) for q in passes_loader(result).questions] == [
        (J, "党的纪律是全体党员必须遵守的行为规则。（  ）", ("A",)),
        (S, "党的最高理想是（  ）。", ("A",)),
        (M, "党的建设包括（  ）。", ("A", "B")),
        (J, "预备党员有表决权。（  ）", ("B",)),
        (S, "关于（A）类和（B）类的说法，正确的是（ ）", ("A",)),  # brackets of its own
        (S, "党章规定（A）项是（ ）", ("B",)),
        (J, "要点提出每人每年党建活动经费新标准为800元。（  ）", ("A",)),  # 对 and 错 too
        (J, "要点提出以党小组为考评单位。（  ）", ("B",)),
    ]


def test_an_answer_key_at_the_end_of_the_paper() -> None:
    """Exam papers list the questions, then 参考答案 "1．A 2．B 3．√": every question was
    "answer missing" and the key itself a question with "0 options". Numbers that start
    again in each section are matched section by section."""
    text = (
        "2020年党建知识测试\n"
        "一、单项选择题\n"
        "1．党的最高理想是（ ）。\nA．共产主义 B．小康\n"
        "2．党的根本组织原则是（ ）。\nA．集体领导 B．民主集中制\n"
        "二、多项选择题\n"
        "1．党的建设包括（ ）。\nA．政治建设 B．思想建设 C．经济建设\n"
        "三、判断题\n"
        "1．预备党员有表决权。（ ）\n2．党员有表决权。（ ）\n"
        "四、填空题\n"
        "1．全年组织____期“干部大讲堂”。\n"
        "\n参考答案\n"
        "一、单项选择题\n1．A 2．B\n"
        "二、多项选择题\n1．AB\n"
        "三、判断题\n1．×  2．√\n"
        "四、填空题\n1．5|五\n"
    )
    result = import_bank(text.encode(), "paper.txt")
    assert [p.code for p in result.problems] == ["import-explanations-missing"]
    bank = passes_loader(result)
    assert bank.title == "2020年党建知识测试"
    assert [(q.type, q.correct_letters, q.accepted) for q in bank.questions] == [
        (S, ("A",), ()),
        (S, ("B",), ()),
        (M, ("A", "B"), ()),
        (J, ("B",), ()),
        (J, ("A",), ()),
        (F, (), ("5", "五")),
    ]


def test_an_answer_key_with_explanations_one_answer_a_line() -> None:
    text = (
        "1．党的最高理想是（ ）。\nA．共产主义 B．小康\n"
        "2．党员有表决权。\n答案：对\n"
        "3．党的根本组织原则是（ ）。\nA．集体领导 B．民主集中制\n"
        "第 1 页 共 2 页\n"
        "参考答案及解析\n"
        "1．A 解析：党章总纲。\n"
        "2．√\n"
        "3．B\n【解析】党章第十条。\n依据党章。\n"
    )
    result = import_bank(text.encode(), "key.txt")
    assert [p.code for p in result.problems] == ["import-explanations-missing"]
    assert [(q.correct_letters, q.explanation) for q in passes_loader(result).questions] == [
        (("A",), "党章总纲。"),
        (("A",), ""),  # 对 and √ agree
        (("B",), "党章第十条。\n依据党章。"),
    ]


@pytest.mark.parametrize(
    "key",
    [
        "参考答案：1．B 2．A 3．×",
        "参考答案：1．B\n2．A\n3．×",
        "【参考答案】\n1.B2.A3.×",
        "一、参考答案\n（1）B（2）A（3）×",
        "答案\n1-3 BA×",
        "参考答案\n1～2：BA；3．错",
        "参考答案及评分标准\n1-3 BA×",
        "试卷答案与评分细则\n一、单项选择题\n1．B　2．A\n二、判断题\n3．×",
        "\n答案：\n1．B  2．A  3．×",
        "【答案】\n1-3 BA×",
    ],
)
def test_answer_key_layouts(key: str) -> None:
    text = f"1．甲（ ）。\nA．甲 B．乙\n2．乙（ ）。\nA．甲 B．乙\n3．丙。\n{key}\n"
    result = import_bank(text.encode(), "layouts.txt")
    assert result.errors == ()
    assert [q.correct_letters for q in passes_loader(result).questions] == [("B",), ("A",), ("B",)]


def test_answer_key_mistakes_name_the_line() -> None:
    """A key entry with no question, a question in neither the key nor with an answer of its
    own, and a key that contradicts the question's answer are errors, never guesses."""
    text = (
        "1．甲（ ）。\nA．甲 B．乙\n答案：A\n"  # 1
        "2．乙（ ）。\nA．甲 B．乙\n"  # 4
        "3．丙（ ）。\nA．甲 B．乙\n"  # 6
        "答案\n"  # 8
        "1．B 2．A\n4．C\n"  # 9, 10
    )
    result = import_bank(text.encode(), "key-mistakes.txt")
    assert where(result) == [
        (1, "answer-key-conflict"),
        (6, "answer-key-missing"),
        (10, "answer-key-extra"),
    ]
    assert result.errors[0].args == {"answer": "A", "key": "B", "where": 9}
    assert result.errors[1].args == {"number": 3}
    assert result.errors[2].args == {"number": 4}
    # A bare 【答案】 under a question, its answer on the next line, is no answer key.
    bare = "1．甲（ ）。\nA．甲 B．乙\n【答案】\nB\n2．乙（ ）。\nA．甲 B．乙\n答案：A\n"
    result = import_bank(bare.encode(), "bare.txt")
    assert where(result) == [(1, "answer-missing")]


def test_each_section_with_its_own_answer_key() -> None:
    """Papers that number on through the sections print a key under each: the first key
    swallowed every later section (its questions "ignored lines"), and a key that did not
    start at question 1 was read as part of the question above it."""
    text = (
        "2020年机关党建知识测试卷\n"  # 1
        "一、单项选择题（每题2分）\n"  # 2
        "1．苏州市级机关持续开展的、督促党员严格遵守党章的活动叫什么？（  ）\n"  # 3
        "A．党章学习日    B．读书月\nC．法治开讲      D．干部大讲堂\n"
        "2．全年计划组织几期以“开放再出发”为主题的“干部大讲堂”？（  ）\n"  # 6
        "A．3期 B．5期 C．10期 D．15期\n"
        "参考答案：1．A 2．B\n"  # 8
        "二、多项选择题（每题3分）\n"
        "3．要点要求认真执行的组织生活制度有（  ）。\n"  # 10
        "A．“三会一课” B．组织生活会 C．领导干部双重组织生活 D．“三级联述联评联考”\n"
        "4．“五型党课”之外，要点要求组织开展的活动有（  ）。\n"  # 12
        "A．重温“红色经典” B．开设“红色课堂” C．宣讲“红色故事”\n"
        "参考答案\n"
        "3-4 ABC、ABC\n"
        "三、判断题\n"
        "5．要点提出以党小组为考评单位。（  ）\n"  # 17
        "6．每人每年党建活动经费新标准为800元。（  ）\n"  # 18
        "参考答案：5．×  6．√\n"
    )
    result = import_bank(text.encode(), "测试卷.txt")
    assert [p.code for p in result.problems] == ["import-explanations-missing"]
    bank = passes_loader(result)
    assert [(q.type, q.correct_letters) for q in bank.questions] == [
        (S, ("A",)),
        (S, ("B",)),
        (M, ("A", "B", "C")),
        (M, ("A", "B", "C")),
        (J, ("B",)),
        (J, ("A",)),
    ]
    assert bank.questions[1].text == "全年计划组织几期以“开放再出发”为主题的“干部大讲堂”？（  ）"


def test_statements_without_brackets_after_a_sections_key() -> None:
    """True/false statements with no （ ） right under section 一's key were read as its
    fill-in answers."""
    text = (
        "一、单选题\n1．党的根本组织原则是（  ）。\nA．集体领导 B．民主集中制\n"
        "2．党的最高理想是（  ）。\nA．共产主义 B．小康\n参考答案：1．B 2．A\n"
        "二、判断题\n3．预备党员有表决权。\n4．党员有表决权。\n参考答案：3．×  4．√\n"
    )
    result = import_bank(text.encode(), "判断无括号.txt")
    assert result.errors == ()
    assert [(q.type, q.correct_letters) for q in passes_loader(result).questions] == [
        (S, ("B",)),
        (S, ("A",)),
        (J, ("B",)),
        (J, ("A",)),
    ]


def test_statements_after_a_sections_key_when_numbers_start_again() -> None:
    """Each section numbered from 1 with its key under it: the true/false statements
    (without brackets) of section 二 right after section 一's key were read as more answers
    of that key (a conflict on question 1, "0 options" on question 2)."""
    text = (
        "《2020年机关党的建设工作要点》测试卷\n"  # 1
        "一、单项选择题\n"
        "1．要点提出，每人每年党建活动经费新标准为（  ）。\n"  # 3
        "A．500元 B．600元 C．800元 D．1000元\n"
        "2．要点提出组建机关志愿服务队的数量是（  ）。\n"  # 5
        "A．5支 B．10支 C．15支 D．20支\n"
        "参考答案：1．C 2．C\n"
        "二、判断题\n"
        "1．要点提出以党小组为考评单位开展党员量化评议。\n"  # 9
        "2．全年计划组织5期“干部大讲堂”。\n"  # 10
        "3．青年理论学习小组每季度评选一次青年学习标兵\n"  # 11
        "参考答案：1．×  2．√  3．×\n"
        "三、填空题\n"
        "1．要点提出要营造____网络空间。\n"  # 14
        "2．要点提出优化“____+党建”。\n"  # 15
        "参考答案：1．清朗 2．互联网\n"
    )
    result = import_bank(text.encode(), "分节编号判断.txt")
    assert result.errors == ()
    bank = passes_loader(result)
    assert [(q.type, q.text, q.correct_letters or q.accepted) for q in bank.questions] == [
        (S, "要点提出，每人每年党建活动经费新标准为（  ）。", ("C",)),
        (S, "要点提出组建机关志愿服务队的数量是（  ）。", ("C",)),
        (J, "要点提出以党小组为考评单位开展党员量化评议。", ("B",)),
        (J, "全年计划组织5期“干部大讲堂”。", ("A",)),
        (J, "青年理论学习小组每季度评选一次青年学习标兵", ("B",)),
        (F, "要点提出要营造____网络空间。", ("清朗",)),
        (F, "要点提出优化“____+党建”。", ("互联网",)),
    ]


def test_a_one_entry_key_on_its_heading_line() -> None:
    """A section of one question with its key "参考答案：1．×" on one line: the key was read
    as the question's own answer "1．×" (refused) and a fill-in took "1．清朗" as its
    answer. "答案：C" under a question, with no number, stays the question's own."""
    text = (
        "一、单项选择题\n"
        "1．要点提出，每人每年党建活动经费新标准为（  ）。\n"
        "A．500元 B．600元 C．800元 D．1000元\n"
        "答案：C\n"
        "2．要点提出组建机关志愿服务队的数量是（  ）。\n"
        "A．5支 B．10支 C．15支 D．20支\n"
        "答案：C\n"
        "二、判断题\n"
        "1．要点提出以党小组为考评单位开展党员量化评议。（  ）\n"
        "参考答案：1．×\n"
        "三、填空题\n"
        "1．要点提出要营造____网络空间。\n"
        "参考答案：1．清朗\n"
        "四、多项选择题\n"
        "1．“三会一课”包括（  ）。\n"
        "A．支部党员大会 B．支部委员会 C．读书月 D．党课\n"
        "【参考答案】1．ABD\n"
    )
    result = import_bank(text.encode(), "一题一节.txt")
    assert result.errors == ()
    bank = passes_loader(result)
    assert [(q.type, q.correct_letters or q.accepted) for q in bank.questions] == [
        (S, ("C",)),
        (S, ("C",)),
        (J, ("B",)),
        (F, ("清朗",)),
        (M, ("A", "B", "D")),
    ]


@pytest.mark.parametrize(
    "key",
    [
        "参考答案\n一、1．C　2．B\n二、1．对　2．错　3．对\n三、1．ABCD",
        "参考答案\n一、单选题：1-2 CB\n二、判断题：1-3 √×√\n三、多选题：1．ABCD",
    ],
)
def test_key_lines_led_by_their_section(key: str) -> None:
    """ "一、1．C　2．B": a key whose lines start with their section's numeral was no key
    at all (every question "answer missing")."""
    text = (
        "《2020年机关党的建设工作要点》学习测试\n"
        "一、单选题\n"
        "1．要点提出组建多少支机关志愿服务队？（  ）\nA．5支　　B．10支　　C．15支　　D．20支\n"
        "2．全年计划组织几期“干部大讲堂”？（  ）\nA．3期　　B．5期　　C．10期　　D．15期\n"
        "二、判断题\n"
        "1．要点提出每月下发政治理论学习材料。\n"
        "2．要点提出以党小组为考评单位开展量化评议。\n"
        "3．要点提出持续开展“党章学习日”活动。\n"
        "三、多选题\n"
        "1．“三会一课”包括（  ）。\nA．支部党员大会　B．支部委员会　C．党小组会　D．党课\n"
        f"{key}\n"
    )
    result = import_bank(text.encode(), "分节答案.txt")
    assert result.errors == ()
    assert [(q.type, q.correct_letters) for q in passes_loader(result).questions] == [
        (S, ("C",)),
        (S, ("B",)),
        (J, ("A",)),
        (J, ("B",)),
        (J, ("A",)),
        (M, ("A", "B", "C", "D")),
    ]


def test_an_answer_key_for_the_sections_that_have_no_answers() -> None:
    """Section 一 has its answers under its questions; the key at the end is only for
    section 二, whose numbers start again: it was matched with section 一 (a conflict on
    every question) and section 二 had no answers."""
    text = (
        "一、单项选择题\n"
        "1．党的根本组织原则是（  ）。\nA．集体领导 B．民主集中制\n【答案】B\n"
        "2．党的最高理想是（  ）。\nA．共产主义 B．小康社会\n【答案】A\n"
        "二、多项选择题\n"
        "1．要点提出的“三个表率”模范机关建设要强化（  ）。\nA．系统意识 B．求解意识 C．特权意识\n"
        "2．党员教育管理要求做到（  ）。\nA．“十个必谈” B．“十个清楚” C．“十个不准”\n"
        "\n参考答案\n二、多项选择题\n1-2 AB、AB\n"
    )
    result = import_bank(text.encode(), "多选答案在后.txt")
    assert [p.code for p in result.problems] == ["import-explanations-missing"]
    bank = passes_loader(result)
    assert [q.correct_letters for q in bank.questions] == [("B",), ("A",), ("A", "B"), ("A", "B")]


def test_a_key_that_starts_after_the_first_question() -> None:
    """Section 一 answers under its questions, the key at the end starts at 11 (section
    二): it was taken for text of the last question. A question the key leaves out is named."""
    singles = "".join(
        f"{n}．第{n}题（  ）。\nA．甲 B．乙\n【答案】A\n【解析】依据要点。\n" for n in range(1, 11)
    )
    text = (
        f"一、单项选择题\n{singles}"
        "二、多项选择题\n"
        "11．要点要求严格落实的制度有（  ）。\nA．统一活动日 B．旁听制 C．记实制 D．年薪制\n"  # 43
        "12．要点要求规范的有（  ）。\nA．党员干部网络行为 B．党建信息审查 C．个人爱好\n"  # 45
        "13．“党建惠企”行动要搭建的平台是（  ）。\nA．结对共建平台 B．招商平台\n"  # 47
        "参考答案\n"
        "11-12 ABC、AB\n"
    )
    result = import_bank(text.encode(), "部分答案.txt")
    assert where(result) == [(47, "answer-key-missing")]
    assert result.errors[0].args == {"number": 13}
    bank = passes_loader(import_bank(text.encode(), "部分答案.txt"))
    assert [q.correct_letters for q in bank.questions[10:]] == [("A", "B", "C"), ("A", "B")]


@pytest.mark.parametrize(
    "key",
    [
        "参考答案\n1-4 B、AB、ACD、√",
        "参考答案\n1．B 2．AB 3．ACD 4．√",
        "参考答案\n1-3：B，AB，ACD；4．对",
        "参考答案\n1～3 B AB ACD 4-4 √",
        "参考答案\n1．B\n2-3 AB/ACD\n4．正确",
    ],
)
def test_multiple_choice_answers_in_a_key(key: str) -> None:
    text = (
        "一、单项选择题\n1．党的根本组织原则是（  ）。\nA．集体领导 B．民主集中制\n"
        "二、多项选择题\n"
        "2．“三会一课”包括（  ）。\nA．支部党员大会 B．支部委员会 C．读书月 D．党课\n"
        "3．要点提出的“四个意识”“四个自信”“两个维护”中，正确的是（  ）。\n"
        "A．增强“四个意识” B．坚定“四个自信” C．做到“两个维护” D．做到“三个表率”\n"
        "三、判断题\n4．党员有表决权。（  ）\n"
        f"{key}\n"
    )
    result = import_bank(text.encode(), "多选范围.txt")
    assert result.errors == ()
    assert [q.correct_letters for q in passes_loader(result).questions] == [
        ("B",),
        ("A", "B"),
        ("A", "C", "D"),
        ("A",),
    ]


def test_single_and_multiple_choice_ranges_on_one_line() -> None:
    questions = "".join(f"{n}．第{n}题（  ）。\nA．甲 B．乙 C．丙 D．丁\n" for n in range(16, 24))
    text = f"{questions}参考答案：16-20 ABCDA 21-23 AB、ACD、BC\n"
    result = import_bank(text.encode(), "混合范围.txt")
    assert result.errors == ()
    assert [q.correct_letters for q in passes_loader(result).questions] == [
        ("A",),
        ("B",),
        ("C",),
        ("D",),
        ("A",),
        ("A", "B"),
        ("A", "C", "D"),
        ("B", "C"),
    ]


def test_a_question_mark_in_a_key_entry_explanation_does_not_end_the_key() -> None:
    text = (
        "1．党的根本组织原则是（  ）。\nA．集体领导 B．民主集中制\n"
        "2．全年组织____期“干部大讲堂”。\n3．党员有表决权。（  ）\n"
        "参考答案\n"
        "1．B 解析：为什么是民主集中制？见党章第十条。\n"
        "2．5 解析：要点二.5，计划组织几期？5期。\n"
        "3．√\n"
    )
    result = import_bank(text.encode(), "解析有问号.txt")
    assert result.errors == ()
    q1, q2, q3 = passes_loader(result).questions
    assert (q1.correct_letters, q1.explanation) == (("B",), "为什么是民主集中制？见党章第十条。")
    assert (q2.accepted, q3.correct_letters) == (("5",), ("A",))


def test_fill_in_answers_in_a_range() -> None:
    """ "17-19 清朗、互联网、5|五" was refused with "should be 3 answers, it is 3"."""
    text = (
        "17．要点提出要营造____网络空间。\n18．优化“____+党建”。\n19．全年组织____期“干部大讲堂”。\n"
        "参考答案\n17-19 清朗、互联网、5|五\n"
    )
    result = import_bank(text.encode(), "填空范围.txt")
    assert result.errors == ()
    assert [q.accepted for q in passes_loader(result).questions] == [
        ("清朗",),
        ("互联网",),
        ("5", "五"),
    ]


def test_a_range_whose_answers_do_not_add_up_names_the_line() -> None:
    """ "1-5 ACBD" (one answer short) was an ignored line and five questions "without an
    answer"; each now names the key's line, and --skip-bad keeps question 6."""
    questions = "".join(f"{n}．第{n}题（  ）。\nA．甲 B．乙 C．丙 D．丁\n" for n in range(1, 7))
    text = f"{questions}\n参考答案\n1-5 ACBD\n6．C\n"
    result = import_bank(text.encode(), "少一个.txt")
    assert where(result) == [(line, "answer-key-range") for line in (1, 3, 5, 7, 9)]
    assert result.errors[0].args == {
        "first": 1,
        "last": 5,
        "expected": 5,
        "count": 4,
        "text": "ACBD",
        "where": 15,
    }
    assert result.writable(skip_bad=True)
    assert [q.correct_letters for q in passes_loader(result).questions] == [("C",)]


def test_numbered_statements_inside_a_question_stay_in_it() -> None:
    """A question listing （1）（2）（3） statements was cut into a question per statement,
    each without options or answer; ①②③ and options such as "A．①②" stay as they are."""
    text = (
        "一、单项选择题\n"
        "1．关于加强党的政治建设，下列说法正确的是（  ）。\n"  # 2
        "①带头做到“两个维护”\n②严明党的政治纪律和政治规矩\n③持续开展“党章学习日”活动\n"
        "A．①② B．①③ C．②③ D．①②③\n"
        "【答案】D\n"
        "2．要点对“三个表率”模范机关建设提出的要求有（  ）：\n"  # 8
        "（1）强化系统意识、求解意识\n"
        "（2）坚持先行先试、典型引路\n"
        "（3）建设属性鲜明的政治机关\n"
        "A．（1）（2） B．（1）（3）\nC．（2）（3） D．（1）（2）（3）\n"
        "【答案】D\n"
        "3．下列做法符合要点要求的有（  ）。(1)规范党员干部网络行为；(2)严格党建信息审查把关。\n"
        "A．只有(1) B．只有(2) C．(1)(2)\n【答案】C\n"
        "4．要点提出的三项制度是：\n1)“三会一课”\n2)组织生活会\n3)领导干部双重组织生活\n"
        "以上说法（  ）。\nA．正确 B．不完整\n【答案】A\n"
    )
    result = import_bank(text.encode(), "序号.txt")
    assert result.errors == ()
    q1, q2, q3, q4 = passes_loader(result).questions
    assert q1.text == (
        "关于加强党的政治建设，下列说法正确的是（  ）。\n"
        "①带头做到“两个维护”\n②严明党的政治纪律和政治规矩\n③持续开展“党章学习日”活动"
    )
    assert q1.options == ("①②", "①③", "②③", "①②③")
    assert q2.text.splitlines()[1:] == [
        "（1）强化系统意识、求解意识",
        "（2）坚持先行先试、典型引路",
        "（3）建设属性鲜明的政治机关",
    ]
    assert (q2.options, q2.correct_letters) == (
        ("（1）（2）", "（1）（3）", "（2）（3）", "（1）（2）（3）"),
        ("D",),
    )
    assert q3.options == ("只有(1)", "只有(2)", "(1)(2)")
    assert q4.text.count("\n") == 4 and q4.correct_letters == ("A",)


def test_statements_numbered_otherwise_than_the_questions() -> None:
    """Questions numbered （5）, statements 1) 2) 3): the statements became questions."""
    text = (
        "（5）下列活动中，要点安排在群团工作中开展的有：\n"
        "1)家庭亲子趣味运动会\n2)女干部沙龙\n3)“青年伙伴”联谊\n"
        "A.1)2)　B.1)3)　C.2)3)　D.1)2)3)\n答案：D\n"
        "（6）要点提出开展跨领域（    ）行动。\nA.“党建惠企”　B.“党建强企”\n答案：A\n"
        "7)“1+10+N”机关党群服务中心的“1”在（    ）。\n（1）行政中心五号楼\n（2）各部门\n"
        "A.（1）　B.（2）\n答案：A\n"
    )
    result = import_bank(text.encode(), "括号题号.txt")
    assert result.errors == ()
    q5, q6, q7 = passes_loader(result).questions
    assert q5.text.splitlines()[1:] == ["1)家庭亲子趣味运动会", "2)女干部沙龙", "3)“青年伙伴”联谊"]
    assert (q5.options, q5.correct_letters) == (("1)2)", "1)3)", "2)3)", "1)2)3)"), ("D",))
    assert q6.correct_letters == ("A",)
    assert q7.text.count("\n") == 2 and q7.options == ("（1）", "（2）")


def test_a_whole_exam_paper_with_its_answer_key() -> None:
    """A paper as organisers have them: its key at the end headed 参考答案及评分标准, with
    its own section headings and ranges; page numbers; statements ①②③ in a question."""
    result = load("2020要点学习测试卷.txt")
    assert result.errors == ()
    assert [(p.line, p.code) for p in result.warnings] == [
        (2, "import-line-ignored"),  # （满分100分，考试时间60分钟）
        (3, "import-line-ignored"),  # 单位：____ 姓名：____
        (None, "import-explanations-missing"),
    ]
    bank = passes_loader(result)
    assert bank.title == "苏州市级机关《2020年机关党的建设工作要点》学习测试卷"
    assert [str(q.type) for q in bank.questions].count("single") == 8
    answers = ["".join(q.correct_letters) or "|".join(q.accepted) for q in bank.questions]
    assert answers == [
        *("A", "A", "B", "C", "C", "C", "B", "C"),
        *("ABC", "ABC", "B", "ABC"),
        *("A", "B", "A", "A"),
        *("清朗", "互联网", "头雁", "一"),
    ]
    q11 = bank.questions[10]
    assert q11.text.count("\n") == 4 and q11.options[1] == "①②③"


def test_mistakes_in_a_text_bank_name_the_line() -> None:
    result = load("竞赛题-有错误.txt")
    assert where(result) == [
        (2, "answer-missing"),
        (5, "answer-not-in-options"),
        (9, "answer-single-multiple"),
        (13, "judge-answer-invalid"),
    ]
    assert [q.text for q in passes_loader(result).questions] == [
        "基层党建活动经费新标准是每人每年800元。"
    ]


def test_several_answers_under_a_single_choice_heading_say_how_a_text_makes_it_multiple() -> None:
    """A text file has no 题型 column: the message names the heading and the 【多选题】 tag
    after the number, and the tag does make the question multiple-choice."""
    paper = "一、单项选择题\n1．{tag}属于“三个表率”的是？\nA．甲 B．乙 C．丙\n答案：AC\n"
    result = import_bank(paper.format(tag="").encode(), "卷.txt")
    [problem] = result.errors
    for locale in SUPPORTED_LOCALES:
        assert "【多选题】" in describe(problem, "line", locale)
    fixed = import_bank(paper.format(tag="【多选题】").encode(), "卷.txt")
    assert fixed.errors == () and [q.type for q in passes_loader(fixed).questions] == [M]


def test_text_lines_outside_questions_are_reported_not_lost() -> None:
    text = "第1题 甲乙丙？\nA. 甲\nB. 乙\n答案：A\n\n以上内容仅供参考\n"
    result = import_bank(text.encode(), "notes.txt")
    assert (result.warnings[0].line, result.warnings[0].code) == (6, "import-line-ignored")
    assert passes_loader(result).questions[0].options == ("甲", "乙")


# -- Aiken -------------------------------------------------------------------------------


def test_aiken_with_a_bom_and_crlf() -> None:
    result = load("党章知识-aiken.txt")
    assert result.format == "aiken" and result.errors == ()
    bank = passes_loader(result)
    assert [q.correct_letters for q in bank.questions] == [("A",), ("B",), ("D",)]
    assert bank.questions[1].options == ("3期", "5期", "10期", "15期")  # "A)" options
    # Aiken has no explanations: one warning for the file, not one per question.
    assert [p.code for p in result.warnings] == ["import-explanations-missing"]


def test_aiken_with_full_width_option_marks_and_no_space() -> None:
    """ "A．共产主义" (as Chinese is typed) was no option: "0 options" at the question."""
    text = "党的最高理想是什么？\nA．共产主义\nB、小康\nC）复兴\nANSWER: A\n"
    result = import_bank(text.encode(), "aiken.txt")
    assert result.format == "aiken" and result.errors == ()
    (q,) = passes_loader(result).questions
    assert (q.text, q.options, q.correct_letters) == (
        "党的最高理想是什么？",
        ("共产主义", "小康", "复兴"),
        ("A",),
    )


def test_aiken_mistakes() -> None:
    result = load("aiken-有错误.txt")
    assert where(result) == [
        (1, "aiken-no-answer"),
        (5, "answer-not-in-options"),
        (10, "answer-single-multiple"),
    ]
    assert result.bank is None and not result.writable(skip_bad=True)


# -- GIFT --------------------------------------------------------------------------------


def test_gift_subset() -> None:
    result = load("基层党建.gift")
    assert result.format == "gift" and result.errors == ()
    bank = passes_loader(result)
    q1, q2, q3, q4, q5, q6 = bank.questions
    assert (q1.id, q1.type, q1.correct_letters, q1.tags) == ("gr-001", S, ("A",), ("条例",))
    assert q1.explanation == "依据《2020年机关党的建设工作要点》三.7。"  # general feedback
    assert (q2.type, q2.correct_letters, q2.tags) == (M, ("A", "B", "C"), ("党务干部", "制度建设"))
    assert (q3.id, q3.type, q3.correct_letters) == ("q003", J, ("B",))  # 判断一 is no id
    assert q3.explanation == "对，以党支部为考评单位。"  # the right answer's feedback
    assert q4.text == "督促检查基层执行党建活动经费新标准（每人每年{单位:元}）是多少？"
    assert q4.accepted == ("800", "八百", "800元")
    assert q5.text == "常态推进 ____ 支专业志愿者分队开展服务活动。"
    assert q6.options[0] == "每半年一次（频率 = 2 次/年）"


def test_gift_partial_credit_beside_a_right_answer_is_not_right() -> None:
    """Moodle reads "{~%50%buried =entombed ~%50%living}" as one right answer (the "=") and
    two answers worth half; all three were imported as correct answers of a multiple."""
    text = "::g1:: Grant is {~%50%buried =entombed ~%50%living} in Grant's tomb.\n"
    bank = passes_loader(import_bank(text.encode(), "partial.gift"))
    (q,) = bank.questions
    assert (q.type, q.options, q.correct_letters) == (
        S,
        ("buried", "entombed", "living"),
        ("B",),
    )


def test_gift_questions_without_a_counterpart() -> None:
    result = load("不支持的题型.gift")
    assert where(result) == [
        (1, "gift-unsupported"),
        (6, "gift-unsupported"),
        (8, "gift-unsupported"),
        (10, "gift-unclosed"),
    ]
    assert [p.args.get("kind") for p in result.errors[:3]] == ["matching", "numerical", "essay"]
    assert [q.id for q in passes_loader(result).questions] == ["ok"]


# -- detection, ids, the pipeline --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.xlsx", b"", "xlsx"),
        ("a", b"PK\x03\x04....", "xlsx"),
        ("a.CSV", b"", "csv"),
        ("a.gift.txt", b"", "gift"),
        ("a.aiken.txt", b"", "aiken"),
        ("a.txt", b"Q?\nA. x\nB. y\nANSWER: A\n", "aiken"),
        ("a.txt", "题目？{=对 ~错}".encode(), "gift"),
        ("a.txt", "1. 题目？\n【答案】对\n".encode("gbk"), "text"),
        ("a.xls", b"", "import-legacy-xls"),
        ("a.docx", b"PK\x03\x04", "import-word-document"),
        ("a.pdf", b"", "import-word-document"),
        ("a.json", b"{}", "import-unsupported-format"),
        ("a.txt", b"\xff\xfe\x00\xd8broken", "import-file-encoding"),
    ],
)
def test_format_detection(name: str, data: bytes, expected: str) -> None:
    found = detect_format(name, data)
    assert (found.code if isinstance(found, Problem) else found) == expected


def test_excel_unicode_text_saved_as_txt_is_a_table() -> None:
    """Excel's "Unicode 文本 (*.txt)" (UTF-16, tab-separated) was read as the 【答案】 text
    format: "no questions found", every row a line left out."""
    import codecs

    text = (
        "题型\t题目\t选项A\t选项B\t答案\r\n"
        "单选\t党的最高理想是\t共产主义\t小康\tA\r\n"
        "判断\t预备党员有表决权\t\t\t×\r\n"
    )
    result = import_bank(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "导出.txt")
    assert result.format == "csv" and result.errors == ()
    assert [q.text for q in passes_loader(result).questions] == [
        "党的最高理想是",
        "预备党员有表决权",
    ]


def test_aiken_like_text_with_chinese_answers_is_the_text_format() -> None:
    assert sniff_text("1. 题目\nA. 甲\nB. 乙\nANSWER: A\n【答案】A\n") == "text"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Party Basics.xlsx", "party-basics"),
        ("theory_study.csv", "theory_study"),
        ("2020.csv", "bank-2020-"),
        ("题库.xlsx", "bank-"),
        ("党章知识-aiken.txt", "bank-aiken-"),
    ],
)
def test_bank_ids_from_file_names(name: str, expected: str) -> None:
    made = slug_id(name)
    assert made.startswith(expected) and made == slug_id(name)  # stable
    assert len(made) <= 64 and made == made.lower()


def test_the_bank_id_given_wins_and_is_checked() -> None:
    assert load("theory-gbk.csv", bank_id="theory-2").bank is not None
    result = load("theory-gbk.csv", bank_id="Theory 2")
    assert where(result) == [(None, "bank-id-invalid")] and result.bank is None
    assert load("theory-gbk.csv", title="理论学习").bank is not None


def test_nothing_to_import() -> None:
    result = import_bank("只是一些说明文字。\n".encode(), "说明.txt")
    assert where(result) == [(None, "no-questions")] and result.bank is None


def test_every_import_problem_has_both_messages() -> None:
    for locale in SUPPORTED_LOCALES:
        known = message_ids(locale)
        assert sorted(c for c in IMPORT_CODES if f"problem-import-{c}" not in known) == []


# -- the YAML writer ---------------------------------------------------------------------


def test_written_yaml_is_readable_and_in_the_documented_order() -> None:
    result = load("党章学习日.csv", bank_id="dangzhang", title="党章学习日")
    assert result.yaml_text is not None
    text = result.yaml_text
    assert text.startswith("id: dangzhang\ntitle: 党章学习日\ndefaults:\n")
    assert "\\u" not in text and "苏州市级机关" in text
    assert "    answer: [A, B, C]\n" in text and "    tags: [党章, 政治建设]\n" in text
    assert '    answer: ["5", 五]\n' in text or "    answer: ['5', 五]\n" in text
    assert "      - 党章学习日\n" in text  # options one per line under their key
    first = text.split("  - id: ")[1].splitlines()[1:]
    keys = [line.split(":")[0].strip() for line in first if not line.startswith("      ")]
    assert keys == ["type", "question", "options", "answer", "explanation", "tags", "difficulty"]


def test_each_question_starts_where_the_writer_says() -> None:
    for bank in load_banks(REPO / "quizzes").banks:
        text, starts = dump_bank_lines(bank)
        lines = text.splitlines()
        assert [lines[s - 1] for s in starts] == [f"  - id: {q.id}" for q in bank.questions]


_ALPHABET = st.characters(
    blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn"),
    blacklist_characters="\x85\ufeff",
) | st.sampled_from(list("\n :#-'\"[]{},&*!|>%@`？：，。“”《》"))
_TEXT = st.text(_ALPHABET, min_size=1, max_size=40).map(str.strip).filter(bool)
_LINE = _TEXT.filter(lambda s: "\n" not in s)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    text=_TEXT,
    options=st.lists(_LINE, min_size=2, max_size=5, unique_by=lambda s: " ".join(s.split())),
    explanation=_TEXT,
    variant=_LINE.filter(lambda s: bool(normalize_fill(s))),
    tag=_LINE,
)
def test_any_text_survives_the_writer(
    text: str, options: list[str], explanation: str, variant: str, tag: str
) -> None:
    """YAML's special characters, quotes, numbers-as-text and line breaks read back as
    written: the loader gets exactly the bank that was dumped."""
    questions = (
        Question("b", "q1", S, text, tuple(options), frozenset({1}), explanation=explanation),
        Question("b", "q2", F, text, accepted=(variant, "五"), tags=(tag,), source=explanation),
    )
    bank = Bank("b", text, explanation, (tag,), False, questions, "b.yaml")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "b.yaml"
        path.write_text(dump_bank(bank), encoding="utf-8")
        loaded, problems = load_bank_file(path)
    assert loaded is not None, problems
    assert loaded.questions == questions
    assert (loaded.title, loaded.description, loaded.tags, loaded.enabled) == (
        text,
        explanation,
        (tag,),
        False,
    )


# -- studybot import ---------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder: config.yaml and a quizzes folder with one bank."""
    (tmp_path / "config.yaml").write_text("quizzes_dir: quizzes\n", encoding="utf-8")
    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    (quizzes / "theory-study.yaml").write_bytes((REPO / "quizzes/theory-study.yaml").read_bytes())
    return tmp_path


def run(project: Path, *args: str) -> int:
    return main(["-c", str(project / "config.yaml"), *args])


def test_cli_import_writes_a_bank_that_passes_check(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = FIXTURES / "党建知识竞赛题.txt"
    assert run(project, "import", str(source), "--bank", "contest-2020") == 0
    out = capsys.readouterr().out
    assert "找到 7 道题" in out and "已写入" in out and "contest-2020.yaml" in out
    catalog = load_banks(project / "quizzes")
    assert catalog.errors == ()
    assert {b.id for b in catalog.banks} == {"theory-study", "contest-2020"}


def test_cli_import_writes_nothing_when_there_are_errors(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(FIXTURES / "有错误的题库.csv")
    assert run(project, "import", source, "--bank", "bad") == 1
    captured = capsys.readouterr()
    assert "第 3 行：答案 E 不在选项中" in captured.out
    assert "未写入任何文件：8 道题有错误" in captured.err
    assert not (project / "quizzes/bad.yaml").exists()

    assert run(project, "import", source, "--bank", "bad", "--skip-bad") == 0
    out = capsys.readouterr().out
    assert "已跳过 8 道有错误的题目（第 2, 3, 4, 5, 6, 7, 8, 9 行）" in out
    bank, _ = load_bank_file(project / "quizzes/bad.yaml")
    assert bank is not None and len(bank) == 1


def test_cli_import_refuses_to_overwrite_without_force(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = project / "out.yaml"
    out.write_text("keep me", encoding="utf-8")
    source = str(FIXTURES / "theory-gbk.csv")
    assert run(project, "import", source, "--out", str(out)) == 1
    assert "已存在" in capsys.readouterr().err and out.read_text(encoding="utf-8") == "keep me"
    assert run(project, "import", source, "--out", str(out), "--force") == 0
    assert load_bank_file(out)[0] is not None


def test_cli_import_refuses_a_bank_id_another_file_uses(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(FIXTURES / "theory-gbk.csv")
    other = str(project / "quizzes/other.yaml")
    assert run(project, "import", source, "--bank", "theory-study", "--out", other) == 1
    assert "题库编号 theory-study 已被 quizzes/theory-study.yaml 使用" in capsys.readouterr().err
    assert sorted(p.name for p in (project / "quizzes").iterdir()) == ["theory-study.yaml"]
    # Replacing that very file on purpose is allowed.
    target = str(project / "quizzes/theory-study.yaml")
    assert (
        run(project, "import", source, "--bank", "theory-study", "--out", target, "--force") == 0
    )
    assert load_banks(project / "quizzes").errors == ()


def test_cli_import_needs_a_file_that_exists(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "import") == 2
    assert "请指定要导入的文件" in capsys.readouterr().err
    assert run(project, "import", str(project / "nope.xlsx")) == 2
    assert "找不到文件" in capsys.readouterr().err


def test_cli_writes_a_fresh_template(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = project / "模板.xlsx"
    assert run(project, "import", "--template", str(target)) == 0
    assert "在“题目”表中每行填写一道题" in capsys.readouterr().out
    assert import_bank(target.read_bytes(), target.name).errors == ()
    assert run(project, "import", "--template", str(target)) == 1  # exists: --force needed
    csv_target = project / "模板.csv"
    capsys.readouterr()
    assert run(project, "import", "--template", str(csv_target)) == 0
    said = capsys.readouterr().out
    assert "每行填写一道题（第一行是列名" in said and "表" not in said  # a CSV has no sheets
    result = import_bank(csv_target.read_bytes(), csv_target.name)
    assert result.errors == () and result.bank is not None and len(result.bank) == 4
