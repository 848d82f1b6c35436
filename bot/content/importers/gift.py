"""Moodle GIFT, the part that maps onto the bank's four types.

    // [tag:党章]
    ::q001:: 苏州市级机关持续开展的活动叫什么？ {
        =党章学习日 #对
        ~读书月
        ####依据《2020年机关党的建设工作要点》一.1。
    }

- `{=right ~wrong}`: single choice (partial credit such as `~%50%almost` counts as wrong,
  as Moodle asks for one answer there); `{~%50%a ~%50%b ~%-100%c}`: multiple answers (no
  `=`: every answer with a positive weight is correct); `{T}` / `{TRUE}` / `{F}` /
  `{FALSE}`: true or false; `{=5 =五}` (no `~`): short answer, i.e. fill-in with accepted variants.
- The general feedback (`####…`) is the explanation; without one, the feedback of the
  correct answer (`=right #because…`, or the second feedback of a true/false) is.
- `::title::` is the question id when it is a valid id; `// [tag:…]` comments before a
  question (Moodle writes them) are its tags. `$CATEGORY:` lines are left out.
- Text after the answers ("Moodle costs {~lots =nothing} to download") makes a blank:
  "Moodle costs ____ to download".
- Matching, numerical, essay and description questions have no counterpart: each is
  reported with its line.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bot.content.importers.model import Draft, DraftBank, problem, text_lines

_ESCAPABLE = "~=#{}:\\"
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]\s*", re.IGNORECASE)
_TAG_COMMENT = re.compile(r"\[tag:([^\]]+)\]")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_TRUE_FALSE = {"T": 0, "TRUE": 0, "F": 1, "FALSE": 1}
BLANK = "____"
# What makes a text a GIFT file: an answer block with = or ~, or a true/false block.
SIGNATURE = re.compile(
    r"\{[^{}]*(?<!\\)[=~][^{}]*\}|\{\s*(?:T|F|TRUE|FALSE)\s*(?:#[^{}]*)?\}|^\s*::[^:]+::",
    re.MULTILINE,
)


@dataclass
class _Answer:
    correct_mark: bool  # written with "="
    weight: float | None
    text: str
    feedback: str


def read_gift(text: str, label: str) -> DraftBank:
    bank = DraftBank(label=label, format="gift", unit="line")
    for start, block, tags in _blocks(text_lines(text)):
        draft = Draft(line=start, tags=tags)
        _parse_block(block, draft, label)
        # A question of a kind the bank cannot hold stays a draft with its error, so that
        # --skip-bad can leave it out and keep the rest.
        bank.drafts.append(draft)
    return bank


def _blocks(lines: list[str]) -> list[tuple[int, str, list[str]]]:
    """(first line, text, tags) of each question: questions are separated by blank lines,
    as Moodle reads them (so an answer block left open ends at the next blank line)."""
    blocks: list[tuple[int, str, list[str]]] = []
    current: list[str] = []
    start = 0
    tags: list[str] = []

    def flush() -> None:
        nonlocal current, tags
        if current:
            blocks.append((start, "\n".join(current), tags))
        current, tags = [], []

    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if stripped.startswith("//"):
            tags.extend(t.strip() for t in _TAG_COMMENT.findall(stripped) if t.strip())
            continue
        if stripped.startswith("$CATEGORY:"):
            continue
        if not stripped:
            flush()
            continue
        if not current:
            start = number
        current.append(line)
    flush()
    return blocks


def _find(text: str, targets: str, start: int = 0) -> int:
    """Index of the first unescaped character of `targets` at or after `start`, or -1."""
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch in targets:
            return i
        i += 1
    return -1


def unescape(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "n":
                out.append("\n")
                i += 2
                continue
            if nxt in _ESCAPABLE:
                out.append(nxt)
                i += 2
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def _plain(text: str, is_html: bool) -> str:
    if is_html:
        text = re.sub(r"<br\s*/?>|</p>", "\n", text, flags=re.IGNORECASE)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    lines = [" ".join(part.split()) for part in text.split("\n")]
    return "\n".join(line for line in lines if line).strip()


def _parse_block(block: str, draft: Draft, label: str) -> None:
    """Fill `draft` from one question's text; a kind with no counterpart is a problem."""
    body = block.strip()
    if body.startswith("::"):
        end = body.find("::", 2)
        if end > 0:
            title = unescape(body[2:end]).strip()
            draft.qid = title if re.fullmatch(r"[A-Za-z0-9_-]{1,64}", title) else ""
            body = body[end + 2 :]
    is_html = False
    fmt = _FORMAT.match(body)
    if fmt:
        is_html = fmt.group(1).lower() in ("html", "moodle")
        body = body[fmt.end() :]
    open_at = _find(body, "{")
    if open_at < 0:
        draft.problems.append(problem(label, draft.line, "gift-unsupported", kind="description"))
        return
    close_at = _find(body, "}", open_at + 1)
    if close_at < 0:
        draft.problems.append(problem(label, draft.line, "gift-unclosed"))
        return
    before = _plain(unescape(body[:open_at]), is_html)
    after = _plain(unescape(body[close_at + 1 :]), is_html)
    draft.text = f"{before} {BLANK} {after}".strip() if after else before
    inside = body[open_at + 1 : close_at]
    general = ""
    split = inside.find("####")
    if split >= 0:
        general = _plain(unescape(inside[split + 4 :]), is_html)
        inside = inside[:split]
    draft.explanation = general
    flat = " ".join(inside.split())
    kind = _kind(flat)
    if kind is not None:
        draft.problems.append(problem(label, draft.line, "gift-unsupported", kind=kind))
        return
    tf_word, _, tf_feedback = flat.partition("#")
    if tf_word.strip() in _TRUE_FALSE:
        draft.judge = _TRUE_FALSE[tf_word.strip()]
        draft.type_hint = "judge"
        # {TRUE#feedback for a wrong answer#feedback for a right one}
        feedbacks = tf_feedback.split("#") if tf_feedback else []
        if not draft.explanation and len(feedbacks) > 1:
            draft.explanation = _plain(unescape(feedbacks[1]), is_html)
        return
    answers = _answers(inside, is_html)
    if not answers:
        draft.problems.append(problem(label, draft.line, "gift-unsupported", kind="essay"))
        return
    if all(a.correct_mark for a in answers):
        draft.type_hint = "fill"
        draft.variants = [a.text for a in answers if a.weight is None or a.weight >= 100]
        feedback = next((a.feedback for a in answers if a.feedback), "")
    else:
        draft.options = [a.text for a in answers]
        # As Moodle reads it: an "=" answer makes a one-answer question, whose "~%50%…"
        # answers are partly right (here: wrong); without one, every positive weight is right.
        if any(a.correct_mark for a in answers):
            draft.type_hint = "single"
            correct = [i for i, a in enumerate(answers) if a.correct_mark]
        elif any(a.weight is not None for a in answers):
            draft.type_hint = "multiple"
            correct = [i for i, a in enumerate(answers) if (a.weight or 0) > 0]
        else:
            draft.type_hint = "single"
            correct = []
        draft.correct = frozenset(correct)
        if not correct:
            draft.problems.append(problem(label, draft.line, "gift-no-correct"))
        feedback = next((answers[i].feedback for i in correct if answers[i].feedback), "")
    if not draft.explanation:
        draft.explanation = feedback


def _kind(flat: str) -> str | None:
    """The GIFT question kinds that have no counterpart in a bank."""
    if not flat:
        return "essay"
    if flat.startswith("#"):
        return "numerical"
    if "->" in flat and "~" not in flat:
        return "matching"
    return None


def _answers(inside: str, is_html: bool) -> list[_Answer]:
    answers: list[_Answer] = []
    at = _find(inside, "=~")
    while at >= 0:
        nxt = _find(inside, "=~", at + 1)
        chunk = inside[at + 1 : nxt if nxt >= 0 else len(inside)].strip()
        weight: float | None = None
        found = _WEIGHT.match(chunk)
        if found:
            weight = float(found.group(1))
            chunk = chunk[found.end() :]
        hash_at = _find(chunk, "#")
        feedback = chunk[hash_at + 1 :] if hash_at >= 0 else ""
        chunk = chunk[:hash_at] if hash_at >= 0 else chunk
        answers.append(
            _Answer(
                correct_mark=inside[at] == "=",
                weight=weight,
                text=_plain(unescape(chunk), is_html),
                feedback=_plain(unescape(feedback), is_html),
            )
        )
        at = nxt
    return answers
