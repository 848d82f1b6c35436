"""Group contests end to end: the real Application, the in-process sandbox, a frozen clock
that also closes the sandbox's polls, and hundreds of members voting in quiz polls."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select
from telegram import Update
from telegram.error import BadRequest

from bot.content.schedules import load_schedule_file
from bot.domain.contests import ContestStatus, Tally, standings
from bot.locales import Translator
from bot.sandbox.messages import SentMessage
from bot.sandbox.state import BotApiSandbox
from bot.services.contests import Closed, ContestService, ContestStep, Result, Vote
from bot.services.identity import Caller
from bot.storage.models import Contest, ContestAnswer, Member, ScoreEvent, StudyGroup
from bot.tgbot.contest_render import standings_text
from bot.tgbot.handlers.contests import FLUSH_SIZE, vote_from
from tests.harness import ADMIN_ID, BotHarness, FrozenClock
from tests.tgbot.conftest import HarnessFactory
from tests.tgbot.pushkit import PushHarness, write_schedules
from tests.tgbot.quizkit import MIXED_BANK

GROUP = -100123
MEMBER = 2001  # a member, not an organiser
CHANNEL_BOT = 136817688  # Telegram's placeholder user in an anonymous voter's answer
FIRST_VOTER = 10_000
SECONDS = 20
COUNTDOWN = 10
PAUSE = 5


@pytest.fixture
def sandbox(clock: FrozenClock) -> BotApiSandbox:
    # Polls close on the sandbox's clock: the same frozen time the bot reads.
    return BotApiSandbox(clock=lambda: clock.now.timestamp())


def group_with(
    sandbox: BotApiSandbox, voters: range, chat: int = GROUP, *, supergroup: bool = True
) -> None:
    for uid in voters:
        sandbox.user(uid, f"成员{uid}")
    members = {uid: "member" for uid in voters} | {ADMIN_ID: "administrator", MEMBER: "member"}
    sandbox.group_chat(chat, "青年理论学习小组", members=members, supergroup=supergroup)


def polls(harness: BotHarness) -> list[SentMessage]:
    return [m for m in harness.sandbox.sent(GROUP) if m.poll is not None]


def texts(harness: BotHarness) -> list[str]:
    return [m.text or "" for m in harness.sandbox.sent(GROUP) if m.poll is None]


def options_for(poll: SentMessage, *, right: bool) -> list[int]:
    assert poll.poll is not None
    correct = list(poll.poll["correct_option_ids"])
    if right:
        return correct
    return [i for i in range(len(poll.poll["options"])) if i not in correct][:1]


async def tick(harness: BotHarness, clock: FrozenClock, seconds: float) -> int:
    clock.advance(seconds=seconds)
    return await harness.fire_due_jobs()


async def inject(harness: BotHarness, data: dict[str, Any]) -> None:
    await harness.app.process_update(Update.de_json(data, harness.app.bot))


def raw_poll_answer(
    update_id: int, poll_id: str, user_id: int, options: list[int]
) -> dict[str, Any]:
    """A PollAnswer the sandbox would not produce for a quiz poll: a retraction or a changed
    vote (a replayed or forged update), fed straight to the application."""
    user = {"id": user_id, "is_bot": False, "first_name": f"成员{user_id}"}
    return {
        "update_id": update_id,
        "poll_answer": {
            "poll_id": poll_id,
            "user": user,
            "option_ids": options,
            "option_persistent_ids": [str(option) for option in options],
        },
    }


async def ledger(harness: BotHarness) -> dict[int, int]:
    async with harness.services.unit() as unit:
        rows = await unit.session.execute(
            select(ScoreEvent.member_id, func.sum(ScoreEvent.points))
            .where(ScoreEvent.source == "contest")
            .group_by(ScoreEvent.member_id)
        )
        return {int(member): int(points) for member, points in rows}


async def count(harness: BotHarness, model: Any) -> int:
    async with harness.services.unit() as unit:
        return int(await unit.session.scalar(select(func.count()).select_from(model)) or 0)


# ---- 500 members ------------------------------------------------------------------------


async def test_five_hundred_members_answer_every_question(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    harness = await make_harness()
    voters = range(FIRST_VOTER, FIRST_VOTER + 500)
    group_with(harness.sandbox, voters)

    [announcement] = await harness.say(ADMIN_ID, "/contest mixed 3 20", chat_id=GROUP)
    text = announcement.text or ""
    assert "答题挑战赛" in text and "共 3 题，每题限时 20 秒" in text and "“mixed”" in text
    assert polls(harness) == []  # the countdown first
    assert await tick(harness, clock, COUNTDOWN) == 1

    expected_right: Counter[int] = Counter()
    expected_time: Counter[int] = Counter()
    for number in range(3):
        poll = polls(harness)[-1]
        assert poll.poll is not None
        assert poll.poll["type"] == "quiz" and poll.poll["is_anonymous"] is False
        assert poll.poll["open_period"] == SECONDS
        assert poll.poll["question"].startswith(f"[{number + 1}/3] ")
        if "多选题一" in poll.poll["question"]:
            assert poll.poll["allows_multiple_answers"] and poll.poll["correct_option_ids"] == [
                0,
                2,
            ]
        sent_at = clock.now
        # Members answer over the open period, a batch every half second; member j gets
        # this question wrong when j % 4 == number, so points differ, and so do times.
        by_offset: dict[float, list[int]] = {}
        for uid in voters:
            by_offset.setdefault(1 + (uid % 19) * 0.5, []).append(uid)
        for offset in sorted(by_offset):
            clock.now = sent_at + timedelta(seconds=offset)
            for uid in by_offset[offset]:
                right = uid % 4 != number
                harness.sandbox.answer_poll(uid, poll.poll["id"], options_for(poll, right=right))
                expected_right[uid] += right
                expected_time[uid] += int(offset * 1000)
            if number == 1:
                # Every update delivered twice (PTB may replay after a crash).
                updates = harness.sandbox.take_updates()
                for data in updates + updates:
                    await inject(harness, data)
            else:
                await harness.deliver()
        if number == 2:
            # Changed and retracted votes after the first answer: the first one stands.
            for i, uid in enumerate(voters[:20]):
                other = options_for(poll, right=uid % 4 == number)
                await inject(harness, raw_poll_answer(900_000 + i, poll.poll["id"], uid, other))
                await inject(harness, raw_poll_answer(950_000 + i, poll.poll["id"], uid, []))
        clock.now = sent_at + timedelta(seconds=SECONDS)
        assert await harness.fire_due_jobs() == 1  # the poll closes: the explanation
        closed = texts(harness)[-1]
        assert f"第 {number + 1}/3 题结束" in closed
        wrong = sum(1 for uid in voters if uid % 4 == number)
        assert f"答对 {500 - wrong} 人 / 作答 500 人" in closed and "解析" in closed
        assert (
            harness.sandbox.sent(GROUP)[-1].message.get("reply_to_message", {}).get("message_id")
            == poll.message_id
        )
        assert await tick(harness, clock, PAUSE) == 1  # the next question, or the standings

    assert len(polls(harness)) == 3
    standings_text = texts(harness)[-1]
    assert standings_text.startswith("🏆")
    assert "共出题 3 道，500 人参赛" in standings_text
    assert "……另有 490 人参赛" in standings_text

    # The ledger: once per participant, the points of their correct answers.
    assert await ledger(harness) == dict(expected_right)
    assert await count(harness, ContestAnswer) == 1500
    # Voters who never sent /start were registered on the spot, with their names.
    async with harness.services.unit() as unit:
        names = dict((await unit.session.execute(select(Member.id, Member.first_name))).all())
    assert all(names[uid] == f"成员{uid}" for uid in voters)

    # The top 10 as the domain ranks them from what the members did.
    tallies = [
        Tally(
            uid,
            f"成员{uid}",
            None,
            None,
            3,
            expected_right[uid],
            timedelta(milliseconds=expected_time[uid]),
        )
        for uid in voters
    ]
    top = standings(tallies, asked=3, seconds=SECONDS)[:10]
    lines = standings_text.splitlines()[2:12]
    assert [line.split(" ")[1].split("：")[0] for line in lines] == [p.name for p in top]
    first = top[0]
    seconds_taken = f"{first.total_time.total_seconds():.1f}"
    detail = f"答对 {first.correct} 题，用时 {seconds_taken} 秒"
    assert lines[0] == f"🥇 {first.name}：{first.points} 分（{detail}）"

    # Nothing left to run, and a second contest may start now.
    assert await tick(harness, clock, 600) == 0
    assert len(await harness.say(ADMIN_ID, "/contest mixed 1 20", chat_id=GROUP)) == 1


async def test_votes_are_written_in_batches_as_they_come(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    harness = await make_harness()
    voters = range(FIRST_VOTER, FIRST_VOTER + FLUSH_SIZE + 10)
    group_with(harness.sandbox, voters)
    await harness.say(ADMIN_ID, "/contest mixed 1 20", chat_id=GROUP)
    await tick(harness, clock, COUNTDOWN)
    poll = polls(harness)[-1]
    assert poll.poll is not None
    for uid in voters:
        harness.sandbox.answer_poll(uid, poll.poll["id"], options_for(poll, right=True))
    await harness.deliver()
    # A full queue was written at once; the rest waits for the timer or the poll's close.
    assert await count(harness, ContestAnswer) == FLUSH_SIZE
    assert harness.app.bot_data.contests.queued == 10
    await tick(harness, clock, SECONDS)
    assert await count(harness, ContestAnswer) == FLUSH_SIZE + 10


# ---- commands and permissions -----------------------------------------------------------


async def test_one_contest_per_chat_and_organisers_only(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    harness = await make_harness()
    group_with(harness.sandbox, range(0))
    [refused] = await harness.say(MEMBER, "/contest", chat_id=GROUP)
    assert "组织员" in (refused.text or "")
    [private] = await harness.say(ADMIN_ID, "/contest")
    assert "需要在群里发起" in (private.text or "")
    [bad] = await harness.say(ADMIN_ID, "/contest mixed 3 5", chat_id=GROUP)
    assert "每题秒数 5 不在范围内" in (bad.text or "")
    [unknown] = await harness.say(ADMIN_ID, "/contest 没有这个 3", chat_id=GROUP)
    assert "没有找到“没有这个”" in (unknown.text or "")

    await harness.say(ADMIN_ID, "/contest mixed 3 20", chat_id=GROUP)
    [second] = await harness.say(ADMIN_ID, "/contest mixed 3 20", chat_id=GROUP)
    assert "已有一场答题挑战赛正在进行" in (second.text or "")
    async with harness.services.unit() as unit:
        assert await unit.session.scalar(select(func.count()).select_from(Contest)) == 1


async def test_a_count_of_thirty_digits_is_out_of_range_not_silence(
    make_harness: HarnessFactory,
) -> None:
    """An organiser leans on the 0 key: the bot said nothing (formatting the number failed
    inside the error handler) and logged a traceback."""
    harness = await make_harness()
    group_with(harness.sandbox, range(0))
    huge = "1" + "0" * 30
    [bad] = await harness.say(ADMIN_ID, f"/contest {huge}", chat_id=GROUP)
    assert f"题数 {huge} 不在范围内" in (bad.text or "")
    [bad] = await harness.say(ADMIN_ID, f"/contest mixed 5 {huge}秒", chat_id=GROUP)
    assert f"每题秒数 {huge} 不在范围内" in (bad.text or "")


async def test_counts_typed_with_their_chinese_words_are_read(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness()
    group_with(harness.sandbox, range(0))
    [announcement] = await harness.say(ADMIN_ID, "/contest 测试 2题 20秒", chat_id=GROUP)
    assert "共 2 题，每题限时 20 秒，题目来自“测试”" in (announcement.text or "")


async def test_an_anonymous_group_admin_is_told_the_bot_cannot_tell_who_they_are(
    make_harness: HarnessFactory,
) -> None:
    """A group admin who "remains anonymous" posts as the group: Telegram gives no person,
    so no role to check and nobody to score. Said plainly, rather than "organisers only" to
    the secretary, and nobody called "Group" joins the programme."""
    harness = await make_harness()
    group_with(harness.sandbox, range(0))
    [told] = await harness.say_anonymously(GROUP, "/contest mixed 3 20")
    assert "匿名" in (told.text or "") and "组织员权限" not in (told.text or "")
    assert await count(harness, Contest) == 0
    assert await count(harness, Member) == 0


async def test_an_explanation_of_many_lines_is_shown_after_the_poll(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    # Telegram takes at most two line feeds in a poll's explanation: a short explanation of
    # four lines goes in the message after the poll closes, and the question is still asked.
    explained = {**MIXED_BANK["questions"][0], "explanation": "第一行\n第二行\n第三行\n第四行"}
    harness = await make_harness({**MIXED_BANK, "questions": [explained]})
    group_with(harness.sandbox, range(0))
    await harness.say(ADMIN_ID, "/contest mixed 1 20", chat_id=GROUP)
    await tick(harness, clock, COUNTDOWN)
    [poll] = polls(harness)
    assert poll.poll is not None and poll.poll["question"] == "[1/1] 单选题一"
    assert "explanation" not in poll.poll
    await tick(harness, clock, SECONDS)
    assert "第 1/1 题结束" in texts(harness)[-1]
    assert "第一行\n第二行\n第三行\n第四行" in texts(harness)[-1]


async def test_a_true_false_question_in_an_english_group_reads_true_and_false(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    # A group reads the organisation's language (config `language`), whoever votes.
    judge_only = {**MIXED_BANK, "questions": [MIXED_BANK["questions"][2]]}  # answer 对
    harness = await make_harness(judge_only, language="en")
    group_with(harness.sandbox, range(0))
    await harness.say(ADMIN_ID, "/contest mixed 1 20", chat_id=GROUP)
    await tick(harness, clock, COUNTDOWN)
    [poll] = polls(harness)
    assert poll.poll is not None
    assert [o["text"] for o in poll.poll["options"]] == ["True", "False"]
    await tick(harness, clock, SECONDS)
    assert "Question 1/1 is over. Correct answer: True" in texts(harness)[-1]


async def test_a_group_that_does_not_allow_the_bot_polls_is_told_why(
    make_harness: HarnessFactory, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bot may post messages but not polls (group permissions, not an admin): Telegram
    # answers 400. Every question would fail alike; the group is told why, once.
    harness = await make_harness()
    group_with(harness.sandbox, range(0))

    async def refused(*_: Any, **__: Any) -> Any:
        raise BadRequest("Not enough rights to send polls to the chat")

    monkeypatch.setattr(type(harness.app.bot), "send_poll", refused)
    await harness.say(ADMIN_ID, "/contest mixed 3 20", chat_id=GROUP)
    await tick(harness, clock, COUNTDOWN)
    await tick(harness, clock, SECONDS + PAUSE)
    said = texts(harness)[1:]
    assert len(said) == 2
    assert "没有在本群发送投票的权限" in said[0]
    assert said[1].startswith("🏁") and "共出题 0 道" in said[1]
    async with harness.services.unit() as unit:
        assert await unit.session.scalar(select(Contest.status)) == ContestStatus.STOPPED


async def test_asking_for_more_questions_than_can_be_polls_says_how_many_there_are(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness()  # 4 questions, one a fill-in
    group_with(harness.sandbox, range(0))
    [announcement] = await harness.say(ADMIN_ID, "/contest mixed 10 20", chat_id=GROUP)
    text = announcement.text or ""
    assert "共 3 题，每题限时 20 秒" in text
    assert "要求 10 题，可以用投票作答的题只有 3 道" in text
    await harness.say(ADMIN_ID, "/stopcontest", chat_id=GROUP)
    [exact] = await harness.say(ADMIN_ID, "/contest mixed 3 20", chat_id=GROUP)
    assert "要求" not in (exact.text or "")


async def test_fill_in_questions_are_left_out(make_harness: HarnessFactory) -> None:
    fill_only = {**MIXED_BANK, "questions": [MIXED_BANK["questions"][3]]}
    harness = await make_harness(fill_only)
    group_with(harness.sandbox, range(0))
    [reply] = await harness.say(ADMIN_ID, "/contest mixed", chat_id=GROUP)
    assert "填空题不能以投票形式作答" in (reply.text or "")


async def test_a_contest_with_no_bank_switched_on_says_so(make_harness: HarnessFactory) -> None:
    """Every bank switched off: the reply blamed fill-in questions, which nobody had written."""
    harness = await make_harness({**MIXED_BANK, "enabled": False})
    group_with(harness.sandbox, range(0))
    [reply] = await harness.say(ADMIN_ID, "/contest", chat_id=GROUP)
    assert "还没有可用的题目" in (reply.text or "")
    assert "填空题" not in (reply.text or "")


async def test_stopcontest_ends_early_with_the_standings_so_far(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    harness = await make_harness()
    voters = range(FIRST_VOTER, FIRST_VOTER + 30)
    group_with(harness.sandbox, voters)
    await harness.say(ADMIN_ID, "/contest mixed 3 20", chat_id=GROUP)
    await tick(harness, clock, COUNTDOWN)
    poll = polls(harness)[-1]
    assert poll.poll is not None
    clock.advance(seconds=4)
    for uid in voters:
        harness.sandbox.answer_poll(uid, poll.poll["id"], options_for(poll, right=uid % 2 == 0))
    await harness.deliver()  # queued, not yet written: /stopcontest counts them

    [refused] = await harness.say(MEMBER, "/stopcontest", chat_id=GROUP)
    assert "组织员" in (refused.text or "")
    sent = await harness.say(ADMIN_ID, "/stopcontest", chat_id=GROUP)
    [result] = [m for m in sent if m.poll is None]
    assert (result.text or "").startswith("🏁")
    assert "共出题 1 道，30 人参赛" in (result.text or "")
    assert harness.sandbox_message(poll).poll["is_closed"] is True  # type: ignore[index]
    assert await ledger(harness) == {uid: 1 for uid in voters if uid % 2 == 0}

    # The armed step is gone or stale: nothing more is posted.
    before = len(harness.sandbox.sent(GROUP))
    assert await tick(harness, clock, 600) == 0
    assert len(harness.sandbox.sent(GROUP)) == before
    [again] = await harness.say(ADMIN_ID, "/stopcontest", chat_id=GROUP)
    assert "没有进行中的答题挑战赛" in (again.text or "")


async def test_the_standings_point_to_the_private_chat_for_me(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    """The standings said "发送 /me 查看": in a group of 200 that is 200 /me replies in the
    group, at Telegram's 20 a minute for ten minutes. They point to the private chat."""
    harness = await make_harness()
    group_with(harness.sandbox, range(FIRST_VOTER, FIRST_VOTER + 1))
    await harness.say(ADMIN_ID, "/contest mixed 1 20", chat_id=GROUP)
    await tick(harness, clock, COUNTDOWN)
    poll = polls(harness)[-1]
    assert poll.poll is not None
    harness.sandbox.answer_poll(FIRST_VOTER, poll.poll["id"], options_for(poll, right=True))
    await harness.deliver()
    await tick(harness, clock, SECONDS)
    await tick(harness, clock, PAUSE)
    standings = texts(harness)[-1]
    assert standings.startswith("🏆")
    username = harness.app.bot.username
    assert f'<a href="https://t.me/{username}">@{username}</a>' in standings
    assert "私聊" in standings.splitlines()[-1]


