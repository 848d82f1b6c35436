"""Excel (.xlsx) and CSV question banks: one row per question, in the template's columns.

The header row may be in Chinese or English and need not be the first row; columns may
come in any order, and columns the bank format has no place for are reported and left out.
Rows are numbered as the spreadsheet program shows them. The header may take two rows:
names under a merged group name (选项 over A B C D), the others merged down over both.
An optional sheet 题库信息 holds the bank's own fields (编号, 标题, 简介, 标签, 启用, 默认时限,
默认难度). An answer printed in a question cell's brackets ("…（√）") is read as the text
format reads it, and never shown. A formula whose result the file does not hold (a workbook
written by a program and never opened in Excel) is named by its cell, never read as blank.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import repeat
from typing import Any

from bot.content.importers.cntext import answer_in_text, split_option_text
from bot.content.importers.model import (
    Draft,
    DraftBank,
    decode_text,
    fold,
    problem,
    split_tags,
    text_lines,
    type_word,
)
from bot.domain.questions import LETTERS

OPTION_COUNT = 12  # 选项A … 选项L, the most options a question may have
MAX_ROWS = 5000
QUESTION_SHEET = "题目"
META_SHEET = "题库信息"
HELP_SHEET = "说明"

# The template's columns, in order: (header, draft field). Options are "option:<index>".
COLUMNS: tuple[tuple[str, str], ...] = (
    ("编号", "id"),
    ("题型", "type"),
    ("题目", "text"),
    *((f"选项{LETTERS[i]}", f"option:{i}") for i in range(OPTION_COUNT)),
    ("答案", "answer"),
    ("解析", "explanation"),
    ("标签", "tags"),
    ("难度", "difficulty"),
    ("时限", "time_limit"),
    ("出处", "source"),
)

_HEADER_ALIASES: dict[str, str] = {
    **dict.fromkeys(("编号", "题号", "试题编号", "题目编号", "id", "questionid"), "id"),
    **dict.fromkeys(
        ("题型", "类型", "题目类型", "试题类型", "type", "questiontype", "qtype"), "type"
    ),
    **dict.fromkeys(
        (
            *("题目", "题干", "问题", "试题", "题目内容", "试题内容", "题干内容"),
            *("question", "text", "stem", "questiontext"),
        ),
        "text",
    ),
    **dict.fromkeys(
        (
            *("答案", "正确答案", "参考答案", "标准答案", "answer", "answers"),
            *("correct", "correctanswer", "key"),
        ),
        "answer",
    ),
    **dict.fromkeys(
        (
            *("解析", "答案解析", "试题解析", "题目解析", "解释", "explanation"),
            *("analysis", "feedback", "generalfeedback"),
        ),
        "explanation",
    ),
    **dict.fromkeys(("标签", "知识点", "分类", "tags", "tag", "category"), "tags"),
    **dict.fromkeys(("难度", "难度系数", "难易程度", "difficulty", "level"), "difficulty"),
    **dict.fromkeys(
        (
            *("时限", "答题时间", "时间限制", "答题时限", "限时", "答题秒数"),
            *("timelimit", "time", "seconds"),
        ),
        "time_limit",
    ),
    **dict.fromkeys(("出处", "来源", "依据", "source", "reference"), "source"),
    # All the options in one cell: "A.共产主义 B.小康", or one per line.
    **dict.fromkeys(("选项", "备选项", "选项内容", "options", "choices"), "options"),
}
# Numbering columns that carry nothing a bank keeps: left out without a word.
_SILENT_COLUMNS = frozenset({"序号", "no", "#", "number", "row"})
_OPTION_HEADER = re.compile(r"^(?:选项|option|opt|choice)?([a-l])(?:选项|项)?$")
_PARENTHESISED = re.compile(r"[(（\[【].*?[)）\]】]")
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
# A percentage format ("0%", "0.0%"): the digits after the point are those shown.
_PERCENT = re.compile(r"0(\.0+)?%")

_META_ALIASES: dict[str, str] = {
    **dict.fromkeys(("编号", "题库编号", "id", "bankid"), "id"),
    **dict.fromkeys(("标题", "题库标题", "名称", "题库名称", "title", "name"), "title"),
    **dict.fromkeys(("简介", "说明", "描述", "description"), "description"),
    **dict.fromkeys(("标签", "tags"), "tags"),
    **dict.fromkeys(("启用", "是否启用", "enabled"), "enabled"),
    **dict.fromkeys(("默认时限", "时限", "timelimit", "defaulttimelimit"), "time_limit"),
    **dict.fromkeys(("默认难度", "难度", "difficulty", "defaultdifficulty"), "difficulty"),
}
_META_HEADER_WORDS = frozenset({"项目", "字段", "key", "field", "name"})
_TRUE_WORDS = frozenset({"是", "对", "true", "yes", "1", "启用", "y"})
_FALSE_WORDS = frozenset({"否", "错", "false", "no", "0", "停用", "n"})
_HELP_SHEET_NAMES = frozenset({"说明", "填写说明", "使用说明", "示例", "样例", "help", "example"})
_META_SHEET_NAMES = frozenset({"题库信息", "题库设置", "bank", "bankinfo", "info"})

Row = tuple[int, list[str]]  # (row number as the spreadsheet shows it, cells as text)
# Cells holding a formula without its result: (row number, column index) -> the formula.
Uncached = dict[tuple[int, int], str]


def cell_text(value: Any, number_format: str = "General") -> str:
    """A cell as the organiser sees it: 1 not 1.0, TRUE as true, 0.5% not 0.005, a date
    typed 1921年7月1日 as that, no stray spaces."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    percent = _PERCENT.search(number_format)
    if percent and isinstance(value, int | float):
        return f"{value * 100:.{len(percent.group(1) or '.') - 1}f}%"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    if isinstance(value, datetime) and value.time() == time():
        value = value.date()  # Excel keeps every date as a date and time
    if isinstance(value, date) and "月" in number_format:
        day = f"{value.month}月{value.day}日"
        return f"{value.year}年{day}" if "年" in number_format else day
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    text = str(value).replace("_x000D_", "").replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def header_field(header: str) -> str | None:
    """The draft field a column header names ("选项A" -> "option:0"), None if unknown."""
    word = fold(_PARENTHESISED.sub("", header)).strip("*：:")
    if not word:
        word = fold(header).strip("*：:()（）")
    option = _OPTION_HEADER.match(word)
    if option:
        return f"option:{ord(option.group(1)) - ord('a')}"
    return _HEADER_ALIASES.get(word)


