"""Bringing existing question banks in: Excel, CSV, Aiken, GIFT and the 【答案】 text format,
and banks already written in the bank YAML format (checked by the bank loader as they are).

`import_bank` reads a file into drafts (one module per format), judges every draft with the
same rules (`model.DraftChecker`), writes the good ones as bank YAML (`bank_writer`) and
reads that YAML back with the real bank loader: what an import hands back has passed
`studybot check` by construction. Every problem names the source file's row or line.
"""

from __future__ import annotations

import tempfile
from bisect import bisect_right
from dataclasses import dataclass, replace
from pathlib import Path, PurePath

import yaml

from bot.content.bank_writer import dump_bank, dump_bank_lines
from bot.content.banks import load_bank_file
from bot.content.importers import aiken, gift
from bot.content.importers.aiken import read_aiken
from bot.content.importers.cntext import read_cntext
from bot.content.importers.gift import read_gift
from bot.content.importers.model import (
    DraftBank,
    DraftChecker,
    IdSource,
    Unit,
    decode_text,
    draft_defaults,
    problem,
    resolve_bank_id,
)
from bot.content.importers.spreadsheet import header_delimiter, read_csv, read_xlsx
from bot.content.problems import Problem
from bot.domain.questions import Bank, Question

# format -> how it is named to the organiser (the same in both languages)
FORMAT_NAMES = {
    "xlsx": "Excel",
    "csv": "CSV",
    "aiken": "Aiken",
    "gift": "GIFT",
    "text": "【答案】文本",
    "yaml": "YAML",
}
FORMATS = tuple(FORMAT_NAMES)
SUFFIXES = ".xlsx .csv .txt .gift .aiken .yaml"
_ZIP_MAGIC = b"PK\x03\x04"
_WORD_SUFFIXES = frozenset({".doc", ".docx", ".wps", ".pdf", ".rtf", ".odt"})
# Explanations missing are one warning for the whole file, with the first few positions.
_LISTED_POSITIONS = 10


@dataclass(frozen=True)
class ImportResult:
    label: str  # the source file as the organiser knows it
    format: str | None  # a key of FORMAT_NAMES; None when the file could not be read
    unit: Unit
    bank: Bank | None  # the questions that passed, read back by the bank loader
    yaml_text: str | None  # what to write: `bank` as bank YAML
    problems: tuple[Problem, ...]  # errors and warnings, at the source's rows or lines
    bad_lines: tuple[int | None, ...]  # where the questions left out (with errors) start
    found: int  # questions found in the file, good and bad
    id_source: IdSource = "name"  # where the bank id came from

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)

    def writable(self, skip_bad: bool) -> bool:
        """A bank can be written: no errors, or (with skip_bad) errors only in questions."""
        if self.bank is None:
            return False
        return not self.has_errors or skip_bad


def detect_format(name: str, data: bytes) -> str | Problem:
    """The format by the file's extension, and by its content for plain text (.txt)."""
    suffixes = [s.lower() for s in PurePath(name).suffixes]
    last = suffixes[-1] if suffixes else ""
    if last in (".xlsx", ".xlsm") or (data.startswith(_ZIP_MAGIC) and last not in _WORD_SUFFIXES):
        return "xlsx"
    if last in (".csv", ".tsv"):
        return "csv"
    if last in (".yaml", ".yml"):
        return "yaml"
    if ".gift" in suffixes:
        return "gift"
    if ".aiken" in suffixes:
        return "aiken"
    if last == ".xls":
        return problem(name, None, "legacy-xls")
    if last in _WORD_SUFFIXES:
        return problem(name, None, "word-document")
    if last not in ("", ".txt", ".text", ".md"):
        return problem(name, None, "unsupported-format", suffixes=SUFFIXES)
    text = decode_text(data)
    if text is None:
        return problem(name, None, "file-encoding")
    return sniff_text(text)


def sniff_text(text: str) -> str:
    """Which text format: a table with a header row (Excel's "Unicode text" is tab-separated
    .txt), Aiken (ANSWER: lines), GIFT (answer blocks in braces), or else the 【答案】 text
    format."""
    if header_delimiter(text) is not None:
        return "csv"
    if "答案" not in text and aiken.SIGNATURE.search(text):
        return "aiken"
    if gift.SIGNATURE.search(text):
        return "gift"
    return "text"


