"""Exporting banks (Excel, GIFT, Aiken) and importing them back; the template; the CLI."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.content.banks import load_banks
from bot.content.exporters import (
    TEMPLATE_BANK,
    export_aiken,
    export_bank,
    export_gift,
    export_xlsx,
    template_xlsx,
)
from bot.content.importers import import_bank
from bot.domain.questions import Bank, Question, QuestionType

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "templates" / "question-bank-template.xlsx"
SAMPLES = load_banks(REPO / "quizzes").banks
S, M, J, F = QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.JUDGE, QuestionType.FILL


def reimport(bank: Bank, fmt: str, name: str) -> Bank:
    export = export_bank(bank, fmt)
    result = import_bank(export.data, name, bank_id=bank.id)
    assert result.errors == (), result.errors
    assert result.bank is not None
    return result.bank


def test_the_samples_are_what_the_round_trips_use() -> None:
    assert len(SAMPLES) == 4
    assert all({q.type for q in bank.questions} == {S, M, J, F} for bank in SAMPLES)


@pytest.mark.parametrize("bank", SAMPLES, ids=lambda b: b.id)
def test_excel_keeps_everything(bank: Bank) -> None:
    back = reimport(bank, "xlsx", f"{bank.id}.xlsx")
    assert back.questions == bank.questions  # ids, explanations, tags, difficulty, time, source
    assert (back.title, back.description, back.tags, back.enabled) == (
        bank.title,
        bank.description,
        bank.tags,
        bank.enabled,
    )


def _gift_part(q: Question) -> tuple[Any, ...]:
    return (q.id, q.type, q.text, q.options, q.correct, q.accepted, q.explanation, q.tags)


@pytest.mark.parametrize("bank", SAMPLES, ids=lambda b: b.id)
def test_gift_keeps_the_four_types_ids_explanations_and_tags(bank: Bank) -> None:
    back = reimport(bank, "gift", f"{bank.id}.gift.txt")
    assert [_gift_part(q) for q in back.questions] == [_gift_part(q) for q in bank.questions]


@pytest.mark.parametrize("bank", SAMPLES, ids=lambda b: b.id)
def test_aiken_keeps_the_single_choice_questions(bank: Bank) -> None:
    export = export_aiken(bank)
    singles = [q for q in bank.questions if q.type is S]
    assert [q.id for q in export.skipped] == [q.id for q in bank.questions if q.type is not S]
    back = reimport(bank, "aiken", f"{bank.id}.aiken.txt")

    def part(q: Question) -> tuple[Any, ...]:
        return (q.type, q.text, q.options, q.correct)

    assert [part(q) for q in back.questions] == [part(q) for q in singles]


def _bank(*questions: Question) -> Bank:
    return Bank("tricky", "难办的题库", None, (), True, questions, "tricky.yaml")


TRICKY = _bank(
    Question(
        "tricky",
        "t1",
        S,
        "算式 1+1=2 对吗？{注意：大括号} #井号 ~波浪 \\ 反斜杠\n第二行",
        ("=2", "a: b", "~x", "#"),
        frozenset({0}),
        explanation="解析里有 = ~ # { } : 和\n换行",
        tags=("标签:一",),
    ),
    Question(
        "tricky",
        "t2",
        M,
        "多选题？",
        tuple(f"选项{i}" for i in range(12)),
        frozenset({0, 3, 11}),
    ),
    # Brackets that do not give the answer are the question's own and stay.
    Question("tricky", "t3", J, "判断题（对）", ("正确", "错误"), frozenset({1})),
    Question("tricky", "t4", F, "填空____", accepted=("5", "五", "TRUE", "-1")),
)


def test_special_characters_survive_gift() -> None:
    back = reimport(TRICKY, "gift", "tricky.gift")
    assert [_gift_part(q) for q in back.questions] == [_gift_part(q) for q in TRICKY.questions]


def test_special_characters_survive_excel() -> None:
    """Text starting with "=" stays text (not a formula); "TRUE" and "-1" stay answers."""
    back = reimport(TRICKY, "xlsx", "tricky.xlsx")
    assert back.questions == TRICKY.questions


def test_aiken_writes_each_question_on_one_line() -> None:
    text = export_aiken(TRICKY).data.decode("utf-8")
    assert text.splitlines()[0] == "算式 1+1=2 对吗？{注意：大括号} #井号 ~波浪 \\ 反斜杠 第二行"
    assert text.splitlines()[-1] == "ANSWER: A"


def test_gift_output_looks_like_moodle_gift() -> None:
    bank = next(b for b in SAMPLES if b.id == "grassroots")
    text = export_gift(bank).data.decode("utf-8")
    assert "::gr-001:: " in text and "\t####依据" in text
    assert "~%33.33333%" in text and "~%-100%" in text  # multiple answers: weights
    assert "{FALSE####" in text or "{TRUE####" in text


# -- the template ------------------------------------------------------------------------


def _contents(data: bytes) -> dict[str, Any]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    out: dict[str, Any] = {}
    for sheet in workbook.worksheets:
        out[sheet.title] = {
            "cells": [[c.value for c in row] for row in sheet.iter_rows()],
            "validations": sorted(
                (v.type, v.formula1, str(v.sqref)) for v in sheet.data_validations.dataValidation
            ),
            "freeze": sheet.freeze_panes,
        }
    return out


def test_the_committed_template_is_what_the_generator_writes() -> None:
    """`studybot import --template` and templates/question-bank-template.xlsx agree. After
    changing the template code: python -c "from bot.content.exporters import template_xlsx;
    open('templates/question-bank-template.xlsx','wb').write(template_xlsx())"."""
    assert _contents(TEMPLATE.read_bytes()) == _contents(template_xlsx())


