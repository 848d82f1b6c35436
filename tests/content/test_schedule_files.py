"""Schedule files: the samples load clean; every kind of mistake names its code and line."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from datetime import date, timedelta
from functools import partial
from pathlib import Path

import pytest

from bot.content.problems import Problem
from bot.content.schedules import (
    PROBLEM_CODES,
    check_html,
    classify_file_ref,
    load_schedule_file,
    load_schedules,
)
from bot.domain.schedules import Schedule
from bot.locales import SUPPORTED_LOCALES, message_ids, translate
from tests.content.yaml_mistakes import YAML_MISTAKES

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "schedules"
BANKS = {"political-building", "theory-study", "grassroots", "conduct-and-duty"}
FILE_ID = "BQACAgUAAxkBAAIBQ2Zx9aB3c4Jq_Example-FileId"


def load(
    tmp_path: Path,
    text: str,
    name: str = "s.yaml",
    *,
    default_timezone: str = "Asia/Shanghai",
    known_banks: set[str] | None = None,
) -> tuple[tuple[Schedule, ...], list[Problem]]:
    folder = tmp_path / "schedules"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    schedules, problems = load_schedule_file(
        path, base=tmp_path, default_timezone=default_timezone, known_banks=known_banks
    )
    for problem in problems:  # every problem must render in every locale
        for locale in SUPPORTED_LOCALES:
            assert problem.render(partial(translate, locale))
    return schedules, problems


def codes(problems: list[Problem]) -> list[tuple[str, int | None]]:
    return [(p.code, p.line) for p in problems]


VALID = """
id: demo
title: 演示
trigger: "每月1日 09:00"
audience: all
content:
  text: <b>hello</b>
