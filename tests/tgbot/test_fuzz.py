"""Whatever people type, tap or are called, the bot answers or keeps a deliberate silence;
it never fails, never logs a traceback and never makes a request Telegram would refuse.

Every command, plain text in a private chat and button taps (forged or from older versions)
get an answer: a message, an edit or a notice on the button. The deliberate silences:
plain text in a group chat (privacy mode: the bot does not see it, and a message that does
reach it is none of its business) and a command addressed to another bot there.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.sandbox.state import BotApiSandbox
from bot.tgbot.commands import COMMANDS
from tests.harness import ADMIN_ID, BotHarness, FrozenClock, make_config
from tests.tgbot.quizkit import MIXED_BANK, write_banks

MEMBER, ORGANISER = 2001, 3001
ENGLISH_MEMBER = 2002  # chose English with /lang en
GROUP = -1001234567890
BOT_USERNAME = "studybot_sandbox_bot"
TELEGRAM_MAX_TEXT = 4096
ANSWERS = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "sendPoll",
        "editMessageText",
        "editMessageReplyMarkup",
        "answerCallbackQuery",
    }
)
INTERNAL_ERROR = ("出了点问题", "went wrong")

# What people really type: Chinese, full-width digits and punctuation, emoji, @names,
# numbers too large for any id, dates, quotes, HTML and Markdown characters, invisible and
# right-to-left characters.
PIECES = [
    "学习小组",
    "第一党支部",
    "theory-study",
    "mixed",
    "１２３",
    "＋５",
    "５分",
    "－３",
    "-5",
    "0",
    "7",
    "50",
    str(10**30),
    f"-{10**30}",
    "1e9",
    "3.5",
    "@zhangsan",
    "@lisi",
    "＠ｌｉｓｉ",
    "@",
    "2001",
    "3001",
    "900001",
    "2026-03-01",
    "2026年7月1日",
    "7月",
    "1921-07-01",
    "9999-12-31",
    "2026-02-30",
    "week",
    "month",
    "year",
    "本周",
    "上月",
    "全年",
    "all",
    "zh",
    "en",
    "-",
    "—",
    '"两个 词"',
    "“引号”",
    "'",
    '"',
    "<b>粗</b>",
    "<",
    ">",
    "&",
    "&amp;",
    "*粗*",
    "_斜_",
    "`代码`",
    "[链接](http://x)",
    "😀",
    "🇨🇳",
    "\u200b",
    "\u200d",
    "\u202e倒",
    "\u05e9\u05dc\u05d5\u05dd",
    "\t",
    "，",
    "。",
    "#3",
    "＃３",
    "5题",
    "20秒",
]
WORD = st.one_of(
    st.sampled_from(PIECES),
    st.text(min_size=1, max_size=12),
    st.text(alphabet="学习党章<>&*_`[\\]@#＠１２３ -\u200b", min_size=1, max_size=30),
)
ARGUMENTS = st.one_of(
    st.lists(WORD, max_size=6).map(" ".join),
    st.sampled_from(["", " ", "   \n ", "\u200b"]),
    # Pasted articles: a Telegram message holds at most 4096 characters.
    st.tuples(WORD, st.integers(min_value=1000, max_value=4000)).map(
        lambda pair: (pair[0] * pair[1])[:4000]
    ),
)
USERS = st.sampled_from([MEMBER, ENGLISH_MEMBER, ORGANISER, ADMIN_ID])
CHATS = st.sampled_from(["private", "group"])
COMMAND_NAMES = [spec.name for spec in COMMANDS] + ["foo", "Start", "QUIZ"]


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _bot(tmp_path: Path) -> Iterator[tuple[asyncio.AbstractEventLoop, BotHarness, _Errors]]:
    """One bot for every example of a test: a member, an organiser and an admin who have
    sent /start, two study groups and a group chat the bot is an admin of."""
    folder = write_banks(tmp_path / "quizzes", MIXED_BANK)
    url = f"sqlite+aiosqlite:///{tmp_path / 'fuzz.db'}"
    clock = FrozenClock()
    sandbox = BotApiSandbox(wall_clock=clock.timestamp)
    loop = asyncio.new_event_loop()
    harness = BotHarness(make_config(url, quizzes_dir=str(folder)), clock, sandbox)
    errors = _Errors()
    root = logging.getLogger()
    try:
        loop.run_until_complete(harness.start())
        for user, name in ((MEMBER, "张三"), (ORGANISER, "李四"), (ADMIN_ID, "管理员")):
            loop.run_until_complete(harness.say(user, "/start", name=name))
        loop.run_until_complete(harness.say(ENGLISH_MEMBER, "/lang en", name="Alice"))
        sandbox.user(MEMBER, "张三", username="zhangsan")
        sandbox.user(ORGANISER, "李四", username="lisi")
        for command in ("/grant 3001", "/newgroup 第一党支部", "/newgroup 学习小组"):
            loop.run_until_complete(harness.say(ADMIN_ID, command))
        members = {MEMBER: "member", ENGLISH_MEMBER: "member", ORGANISER: "administrator"}
        members[ADMIN_ID] = "creator"
        sandbox.group_chat(GROUP, "青年理论学习小组", supergroup=True, members=members)
        sandbox.set_bot_status(GROUP, "administrator", by_user=ADMIN_ID)
        loop.run_until_complete(harness.deliver())
        root.addHandler(errors)
        yield loop, harness, errors
    finally:
        root.removeHandler(errors)
        loop.run_until_complete(harness.stop())
        loop.close()


# Taking the buttons off (or deleting, or closing) an earlier question: the bot does not
# track whether the member deleted it or it lost its buttons already, and ignores Telegram's
# refusal on purpose. Every other refused request is a bug.
TOLERATED_REFUSALS = frozenset({"editMessageReplyMarkup", "deleteMessage", "stopPoll"})


def _refused(harness: BotHarness) -> Counter[str]:
    stats = harness.sandbox.stats
    return Counter({method: stats.calls[method] - stats.ok[method] for method in stats.calls})


def _check_answered(
    harness: BotHarness,
    errors: _Errors,
    calls_before: int,
    refused_before: Counter[str],
    what: str,
) -> None:
    calls = harness.sandbox.calls[calls_before:]
    logged = [record.getMessage() for record in errors.records]
    errors.records.clear()  # one failure must not fail every example after it
    assert not logged, (what, logged)
    refused = _refused(harness) - refused_before
    assert set(refused) <= TOLERATED_REFUSALS, (what, refused, calls)
    assert any(method in ANSWERS for method, _ in calls), f"no answer to {what!r}"
    for method, params in calls:
        text = str(params.get("text") or params.get("caption") or "")
        assert len(text) <= TELEGRAM_MAX_TEXT, (what, method)
        assert not any(marker in text for marker in INTERNAL_ERROR), (what, text)


SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def test_every_command_with_anything_after_it_is_answered(tmp_path: Path) -> None:
    with _bot(tmp_path) as (loop, harness, errors):

        @SETTINGS
        @given(
            name=st.sampled_from(COMMAND_NAMES),
            arguments=ARGUMENTS,
            user=USERS,
            chat=CHATS,
            suffixed=st.booleans(),
        )
        def run(name: str, arguments: str, user: int, chat: str, suffixed: bool) -> None:
            command = f"/{name}@{BOT_USERNAME}" if suffixed else f"/{name}"
            text = f"{command} {arguments}"[:TELEGRAM_MAX_TEXT]
            calls, refused = len(harness.sandbox.calls), _refused(harness)
            chat_id = GROUP if chat == "group" else None
            loop.run_until_complete(harness.say(user, text, chat_id=chat_id))
            _check_answered(harness, errors, calls, refused, text[:200])

        run()


def test_any_text_in_a_private_chat_is_answered(tmp_path: Path) -> None:
    """In a quiz or not, in a /newpush draft or not: typed text gets an answer."""
    with _bot(tmp_path) as (loop, harness, errors):

        @SETTINGS
        @given(
            start=st.sampled_from([None, "/quiz", "/challenge", "/practice", "/newpush"]),
            text=st.one_of(ARGUMENTS, st.just("／quiz"), WORD.map(lambda w: "／" + w)),
            user=USERS,
        )
        def run(start: str | None, text: str, user: int) -> None:
            if start is not None:
                loop.run_until_complete(harness.say(user, start))
            if not text.strip():
                return  # Telegram does not send an empty message
            calls, refused = len(harness.sandbox.calls), _refused(harness)
            loop.run_until_complete(harness.say(user, text))
            _check_answered(harness, errors, calls, refused, text[:200])

        run()


CALLBACK_PREFIXES = ["qc:", "qs:", "qr:", "ack:", "pq:", "np:", "np:aud:", "bu:ok:", "bu:no:"]
CALLBACK_TAILS = st.one_of(
    st.sampled_from(["", "1", "0:0:0", "1:0:1", "mixed:5", "all", "１", str(10**30), "-1"]),
    st.lists(
        st.one_of(st.integers(min_value=-(10**30), max_value=10**30).map(str), WORD),
        max_size=4,
    ).map(":".join),
)


def test_any_button_data_gets_an_answer(tmp_path: Path) -> None:
    """Buttons from older versions of the bot, replays and forgeries (up to Telegram's 64
    bytes): each tap is answered, if only with the stale-button notice."""
    with _bot(tmp_path) as (loop, harness, errors):
        [help_message] = loop.run_until_complete(harness.say(MEMBER, "/help"))

        @SETTINGS
        @given(
            prefix=st.sampled_from([*CALLBACK_PREFIXES, "", "old:"]),
            tail=CALLBACK_TAILS,
            user=USERS,
        )
        def run(prefix: str, tail: str, user: int) -> None:
            data = (prefix + tail).encode()[:64].decode(errors="ignore") or "x"
            calls, refused = len(harness.sandbox.calls), _refused(harness)
            loop.run_until_complete(harness.press_data(user, help_message, data))
            _check_answered(harness, errors, calls, refused, data)

        run()


NAMES = st.one_of(
    st.sampled_from(["<b>张三</b>", "A & B", "<script>", "&lt;", "*粗*_斜_`码`", "\u202e倒名"]),
    st.text(alphabet="张三李四<>&*_`\u200b😀 ", min_size=1, max_size=64),
)


def test_names_with_markup_characters_show_in_every_listing(tmp_path: Path) -> None:
    """Members' display names (up to Telegram's 64 characters) and group names as admins
    type them end up in leaderboards, exports, notices and awards."""
    with _bot(tmp_path) as (loop, harness, errors):
        ids = iter(range(50_000, 60_000))

        @settings(SETTINGS, max_examples=8)
        @given(name=NAMES, group=NAMES)
        def run(name: str, group: str) -> None:
            member = next(ids)
            group_name = group.replace('"', "").strip() or "组"
            steps = [
                (member, "/start", None),
                (ADMIN_ID, f'/newgroup "{group_name}"', None),
                (ADMIN_ID, f'/move {member} "{group_name}"', None),
                (ORGANISER, f"/award {member} 5 参加集中学习", None),
            ]
            steps += [(ORGANISER, f"/{c}", None) for c in ("top", "groups", "standouts")]
            steps += [(ORGANISER, f"/{c}", None) for c in ("grouplist", "export", "chart")]
            steps += [(member, "/rank", None), (member, "/me", None)]
            steps += [(ORGANISER, "/top", GROUP)]
            for user, text, chat_id in steps:
                calls, refused = len(harness.sandbox.calls), _refused(harness)
                said = name if user == member and text == "/start" else None
                loop.run_until_complete(harness.say(user, text, chat_id=chat_id, name=said))
                _check_answered(harness, errors, calls, refused, f"{text} ({name!r})")

        run()
