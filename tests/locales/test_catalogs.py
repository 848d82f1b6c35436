"""Every message exists in Chinese and in English, and every id the code names exists."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.periods import parse_period
from bot.locales import SUPPORTED_LOCALES, catalog_files, message_ids, translate
from bot.tgbot.commands import COMMANDS

PACKAGE = Path(__file__).resolve().parents[2] / "bot"
# Message ids written literally in code: t("id"...), translate(locale, "id"...), and the
# ids services raise (UserFacingError("id"), BadCommandUsage("id")).
LITERAL_ID = re.compile(
    r"""(?:\bt\(|translate\([^,()]+,\s*|UserFacingError\(|Usage\(|tr\()\s*"""
    r'"([a-z][a-z0-9-]*[a-z0-9])"',
)


def test_both_catalogs_define_the_same_messages() -> None:
    zh, en = (message_ids(locale) for locale in SUPPORTED_LOCALES)
    assert sorted(zh - en) == [], "messages with Chinese text but no English"
    assert sorted(en - zh) == [], "messages with English text but no Chinese"


def test_every_id_named_in_code_exists() -> None:
    known = message_ids("zh")
    missing = []
    for path in PACKAGE.rglob("*.py"):
        for match in LITERAL_ID.finditer(path.read_text(encoding="utf-8")):
            if match.group(1) not in known:
                missing.append(f"{path.relative_to(PACKAGE)}: {match.group(1)}")
    assert missing == []


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_command_has_help_text(locale: str) -> None:
    for command in COMMANDS:
        assert translate(locale, command.help_id)


def test_chinese_catalog_is_chinese() -> None:
    text = translate("zh", "start-about")
    assert re.search(r"[\u4e00-\u9fff]", text)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_a_long_value_is_formatted_whole(locale: str) -> None:
    # Fluent refuses a placeable over 2,500 characters; a bank's explanation or a member's
    # typed answer can be longer.
    text = "很长的解析。" * 1000
    assert text in translate(locale, "quiz-explanation", {"text": text})


# The periods the README lists; each locale's period-forms (shown with every usage that takes
# a period) names them all, and each is one the parser reads.
PERIOD_WORDS = (
    "今天",
    "本周",
    "本月",
    "本季度",
    "今年",
    "全部",
    "昨天",
    "上周",
    "上月",
    "上季度",
    "去年",
)
ENGLISH_PERIOD_WORDS = (
    "today",
    "week",
    "month",
    "quarter",
    "year",
    "all",
    "yesterday",
    "last-week",
    "last-month",
    "last-quarter",
    "last-year",
)
PERIOD_SHAPES = (
    "2020",
    "2020年度",
    "2020-Q2",
    "2020-05",
    "2020年5月",
    "11月",
    "2020-W19",
    "2020年上半年",
    "2020-05-01",
    "2020-05-01..2020-05-31",
)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_period_list_names_every_period(locale: str) -> None:
    text = translate(locale, "period-forms")
    words = PERIOD_WORDS + PERIOD_SHAPES + (ENGLISH_PERIOD_WORDS if locale == "en" else ())
    now = datetime(2026, 3, 4, tzinfo=UTC)
    for word in words:
        assert re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), (locale, word)
        parse_period(word, now, ZoneInfo("Asia/Shanghai"))


# ASCII , ; ? ( ) beside a Chinese character, outside what is shown as written (placeables,
# tags, quoted text, YAML lists such as [党章, 政治建设]).
_HALF_WIDTH_IN_CHINESE = re.compile(r"[\u4e00-\u9fff][,;?()]|[,;?(][\u4e00-\u9fff]")
_SHOWN_AS_WRITTEN = re.compile(r"\{[^}]*\}|<[^>]*>|\"[^\"]*\"|\[[^\]]*\]")


def catalog_lines_where(locale: str, wrong: Callable[[str], object]) -> list[str]:
    """The catalog lines of `locale` for which `wrong` holds, named by file."""
    return [
        f"{path.name}: {line.strip()[:60]}"
        for path in catalog_files(locale)
        for line in path.read_text(encoding="utf-8").splitlines()
        if wrong(line)
    ]


def test_chinese_messages_use_full_width_punctuation() -> None:
    found = catalog_lines_where(
        "zh", lambda line: _HALF_WIDTH_IN_CHINESE.search(_SHOWN_AS_WRITTEN.sub("", line))
    )
    assert found == []


# Chinese sentence punctuation never belongs in English text: the Chinese words the English
# catalog shows (input forms such as 2008年7月1日, 【答案】) carry none of these.
_CHINESE_SENTENCE_PUNCTUATION = re.compile(r"[，。！？；]")


def test_english_messages_use_english_punctuation() -> None:
    assert catalog_lines_where("en", _CHINESE_SENTENCE_PUNCTUATION.search) == []