"""


BARE = "id: x\ntitle: x\ntrigger: daily at 09:00\naudience: all\n"


def trig(trigger: str) -> str:
    return VALID.replace('"每月1日 09:00"', trigger)


def aud(audience: str) -> str:
    return VALID.replace("audience: all", audience)


# -- the samples ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_sample_loads_clean(path: Path) -> None:
    schedules, problems = load_schedule_file(path, base=ROOT, known_banks=BANKS)
    assert problems == []
    assert schedules


def test_samples_catalog() -> None:
    catalog = load_schedules(SAMPLES, base=ROOT, known_banks=BANKS)
    assert catalog.problems == ()
    assert catalog.failed_files == ()
    ids = [s.id for s in catalog.schedules]
    assert len(ids) == len(set(ids))
    assert sum(i.startswith("cadre-lecture-") for i in ids) == 5
    assert sum(i.startswith("law-lecture-") for i in ids) == 15
    monthly = catalog.by_id("monthly-materials")
    assert monthly is not None
    assert len(monthly.content.series_items) == 12
    assert monthly.content.acknowledge_points == 1
    banks = {item.quiz_bank for item in monthly.content.series_items}
    assert banks == BANKS
    assert all(item.quiz_questions == 5 for item in monthly.content.series_items)
    assert monthly.path == "schedules/monthly-materials.yaml"
    challenge = catalog.by_id("weekly-challenge")
    assert challenge is not None and challenge.content.quiz_bank == "theory-study"
    assert challenge.trigger.weekdays == (4,)


# -- a good file ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("2026.12.1", date(2026, 12, 1)),
        ('"2026/12/01"', date(2026, 12, 1)),
        ("2026年12月1日", date(2026, 12, 1)),
        ("２０２６年１２月１日", date(2026, 12, 1)),
    ],
)
def test_active_dates_are_read_as_people_write_them(
    tmp_path: Path, written: str, day: date
) -> None:
    """As /partyday reads a date: an organiser writes the range the way they write dates."""
    schedules, problems = load(tmp_path, VALID + f"active: {{from: {written}}}\n")
    assert problems == []
    assert schedules[0].active_from == day


def test_full_schedule_is_built(tmp_path: Path) -> None:
    (tmp_path / "schedules" / "materials").mkdir(parents=True)
    (tmp_path / "schedules" / "materials" / "a.pdf").write_bytes(b"%PDF")
    schedules, problems = load(
        tmp_path,
        f"""
        id: full
        title: " 完整 "
        enabled: false
        trigger: weekly on mon,thu at 09:00
        timezone: America/New_York
        active: {{from: 2026-01-01, until: "2026-12-31"}}
        audience: {{groups: [g1, g2], chats: [-1001234, "-1005678"]}}
        catch_up: {{within: 2h}}
        content:
          text: 导语
          files: [materials/a.pdf, {FILE_ID}]
          links: [{{title: 学习强国, url: "https://www.xuexi.cn"}}]
          acknowledge: {{points: 3}}
          quiz: {{bank: theory-study}}
        """,
        default_timezone="UTC",
        known_banks=BANKS,
    )
    assert problems == []
    (s,) = schedules
    assert (s.id, s.title, s.enabled, s.timezone) == ("full", "完整", False, "America/New_York")
    assert (s.active_from, s.active_until) == (date(2026, 1, 1), date(2026, 12, 31))
    assert s.audience.groups == ("g1", "g2") and s.audience.chats == (-1001234, -1005678)
    assert not s.audience.all
    assert s.catch_up.within == timedelta(hours=2)
    assert s.content.files == ("materials/a.pdf", FILE_ID)
    assert (s.content.quiz_bank, s.content.quiz_questions) == ("theory-study", 5)
    assert s.content.acknowledge_points == 3


def test_a_reminder_for_members_still_to_do_todays_daily_quiz(tmp_path: Path) -> None:
    for only in ("daily_quiz_not_done", "今日未答题"):
        (s,), problems = load(tmp_path, aud(f"audience: {{all: true, only: {only}}}"))
        assert problems == []
        assert s.audience.all and s.audience.daily_quiz_not_done
    (s,), problems = load(tmp_path, aud("audience: {groups: [g1]}"))
    assert problems == [] and not s.audience.daily_quiz_not_done


def test_a_greeting_for_members_whose_political_birthday_is_today(tmp_path: Path) -> None:
    for only in ("political_birthday", "政治生日"):
        text = aud(f"audience: {{all: true, only: {only}}}").replace(
            "<b>hello</b>", '"{姓名}同志，今天是您入党 {党龄} 周年"'
        )
        (s,), problems = load(tmp_path, text)
        assert problems == []
        assert s.audience.political_birthday and not s.audience.daily_quiz_not_done


@pytest.mark.parametrize(
    "audience",
    [
        "audience: all",
        "audience: {all: true, only: 今日未答题}",
        "audience: {all: true, chats: [-1001234], only: 政治生日}",
    ],
)
def test_years_in_the_party_need_a_political_birthday_audience_of_members(
    tmp_path: Path, audience: str
) -> None:
    """{党龄} is known for a member with a day of joining, and for no one else."""
    text = aud(audience).replace("<b>hello</b>", '"入党 {党龄} 周年"')
    schedules, problems = load(tmp_path, text)
    assert schedules == () and codes(problems) == [("schedule-years-needs-birthdays", 5)]
    message = problems[0].render(lambda mid, args: translate("zh", mid, args))
    assert "only: 政治生日" in message and "{党龄}" in message


def test_defaults(tmp_path: Path) -> None:
    (s,), problems = load(tmp_path, VALID, default_timezone="Europe/Berlin")
    assert problems == []
    assert s.enabled and s.timezone == "Europe/Berlin" and s.audience.all
    assert s.catch_up.within is None  # skip
    assert s.active_from is None and s.content.series_items == ()


def test_list_file_and_merge_keys(tmp_path: Path) -> None:
    schedules, problems = load(
        tmp_path,
        """
        - &first
          id: one
          title: 一
          trigger: "2026-06-01 09:00"
          audience: all
          content: {text: a}
        - <<: *first
          id: two
          title: 二
          trigger: "once at 2026-07-01 09:00"
        """,
    )
    assert problems == []
    assert [(s.id, s.trigger.kind) for s in schedules] == [("one", "once"), ("two", "once")]


def test_one_bad_item_rejects_the_list_file(tmp_path: Path) -> None:
    schedules, problems = load(
        tmp_path,
        """
        - id: ok
          title: ok
          trigger: daily at 09:00
          audience: all
          content: {text: a}
        - id: bad
          title: bad
          trigger: daily at 29:00
          audience: all
          content: {text: a}
        """,
    )
    assert schedules == ()
    assert codes(problems) == [("schedule-bad-time", 8)]
    assert problems[0].item_id == "bad"


# -- each kind of mistake -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: demo\n: [\n", [("schedule-yaml-syntax", 2)]),
        ("just text\n", [("schedule-top-not-mapping", 1)]),
        ("- 1\n", [("schedule-item-not-mapping", 1)]),
        (VALID + "titel: x\n", [("schedule-unknown-key-suggest", 7)]),
        (VALID + "colour: x\n", [("schedule-unknown-key", 7)]),
        (VALID + "时区: Asia/Shanghai\n", [("schedule-unknown-key-suggest", 7)]),
        (VALID + "title: again\n", [("schedule-duplicate-key", 7)]),
        (VALID.replace("id: demo", "id: Demo Day"), [("schedule-id-invalid", 1)]),
        (VALID.replace("title: 演示", "title: ''"), [("schedule-title-missing", 2)]),
        (trig("sometimes"), [("schedule-bad-trigger", 3)]),
        (trig("9:00"), [("schedule-bad-trigger", 3)]),
        (trig('"0 9 * * * *"'), [("schedule-bad-cron-fields", 3)]),
        (trig('"0 9 1 * 1"'), [("schedule-cron-day-and-weekday", 3)]),
        (trig('"0 9 30 2 *"'), [("schedule-day-skips-months", 3), ("schedule-never-fires", 3)]),
        (trig("").replace("trigger: \n", ""), [("schedule-missing-key", 1)]),
        (VALID + "enabled: maybe\n", [("schedule-bool-invalid", 7)]),
        (VALID + "timezone: Mars/Base\n", [("schedule-unknown-timezone", 7)]),
        (VALID + "timezone: Asia/Shangai\n", [("schedule-unknown-timezone-suggest", 7)]),
        (VALID + "active: {from: 2026-02-30}\n", [("schedule-date-invalid", 7)]),
        (VALID + "active: {from: 2026年2月30日}\n", [("schedule-date-invalid", 7)]),
        (VALID + "active: {from: 12月1日}\n", [("schedule-date-invalid", 7)]),
        (
            VALID + "active:\n  from: 2026-03-01\n  until: 2026-02-01\n",
            [("schedule-active-inverted", 9)],
        ),
        (aud("audience: everyone"), [("schedule-audience-invalid", 4)]),
        (aud("audience: [a]"), [("schedule-audience-invalid", 4)]),
        (aud("audience: {groups: []}"), [("schedule-audience-empty", 4)]),
        (aud("audience: {chats: [abc]}"), [("schedule-chat-invalid", 4)]),
        (aud("audience: {all: true, only: 答过题的}"), [("schedule-audience-only-invalid", 4)]),
        (
            aud("audience: {chats: [-1001234], only: daily_quiz_not_done}"),
            [("schedule-audience-only-needs-members", 4)],
        ),
        (aud("audience: {all: maybe}"), [("schedule-bool-invalid", 4)]),
        (
            aud("audience: {group: [a]}"),
            [("schedule-unknown-key-suggest", 4), ("schedule-audience-empty", 4)],
        ),
        (VALID + "catch_up: later\n", [("schedule-catch-up-invalid", 7)]),
        (VALID + "catch_up: {within: soon}\n", [("schedule-bad-duration", 7)]),
        (VALID + "catch_up: {within: 0m}\n", [("schedule-duration-zero", 7)]),
        (BARE + "content: {}\n", [("schedule-content-empty", 5)]),
        (BARE + "content: hi\n", [("schedule-value-not-mapping", 5)]),
        (VALID + "  acknowledge: {points: 101}\n", [("schedule-points-invalid", 7)]),
        (VALID + "  acknowledge: {points: -1}\n", [("schedule-points-invalid", 7)]),
        (VALID + "  acknowledge: {}\n", [("schedule-missing-key", 7)]),
        (
            VALID + "  quiz: {bank: theory-study, questions: 0}\n",
            [("schedule-questions-invalid", 7)],
        ),
        (VALID + "  links: [{title: x, url: 'ftp://x'}]\n", [("schedule-url-invalid", 7)]),
        (VALID + "  links: [{title: x}]\n", [("schedule-missing-key", 7)]),
        (VALID + "  files: [handout]\n", [("schedule-file-ref-invalid", 7)]),
        (VALID + "  files: [materials/missing.pdf]\n", [("schedule-file-not-found", 7)]),
        (VALID + "  files: [../secret.pdf]\n", [("schedule-file-outside", 7)]),
        (VALID + "  files: [/etc/passwd]\n", [("schedule-file-outside", 7)]),
    ],
)
def test_invalid_file(tmp_path: Path, text: str, expected: list[tuple[str, int | None]]) -> None:
    schedules, problems = load(tmp_path, text, known_banks=BANKS)
    assert codes(problems) == expected
    assert schedules == ()
    assert all(p.path == "schedules/s.yaml" for p in problems)


@pytest.mark.parametrize(("text", "words", "line"), YAML_MISTAKES)
def test_yaml_mistakes_are_explained_in_chinese(
    tmp_path: Path, text: str, words: str, line: int
) -> None:
    schedules, problems = load(tmp_path, text)
    assert schedules == ()
    assert codes(problems) == [("schedule-yaml-syntax", line)]
    message = problems[0].render(partial(translate, "zh"))
    assert message.startswith(f"schedules/s.yaml:{line} YAML 语法错误：")
    assert words in message


def test_problem_names_schedule_id(tmp_path: Path) -> None:
    _, problems = load(tmp_path, VALID + "timezone: Mars/Base\n")
    assert problems[0].item_id == "demo"
    assert problems[0].location == "schedules/s.yaml:7 [demo]"


def test_unknown_key_suggestion_text(tmp_path: Path) -> None:
    _, problems = load(tmp_path, VALID + "titel: x\n")
    assert problems[0].args["suggestion"] == "title"
    assert "title" in translate("zh", problems[0].message_id, problems[0].args)


def test_bad_trigger_message_lists_accepted_forms(tmp_path: Path) -> None:
    _, problems = load(tmp_path, trig("sometimes"))
    for locale in SUPPORTED_LOCALES:
        message = translate(locale, problems[0].message_id, problems[0].args)
        assert "每月1日 09:00" in message and "0 9 1 * *" in message


def test_html_problems_have_exact_lines(tmp_path: Path) -> None:
    schedules, problems = load(
        tmp_path,
        """
        id: html
        title: x
        trigger: daily at 09:00
        audience: all
        content:
          text: |
            <b>ok</b>
            <div>no</div>
            a<br>b
            1 < 2 &amp; <i>open
            <a>no href</a> &nbsp;
        """,
    )
    assert schedules == ()
    assert codes(problems) == [
        ("schedule-html-unknown-tag", 8),
        ("schedule-html-unknown-tag", 8),
        ("schedule-html-br", 9),
        ("schedule-html-stray-lt", 10),
        ("schedule-html-missing-href", 11),
        ("schedule-html-unknown-entity", 11),
        ("schedule-html-unclosed", 10),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>x</b> <i>y</i> <u>u</u> <s>s</s> <code>c</code>", []),
        ('<a href="https://www.xuexi.cn">学习强国</a>', []),
        ('<pre><code class="language-python">x</code></pre>', []),
        ("<blockquote expandable>q</blockquote> &lt;&gt;&amp;&quot;&#20013;", []),
        ('<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>', []),
        ("<b><i>x</b></i>", ["schedule-html-unclosed", "schedule-html-unexpected-close"]),
        ("</b>", ["schedule-html-unexpected-close"]),
        ('<b class="x">y</b>', ["schedule-html-bad-attribute"]),
        ("<code><b>x</b></code>", ["schedule-html-bad-nesting"]),
        ('<a href="javascript:x">y</a>', ["schedule-url-invalid"]),
        ("<p>x</p>", ["schedule-html-br", "schedule-html-br"]),
        ("R&D", []),
    ],
)
def test_check_html(text: str, expected: list[str]) -> None:
    assert [issue.code for issue in check_html(text)] == expected


@pytest.mark.parametrize(
    ("ref", "kind"),
    [
        ("materials/2026-01.pdf", "path"),
        ("学习材料.docx", "path"),
        ("a\\b", "path"),
        (FILE_ID, "file_id"),
        ("handout", "invalid"),
        ("has space in it but long enough", "invalid"),
    ],
)
def test_classify_file_ref(ref: str, kind: str) -> None:
    assert classify_file_ref(ref) == kind


def test_text_too_long(tmp_path: Path) -> None:
    body = "学" * 4097
    _, problems = load(
        tmp_path,
        f"{BARE}content:\n  text: {body}\n",
    )
    assert codes(problems) == [("schedule-text-too-long", 6)]


def test_text_too_long_counts_the_title_the_push_shows_above_it(tmp_path: Path) -> None:
    """The push is the title in bold, a blank line and the text: a text of 4,090 characters
    under a title of 10 passed the check, and Telegram refused every member's copy."""
    title = "二〇二〇年十二月学习"
    body = "学" * 4090
    _, problems = load(
        tmp_path, f"{BARE.replace('title: x', 'title: ' + title)}content:\n  text: {body}\n"
    )
    assert codes(problems) == [("schedule-text-too-long", 6)]
    assert problems[0].args["length"] == 4090 + 2 + len(title)
    series = SERIES.format(on_end="stop", extra="").replace("text: a", f"text: {body}")
    _, problems = load(tmp_path, series.replace("title: one", f"title: {title}"))
    assert codes(problems) == [("schedule-text-too-long", 10)]


