"""An import's outcome as lines for the organiser: the summary and each problem at its row or
line, in the reader's language (the CLI and the bot show the same text)."""

from __future__ import annotations

from bot.content.importers import FORMAT_NAMES, ImportResult, count_types
from bot.content.importers.model import Unit
from bot.content.problems import Problem
from bot.locales import translate


def describe(problem: Problem, unit: Unit, locale: str) -> str:
    """ "题库.xlsx 第 5 行 [q003]：答案 E 不在选项中……" """
    message = translate(locale, problem.message_id, problem.args)
    if problem.line is None:
        return translate(locale, "import-at-file", {"file": problem.path, "message": message})
    item = f" [{problem.item_id}]" if problem.item_id else ""
    args = {"file": problem.path, "line": problem.line, "item": item, "message": message}
    return translate(locale, "import-at-row" if unit == "row" else "import-at-line", args)


def summary_lines(result: ImportResult, locale: str, *, limit: int | None = None) -> list[str]:
    """What was found, what can be imported, and the problems (at most `limit` listed)."""
    lines = summary_head(result, locale)
    shown = problem_lines(result, locale)[:limit]
    lines += shown
    if len(shown) < len(result.problems):
        lines.append(more_line(len(result.problems) - len(shown), locale))
    return lines


def summary_head(result: ImportResult, locale: str) -> list[str]:
    """What was found, what can be imported, and how many problems there are."""
    fmt = FORMAT_NAMES.get(result.format or "")
    if fmt is None:  # a file of no format the importer reads (a Word document, a picture)
        lines = [translate(locale, "import-summary-unreadable", {"file": result.label})]
    else:
        found = {"file": result.label, "format": fmt, "found": result.found}
        lines = [translate(locale, "import-summary-found", found)]
    if result.bank is not None:
        counts = count_types(result.bank.questions)
        args: dict[str, str | int] = {
            "id": result.bank.id,
            "title": result.bank.title,
            "total": len(result.bank.questions),
            **counts,
        }
        lines.append(translate(locale, "import-summary-bank", args))
    if not result.problems:
        lines.append(translate(locale, "import-summary-clean"))
        return lines
    errors = len(result.errors)
    lines.append(
        translate(
            locale,
            "import-summary-problems",
            {"errors": errors, "warnings": len(result.problems) - errors},
        )
    )
    return lines


def problem_lines(result: ImportResult, locale: str) -> list[str]:
    return [describe(p, result.unit, locale) for p in result.problems]


def more_line(count: int, locale: str) -> str:
    """ "……还有 N 个问题未列出" """
    return translate(locale, "import-summary-more", {"count": count})


def positions(lines: tuple[int | None, ...]) -> str:
    """ "3, 7, 12" for the rows or lines of questions left out."""
    return ", ".join(str(n) for n in lines if n is not None) or "-"
