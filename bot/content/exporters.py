"""Writing a bank out as Excel, GIFT or Aiken, and the import template.

Each writer keeps everything its format can hold, so importing the output gives the same
questions back: Excel holds all of a bank; GIFT the four types, ids, explanations and tags;
Aiken single-choice questions only (the others are handed back as skipped).
The Excel layout is the template's (`templates/question-bank-template.xlsx`), which is
this module's `template_xlsx()`: a bank exported to Excel can be edited and imported again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.content.bank_writer import JUDGE_WORDS, bank_defaults
from bot.content.importers.spreadsheet import COLUMNS, HELP_SHEET, META_SHEET, QUESTION_SHEET
from bot.domain.questions import Bank, Question, QuestionType

FORMATS = ("xlsx", "gift", "aiken")
SUFFIXES = {"xlsx": ".xlsx", "gift": ".gift.txt", "aiken": ".aiken.txt"}
TYPE_WORDS = {
    QuestionType.SINGLE: "单选",
    QuestionType.MULTIPLE: "多选",
    QuestionType.JUDGE: "判断",
    QuestionType.FILL: "填空",
}
_GIFT_SPECIAL = "\\~=#{}:"
_WIDTHS = {
    "编号": 10,
    "题型": 8,
    "题目": 48,
    "答案": 10,
    "解析": 40,
    "标签": 16,
    "难度": 7,
    "时限": 7,
    "出处": 24,
}
_TEMPLATE_ROWS = 500  # rows that get the drop-down lists in the template


@dataclass(frozen=True)
class Export:
    data: bytes
    skipped: tuple[Question, ...] = ()  # questions the format cannot hold


# -- Excel -------------------------------------------------------------------------------


def question_row(q: Question) -> list[Any]:
    """A question as one row of the template's columns."""
    values: dict[str, Any] = {
        "id": q.id,
        "type": TYPE_WORDS[q.type],
        "text": q.text,
        "explanation": q.explanation,
        "tags": "，".join(q.tags),
        "difficulty": q.difficulty,
        "time_limit": q.time_limit,
        "source": q.source or "",
    }
    if q.type is QuestionType.JUDGE:
        values["answer"] = JUDGE_WORDS[min(q.correct)]
    elif q.type is QuestionType.FILL:
        values["answer"] = " | ".join(q.accepted)
    else:
        values["answer"] = "".join(q.correct_letters)
        for i, option in enumerate(q.options):
            values[f"option:{i}"] = option
    return [values.get(name, "") for _, name in COLUMNS]


def _help_lines() -> list[str]:
    return [
        "题库导入模板 / Question bank template",
        "",
        "“题目”表：每行一道题。必填：题目、答案；单选、多选题还要填选项。",
        "题型：单选、多选、判断、填空（留空时按答案判断：一个字母为单选，多个字母为多选，"
        "对/错为判断，其他为填空）。",
        "答案：单选写一个字母（B），多选写多个字母（ACD 或 A、C、D），判断写 对 或 错，"
        "填空写答案，多个可接受的写法用 | 分隔（5 | 五）。",
        "选项：选项A 至 选项L，按顺序填写，中间不要留空；判断题和填空题不填选项。",
        "编号：可不填，导入时按行号编为 q001、q002……；要在修改表格后保持答题记录，请保留编号。",
        "难度：1 至 5，不填为题库默认值；时限：每题答题秒数，0 表示不限时。",
        "标签：多个标签用逗号或顿号分隔。出处：答案依据的文件和条目。",
        "“题库信息”表：题库编号（小写字母、数字、- 和 _）、标题、简介、标签、是否启用、"
        "默认时限、默认难度。",
        "导入：studybot import 题库.xlsx，或由管理员把文件发给机器人。",
        "",
        "Sheet 题目 (questions): one question per row. Required: 题目 (question) and 答案 "
        "(answer); single and multiple choice also need options.",
        "题型 (type): 单选 single, 多选 multiple, 判断 true/false, 填空 fill-in (blank: the "
        "answer decides).",
        "答案 (answer): one letter (B); several letters (ACD); 对 or 错; the fill-in answer, "
        "variants separated by | (5 | 五).",
        "选项A…选项L (options A–L) in order without gaps. 编号 (id) may be left blank: rows "
        "are numbered q001, q002…; keep ids to keep answer history across edits.",
        "难度 (difficulty) 1–5; 时限 (time limit) seconds, 0 = none; 标签 (tags) separated by "
        "commas; 出处 (source).",
        "Sheet 题库信息 (bank): id, title, description, tags, enabled, default time limit, "
        "default difficulty.",
        "Import: studybot import bank.xlsx, or an admin sends the file to the bot.",
    ]