def test_file_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.content.schedules as module

    monkeypatch.setattr(module, "MAX_FILE_BYTES", 3)
    (tmp_path / "schedules").mkdir()
    (tmp_path / "schedules" / "big.pdf").write_bytes(b"12345")
    _, problems = load(tmp_path, VALID + "  files: [big.pdf]\n")
    assert codes(problems) == [("schedule-file-too-large", 7)]


def test_unknown_quiz_bank_only_checked_when_banks_known(tmp_path: Path) -> None:
    text = VALID + "  quiz: {bank: theory-studdy}\n"
    _, problems = load(tmp_path, text, known_banks=BANKS)
    assert codes(problems) == [("schedule-unknown-bank-suggest", 7)]
    assert problems[0].args["suggestion"] == "theory-study"
    _, problems = load(tmp_path, VALID + "  quiz: {bank: nothing-like}\n", known_banks=BANKS)
    assert codes(problems) == [("schedule-unknown-bank", 7)]
    schedules, problems = load(tmp_path, text)
    assert problems == [] and schedules[0].content.quiz_bank == "theory-studdy"


SERIES = """
id: ser
title: x
trigger: monthly at 09:00
audience: all
content:
  series:
    on_end: {on_end}
    items:
      - title: one
        text: a
{extra}
"""


