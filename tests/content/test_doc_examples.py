"""The YAML examples in the docs work when an organiser pastes them.

schedules/README.md, quizzes/README.md and the handbook show schedules and banks to copy.
A whole schedule or bank, saved as a new file beside the samples, must load without an error;
a fragment (an `audience:` line, a `content:` with a series) must load once put into a
schedule with the keys it leaves out.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.content.banks import load_bank_file
from bot.content.schedules import load_schedules

ROOT = Path(__file__).resolve().parents[2]
BANKS = {"political-building", "theory-study", "grassroots", "conduct-and-duty"}
# The organiser's own material in the series example; the samples ship no such file.
ORGANISER_FILES = ("materials/2026-01.pdf",)
# What a fragment leaves out, as the organiser's schedule would have it.
BASE_SCHEDULE = {
    "id": "id: pasted",
    "title": "title: 粘贴的示例",
    "trigger": 'trigger: "每月1日 09:00"',
    "audience": "audience: all",
    "content": "content:\n  text: 示例",
}
FENCE = re.compile(r"^(?P<indent> *)```yaml\n(?P<body>.*?)^(?P=indent)```", re.S | re.M)
TOP_KEY = re.compile(r"^([A-Za-z_]+):", re.M)


def yaml_examples(doc: str) -> list[tuple[str, str]]:
    """(doc:line, dedented text) of every ```yaml block in a doc."""
    text = (ROOT / doc).read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        width = len(match["indent"])
        body = "\n".join(line[width:] for line in match["body"].splitlines()) + "\n"
        found.append((f"{doc}:{text.count(chr(10), 0, match.start()) + 2}", body))
    return found


def schedule_files(example: str) -> list[str]:
    """The schedule files an example makes: itself when whole; a fragment put into the base
    schedule, one line at a time where it lists alternatives (the same key on every line)."""
    keys = TOP_KEY.findall(example)
    if "id" in keys:
        return [example]
    if len(keys) > len(set(keys)):
        pieces = [line for line in example.splitlines() if TOP_KEY.match(line)]
    else:
        pieces = [example]
    return [
        "\n".join(
            [line for key, line in BASE_SCHEDULE.items() if key not in TOP_KEY.findall(piece)]
            + [piece]
        )
        + "\n"
        for piece in pieces
    ]


SCHEDULE_EXAMPLES = [
    pytest.param(made, id=f"{where}#{n}")
    for doc in ("schedules/README.md", "docs/handbook.md")
    for where, example in yaml_examples(doc)
    if "admins:" not in example  # the handbook's config.yaml lines
    for n, made in enumerate(schedule_files(example), start=1)
]
BANK_EXAMPLES = [
    pytest.param(text, id=where) for where, text in yaml_examples("quizzes/README.md")
]


def test_the_docs_have_examples() -> None:
    assert len(SCHEDULE_EXAMPLES) >= 12
    assert len(BANK_EXAMPLES) == 2


@pytest.mark.parametrize("text", SCHEDULE_EXAMPLES)
def test_schedule_example_loads_beside_the_samples(tmp_path: Path, text: str) -> None:
    folder = tmp_path / "schedules"
    shutil.copytree(ROOT / "schedules", folder)
    for name in ORGANISER_FILES:
        (folder / name).write_bytes(b"%PDF-1.4\n")
    (folder / "pasted.yaml").write_text(text, encoding="utf-8")
    catalog = load_schedules(folder, base=tmp_path, known_banks=BANKS)
    assert [p for p in catalog.problems if p.is_error] == [], text
    assert "pasted.yaml" not in " ".join(catalog.failed_files)


@pytest.mark.parametrize("text", BANK_EXAMPLES)
def test_bank_example_loads(tmp_path: Path, text: str) -> None:
    path = tmp_path / "pasted.yaml"
    path.write_text(text, encoding="utf-8")
    bank, problems = load_bank_file(path)
    assert problems == []
    assert bank is not None and len(bank.questions) == 4