async def test_stopcontest_after_the_last_question_is_a_normal_end(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    harness = await make_harness()
    voters = range(FIRST_VOTER, FIRST_VOTER + 3)
    group_with(harness.sandbox, voters)
    await harness.say(ADMIN_ID, "/contest mixed 1 20", chat_id=GROUP)
    await tick(harness, clock, COUNTDOWN)
    poll = polls(harness)[-1]
    assert poll.poll is not None
    for uid in voters:
        harness.sandbox.answer_poll(uid, poll.poll["id"], options_for(poll, right=True))
    await harness.deliver()
    await tick(harness, clock, SECONDS)
    assert "第 1/1 题结束" in texts(harness)[-1]
    clock.advance(seconds=2)  # in the pause before the standings
    [result] = await harness.say(ADMIN_ID, "/stopcontest", chat_id=GROUP)
    assert result.plain_text.startswith("🏆 答题挑战赛成绩")
    assert "提前结束" not in result.plain_text
    assert await ledger(harness) == {uid: 1 for uid in voters}
    assert await tick(harness, clock, PAUSE) == 0  # posted once
    async with harness.services.unit() as unit:
        status = await unit.session.scalar(select(Contest.status))
    assert status == ContestStatus.FINISHED


async def test_linked_study_group_is_credited(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    harness = await make_harness()
    voters = range(FIRST_VOTER, FIRST_VOTER + 6)
    group_with(harness.sandbox, voters)
    now = clock()
    async with harness.services.unit() as unit:
        group = StudyGroup(name="第一党小组", join_code="ABC234", chat_id=GROUP, created_at=now)
        unit.session.add(group)
        await unit.session.flush()
        for uid in voters[:4]:  # four of the six are in the chat's study group
            unit.session.add(
                Member(
                    id=uid,
                    first_name=f"成员{uid}",
                    study_group_id=group.id,
                    joined_at=now,
                    last_seen_at=now,
                )
            )
    [announcement] = await harness.say(ADMIN_ID, "/contest mixed 1 20", chat_id=GROUP)
    assert "本群关联的学习小组：第一党小组" in (announcement.text or "")
    await tick(harness, clock, COUNTDOWN)
    poll = polls(harness)[-1]
    assert poll.poll is not None
    for uid in voters:
        harness.sandbox.answer_poll(uid, poll.poll["id"], options_for(poll, right=True))
    await harness.deliver()
    await tick(harness, clock, SECONDS)
    await tick(harness, clock, PAUSE)
    result = texts(harness)[-1]
    assert "成员10000（第一党小组）：1 分" in result
    assert "学习小组“第一党小组”：4 名组员参赛，共得 4 分" in result
    async with harness.services.unit() as unit:
        grouped = await unit.session.scalar(
            select(func.count()).where(
                ScoreEvent.source == "contest", ScoreEvent.study_group_id == group.id
            )
        )
    assert grouped == 4  # the ledger rows carry the members' group


def test_english_standings_put_a_space_before_the_group() -> None:
    placing = standings(
        [Tally(1, "Li Si", 7, "Group One", 1, 1, timedelta(seconds=3))], asked=1, seconds=20
    )
    result = Result(
        contest_id=1,
        chat_id=GROUP,
        status=ContestStatus.FINISHED,
        asked=1,
        total=1,
        seconds=20,
        placings=tuple(placing),
        credit=None,
        open_poll_message_id=None,
    )
    assert "Li Si (Group One): 1 point (" in standings_text(Translator("en"), result, "bot")
    assert "Li Si（Group One）：1 分" in standings_text(Translator("zh"), result, "bot")


def test_a_medal_goes_only_to_someone_who_scored() -> None:
    """Two of three got the one question wrong: they were shown 🥈 for 0 points (a silver
    medal for answering wrong); they now stand as "2." with their 0 points."""
    tallies = [
        Tally(1, "张三", None, None, 1, 1, timedelta(seconds=3)),
        Tally(2, "李四", None, None, 1, 0, timedelta(seconds=4)),
        Tally(3, "王五", None, None, 1, 0, timedelta(seconds=5)),
    ]
    result = Result(
        contest_id=1,
        chat_id=GROUP,
        status=ContestStatus.FINISHED,
        asked=1,
        total=1,
        seconds=20,
        placings=tuple(standings(tallies, asked=1, seconds=20)),
        credit=None,
        open_poll_message_id=None,
    )
    lines = standings_text(Translator("zh"), result, "bot").splitlines()
    assert lines[2].startswith("🥇 张三：1 分")
    assert lines[3].startswith("2. 李四：0 分") and lines[4].startswith("3. 王五：0 分")


# ---- restarts -----------------------------------------------------------------------------


async def test_restart_mid_contest_resumes_without_double_scoring(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    harness = await make_harness()
    voters = range(FIRST_VOTER, FIRST_VOTER + 40)
    group_with(harness.sandbox, voters)
    await harness.say(ADMIN_ID, "/contest mixed 3 20", chat_id=GROUP)
    await tick(harness, clock, COUNTDOWN)
    for poll in polls(harness):
        assert poll.poll is not None
        for uid in voters:
            harness.sandbox.answer_poll(uid, poll.poll["id"], options_for(poll, right=True))
    await harness.deliver()
    await tick(harness, clock, SECONDS)
    await tick(harness, clock, PAUSE)
    second = polls(harness)[-1]
    assert second.poll is not None
    for uid in voters[:20]:
        harness.sandbox.answer_poll(uid, second.poll["id"], options_for(second, right=True))
    await harness.deliver()
    await harness.app.bot_data.contests.flush()  # the timer's flush, before the crash
    await harness.stop()

    clock.advance(seconds=3)
    restarted = await make_harness()
    # The open poll's close is armed again; the other half answer it after the restart.
    for uid in voters[20:]:
        restarted.sandbox.answer_poll(uid, second.poll["id"], options_for(second, right=True))
    await restarted.deliver()
    assert await tick(restarted, clock, SECONDS) == 1
    assert "第 2/3 题结束" in texts(restarted)[-1]
    assert "答对 40 人 / 作答 40 人" in texts(restarted)[-1]
    assert await tick(restarted, clock, PAUSE) == 1
    third = polls(restarted)[-1]
    assert third.poll is not None and third.poll["question"].startswith("[3/3]")
    for uid in voters:
        restarted.sandbox.answer_poll(uid, third.poll["id"], options_for(third, right=True))
    await restarted.deliver()
    await tick(restarted, clock, SECONDS)
    await restarted.stop()

    # A second restart while the standings are due: they are posted once, scored once.
    again = await make_harness()
    assert await tick(again, clock, PAUSE) == 1
    assert texts(again)[-1].startswith("🏆")
    assert await ledger(again) == {uid: 3 for uid in voters}
    assert await tick(again, clock, 600) == 0
    assert sum(text.startswith("🏆") for text in texts(again)) == 1


async def test_restart_after_a_poll_closed_goes_on_with_the_next_question(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    harness = await make_harness()
    group_with(harness.sandbox, range(0))
    await harness.say(ADMIN_ID, "/contest mixed 3 20", chat_id=GROUP)
    await tick(harness, clock, COUNTDOWN)
    await harness.stop()
    clock.advance(seconds=SECONDS + 2)  # the first poll closed while the bot was down
    restarted = await make_harness()
    assert await restarted.fire_due_jobs() == 1
    assert "第 1/3 题结束" in texts(restarted)[-1]
    assert await tick(restarted, clock, PAUSE) == 1
    assert polls(restarted)[-1].poll["question"].startswith("[2/3]")  # type: ignore[index]


async def test_restart_after_the_contest_time_ends_it_cleanly(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    harness = await make_harness()
    voters = range(FIRST_VOTER, FIRST_VOTER + 5)
    group_with(harness.sandbox, voters)
    await harness.say(ADMIN_ID, "/contest mixed 3 20", chat_id=GROUP)
    await tick(harness, clock, COUNTDOWN)
    poll = polls(harness)[-1]
    assert poll.poll is not None
    for uid in voters:
        harness.sandbox.answer_poll(uid, poll.poll["id"], options_for(poll, right=True))
    await harness.deliver()
    await harness.app.bot_data.contests.flush()
    await harness.stop()
    clock.advance(minutes=30)  # far past the contest's planned end
    restarted = await make_harness()
    assert await restarted.fire_due_jobs() == 1
    assert len(polls(restarted)) == 1  # no stale question is asked
    assert texts(restarted)[-1].startswith("🏆")
    assert await ledger(restarted) == {uid: 1 for uid in voters}


async def test_a_contest_goes_on_when_its_chat_becomes_a_supergroup(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    # Telegram upgrades a basic group to a supergroup (a new chat id) mid-contest: the
    # contest follows, so the next questions and the standings reach the new chat.
    harness = await make_harness()
    voters = range(FIRST_VOTER, FIRST_VOTER + 4)
    old_chat = -4002
    group_with(harness.sandbox, voters, old_chat, supergroup=False)
    await harness.say(ADMIN_ID, "/contest mixed 2 20", chat_id=old_chat)
    await tick(harness, clock, COUNTDOWN)
    assert [m for m in harness.sandbox.sent(old_chat) if m.poll is not None]

    new_chat = harness.sandbox.migrate_group(old_chat)
    await harness.deliver()
    await tick(harness, clock, SECONDS)
    await tick(harness, clock, PAUSE)
    [poll] = [m for m in harness.sandbox.sent(new_chat) if m.poll is not None]
    assert poll.poll is not None and poll.poll["question"].startswith("[2/2]")
    for uid in voters:
        harness.sandbox.answer_poll(uid, poll.poll["id"], options_for(poll, right=True))
    await harness.deliver()
    await tick(harness, clock, SECONDS)
    await tick(harness, clock, PAUSE)
    standings = [m.text or "" for m in harness.sandbox.sent(new_chat) if m.poll is None]
    assert "第 1/2 题结束" in standings[0]
    assert standings[-1].startswith("🏆") and "共出题 2 道，4 人参赛" in standings[-1]
    assert await ledger(harness) == {uid: 1 for uid in voters}


@pytest.mark.parametrize("member_update_first", [False, True])
async def test_a_group_upgraded_mid_contest_is_not_greeted_again(
    make_harness: HarnessFactory, clock: FrozenClock, member_update_first: bool
) -> None:
    """Telegram tells the bot of a supergroup upgrade three ways: the service messages in the
    old and the new chat, and my_chat_member for the new chat (the bot a member of it now),
    in no set order. The bot greeted the supergroup as a chat it had just been added to, in
    the middle of the contest; it is the same group: no greeting, the link and the contest go
    on."""
    harness = await make_harness()
    voters = range(FIRST_VOTER, FIRST_VOTER + 2)
    old_chat = -4005
    group_with(harness.sandbox, voters, old_chat, supergroup=False)
    await harness.say(ADMIN_ID, "/newgroup 第一小组")
    await harness.say(ADMIN_ID, "/linkgroup 第一小组", chat_id=old_chat)
    await harness.say(ADMIN_ID, "/contest mixed 2 20", chat_id=old_chat)
    await tick(harness, clock, COUNTDOWN)

    new_chat = harness.sandbox.migrate_group(old_chat)
    updates = harness.sandbox.take_updates()
    kinds = [next(key for key in update if key != "update_id") for update in updates]
    assert sorted(kinds) == ["message", "message", "my_chat_member"]
    if member_update_first:
        updates.sort(key=lambda update: "my_chat_member" not in update)
    for update in updates:
        await inject(harness, update)
    await tick(harness, clock, SECONDS)
    await tick(harness, clock, PAUSE)
    [poll] = [m for m in harness.sandbox.sent(new_chat) if m.poll is not None]
    assert poll.poll is not None and poll.poll["question"].startswith("[2/2]")
    await tick(harness, clock, SECONDS)
    await tick(harness, clock, PAUSE)
    texts_there = [m.plain_text for m in harness.sandbox.sent(new_chat) if m.poll is None]
    assert not [text for text in texts_there if "/linkgroup" in text], texts_there
    assert texts_there[-1].startswith("🏆")
    [joined] = await harness.say(MEMBER, "/join", chat_id=new_chat)
    assert "欢迎加入学习小组“第一小组”" in joined.plain_text


async def test_a_new_supergroup_is_greeted(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    """Added to a supergroup that no upgrade made, the bot still says how to use it there."""
    harness = await make_harness()
    group_with(harness.sandbox, range(0))
    harness.sandbox.set_bot_status(GROUP, "left", by_user=ADMIN_ID)
    harness.sandbox.take_updates()
    harness.sandbox.set_bot_status(GROUP, "member", by_user=ADMIN_ID)
    await harness.deliver()
    await tick(harness, clock, 60)
    [hello] = harness.sandbox.sent(GROUP)
    assert "/linkgroup" in hello.plain_text and str(GROUP) in hello.plain_text


async def test_a_bot_removed_mid_contest_ends_it_and_the_admins_hear_of_it(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    """Someone removes the bot during a contest: it ends at once with what was answered
    scored (it tried to post two more messages before, and the admins heard nothing), and
    adding the bot back lets a new contest start."""
    harness = await make_harness()
    voters = range(FIRST_VOTER, FIRST_VOTER + 3)
    group_with(harness.sandbox, voters)
    harness.sandbox.private_chat(ADMIN_ID)
    await harness.say(ADMIN_ID, "/contest mixed 3 20", chat_id=GROUP)
    await tick(harness, clock, COUNTDOWN)
    poll = polls(harness)[-1]
    assert poll.poll is not None
    for uid in voters:
        harness.sandbox.answer_poll(uid, poll.poll["id"], options_for(poll, right=True))
    await harness.deliver()
    harness.sandbox.set_bot_status(GROUP, "kicked", by_user=ADMIN_ID)
    await harness.deliver()
    told = harness.sandbox.sent(ADMIN_ID)[-1].plain_text
    assert "青年理论学习小组" in told and str(GROUP) in told
    assert "答题挑战赛已结束，已作答的 3 人照常计分" in told
    assert await ledger(harness) == {uid: 1 for uid in voters}
    calls = len(harness.sandbox.calls)
    assert await tick(harness, clock, SECONDS) == 0  # nothing left to post there
    assert await tick(harness, clock, PAUSE + SECONDS) == 0
    assert len(harness.sandbox.calls) == calls

    harness.sandbox.set_bot_status(GROUP, "member", by_user=ADMIN_ID)
    await harness.deliver()
    [announcement] = await harness.say(ADMIN_ID, "/contest mixed 1 20", chat_id=GROUP)
    assert "答题挑战赛" in (announcement.text or "")


async def test_a_contest_follows_its_supergroup_before_the_upgrade_notice_arrives(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    # The group is upgraded while the bot is down, or just before a question is due: the
    # next post is refused with the new chat id before the service message is handled. The
    # question goes to the new chat (it was skipped, and its closing line lost).
    harness = await make_harness()
    voters = range(FIRST_VOTER, FIRST_VOTER + 2)
    old_chat = -4003
    group_with(harness.sandbox, voters, old_chat, supergroup=False)
    await harness.say(ADMIN_ID, "/contest mixed 2 20", chat_id=old_chat)
    new_chat = harness.sandbox.migrate_group(old_chat)
    await tick(harness, clock, COUNTDOWN)
    [poll] = [m for m in harness.sandbox.sent(new_chat) if m.poll is not None]
    assert poll.poll is not None and poll.poll["question"].startswith("[1/2]")
    for uid in voters:
        harness.sandbox.answer_poll(uid, poll.poll["id"], options_for(poll, right=True))
    await harness.deliver()  # the upgrade's service messages come now: nothing changes
    await tick(harness, clock, SECONDS)
    closed = [m.text or "" for m in harness.sandbox.sent(new_chat) if m.poll is None]
    assert "第 1/2 题结束" in closed[-1] and "作答 2 人" in closed[-1]
    await tick(harness, clock, PAUSE)
    await tick(harness, clock, SECONDS)
    await tick(harness, clock, PAUSE)
    standings = [m.text or "" for m in harness.sandbox.sent(new_chat) if m.poll is None]
    assert standings[-1].startswith("🏆") and "共出题 2 道，2 人参赛" in standings[-1]


async def test_a_closing_line_refused_by_an_upgraded_group_goes_to_the_supergroup(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    # Upgraded while a poll is open, the notice not handled yet: the poll's closing line
    # is refused with the new id, and is posted there (it was logged and lost).
    harness = await make_harness()
    old_chat = -4004
    harness.sandbox.group_chat(
        old_chat, "学习群", members={ADMIN_ID: "administrator"}, supergroup=False
    )
    await harness.say(ADMIN_ID, "/contest mixed 2 20", chat_id=old_chat)
    await tick(harness, clock, COUNTDOWN)
    new_chat = harness.sandbox.migrate_group(old_chat)
    await tick(harness, clock, SECONDS)
    [closed] = [m.text or "" for m in harness.sandbox.sent(new_chat)]
    assert "第 1/2 题结束" in closed
    await tick(harness, clock, PAUSE)
    assert [m for m in harness.sandbox.sent(new_chat) if m.poll is not None]


# ---- poll answers that are not the contest's ---------------------------------------------


def test_poll_answers_become_plain_votes() -> None:
    at = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    answer = Update.de_json(raw_poll_answer(1, "p1", 7, [0, 2]), None)
    voter = Caller(7, "成员7", in_private_chat=False)  # a vote is cast in the group
    assert vote_from(answer, at) == Vote("p1", voter, (0, 2), at)
    assert vote_from(Update.de_json(raw_poll_answer(2, "p1", 7, []), None), at) is None
    chat_vote = raw_poll_answer(3, "p1", 7, [1])
    del chat_vote["poll_answer"]["user"]
    chat_vote["poll_answer"]["voter_chat"] = {"id": GROUP, "type": "supergroup", "title": "群"}
    assert vote_from(Update.de_json(chat_vote, None), at) is None


async def test_an_anonymous_admins_vote_scores_nobody(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    """A group admin who remains anonymous votes as the group: Telegram sends voter_chat and,
    for older bots, the placeholder user @Channel_Bot. That placeholder was registered as a
    member called "Channel" and scored for every anonymous admin at once. The group hears
    once that such votes count for nobody, and how to take part."""
    harness = await make_harness()
    group_with(harness.sandbox, range(FIRST_VOTER, FIRST_VOTER + 1))
    await harness.say(ADMIN_ID, "/contest mixed 1 20", chat_id=GROUP)
    await tick(harness, clock, COUNTDOWN)
    poll = polls(harness)[-1]
    assert poll.poll is not None
    right = options_for(poll, right=True)
    anonymous = raw_poll_answer(990_001, poll.poll["id"], CHANNEL_BOT, right)
    anonymous["poll_answer"]["user"] |= {"is_bot": True, "first_name": "Channel"}
    anonymous["poll_answer"]["voter_chat"] = {"id": GROUP, "type": "supergroup", "title": "群"}
    await inject(harness, anonymous)
    [told] = texts(harness)[-1:]
    assert "匿名" in told and "不计分" in told and "保持匿名" in told
    anonymous["update_id"] += 1
    await inject(harness, anonymous)  # another anonymous vote: said once per contest
    assert texts(harness)[-1] == told
    harness.sandbox.answer_poll(FIRST_VOTER, poll.poll["id"], options_for(poll, right=True))
    await harness.deliver()
    await tick(harness, clock, SECONDS)
    await tick(harness, clock, PAUSE)
    assert "共出题 1 道，1 人参赛" in texts(harness)[-1]
    assert "Channel" not in texts(harness)[-1]
    assert await ledger(harness) == {FIRST_VOTER: 1}
    async with harness.services.unit() as unit:
        assert await unit.session.get(Member, CHANNEL_BOT) is None


async def test_a_member_who_blocked_the_bot_stays_unreachable_when_voting_in_the_group(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    """A vote (or a command) in the group says nothing about the member's private chat with
    the bot: one who blocked it was marked reachable again by every contest, and the next
    push tried them once more and was refused. They stay unreachable until they write to
    the bot themselves."""
    harness = await make_harness()
    voters = range(FIRST_VOTER, FIRST_VOTER + 2)
    group_with(harness.sandbox, voters)
    blocker = FIRST_VOTER
    await harness.say(blocker, "/start")
    harness.sandbox.block(blocker)
    await harness.deliver()
    await harness.say(ADMIN_ID, "/contest mixed 1 20", chat_id=GROUP)
    await tick(harness, clock, COUNTDOWN)
    poll = polls(harness)[-1]
    assert poll.poll is not None
    for uid in voters:
        harness.sandbox.answer_poll(uid, poll.poll["id"], options_for(poll, right=True))
    await harness.deliver()
    await harness.say(blocker, "/rank", chat_id=GROUP)
    await tick(harness, clock, SECONDS)
    await tick(harness, clock, PAUSE)

    async def reachable(uid: int) -> bool:
        async with harness.services.unit() as unit:
            member = await unit.session.get(Member, uid)
            assert member is not None
            return member.is_reachable

    assert not await reachable(blocker)
    assert await reachable(FIRST_VOTER + 1)  # registered by the vote: pushes may try
    assert await ledger(harness) == {uid: 1 for uid in voters}  # scored all the same
    harness.sandbox.unblock(blocker)
    await harness.say(blocker, "/me")
    assert await reachable(blocker)


async def test_answers_to_other_polls_are_left_alone(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    harness = await make_harness()
    seen: list[str] = []

    async def other_feature(update: Update, _: Any) -> None:
        assert update.poll_answer is not None
        seen.append(update.poll_answer.poll_id)

    from telegram.ext import PollAnswerHandler

    harness.app.add_handler(PollAnswerHandler(other_feature))  # group 0, as another feature
    await inject(harness, raw_poll_answer(1, "not-a-contest-poll", 4242, [1]))
    assert seen == ["not-a-contest-poll"]
    await harness.app.bot_data.contests.flush()
    assert await count(harness, ContestAnswer) == 0
    async with harness.services.unit() as unit:
        assert await unit.session.get(Member, 4242) is None  # not registered by a contest


# ---- scheduled contests ----------------------------------------------------------------------

CONTEST_PUSH = {
    "id": "weekly-contest",
    "title": "每周答题挑战赛",
    "trigger": "daily at 09:00",
    "audience": {"chats": [-5001]},
    "content": {
        "text": "本周的答题挑战赛马上开始，请大家准备！",
        "contest": {"bank": "theory-study", "questions": 2, "seconds": 30},
    },
}


async def test_a_schedule_starts_a_contest_in_its_group(
    database_url: str, clock: FrozenClock, tmp_path: Path
) -> None:
    clock.now = datetime.fromisoformat("2026-03-02T08:59:00+08:00").astimezone(UTC)
    folder = write_schedules(tmp_path / "schedules", CONTEST_PUSH)
    harness = PushHarness(database_url, clock, folder)
    await harness.start()
    try:
        assert harness.services.schedules.errors == ()
        harness.sandbox.group_chat(-5001, "青年理论学习小组")
        await harness.pushes.scan_all()
        clock.now = datetime.fromisoformat("2026-03-02T09:00:10+08:00").astimezone(UTC)
        [fired] = await harness.pushes.scan_all()
        assert fired.recipients == 1
        await harness.pushes.dispatcher.run_once()
        invitation, announcement = harness.sandbox.sent(-5001)
        assert "答题挑战赛马上开始" in (invitation.text or "")
        assert "共 2 题，每题限时 30 秒" in (announcement.text or "")
        assert await harness.pushes.dispatcher.run_once() == 0  # delivered once
        clock.advance(seconds=COUNTDOWN)
        harness.ticks.now += COUNTDOWN  # the sandbox's flood limits run on this clock
        assert await harness.fire_due_jobs() == 1
        [poll] = [m for m in harness.sandbox.sent(-5001) if m.poll is not None]
        assert poll.poll is not None and poll.poll["open_period"] == 30
        async with harness.services.unit() as unit:
            contest = await unit.session.scalar(select(Contest))
        assert contest is not None and contest.fire_id == fired.fire_id
        assert contest.started_by is None
    finally:
        await harness.stop()


def test_contest_schedules_are_checked_with_lines(tmp_path: Path) -> None:
    bad = {
        **CONTEST_PUSH,
        "audience": "all",
        "content": {
            "text": "答题挑战赛",
            "contest": {"bank": "theory-studdy", "questions": 80, "seconds": 5},
        },
    }
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(bad, allow_unicode=True, sort_keys=False), "utf-8")
    schedules, problems = load_schedule_file(path, known_banks={"theory-study"})
    assert schedules == ()
    found = {p.code: p for p in problems}
    assert found["schedule-unknown-bank-suggest"].args["suggestion"] == "theory-study"
    assert found["schedule-questions-invalid"].args["max"] == 50
    assert found["schedule-contest-seconds-invalid"].args["min"] == 10
    assert all(p.line for p in problems)

    to_everyone = {**CONTEST_PUSH, "audience": "all"}
    path.write_text(yaml.safe_dump(to_everyone, allow_unicode=True, sort_keys=False), "utf-8")
    schedules, problems = load_schedule_file(path, known_banks={"theory-study"})
    assert schedules == ()
    assert [(p.code, p.line) for p in problems] == [("schedule-contest-needs-chats", 4)]

    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(CONTEST_PUSH, allow_unicode=True), "utf-8")
    [schedule], problems = load_schedule_file(good, known_banks={"theory-study"})
    assert problems == []
    assert schedule.content.contest is not None
    assert schedule.content.contest.as_payload() == {
        "bank": "theory-study",
        "questions": 2,
        "seconds": 30,
    }


async def test_a_failed_step_is_tried_again(
    make_harness: HarnessFactory, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    harness = await make_harness()
    group_with(harness.sandbox, range(0))
    await harness.say(ADMIN_ID, "/contest mixed 2 20", chat_id=GROUP)
    await tick(harness, clock, COUNTDOWN)
    real_close = ContestService.close
    failures = [RuntimeError("database went away")]

    async def flaky_close(self: ContestService, step: ContestStep) -> Closed | None:
        if failures:
            raise failures.pop()
        return await real_close(self, step)

    monkeypatch.setattr(ContestService, "close", flaky_close)
    assert await tick(harness, clock, SECONDS) == 1  # fails, logged, armed again
    assert "第 1/2 题结束" not in "".join(texts(harness))
    assert await tick(harness, clock, 10) == 1
    assert "第 1/2 题结束" in texts(harness)[-1]


async def test_a_contest_whose_process_is_gone_is_taken_over_by_the_leader(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    harness = await make_harness()
    group_with(harness.sandbox, range(0))
    await harness.say(ADMIN_ID, "/contest mixed 2 20", chat_id=GROUP)
    runner = harness.app.bot_data.contests
    [contest_id] = runner.armed()
    # The process that armed the countdown is gone: nothing here will run the step.
    runner.disarm(contest_id)
    await tick(harness, clock, COUNTDOWN)
    assert polls(harness) == []
    leadership = harness.app.bot_data.leadership
    await leadership.tick()  # not yet overdue enough: the armed process may still go first
    assert runner.armed() == set()
    clock.advance(seconds=11)
    await leadership.tick()
    assert await harness.fire_due_jobs() == 1
    [poll] = polls(harness)
    assert poll.poll is not None and poll.poll["question"].startswith("[1/2]")
    await leadership.tick()  # the contest now has its job here: left alone
    assert await tick(harness, clock, SECONDS) == 1
    assert "第 1/2 题结束" in texts(harness)[-1]


async def test_a_bank_edited_while_its_poll_is_open_names_the_answer_by_letter(
    make_harness: HarnessFactory, clock: FrozenClock, tmp_path: Path
) -> None:
    """The answer positions were stored when the poll went out; the edited bank's options
    no longer match them, so the closing line must not name an option from the new text."""
    from tests.tgbot.quizkit import write_banks

    only = MIXED_BANK["questions"][0]  # options 甲 乙 丙, answer B (乙)
    harness = await make_harness({**MIXED_BANK, "questions": [only]})
    group_with(harness.sandbox, range(0))
    await harness.say(ADMIN_ID, "/contest mixed 1 20", chat_id=GROUP)
    await tick(harness, clock, COUNTDOWN)
    assert len(polls(harness)) == 1
    edited = {**only, "options": ["乙", "甲", "丙"], "answer": "A"}  # reordered: B is 甲 now
    write_banks(tmp_path / "quizzes", {**MIXED_BANK, "questions": [edited]})
    harness.services.load_content()
    await tick(harness, clock, SECONDS)
    closing = texts(harness)[-1]
    assert closing.startswith("⏱ 第 1/1 题结束，正确答案：B\n")  # not "B. 甲", the wrong one


async def test_a_multiple_choice_answer_names_its_options_as_the_poll_shows_no_letters(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    multiple = MIXED_BANK["questions"][1]  # options 甲 乙 丙 丁, answer A C
    harness = await make_harness({**MIXED_BANK, "questions": [multiple]})
    group_with(harness.sandbox, range(0))
    await harness.say(ADMIN_ID, "/contest mixed 1 20", chat_id=GROUP)
    await tick(harness, clock, COUNTDOWN)
    await tick(harness, clock, SECONDS)
    assert texts(harness)[1].startswith("⏱ 第 1/1 题结束，正确答案：A. 甲；C. 丙\n")


async def test_a_contest_begun_before_midnight_counts_for_its_day(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    """A contest started at 23:59 on 31 December and ending after midnight: its points were
    dated when it ended, so they counted in the new year, while a daily quiz begun then counts
    for the day it began."""
    clock.now = datetime(2026, 12, 31, 15, 59, 0, tzinfo=UTC)  # 23:59 in Shanghai
    harness = await make_harness()
    voters = range(FIRST_VOTER, FIRST_VOTER + 2)
    group_with(harness.sandbox, voters)
    await harness.say(ADMIN_ID, "/contest mixed 1 60", chat_id=GROUP)
    await tick(harness, clock, COUNTDOWN)
    poll = polls(harness)[-1]
    assert poll.poll is not None
    for uid in voters:
        harness.sandbox.answer_poll(uid, poll.poll["id"], options_for(poll, right=True))
    await harness.deliver()
    await tick(harness, clock, 60)
    await tick(harness, clock, PAUSE)
    assert clock.now > datetime(2026, 12, 31, 16, 0, tzinfo=UTC)  # past midnight
    assert await ledger(harness) == {FIRST_VOTER: 1, FIRST_VOTER + 1: 1}
    [last_year] = await harness.say(ADMIN_ID, "/top 2026年")
    assert "成员10000" in last_year.plain_text, last_year.plain_text
    [this_year] = await harness.say(ADMIN_ID, "/top 今年")
    assert "成员10000" not in this_year.plain_text, this_year.plain_text