@pytest.mark.parametrize(
    ("on_end", "extra", "expected"),
    [
        ("forever", "", [("schedule-on-end-invalid", 7)]),
        ("stop", "      - text: no title", [("schedule-missing-key", 11)]),
        ("stop", "      - title: empty", [("schedule-item-empty", 11)]),
        ("stop", "      - title: t\n        text: <b>x", [("schedule-html-unclosed", 12)]),
        ("stop", "      - title: t\n        txt: x", [("schedule-unknown-key-suggest", 12)]),
        ("stop", "      - plain", [("schedule-item-not-mapping", 11)]),
        (
            "stop",
            "      - title: t\n        text: x\n        quiz: {bank: nope}",
            [("schedule-unknown-bank", 13)],
        ),
    ],
)
def test_series_item_problems(
    tmp_path: Path, on_end: str, extra: str, expected: list[tuple[str, int]]
) -> None:
    schedules, problems = load(
        tmp_path, SERIES.format(on_end=on_end, extra=extra), known_banks=BANKS
    )
    assert codes(problems) == expected
    assert schedules == ()


def test_series_empty(tmp_path: Path) -> None:
    text = VALID + "  series: {items: []}\n"
    _, problems = load(tmp_path, text)
    assert codes(problems) == [("schedule-series-empty", 7)]