def read_drafts(data: bytes, name: str, label: str, fmt: str | None = None) -> DraftBank:
    """The file's drafts, in the format named or detected."""
    if fmt is None:
        detected = detect_format(name, data)
        if isinstance(detected, Problem):
            bank = DraftBank(label=label, format="?", unit="line")
            bank.problems.append(
                Problem(label, None, None, detected.code, detected.args, detected.severity)
            )
            return bank
        fmt = detected
    if fmt == "xlsx":
        return read_xlsx(data, label)
    if fmt == "csv":
        return read_csv(data, label)
    text = decode_text(data)
    if text is None:
        bank = DraftBank(label=label, format=fmt, unit="line")
        bank.problems.append(problem(label, None, "file-encoding"))
        return bank
    if fmt == "aiken":
        return read_aiken(text, label)
    if fmt == "gift":
        return read_gift(text, label)
    return read_cntext(text, label)


def default_title(name: str) -> str:
    """ "党章题库.gift.txt" -> "党章题库"."""
    stem = PurePath(name).name
    for _ in range(2):
        suffix = PurePath(stem).suffix.lower()
        if suffix in (".xlsx", ".xlsm", ".csv", ".tsv", ".txt", ".gift", ".aiken", ".md"):
            stem = stem[: -len(suffix)]
    return stem.strip() or name


def import_bank(
    data: bytes,
    name: str,
    *,
    label: str | None = None,
    bank_id: str | None = None,
    title: str | None = None,
    fmt: str | None = None,
) -> ImportResult:
    """Read a question bank file of any supported format.

    `name` is the file name (its extension picks the format unless `fmt` is given); `label`
    is how problems name the file (default: `name`). `bank_id` and `title` override what
    the file says.
    """
    label = label or name
    if fmt is None:
        detected = detect_format(name, data)
        fmt = detected if isinstance(detected, str) else None
    if fmt == "yaml":
        return _import_yaml(data, label, bank_id=bank_id, title=title)
    drafts = read_drafts(data, name, label, fmt)
    file_problems = list(drafts.problems)
    chosen_id, id_source, id_problem = resolve_bank_id(drafts, bank_id)
    if id_problem is not None:
        file_problems.append(id_problem)
    time_limit, difficulty, default_problems = draft_defaults(drafts)
    file_problems.extend(default_problems)
    fmt_found = drafts.format if drafts.format in FORMAT_NAMES else None

    checked = DraftChecker(drafts, chosen_id, time_limit, difficulty).check(drafts.drafts)
    item_problems = [p for _, _, found in checked for p in found]
    good = [(d, q) for d, q, _ in checked if q is not None]
    bad_lines = tuple(d.line for d, q, _ in checked if q is None)
    if not drafts.drafts and not any(p.is_error for p in file_problems):
        file_problems.append(problem(label, None, "no-questions"))

    def result(bank: Bank | None, text: str | None, extra: list[Problem]) -> ImportResult:
        return ImportResult(
            label=label,
            format=fmt_found,
            unit=drafts.unit,
            bank=bank,
            yaml_text=text,
            problems=tuple(_gather([*file_problems, *item_problems, *extra], label)),
            bad_lines=bad_lines,
            found=len(drafts.drafts),
            id_source=id_source,
        )

    if any(p.is_error for p in file_problems) or not good:
        return result(None, None, [])
    bank = Bank(
        id=chosen_id,
        title=(title or "").strip() or drafts.title.strip() or default_title(name),
        description=drafts.description.strip() or None,
        tags=tuple(drafts.tags),
        enabled=drafts.enabled,
        questions=tuple(q for _, q in good),
        path=label,
    )
    defaults = None
    if drafts.time_limit.strip() or drafts.difficulty.strip():
        defaults = (time_limit, difficulty)
    text, starts = dump_bank_lines(bank, defaults)
    loaded, loader_problems = _validate(text, label)
    lines = [(d.place or label, d.line) for d, _ in good]
    mapped = [_at_source(p, starts, lines, label) for p in loader_problems]
    if loaded is None:  # the checks above missed something: never write what check rejects
        return result(None, None, mapped)
    return result(loaded, text, mapped)