def xlsx_workbook(bank: Bank, defaults: tuple[int, int] | None = None) -> Any:
    """The workbook: sheets 题目 (one row per question), 题库信息 and 说明."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    time_limit, difficulty = defaults if defaults is not None else bank_defaults(bank)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = QUESTION_SHEET
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFE7E6E6")
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, (header, _) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=col, value=header)
        cell.font, cell.fill = bold, fill
        width = _WIDTHS.get(header, 16)
        sheet.column_dimensions[get_column_letter(col)].width = width
    for row, q in enumerate(bank.questions, start=2):
        for col, value in enumerate(question_row(q), start=1):
            _put(sheet, row, col, value).alignment = wrap
    sheet.freeze_panes = "A2"
    last = max(_TEMPLATE_ROWS, len(bank.questions) + 1)
    type_col = get_column_letter(1 + [n for _, n in COLUMNS].index("type"))
    kinds = DataValidation(type="list", formula1='"单选,多选,判断,填空"', allow_blank=True)
    kinds.add(f"{type_col}2:{type_col}{last}")
    level_col = get_column_letter(1 + [n for _, n in COLUMNS].index("difficulty"))
    levels = DataValidation(type="whole", operator="between", formula1="1", formula2="5")
    levels.allow_blank = True
    levels.add(f"{level_col}2:{level_col}{last}")
    sheet.add_data_validation(kinds)
    sheet.add_data_validation(levels)

    meta = workbook.create_sheet(META_SHEET)
    meta_rows: Sequence[tuple[str, Any, str]] = (
        ("项目", "内容", "说明 / note"),
        ("编号", bank.id, "题库编号：小写字母、数字、- 和 _ / bank id"),
        ("标题", bank.title, "显示给党员 / shown to members"),
        ("简介", bank.description or "", "可不填 / optional"),
        ("标签", "，".join(bank.tags), "可不填 / optional"),
        ("启用", "是" if bank.enabled else "否", "是 或 否 / yes or no"),
        ("默认时限", time_limit, "每题秒数，0 表示不限时 / seconds, 0 = none"),
        ("默认难度", difficulty, "1 至 5 / 1 to 5"),
    )
    for row, values in enumerate(meta_rows, start=1):
        for col, value in enumerate(values, start=1):
            cell = _put(meta, row, col, value)
            if row == 1:
                cell.font, cell.fill = bold, fill
    for letter, width in zip("ABC", (12, 40, 44), strict=True):
        meta.column_dimensions[letter].width = width

    notes = workbook.create_sheet(HELP_SHEET)
    for row, line in enumerate(_help_lines(), start=1):
        _put(notes, row, 1, line)
    notes.column_dimensions["A"].width = 110
    notes["A1"].font = bold
    return workbook


def _put(sheet: Any, row: int, col: int, value: Any) -> Any:
    """A cell holding exactly `value`: text starting with "=" stays text, not a formula."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = sheet.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def export_xlsx(bank: Bank, defaults: tuple[int, int] | None = None) -> Export:
    buffer = io.BytesIO()
    xlsx_workbook(bank, defaults).save(buffer)
    return Export(buffer.getvalue())


# -- GIFT --------------------------------------------------------------------------------


def gift_escape(text: str) -> str:
    escaped = "".join("\\" + ch if ch in _GIFT_SPECIAL else ch for ch in text)
    return escaped.replace("\r\n", "\n").replace("\n", "\\n")


def _weight(count: int) -> str:
    return f"{100 / count:.5f}".rstrip("0").rstrip(".")


def gift_question(q: Question) -> str:
    lines = [f"// [tag:{tag}]" for tag in q.tags if "]" not in tag]
    head = f"::{q.id}:: {gift_escape(q.text)} {{"
    answers: list[str] = []
    if q.type is QuestionType.JUDGE:
        word = "TRUE" if min(q.correct) == 0 else "FALSE"
        feedback = f"####{gift_escape(q.explanation)}" if q.explanation else ""
        lines.append(f"{head}{word}{feedback}}}")
        return "\n".join(lines)
    if q.type is QuestionType.SINGLE:
        answers = [
            ("=" if i in q.correct else "~") + gift_escape(o) for i, o in enumerate(q.options)
        ]
    elif q.type is QuestionType.MULTIPLE:
        right = f"~%{_weight(len(q.correct))}%"
        answers = [
            (right if i in q.correct else "~%-100%") + gift_escape(o)
            for i, o in enumerate(q.options)
        ]
    else:
        answers = ["=" + gift_escape(a) for a in q.accepted]
    if q.explanation:
        answers.append("####" + gift_escape(q.explanation))
    lines.append(head)
    lines.extend("\t" + a for a in answers)
    lines.append("}")
    return "\n".join(lines)