def test_series_repeat_loads(tmp_path: Path) -> None:
    (s,), problems = load(tmp_path, SERIES.format(on_end="repeat", extra=""))
    assert problems == []
    assert s.content.series_on_end == "repeat"


# -- warnings do not reject -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (trig('"monthly on day 31 at 09:00"'), [("schedule-day-skips-months", 3)]),
        (trig('"0 9 30 * *"'), [("schedule-day-skips-months", 3)]),
        (
            trig('"2026-06-01 09:00"') + "active: {until: 2026-05-31}\n",
            [("schedule-no-fires-in-range", 7)],
        ),
        (
            SERIES.format(on_end="stop", extra="")
            + "active: {from: 2026-01-01, until: 2026-03-31}\n",
            [("schedule-series-too-short", 6)],
        ),
        (
            SERIES.format(on_end="repeat", extra="")
            + "active: {from: 2026-01-01, until: 2026-03-31}\n",
            [],
        ),
        (
            SERIES.format(
                on_end="stop", extra="      - {title: b, text: b}\n      - {title: c, text: c}"
            )
            + "active: {from: 2026-01-01, until: 2026-02-15}\n",
            [("schedule-series-unused", 6)],
        ),
        (VALID.replace("<b>hello</b>", "a &nbsp; b"), [("schedule-html-unknown-entity", 6)]),
    ],
)
def test_warnings_keep_the_schedule(
    tmp_path: Path, text: str, expected: list[tuple[str, int]]
) -> None:
    schedules, problems = load(tmp_path, text)
    assert codes(problems) == expected
    assert all(p.severity == "warning" for p in problems)
    assert len(schedules) == 1


