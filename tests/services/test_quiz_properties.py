"""Whatever a member taps, replays or leaves to time out, scoring stays within the rules."""

from __future__ import annotations

import asyncio
import itertools
import random
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.content.banks import load_banks
from bot.domain.quiz import QuizMode
from bot.services.errors import UserFacingError
from bot.services.identity import Caller
from bot.services.quiz import AnswerResult, QuestionView, StaleAnswer
from bot.services.unit import Services
from bot.storage import migrate
from bot.storage.db import create_engine, session_factory
from bot.storage.models import QuizAnswer, ScoreEvent
from tests.harness import FrozenClock, make_config
from tests.tgbot.quizkit import single_bank, write_banks

Action = tuple[str, int]
ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(
            ["daily", "challenge", "right", "wrong", "stale", "replay", "vote", "wait", "day"]
        ),
        st.integers(min_value=0, max_value=3),
    ),
    max_size=40,
)
member_ids = itertools.count(10_000)


async def _play(
    services: Services, clock: FrozenClock, member: int, actions: list[Action]
) -> None:
    caller = Caller(member, "测试")
    last: tuple[int, int] | None = None  # (session, position) of the last question answered
    # Every question also goes out as a quiz poll (config quiz.polls): a vote in it, the
    # current one or an old one ("vote" with arg > 0), is one more way to answer or replay.
    polls: list[str] = []

    def sent(view: QuestionView) -> str:
        polls.append(f"poll-{view.session_id}-{view.position}-{len(polls)}")
        return polls[-1]

    for kind, arg in actions:
        async with services.unit() as unit:
            actor = await unit.members.identify(caller)
            try:
                if kind in ("daily", "challenge"):
                    mode = QuizMode.DAILY if kind == "daily" else QuizMode.CHALLENGE
                    started = await unit.quiz.start(actor, member, mode)
                    if started.view:
                        await unit.quiz.bind_message(started.view, 1, poll_id=sent(started.view))
                elif kind in ("right", "wrong"):
                    deadline = [d for d in await unit.quiz.pending_deadlines()]
                    mine = [d for d in deadline if d.chat_id == member]
                    if not mine:
                        continue
                    target = mine[0]
                    option = 1 if kind == "right" else 0
                    result = await unit.quiz.choose(
                        actor, target.session_id, target.position, option
                    )
                    last = (target.session_id, target.position)
                    if isinstance(result, AnswerResult) and result.next:
                        await unit.quiz.bind_message(result.next, 2, poll_id=sent(result.next))
                elif kind == "vote" and polls:
                    session = await unit.quiz.poll_question(polls[max(-len(polls), -1 - arg)])
                    if session is None:
                        continue
                    result = await unit.quiz.answer_poll(actor, session, [1])
                    if result.next:
                        await unit.quiz.bind_message(result.next, 4, poll_id=sent(result.next))
                elif kind in ("stale", "replay") and last is not None:
                    position = last[1] - arg if kind == "stale" else last[1]
                    await unit.quiz.choose(actor, last[0], max(position, 0), 1)
                elif kind == "wait":
                    clock.advance(seconds=31)
                    for deadline in await unit.quiz.pending_deadlines():
                        result = await unit.quiz.expire(deadline.session_id, deadline.position)
                        if result and result.next:
                            await unit.quiz.bind_message(result.next, 3, poll_id=sent(result.next))
                elif kind == "day":
                    clock.advance(hours=8 * (arg + 1))
            except StaleAnswer:
                pass
            except UserFacingError as refusal:
                # The only other refusals here: a challenge while a scored daily quiz is open,
                # today's or one begun before midnight whose question is still on the clock.
                assert refusal.message_id in (
                    "quiz-daily-unfinished",
                    "quiz-daily-unfinished-earlier-day",
                ), refusal.message_id


async def _check(services: Services, member: int) -> None:
    async with services.unit() as unit:
        rows = (
            await unit.session.execute(
                select(ScoreEvent.source, ScoreEvent.created_at, ScoreEvent.points).where(
                    ScoreEvent.member_id == member
                )
            )
        ).all()
        per_day: dict[tuple[str, object], int] = {}
        for source, created, points in rows:
            day = created.astimezone(services.config.zone).date()
            per_day[(source, day)] = per_day.get((source, day), 0) + points
        for (source, _), total in per_day.items():
            cap = 5 if source == "daily_quiz" else 6
            assert total <= cap, per_day
        duplicates = await unit.session.scalar(
            select(func.count())
            .select_from(QuizAnswer)
            .group_by(QuizAnswer.session_id, QuizAnswer.position)
            .having(func.count() > 1)
        )
        assert duplicates is None


def test_random_taps_replays_and_timeouts_never_exceed_the_rules(tmp_path: Path) -> None:
    folder = write_banks(tmp_path / "quizzes", single_bank(40, time_limit=30))
    url = f"sqlite+aiosqlite:///{tmp_path / 'prop.db'}"
    config = make_config(url, quizzes_dir=str(folder), quiz={"daily_questions": 8})
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    engine = create_engine(url)
    loop.run_until_complete(migrate.upgrade(engine))
    clock = FrozenClock()
    services = Services(
        config, session_factory(engine), clock, load_banks(folder), random.Random(7)
    )

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(actions=ACTIONS)
    @example(actions=[("daily", 0), ("right", 0), ("replay", 0), ("right", 0), ("stale", 1)])
    @example(actions=[("challenge", 0)] + [("right", 0)] * 12 + [("wrong", 0)])
    @example(actions=[("daily", 0)] + [("vote", 0)] * 9 + [("vote", 2), ("right", 0)])
    def run(actions: list[Action]) -> None:
        member = next(member_ids)
        loop.run_until_complete(_play(services, clock, member, actions))
        loop.run_until_complete(_check(services, member))

    async def total_points() -> int:
        async with services.unit() as unit:
            return int(await unit.session.scalar(select(func.sum(ScoreEvent.points))) or 0)

    try:
        run()
        # The sequences really scored: the caps above were tested against real awards.
        assert loop.run_until_complete(total_points()) > 0
    finally:
        loop.run_until_complete(engine.dispose())
        loop.close()