def export_gift(bank: Bank) -> Export:
    parts = [f"// {gift_escape(bank.title)} ({bank.id})", "// studybot export-bank"]
    text = "\n".join(parts) + "\n\n" + "\n\n".join(gift_question(q) for q in bank.questions)
    return Export((text + "\n").encode("utf-8"))


# -- Aiken -------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(text.split())


def export_aiken(bank: Bank) -> Export:
    blocks: list[str] = []
    skipped: list[Question] = []
    for q in bank.questions:
        if q.type is not QuestionType.SINGLE:
            skipped.append(q)
            continue
        lines = [_one_line(q.text)]
        lines += [
            f"{letter}. {_one_line(o)}" for letter, o in zip(q.letters, q.options, strict=True)
        ]
        lines.append(f"ANSWER: {q.correct_letters[0]}")
        blocks.append("\n".join(lines))
    text = "\n\n".join(blocks) + "\n" if blocks else ""
    return Export(text.encode("utf-8"), tuple(skipped))


def export_bank(bank: Bank, fmt: str) -> Export:
    if fmt == "xlsx":
        return export_xlsx(bank)
    if fmt == "gift":
        return export_gift(bank)
    if fmt == "aiken":
        return export_aiken(bank)
    raise ValueError(f"unknown export format {fmt!r}")


# -- the template ------------------------------------------------------------------------

_SOURCE = "2020年机关党的建设工作要点"
TEMPLATE_BANK = Bank(
    id="my-bank",
    title="我的题库",
    description="从模板创建的题库：请修改“题库信息”表中的编号和标题",
    tags=("党章",),
    enabled=True,
    path="templates/question-bank-template.xlsx",
    questions=(
        Question(
            bank_id="my-bank",
            id="q001",
            type=QuestionType.SINGLE,
            text="苏州市级机关持续开展的、督促党员严格遵守党章的活动叫什么？",
            options=("党章学习日", "读书月", "法治开讲", "干部大讲堂"),
            correct=frozenset({0}),
            explanation="依据《2020年机关党的建设工作要点》一.1：持续开展“党章学习日”活动。",
            tags=("党章",),
            difficulty=1,
            time_limit=30,
            source=f"{_SOURCE} 一.1",
        ),
        Question(
            bank_id="my-bank",
            id="q002",
            type=QuestionType.MULTIPLE,
            text="为严肃党内政治生活，要点要求认真执行下列哪些制度？",
            options=("“三会一课”", "组织生活会", "领导干部双重组织生活", "“三级联述联评联考”"),
            correct=frozenset({0, 1, 2}),
            explanation="依据《2020年机关党的建设工作要点》一.2。",
            tags=("政治建设", "组织生活"),
            difficulty=2,
            time_limit=30,
            source=f"{_SOURCE} 一.2",
        ),
        Question(
            bank_id="my-bank",
            id="q003",
            type=QuestionType.JUDGE,
            text="要点提出以党小组为考评单位，探索建立党员量化评议制度。",
            options=("正确", "错误"),
            correct=frozenset({1}),
            explanation="依据要点三.9：以党支部为考评单位。",
            tags=("党员管理",),
            difficulty=2,
            time_limit=20,
            source=f"{_SOURCE} 三.9",
        ),
        Question(
            bank_id="my-bank",
            id="q004",
            type=QuestionType.FILL,
            text="督促检查基层执行党建活动经费新标准（每人每年____元）。",
            accepted=("800", "八百"),
            explanation="依据要点六.20：党建活动经费新标准为每人每年800元。",
            tags=("经费保障",),
            difficulty=1,
            time_limit=30,
            source=f"{_SOURCE} 六.20",
        ),
    ),
)
TEMPLATE_DEFAULTS = (30, 2)


def template_xlsx() -> bytes:
    """The import template: the layout of an Excel export, with one example of each type."""
    return export_xlsx(TEMPLATE_BANK, TEMPLATE_DEFAULTS).data


def template_csv() -> bytes:
    """The same columns and examples as CSV, UTF-8 with a BOM so that Excel reads Chinese."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header for header, _ in COLUMNS])
    for q in TEMPLATE_BANK.questions:
        writer.writerow(question_row(q))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