def test_empty_file_is_a_warning(tmp_path: Path) -> None:
    schedules, problems = load(tmp_path, "# nothing yet\n")
    assert schedules == ()
    assert [(p.code, p.severity) for p in problems] == [("schedule-empty-file", "warning")]


# -- folders --------------------------------------------------------------------------------


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    folder = tmp_path / "schedules"
    write(folder, "a.yaml", VALID)
    write(folder, "b.yaml", "- " + VALID.strip().replace("\n", "\n  ") + "\n")
    write(folder, "c.yaml", VALID.replace("demo", "other"))
    catalog = load_schedules(folder, base=tmp_path)
    assert [s.id for s in catalog.schedules] == ["demo", "other"]
    assert catalog.failed_files == ("schedules/b.yaml",)
    (problem,) = catalog.problems
    assert (problem.path, problem.line, problem.code) == (
        "schedules/b.yaml",
        1,
        "schedule-duplicate-id",
    )
    assert problem.args["other"] == "schedules/a.yaml:1"


def test_duplicate_ids_in_one_list_file(tmp_path: Path) -> None:
    item = textwrap.dedent("""
    - id: same
      title: x
      trigger: daily at 09:00
      audience: all
      content: {text: a}
    """).lstrip("\n")
    schedules, problems = load(tmp_path, item + item)
    assert schedules == ()
    assert codes(problems) == [("schedule-duplicate-id", 6)]
    assert problems[0].args["other"] == "schedules/s.yaml:1"


def test_folder_rejects_bad_files_and_keeps_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "schedules"
    write(folder, "good.yaml", VALID)
    write(folder, "bad.yml", VALID.replace("demo", "bad").replace("all", "nobody"))
    write(folder, "_draft.yaml", "not: [valid")
    write(folder, "notes.txt", "ignored")
    catalog = load_schedules(folder, base=tmp_path)
    assert [s.id for s in catalog.schedules] == ["demo"]
    assert catalog.failed_files == ("schedules/bad.yml",)
    assert [p.code for p in catalog.errors] == ["schedule-audience-invalid"]
    assert catalog.by_id("demo") is not None and catalog.by_id("bad") is None
    assert [s.id for s in catalog.enabled()] == ["demo"]


