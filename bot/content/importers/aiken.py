"""Aiken: single-answer questions, as Moodle reads and writes them.

    苏州市级机关持续开展的活动叫什么？
    A. 党章学习日
    B. 读书月
    ANSWER: A

The question may run over several lines; options are "A." or "A)" followed by a space
(or "A．" "A）" "A、", with or without one); "ANSWER:" ends the question (a full-width
colon and a lower-case letter are accepted).
"""

from __future__ import annotations

import re

from bot.content.importers.model import Draft, DraftBank, problem, text_lines
from bot.domain.questions import LETTERS

# "A. x" and "A) x" need the space (Moodle's rule: "A.B. Smith" is text); after the
# full-width "A．" "A）" "A、" Chinese text follows without one.
_OPTION = re.compile(r"^([A-Z])\s*(?:[.)](?:\s+|$)|[．）、]\s*)(.*)$")
_ANSWER = re.compile(r"^ANSWER\s*[:：]\s*(.*)$", re.IGNORECASE)
# What makes a text an Aiken file: ANSWER: lines with one letter.
SIGNATURE = re.compile(r"^\s*ANSWER\s*[:：]\s*[A-Za-z]\s*$", re.MULTILINE)


def read_aiken(text: str, label: str) -> DraftBank:
    bank = DraftBank(label=label, format="aiken", unit="line")
    current: Draft | None = None
    in_options = False

    def close(missing_answer: bool) -> None:
        nonlocal current
        if current is not None:
            if missing_answer:
                current.problems.append(problem(label, current.line, "aiken-no-answer"))
            bank.drafts.append(current)
        current = None

    for number, raw in enumerate(text_lines(text), start=1):
        line = raw.strip()
        if not line:
            continue
        answer = _ANSWER.match(line)
        if answer:
            if current is None:
                bank.problems.append(problem(label, number, "aiken-stray-answer"))
                continue
            current.answer = answer.group(1).strip()
            close(False)
            in_options = False
            continue
        option = _OPTION.match(line)
        if option and current is not None and _next_letter(current, option):
            current.options.append((option.group(2) or "").strip())
            in_options = True
            continue
        if current is not None and in_options:
            close(True)  # a new question began before this one's ANSWER line
            in_options = False
        if current is None:
            current = Draft(line=number, type_text="single")
            current.text = line
        else:
            current.text += "\n" + line
    close(True)
    return bank


def _next_letter(draft: Draft, match: re.Match[str]) -> bool:
    """An option line only when its letter comes next (A, then B …): "B. 12" in a question
    text that has no options yet is still the question."""
    letter = match.group(1)
    return len(draft.options) < len(LETTERS) and letter == LETTERS[len(draft.options)]
