"""Loading and validating question bank files."""

from __future__ import annotations

import textwrap
from functools import partial
from pathlib import Path

import pytest
import yaml

from bot.content import banks
from bot.content.banks import BankCatalog, load_bank_file, load_banks
from bot.content.problems import Problem
from bot.domain.questions import Bank, Question, QuestionType
from bot.locales import translate
from tests.content.yaml_mistakes import YAML_MISTAKES

VALID = """\
id: constitution-basics
title: 党章学习日·基础知识
description: 可选的简介
tags: [党章, 政治建设]
defaults:
  time_limit: 25
  difficulty: 3
questions:
  - id: q001
    type: single
    question: 苏州市级机关持续开展的、督促党员严格遵守党章的活动叫什么？
    options:
      - 党章学习日
      - 读书月
      - 法治开讲
      - 干部大讲堂
    answer: a
    explanation: 依据《2020年机关党的建设工作要点》一.1。
    tags: [党章]
    difficulty: 1
    time_limit: 20
    source: 2020年机关党的建设工作要点 一.1
  - id: q002
    type: judge
    question: 基层党建活动经费新标准是每人每年800元。
    answer: 错
    explanation: 见要点。
  - id: q003
    type: fill
    question: 全年计划组织____期“干部大讲堂”。
    answer: ["5", "五"]
    explanation: 见要点。
  - id: q004
    type: multiple
    question: 哪些是主题活动？
    options: [党章学习日, 读书月, 法治开讲]
    answer: AC
    explanation: 见要点。
  - id: q-5
    type: multiple
    question: 再选一次
    options: [甲, 乙, 丙]
    answer: [c, A]
    explanation: 见要点。
  - id: q_6
    type: judge
    question: 判断
    answer: true
    explanation: 见要点。
  - id: q7
    type: fill
    question: 经费标准是每人每年多少元？
    answer: 800
    explanation: 见要点。
"""

# A minimal valid question to build broken variants from (line 4 is "  - id: q1").
HEAD = "id: b\ntitle: T\nquestions:\n"
JUDGE_Q = "  - {id: q, type: judge, question: Q, answer: 对, explanation: E}\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load(tmp_path: Path, text: str) -> tuple[Bank | None, list[Problem]]:
    return load_bank_file(write(tmp_path, "bank.yaml", text), base=tmp_path)


def render_all(problems: list[Problem]) -> None:
    """Every problem must have a message, with all its variables, in both locales."""
    for locale in ("zh", "en"):
        for p in problems:
            assert p.render(partial(translate, locale))


def test_valid_bank_loads_all_four_types(tmp_path: Path) -> None:
    bank, problems = load(tmp_path, VALID)
    assert problems == []
    assert bank is not None
    assert (bank.id, bank.title, bank.description) == (
        "constitution-basics",
        "党章学习日·基础知识",
        "可选的简介",
    )
    assert bank.tags == ("党章", "政治建设") and bank.enabled and bank.path == "bank.yaml"
    q1, q2, q3, q4, q5, q6, q7 = bank.questions
    assert q1 == Question(
        bank_id="constitution-basics",
        id="q001",
        type=QuestionType.SINGLE,
        text="苏州市级机关持续开展的、督促党员严格遵守党章的活动叫什么？",
        options=("党章学习日", "读书月", "法治开讲", "干部大讲堂"),
        correct=frozenset({0}),
        accepted=(),
        explanation="依据《2020年机关党的建设工作要点》一.1。",
        tags=("党章",),
        difficulty=1,
        time_limit=20,
        source="2020年机关党的建设工作要点 一.1",
    )
    assert q1.key == "constitution-basics/q001" and q1.letters == ("A", "B", "C", "D")
    assert q2.type is QuestionType.JUDGE and q2.options == ("正确", "错误")
    assert q2.correct == frozenset({1}) and q2.correct_letters == ("B",)
    assert (q2.difficulty, q2.time_limit, q2.source, q2.tags) == (3, 25, None, ())
    assert q3.type is QuestionType.FILL and q3.accepted == ("5", "五") and q3.options == ()
    assert q3.correct == frozenset()
    assert q4.correct == frozenset({0, 2}) and q4.correct_letters == ("A", "C")
    assert q5.correct == frozenset({0, 2})
    assert q6.correct == frozenset({0})
    assert q7.accepted == ("800",)
    assert bank.counts() == {
        QuestionType.SINGLE: 1,
        QuestionType.MULTIPLE: 2,
        QuestionType.JUDGE: 2,
        QuestionType.FILL: 2,
    }
    catalog = BankCatalog(banks=(bank,))
    assert catalog.question("constitution-basics/q003") is q3
    assert catalog.question("constitution-basics/nope") is None