def test_missing_and_empty_folders(tmp_path: Path) -> None:
    catalog = load_schedules(tmp_path / "nope", base=tmp_path)
    assert [(p.code, p.path) for p in catalog.problems] == [("schedule-folder-missing", "nope")]
    (tmp_path / "empty").mkdir()
    catalog = load_schedules(tmp_path / "empty", base=tmp_path)
    assert [(p.code, p.severity) for p in catalog.warnings] == [("schedule-no-files", "warning")]


def test_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "schedules"
    folder.mkdir()
    (folder / "gbk.yaml").write_bytes("标题: 学习".encode("gbk"))
    catalog = load_schedules(folder, base=tmp_path)
    assert [p.code for p in catalog.problems] == ["schedule-file-encoding"]


# -- catalogs -------------------------------------------------------------------------------


def test_every_problem_code_has_messages_in_every_locale() -> None:
    for locale in SUPPORTED_LOCALES:
        ids = message_ids(locale)
        missing = sorted(c for c in PROBLEM_CODES if f"problem-{c}" not in ids)
        assert missing == [], locale
    zh = {m for m in message_ids("zh") if m.startswith("problem-schedule-")}
    en = {m for m in message_ids("en") if m.startswith("problem-schedule-")}
    assert zh == en


def test_problem_args_are_plain(tmp_path: Path) -> None:
    _, problems = load(tmp_path, VALID + "  acknowledge: {points: 101}\n")
    args: Mapping[str, str | int] = problems[0].args
    assert args == {"value": "101", "min": 0, "max": 100}


def test_unknown_content_key_is_the_only_problem(tmp_path: Path) -> None:
    _, problems = load(tmp_path, BARE + "content: {txt: hi}\n")
    assert codes(problems) == [("schedule-unknown-key-suggest", 5)]
    assert problems[0].args["suggestion"] == "text"


def test_a_text_that_is_only_a_placeholder_is_told_to_be_quoted(tmp_path: Path) -> None:
    """text: {姓名} reads as a mapping in YAML; the organiser is told how to write it."""
    _, problems = load(tmp_path, VALID.replace("<b>hello</b>", "{姓名}"))
    assert codes(problems) == [("schedule-value-not-text", 6)]
    message = problems[0].render(partial(translate, "zh"))
    assert "以 { 或 [ 开头的文字" in message and '"{姓名}同志"' in message


# Half-width punctuation next to Chinese characters ("学完请点“已学习”,再做") reads as a typo.
CHINESE = r"\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”"
HALF_WIDTH_IN_CHINESE = re.compile(rf"(?<=[{CHINESE}])[,;:!?()]|[,;:!?()](?=[{CHINESE}])")


def test_sample_texts_use_chinese_punctuation() -> None:
    catalog = load_schedules(SAMPLES, base=ROOT, known_banks=BANKS)
    texts = [(s.id, s.title) for s in catalog.schedules]
    texts += [(s.id, s.content.text) for s in catalog.schedules]
    texts += [
        (s.id, part)
        for s in catalog.schedules
        for item in s.content.series_items
        for part in (item.title, item.text)
    ]
    mistakes = [
        (schedule_id, line)
        for schedule_id, text in texts
        for line in text.splitlines()
        if HALF_WIDTH_IN_CHINESE.search(line)
    ]
    assert mistakes == []


def test_series_item_not_mapping_names_the_series_item_keys(tmp_path: Path) -> None:
    """A series item written as bare text is told the keys a series item has (title, text),
    not a schedule's id, which a series item does not take."""
    _, problems = load(tmp_path, SERIES.format(on_end="stop", extra="      - 2月材料"))
    assert codes(problems) == [("schedule-item-not-mapping", 11)]
    for locale in SUPPORTED_LOCALES:
        message = problems[0].render(partial(translate, locale))
        assert "title" in message and "text" in message
        assert "id" not in message.replace("title", "")


def test_schedule_list_item_not_mapping_names_the_schedule_keys(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "- 每月学习材料\n")
    message = problems[0].render(partial(translate, "zh"))
    assert "id" in message and "title" in message