def test_the_template_imports_as_its_example_bank() -> None:
    result = import_bank(TEMPLATE.read_bytes(), TEMPLATE.name)
    assert result.problems == ()
    assert result.bank is not None and result.bank.questions == TEMPLATE_BANK.questions
    sheets = _contents(TEMPLATE.read_bytes())
    assert list(sheets) == ["题目", "题库信息", "说明"]
    header = sheets["题目"]["cells"][0]
    assert (
        header[:3] == ["编号", "题型", "题目"] and header[3] == "选项A" and header[14] == "选项L"
    )
    assert header[15:] == ["答案", "解析", "标签", "难度", "时限", "出处"]


def test_an_exported_workbook_can_be_edited_and_imported() -> None:
    from openpyxl import load_workbook

    bank = SAMPLES[0]
    workbook = load_workbook(io.BytesIO(export_xlsx(bank).data))
    sheet = workbook["题目"]
    sheet.append([None, "判断", "新加的一道判断题", *[None] * 12, "对", "新解析"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_bank(buffer.getvalue(), "edited.xlsx")
    assert result.errors == () and result.bank is not None
    assert result.bank.id == bank.id  # from the 题库信息 sheet
    assert result.bank.questions[:-1] == bank.questions
    added = result.bank.questions[-1]
    assert (added.type, added.text, added.correct_letters) == (J, "新加的一道判断题", ("A",))
    assert added.id not in {q.id for q in bank.questions}


# -- studybot export-bank ----------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "config.yaml").write_text("quizzes_dir: quizzes\n", encoding="utf-8")
    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    for name in ("grassroots.yaml", "theory-study.yaml"):
        (quizzes / name).write_bytes((REPO / "quizzes" / name).read_bytes())
    return tmp_path


def run(project: Path, *args: str) -> int:
    return main(["-c", str(project / "config.yaml"), *args])


@pytest.mark.parametrize("fmt", ["xlsx", "gift", "aiken"])
def test_cli_export_then_import_round_trip(
    project: Path, fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    assert run(project, "export-bank", "grassroots", "--format", fmt) == 0
    out = capsys.readouterr().out
    written = next(project.glob("grassroots.*"))
    assert "已把题库 grassroots 的" in out and written.name in out
    if fmt == "aiken":
        assert "Aiken 格式只能保存单选题：跳过了 15 道题" in out
    target = project / "quizzes" / "back.yaml"
    assert run(project, "import", str(written), "--bank", "back", "--out", str(target)) == 0
    assert load_banks(project / "quizzes").errors == ()
    original = next(b for b in SAMPLES if b.id == "grassroots")
    back = load_banks(project / "quizzes").by_id("back")
    assert back is not None
    kept = original.questions if fmt != "aiken" else [q for q in original.questions if q.type is S]
    assert [q.text for q in back.questions] == [q.text for q in kept]


def test_cli_export_refuses_to_overwrite_and_unknown_banks(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = project / "x.xlsx"
    out.write_bytes(b"keep")
    assert run(project, "export-bank", "grassroots", "--out", str(out)) == 1
    assert "已存在" in capsys.readouterr().err and out.read_bytes() == b"keep"
    assert run(project, "export-bank", "grassroots", "--out", str(out), "--force") == 0
    assert import_bank(out.read_bytes(), out.name).errors == ()
    assert run(project, "export-bank", "nope") == 1
    assert "找不到题库 nope。现有题库：grassroots、theory-study" in capsys.readouterr().err


def test_cli_lists_the_banks_with_english_commas_in_english(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "config.yaml").write_text("quizzes_dir: quizzes\nlanguage: en\n", encoding="utf-8")
    assert run(project, "export-bank", "nope") == 1
    assert "No bank nope. Banks: grassroots, theory-study." in capsys.readouterr().err


def test_cli_export_of_a_bank_aiken_cannot_hold(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = "\n".join(
        f"  - {{id: j{i}, type: judge, question: 判断{i}, answer: 对, explanation: 解析}}"
        for i in range(3)
    )
    (project / "quizzes" / "judges.yaml").write_text(
        f"id: judges\ntitle: 判断题\nquestions:\n{questions}\n", encoding="utf-8"
    )
    out = project / "judges.aiken.txt"
    assert run(project, "export-bank", "judges", "--format", "aiken", "--out", str(out)) == 1
    assert "没有 Aiken 格式能保存的题目" in capsys.readouterr().err
    assert not out.exists()