def test_disabled_bank_and_null_optional_values(tmp_path: Path) -> None:
    bank, problems = load(
        tmp_path,
        """\
        id: b
        title: T
        enabled: false
        description:
        tags:
        questions:
          - id: q1
            type: judge
            question: Q
            answer: 正确
            explanation: E
        """,
    )
    assert problems == []
    assert bank is not None and not bank.enabled
    assert bank.description is None and bank.tags == ()


# (yaml, code, line, item id). Each file holds one problem so the code and line are exact.
INVALID: list[tuple[str, str, int | None, str | None]] = [
    ("id: b\ntitle: [unclosed\n", "yaml-syntax", 3, None),
    ("id: b\n\ttitle: T\n", "yaml-syntax", 2, None),
    ("", "empty-file", None, None),
    ("- a\n- b\n", "top-not-mapping", 1, None),
    ("title: T\nquestions:\n" + JUDGE_Q, "bank-id-missing", 1, None),
    (
        "id: Bad Id\ntitle: T\n" + "questions:\n  - {id: q, type: judge, question: Q, answer: 对, "
        "explanation: E}\n",
        "bank-id-invalid",
        1,
        None,
    ),
    (
        "id: b\nquestions:\n  - {id: q, type: judge, question: Q, answer: 对, explanation: E}\n",
        "title-missing",
        1,
        None,
    ),
    ("id: b\ntitle: T\n", "questions-missing", 1, None),
    ("id: b\ntitle: T\nquestions: []\n", "questions-empty", 3, None),
    ("id: b\ntitle: T\nquestions:\n", "questions-empty", 3, None),
    ("id: b\ntitle: T\nquestions: lots\n", "questions-not-list", 3, None),
    (HEAD + "  - just text\n", "question-not-mapping", 4, "#1"),
    (
        "id: b\ntitle: T\nenabeld: true\nquestions:\n  - {id: q, type: judge, question: Q, "
        "answer: 对, explanation: E}\n",
        "unknown-key-suggest",
        3,
        None,
    ),
    (
        "id: b\ntitle: T\ncolour: red\nquestions:\n  - {id: q, type: judge, question: Q, "
        "answer: 对, explanation: E}\n",
        "unknown-key",
        3,
        None,
    ),
    (
        HEAD + "  - id: q1\n    type: judge\n    question: Q\n    answer: 对\n    explanation: E\n"
        "    answer: 错\n",
        "duplicate-key",
        9,
        "q1",
    ),
    (
        HEAD + "  - type: judge\n    question: Q\n    answer: 对\n    explanation: E\n",
        "question-id-missing",
        4,
        "#1",
    ),
    (
        HEAD
        + "  - id: q 1\n    type: judge\n    question: Q\n    answer: 对\n    explanation: E\n",
        "question-id-invalid",
        4,
        "q 1",
    ),
    (
        HEAD + "  - id: q1\n    type: judge\n    question: Q\n    answer: 对\n    explanation: E\n"
        "  - id: q1\n    type: judge\n    question: Q2\n    answer: 对\n    explanation: E\n",
        "question-id-duplicate",
        9,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    question: Q\n    answer: 对\n    explanation: E\n",
        "type-missing",
        4,
        "q1",
    ),
    (
        HEAD
        + "  - id: q1\n    type: essay\n    question: Q\n    answer: 对\n    explanation: E\n",
        "type-unknown",
        5,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: judge\n    answer: 对\n    explanation: E\n",
        "text-missing",
        4,
        "q1",
    ),
    (
        HEAD
        + "  - id: q1\n    type: judge\n    question: ''\n    answer: 对\n    explanation: E\n",
        "text-missing",
        6,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: judge\n    question:\n      - a list\n    answer: 对\n"
        "    explanation: E\n",
        "value-not-text",
        6,
        "q1",
    ),
    (
        HEAD
        + "  - id: q1\n    type: single\n    question: Q\n    answer: A\n    explanation: E\n",
        "options-missing",
        4,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: judge\n    question: Q\n    options: [是, 否]\n"
        "    answer: 对\n    explanation: E\n",
        "options-not-allowed",
        7,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: fill\n    question: Q\n    options: [是, 否]\n"
        "    answer: x\n    explanation: E\n",
        "options-not-allowed",
        7,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: single\n    question: Q\n    options: 甲 乙\n"
        "    answer: A\n    explanation: E\n",
        "options-not-list",
        7,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: single\n    question: Q\n    options: [甲]\n"
        "    answer: A\n    explanation: E\n",
        "options-too-few",
        7,
        "q1",
    ),
    (
        HEAD
        + "  - id: q1\n    type: multiple\n    question: Q\n    options: ["
        + ", ".join(f"o{i}" for i in range(13))
        + "]\n    answer: A\n    explanation: E\n",
        "options-too-many",
        7,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: single\n    question: Q\n    options:\n      - 甲\n"
        "      - ''\n    answer: A\n    explanation: E\n",
        "option-empty",
        9,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: single\n    question: Q\n    options:\n      - 甲\n"
        "      - 乙\n      - 甲\n    answer: A\n    explanation: E\n",
        "option-duplicate",
        10,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: single\n    question: Q\n    options:\n      - 甲\n"
        f"      - {'乙' * 101}\n    answer: A\n    explanation: E\n",
        "option-too-long",
        9,
        "q1",
    ),
    (
        HEAD + f"  - id: q1\n    type: judge\n    question: {'问' * 301}\n    answer: 对\n"
        "    explanation: E\n",
        "question-too-long",
        6,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: judge\n    question: Q\n    explanation: E\n",
        "answer-missing",
        4,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: single\n    question: Q\n    options: [甲, 乙, 丙, 丁]\n"
        "    answer: E\n    explanation: E\n",
        "answer-not-in-options",
        8,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: single\n    question: Q\n    options: [甲, 乙]\n"
        "    answer: 1\n    explanation: E\n",
        "answer-invalid",
        8,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: single\n    question: Q\n    options: [甲, 乙]\n"
        "    answer: 乙\n    explanation: E\n",
        "answer-is-option-text",
        8,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: single\n    question: Q\n    options: [甲, 乙]\n"
        "    answer: [A, B]\n    explanation: E\n",
        "answer-single-multiple",
        8,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: multiple\n    question: Q\n    options: [甲, 乙]\n"
        "    answer: []\n    explanation: E\n",
        "answer-multiple-empty",
        8,
        "q1",
    ),
    (
        HEAD
        + "  - id: q1\n    type: judge\n    question: Q\n    answer: yes\n    explanation: E\n",
        "judge-answer-invalid",
        7,
        "q1",
    ),
    (
        HEAD
        + "  - id: q1\n    type: judge\n    question: Q\n    answer: 是\n    explanation: E\n",
        "judge-answer-invalid",
        7,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: fill\n    question: Q\n    answer: []\n    explanation: E\n",
        "fill-answer-empty",
        7,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: fill\n    question: Q\n    answer: ''\n    explanation: E\n",
        "fill-answer-empty",
        7,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: fill\n    question: Q\n    answer:\n      - 五\n"
        "      - '。 '\n    explanation: E\n",
        "fill-variant-empty",
        9,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: judge\n    question: Q\n    answer: 对\n    explanation: E\n"
        "    time_limit: -1\n",
        "time-limit-invalid",
        9,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: judge\n    question: Q\n    answer: 对\n    explanation: E\n"
        "    time_limit: 1.5\n",
        "time-limit-invalid",
        9,
        "q1",
    ),
    (
        "id: b\ntitle: T\ndefaults:\n  time_limit: soon\nquestions:\n  - {id: q, type: judge, "
        "question: Q, answer: 对, explanation: E}\n",
        "time-limit-invalid",
        4,
        None,
    ),
    (
        HEAD + "  - id: q1\n    type: judge\n    question: Q\n    answer: 对\n    explanation: E\n"
        "    difficulty: 6\n",
        "difficulty-invalid",
        9,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: judge\n    question: Q\n    answer: 对\n    explanation: E\n"
        "    tags: 党章\n",
        "tags-invalid",
        9,
        "q1",
    ),
    (
        HEAD + "  - id: q1\n    type: judge\n    question: Q\n    answer: 对\n"
        "    explanation: " + "解" * 3001 + "\n",
        "explanation-too-long",
        8,
        "q1",
    ),
    (
        "id: b\ntitle: T\nenabled: maybe\nquestions:\n  - {id: q, type: judge, question: Q, "
        "answer: 对, explanation: E}\n",
        "enabled-invalid",
        3,
        None,
    ),
    (
        "id: b\ntitle: T\ndefaults: 30\nquestions:\n  - {id: q, type: judge, question: Q, "
        "answer: 对, explanation: E}\n",
        "value-not-mapping",
        3,
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "code", "line", "item"), INVALID, ids=[c for _, c, _, _ in INVALID]
)
def test_each_invalid_kind_is_reported_with_line_and_id(
    tmp_path: Path, text: str, code: str, line: int | None, item: str | None
) -> None:
    bank, problems = load(tmp_path, text)
    assert bank is None
    assert [(p.code, p.line, p.item_id, p.severity) for p in problems] == [
        (code, line, item, "error")
    ]
    render_all(problems)