def _import_yaml(
    data: bytes, label: str, *, bank_id: str | None, title: str | None
) -> ImportResult:
    """A bank file in the bank YAML format, judged by the loader `studybot check` uses, so
    its problems are at the file's own lines. It is written as it came (its comments and
    layout kept) unless the caption gives another id or title. The loader rejects a file
    with any error as a whole, so there are no questions to skip."""
    bank, problems = _validate(data, label)
    found = len(bank.questions) if bank is not None else _count_questions(data)
    given = (bank_id or "").strip()
    text = None
    if bank is not None:
        text = data.decode("utf-8-sig")  # the loader has read it as such
        named = (given or bank.id, (title or "").strip() or bank.title)
        if named != (bank.id, bank.title):
            text = dump_bank(replace(bank, id=named[0], title=named[1]))
            bank, more = _validate(text, label)
            # Lines of the rewritten text mean nothing to the admin: about the file, then.
            problems += [replace(p, line=None) for p in more]
    return ImportResult(
        label=label,
        format="yaml",
        unit="line",
        bank=bank,
        yaml_text=text if bank is not None else None,
        problems=tuple(_gather(problems, label)),
        bad_lines=(),
        found=found,
        id_source="given" if given else "file",
    )


def _count_questions(data: bytes) -> int:
    """How many questions a rejected bank file holds, for the summary; 0 when unreadable."""
    try:
        root = yaml.safe_load(data)
    except yaml.YAMLError:
        return 0
    questions = root.get("questions") if isinstance(root, dict) else None
    return len(questions) if isinstance(questions, list) else 0


def _validate(data: str | bytes, label: str) -> tuple[Bank | None, list[Problem]]:
    """The real loader's verdict on YAML: about to be written, or sent as it is."""
    with tempfile.TemporaryDirectory(prefix="studybot-import-") as folder:
        path = Path(folder) / "bank.yaml"
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        bank, problems = load_bank_file(path)
    if bank is not None:
        bank = replace(bank, path=label)
    # Named as the admin knows the file, not by the temporary copy.
    return bank, [replace(p, path=label) for p in problems]


def _at_source(
    p: Problem, starts: list[int], lines: list[tuple[str, int | None]], label: str
) -> Problem:
    """A problem the loader found in the written YAML, moved to the source row or line
    (and sheet: `lines` holds where each question came from)."""
    # The last question starting at or before the problem's line (a bank's loader warns
    # once for each of thousands of questions: no scan of every start for each).
    index = bisect_right(starts, p.line) - 1 if p.line is not None else -1
    place, line = lines[index] if index >= 0 else (label, None)
    return Problem(place, line, p.item_id, p.code, p.args, p.severity)


def _gather(problems: list[Problem], label: str) -> list[Problem]:
    """Source order; the "no explanation" warnings of a file become one."""
    missing = [p for p in problems if p.code == "explanation-missing"]
    kept = [p for p in problems if p.code != "explanation-missing"]
    kept.sort(key=lambda p: (p.line or 0))
    if missing:
        # "多选题 5" when the problem names a sheet of the workbook ("题库.xlsx / 多选题")
        positions = [
            f"{p.path.removeprefix(label + ' / ')} {p.line}" if p.path != label else str(p.line)
            for p in missing
            if p.line is not None
        ]
        shown = ", ".join(positions[:_LISTED_POSITIONS])
        if len(positions) > _LISTED_POSITIONS:
            shown += "…"
        kept.append(
            problem(
                label,
                None,
                "explanations-missing",
                severity="warning",
                count=len(missing),
                where=shown or "-",
            )
        )
    return kept


def count_types(questions: tuple[Question, ...]) -> dict[str, int]:
    counts = {"single": 0, "multiple": 0, "judge": 0, "fill": 0}
    for q in questions:
        counts[str(q.type)] += 1
    return counts


__all__ = [
    "FORMATS",
    "FORMAT_NAMES",
    "ImportResult",
    "count_types",
    "detect_format",
    "import_bank",
    "sniff_text",
]