@dataclass
class _Columns:
    fields: dict[int, str]  # column index -> field
    row: int  # the header's row number


def _column_name(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _header_names(row: Row, below: Row | None) -> tuple[int, dict[int, str]]:
    """The column names a row starts (and the row they end on): its own, or, when the row
    below goes on with them, each name below under its group name (选项 over A B C D: 选项A …)
    and the names merged down over both rows."""
    number, upper = row
    own = {i: name for i, name in enumerate(upper) if name}
    if below is None or all(header_field(name) is None for name in own.values()):
        return number, own  # a title above the header is not a group row
    lower_number, lower = below
    names: dict[int, str] = {}
    group = ""
    for index in range(max(len(upper), len(lower))):
        above = upper[index] if index < len(upper) else ""
        group = above or group  # a merged group name is in its first column only
        name = lower[index] if index < len(lower) else ""
        if name:
            grouped = group + name
            names[index] = grouped if header_field(grouped) is not None else name
        elif above:
            names[index] = above
    lower_names = [n for n in lower if n]
    known = sum(header_field(names[i]) is not None for i, n in enumerate(lower) if n)
    if len(lower_names) < 2 or known * 2 <= len(lower_names):
        return number, own  # the row below is a question, not more names
    return lower_number, names


def _find_header(rows: list[Row], bank: DraftBank) -> _Columns | None:
    for position, row in enumerate(rows[:20]):
        below = rows[position + 1] if position + 1 < len(rows) else None
        number, names = _header_names(row, below)
        fields = {i: header_field(name) for i, name in names.items()}
        found = set(fields.values())
        if "text" not in found or "answer" not in found:
            continue
        kept: dict[int, str] = {}
        first: dict[str, int] = {}
        for index, name in fields.items():
            header = names[index]
            column = _column_name(index)
            if name is None:
                if fold(header) not in _SILENT_COLUMNS:
                    bank.problems.append(
                        problem(
                            bank.label,
                            number,
                            "column-ignored",
                            severity="warning",
                            column=f"{column}（{header}）",
                        )
                    )
            elif name in first:
                previous = _column_name(first[name])
                bank.problems.append(
                    problem(bank.label, number, "column-duplicate", column=header, first=previous)
                )
            else:
                first[name] = index
                kept[index] = name
        return _Columns(kept, number)
    return None


def drafts_from_rows(rows: list[Row], bank: DraftBank, uncached: Uncached | None = None) -> None:
    """Fill `bank.drafts` from a sheet's rows (header first, then one row per question)."""
    columns = _find_header(rows, bank)
    if columns is None:
        expected = "题目 / question、答案 / answer"
        bank.problems.append(problem(bank.label, None, "no-header", expected=expected))
        return
    count = 0
    for number, cells in rows:
        if number <= columns.row or not any(cells):
            continue
        count += 1
        if count > MAX_ROWS:
            bank.problems.append(problem(bank.label, number, "too-many", max=MAX_ROWS))
            bank.drafts.clear()
            return
        draft = _draft(number, cells, columns.fields)
        formulas = [i for i in columns.fields if (number, i) in (uncached or {})]
        if formulas:
            # A list: each language joins it its own way when the problem is said.
            cells_named = tuple(f"{_column_name(i)}{number}" for i in formulas)
            draft.problems.append(
                problem(bank.label, number, "formula-no-value", cells=cells_named)
            )
        bank.drafts.append(draft)


def _draft(number: int, cells: list[str], fields: dict[int, str]) -> Draft:
    draft = Draft(line=number)
    options = [""] * OPTION_COUNT
    listed = ""  # a 选项 column holding every option
    for index, name in fields.items():
        value = cells[index] if index < len(cells) else ""
        if name == "options":
            listed = value
        elif name.startswith("option:"):
            options[int(name.partition(":")[2])] = value
        elif name == "id":
            draft.qid = value
        elif name == "type":
            draft.type_text = value
        elif name == "tags":
            draft.tags = split_tags(value)
        else:
            setattr(draft, name, value)
    draft.options = options
    if listed and not any(options):
        draft.options = split_option_text(listed)
    answer_in_text(draft)  # "…（√）": members must not see the answer in the question
    return draft


def read_meta(
    rows: Iterable[Row], bank: DraftBank, uncached: Uncached | None = None, sheet: str = ""
) -> None:
    """The bank's own fields from the 题库信息 sheet: one "name | value" per row."""
    for number, cells in rows:
        if (number, 1) in (uncached or {}):
            where = f"{sheet}!B{number}"
            bank.problems.append(problem(bank.label, number, "formula-no-value", cells=where))
            continue
        if len(cells) < 2 or not cells[0]:
            continue
        key = fold(_PARENTHESISED.sub("", cells[0])) or fold(cells[0])
        name = _META_ALIASES.get(key.strip("*：:"))
        value = cells[1]
        if name is None:
            if key not in _META_HEADER_WORDS:
                bank.problems.append(
                    problem(bank.label, number, "meta-ignored", severity="warning", key=cells[0])
                )
            continue
        bank.meta_lines[name] = number
        if name == "tags":
            bank.tags = split_tags(value)
        elif name == "enabled":
            word = fold(value)
            if word in _TRUE_WORDS or not word:
                bank.enabled = True
            elif word in _FALSE_WORDS:
                bank.enabled = False
            else:
                bank.problems.append(problem(bank.label, number, "enabled-invalid", value=value))
        elif name == "id":
            bank.bank_id = value
        else:
            setattr(bank, name, value)


# -- reading files --------------------------------------------------------------------------


def _sheet_rows(sheet: Any, formulas: Any | None) -> tuple[list[Row], Uncached]:
    """The rows with something in them, and the formulas without a result among them
    (`formulas` is the same sheet read for its formulas, None when the file has none);
    reading stops once there are more rows than a bank may have (drafts_from_rows then
    reports it), so a huge sheet costs no more than that."""
    rows: list[Row] = []
    uncached: Uncached = {}
    # Both read the same sheet: the same rows.
    written = formulas.iter_rows() if formulas is not None else repeat(())
    both = zip(sheet.iter_rows(), written, strict=False)
    for number, (row, written) in enumerate(both, start=1):
        cells = [cell_text(c.value, getattr(c, "number_format", None) or "General") for c in row]
        formula_only = False
        for index, cell in enumerate(written):
            if cell.data_type == "f" and row[index].value is None:
                uncached[(number, index)] = str(cell.value)
                formula_only = True
        while cells and not cells[-1]:
            cells.pop()
        if cells or formula_only:
            rows.append((number, cells))
        if len(rows) > MAX_ROWS + 20:  # the header may sit below a few title rows
            break
    return rows, uncached


def read_xlsx(data: bytes, label: str) -> DraftBank:
    import openpyxl  # only this format needs it; keeps `studybot check` light

    bank = DraftBank(label=label, format="xlsx", unit="row")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        # The formulas too, when there are any, to name those saved without a result.
        formulas = None
        if _has_formulas(data):
            formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        bank.problems.append(problem(label, None, "xlsx-invalid", detail=str(exc) or "?"))
        return bank
    try:
        sheets = {name: workbook[name] for name in workbook.sheetnames}
        meta = next((s for n, s in sheets.items() if fold(n) in _META_SHEET_NAMES), None)
        if meta is not None:
            rows, uncached = _sheet_rows(meta, formulas and formulas[meta.title])
            read_meta(rows, bank, uncached, meta.title)
        found: list[tuple[str, list[Row], Uncached]] = []
        for sheet in sheets.values():
            if sheet is meta or fold(sheet.title) in _HELP_SHEET_NAMES:
                continue
            if not hasattr(sheet, "iter_rows"):  # a chart sheet has no cells
                continue
            rows, uncached = _sheet_rows(sheet, formulas and formulas[sheet.title])
            probe = DraftBank(label=label, format="xlsx", unit="row")
            if _find_header(rows, probe) is not None:
                found.append((sheet.title, rows, uncached))
        if not found:
            expected = "题目 / question、答案 / answer"
            bank.problems.append(problem(label, None, "no-header", expected=expected))
        for title, rows, uncached in found:
            _read_sheet(bank, title, rows, uncached, several=len(found) > 1)
        if len(bank.drafts) > MAX_ROWS:
            bank.problems.append(problem(label, None, "too-many", max=MAX_ROWS))
            bank.drafts.clear()
    finally:
        workbook.close()
        if formulas is not None:
            formulas.close()
    return bank


def _has_formulas(data: bytes) -> bool:
    """Whether a sheet of the workbook holds a formula (an <f> element), read in pieces."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not name.startswith("xl/worksheets/"):
                continue
            with archive.open(name) as stream:
                tail = b""
                while chunk := stream.read(1 << 20):
                    if _FORMULA_TAG.search(tail + chunk):
                        return True
                    tail = chunk[-16:]
    return False


def _read_sheet(
    bank: DraftBank, title: str, rows: list[Row], uncached: Uncached, *, several: bool
) -> None:
    """One sheet's questions. Workbooks often keep a sheet per type (单选题, 多选题, 判断题):
    then every sheet is read, its name gives the type of rows that leave 题型 blank, and
    problems name the sheet with the row."""
    place = f"{bank.label} / {title}" if several else ""
    sheet_bank = DraftBank(label=place or bank.label, format=bank.format, unit=bank.unit)
    drafts_from_rows(rows, sheet_bank, uncached)
    hint = type_word(title)
    for draft in sheet_bank.drafts:
        draft.place = place
        draft.type_hint = draft.type_hint or hint
    bank.drafts.extend(sheet_bank.drafts)
    bank.problems.extend(sheet_bank.problems)


_DELIMITERS = (",", "\t", ";", "，")


def header_delimiter(text: str) -> str | None:
    """The delimiter that makes one of the first lines a header row (题目 and 答案 columns):
    a title line above the header says nothing. None when no line is a header."""
    lines = [line for line in text_lines(text)[:40] if line.strip()][:20]
    for line in lines:
        for delimiter in _DELIMITERS:
            cells = [cell.strip().strip('"') for cell in line.split(delimiter)]
            if len(cells) > 1 and {"text", "answer"} <= {header_field(c) for c in cells}:
                return delimiter
    return None


def _delimiter(text: str) -> str:
    found = header_delimiter(text)
    if found is not None:
        return found
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(text: str) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    line = 1
    for record in reader:
        yield line, [cell_text(c) for c in record]
        line = reader.line_num + 1


def read_csv(data: bytes, label: str) -> DraftBank:
    bank = DraftBank(label=label, format="csv", unit="row")
    text = decode_text(data)
    if text is None:
        bank.problems.append(problem(label, None, "file-encoding"))
        return bank
    rows = []
    for number, cells in _csv_rows(text):
        while cells and not cells[-1]:
            cells.pop()
        rows.append((number, cells))
    drafts_from_rows(rows, bank)
    return bank