@pytest.mark.parametrize(("text", "words", "line"), YAML_MISTAKES)
def test_yaml_mistakes_are_explained_in_chinese(
    tmp_path: Path, text: str, words: str, line: int
) -> None:
    bank, problems = load(tmp_path, text)
    assert bank is None
    assert [(p.code, p.line) for p in problems] == [("yaml-syntax", line)]
    message = problems[0].render(partial(translate, "zh"))
    assert message.startswith(f"bank.yaml:{line} YAML 语法错误：")
    assert words in message
    render_all(problems)


def test_every_code_has_messages_in_banks_ftl() -> None:
    from fluent.syntax import FluentParser, ast

    for locale in ("zh", "en"):
        path = Path(banks.__file__).parents[1] / "locales" / locale / "banks.ftl"
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        ids = {e.id.name for e in resource.body if isinstance(e, ast.Message)}
        assert ids == {"problem-" + c for c in banks.PROBLEM_CODES}, locale


@pytest.mark.parametrize(
    ("extra", "code", "line"),
    [
        ("", "explanation-missing", 4),
        ("    explanation: " + "解" * 201 + "\n", "explanation-long", 8),
    ],
)
def test_warnings_do_not_reject(tmp_path: Path, extra: str, code: str, line: int) -> None:
    text = HEAD + "  - id: q1\n    type: judge\n    question: Q\n    answer: 对\n" + extra
    bank, problems = load(tmp_path, text)
    assert bank is not None and len(bank.questions) == 1
    assert [(p.code, p.line, p.item_id, p.severity) for p in problems] == [
        (code, line, "q1", "warning")
    ]
    render_all(problems)


def test_all_problems_in_a_file_are_reported(tmp_path: Path) -> None:
    bank, problems = load(
        tmp_path,
        """\
        id: b
        title: T
        questions:
          - id: q1
            type: single
            question: Q
            options: [甲, 乙, 丙, 丁]
            answer: E
            explanation: E
          - id: q2
            type: judge
            question: Q
            answer: maybe
            explanation: E
            difficulty: 9
          - id: q1
            type: fill
            question: Q
            answer: x
            explanaton: E
        """,
    )
    assert bank is None
    found = [(p.code, p.line, p.item_id) for p in problems]
    assert found == [
        ("answer-not-in-options", 8, "q1"),
        ("judge-answer-invalid", 13, "q2"),
        ("difficulty-invalid", 15, "q2"),
        ("question-id-duplicate", 16, "q1"),
        ("explanation-missing", 16, "q1"),
        ("unknown-key-suggest", 20, "q1"),
    ]
    by_code = {p.code: p for p in problems}
    assert by_code["answer-not-in-options"].args == {"answer": "E", "valid": "A–D"}
    assert by_code["unknown-key-suggest"].args["suggestion"] == "explanation"
    assert by_code["question-id-duplicate"].args["first_line"] == "4"
    render_all(problems)


def test_problem_rendering(tmp_path: Path) -> None:
    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    text = HEAD + "  - id: q1\n    type: single\n    question: Q\n    options: [甲, 乙, 丙, 丁]\n"
    text += "    answer: E\n    explanation: E\n"
    _, problems = load_bank_file(write(quizzes, "x.yaml", text), base=tmp_path)
    (problem,) = problems
    assert problem.render(partial(translate, "zh")) == (
        "quizzes/x.yaml:8 [q1] 答案 E 不在选项中：可选字母为 A–D。请改正 answer。"
    )
    assert (
        problem.render(lambda mid, args: mid)
        == "quizzes/x.yaml:8 [q1] problem-answer-not-in-options"
    )
    whole = Problem("quizzes/x.yaml", None, None, "empty-file")
    assert whole.render(lambda mid, args: "m") == "quizzes/x.yaml m"
    assert hash(problem) == hash(Problem(**{s: getattr(problem, s) for s in problem.__slots__}))


def test_chinese_key_gets_english_suggestion(tmp_path: Path) -> None:
    _, problems = load(tmp_path, HEAD + "  - id: q1\n    type: judge\n    问题: Q\n    答案: 对\n")
    suggestions = [p.args.get("suggestion") for p in problems if p.code == "unknown-key-suggest"]
    assert suggestions == ["question", "answer"]


def test_merge_keys_are_applied_and_may_be_overridden(tmp_path: Path) -> None:
    bank, problems = load(
        tmp_path,
        """\
        id: b
        title: T
        questions:
          - &base {id: q1, type: judge, question: Q, answer: 对, explanation: E}
          - <<: *base
            id: q2
            answer: 错
        """,
    )
    assert problems == []
    assert bank is not None
    assert [(q.id, q.correct) for q in bank.questions] == [
        ("q1", frozenset({0})),
        ("q2", frozenset({1})),
    ]


def test_broken_file_does_not_stop_others(tmp_path: Path) -> None:
    folder = tmp_path / "quizzes"
    folder.mkdir()
    write(folder, "a.yaml", "id: a\ntitle: A\ntags: [党章]\nquestions:\n" + JUDGE_Q)
    write(folder, "b.yaml", "id: b\ntitle: [broken\n")
    write(folder, "c.yml", "id: c\ntitle: 第三\nquestions:\n" + JUDGE_Q)
    write(folder, "_draft.yaml", "not: [valid\n")
    write(folder, ".hidden.yaml", "not: [valid\n")
    write(folder, "notes.txt", "ignored")
    catalog = load_banks(folder, base=tmp_path)
    assert [b.id for b in catalog.banks] == ["a", "c"]
    assert catalog.failed_files == ("quizzes/b.yaml",)
    assert [(p.path, p.code) for p in catalog.problems] == [("quizzes/b.yaml", "yaml-syntax")]
    assert catalog.errors == catalog.problems and catalog.warnings == ()


def test_duplicate_bank_id_across_files(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "id: same\ntitle: A\nquestions:\n" + JUDGE_Q)
    write(tmp_path, "b.yaml", "# second\nid: same\ntitle: B\nquestions:\n" + JUDGE_Q)
    catalog = load_banks(tmp_path, base=tmp_path)
    assert [b.title for b in catalog.banks] == ["A"]
    assert catalog.failed_files == ("b.yaml",)
    (problem,) = catalog.problems
    assert (problem.path, problem.line, problem.code) == ("b.yaml", 2, "bank-id-duplicate")
    assert problem.args == {"id": "same", "other": "a.yaml"}
    render_all([problem])


def test_missing_and_empty_folders(tmp_path: Path) -> None:
    missing = load_banks(tmp_path / "nope", base=tmp_path)
    assert [(p.path, p.code, p.severity) for p in missing.problems] == [
        ("nope", "folder-missing", "error")
    ]
    empty = load_banks(tmp_path)
    assert [(p.code, p.severity) for p in empty.problems] == [("no-banks", "warning")]
    render_all(list(missing.problems + empty.problems))


def test_unreadable_encoding(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("id: b\ntitle: 党章\n".encode("gbk"))
    bank, problems = load_bank_file(path)
    assert bank is None and [p.code for p in problems] == ["file-encoding"]


def test_catalog_lookups(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "id: a\ntitle: 党章学习\ntags: [党章]\nquestions:\n" + JUDGE_Q)
    write(
        tmp_path,
        "b.yaml",
        "id: b\ntitle: B\nquestions:\n"
        "  - {id: x, type: judge, question: Q, answer: 对, explanation: E, tags: [党章]}\n"
        "  - {id: y, type: judge, question: Q, answer: 对, explanation: E}\n",
    )
    write(
        tmp_path, "c.yaml", "id: c\ntitle: C\nenabled: false\ntags: [党章]\nquestions:\n" + JUDGE_Q
    )
    catalog = load_banks(tmp_path)
    assert catalog.by_id("b") is not None and catalog.by_id("zz") is None
    assert [b.id for b in catalog.enabled()] == ["a", "b"]
    assert [q.key for q in catalog.find("b")] == ["b/x", "b/y"]
    assert [q.key for q in catalog.find(" 党章学习 ")] == ["a/q"]
    assert [q.key for q in catalog.find("党章")] == ["a/q", "b/x"]
    assert [q.key for q in catalog.find("党章", include_disabled=True)] == ["a/q", "b/x", "c/q"]
    assert catalog.find("c") == [] and catalog.find("nothing") == []
    # As a Chinese keyboard types them: full-width letters (ｂ) and a title in any case.
    assert [q.key for q in catalog.find("Ｂ")] == ["b/x", "b/y"]
    question = catalog.question("b/y")
    assert question is not None and question.id == "y"
    assert catalog.question("b/zz") is None and catalog.question("zz/y") is None
    assert catalog.question("c/q") is not None  # a disabled bank still judges its quizzes
    assert BankCatalog().enabled() == ()


def test_c_loader_used_when_available(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    if yaml.__with_libyaml__:
        assert banks.YAML_LOADER is yaml.CSafeLoader
    real = banks.YAML_LOADER
    used: list[str] = []

    class Spy(real):  # type: ignore[valid-type,misc]
        def __init__(self, stream: str) -> None:
            used.append(stream[:2])
            super().__init__(stream)

    monkeypatch.setattr(banks, "YAML_LOADER", Spy)
    bank, _ = load(tmp_path, VALID)
    assert bank is not None and used == ["id"]


def test_sample_banks_in_repository_are_valid() -> None:
    root = Path(__file__).parents[2]
    if not any((root / "quizzes").glob("*.y*ml")):
        pytest.skip("no sample banks yet")
    catalog = load_banks(root / "quizzes", base=root)
    assert catalog.errors == (), [p.render(partial(translate, "en")) for p in catalog.errors]
