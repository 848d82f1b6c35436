"""Contest rules: arguments, polls, answer times, the timeline and the standings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.contests import (
    COUNTDOWN,
    DEFAULT_QUESTIONS,
    DEFAULT_SECONDS,
    PAUSE,
    POLL_QUESTION_CHARS,
    ContestPlan,
    PlanError,
    Tally,
    answer_elapsed,
    fits_a_poll,
    group_credit,
    is_correct,
    is_over,
    parse_contest_args,
    planned_end,
    poll_explanation,
    poll_question,
    standings,
)
from bot.domain.questions import JUDGE_OPTIONS, Question, QuestionType

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def question(kind: QuestionType, **fields: object) -> Question:
    defaults: dict[str, object] = {
        "bank_id": "b",
        "id": "q1",
        "type": kind,
        "text": "题目",
        "options": ("甲", "乙", "丙"),
        "correct": frozenset({1}),
    }
    defaults.update(fields)
    return Question(**defaults)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], ContestPlan(None, DEFAULT_QUESTIONS, DEFAULT_SECONDS)),
        (["theory-study"], ContestPlan("theory-study", DEFAULT_QUESTIONS, DEFAULT_SECONDS)),
        (["theory-study", "3", "20"], ContestPlan("theory-study", 3, 20)),
        (["5"], ContestPlan(None, 5, DEFAULT_SECONDS)),
        (["5", "15"], ContestPlan(None, 5, 15)),
        (["理论", "学习", "8"], ContestPlan("理论 学习", 8, DEFAULT_SECONDS)),
        (["１０", "２０"], ContestPlan(None, 10, 20)),  # full-width digits
        (["a", "1", "2", "30"], ContestPlan("a 1", 2, 30)),  # only two trailing numbers
        # Counts with the words a Chinese keyboard adds: 题/道/道题 and 秒/秒钟, in any order.
        (["理论", "5题", "20秒"], ContestPlan("理论", 5, 20)),
        (["理论", "20秒", "5道题"], ContestPlan("理论", 5, 20)),
        (["理论", "5", "道", "20", "秒钟"], ContestPlan("理论", 5, 20)),
        (["４０秒"], ContestPlan(None, DEFAULT_QUESTIONS, 40)),
        (["15s", "3"], ContestPlan(None, 3, 15)),
        (["第5题"], ContestPlan("第5题", DEFAULT_QUESTIONS, DEFAULT_SECONDS)),
    ],
)
def test_contest_arguments(args: list[str], expected: ContestPlan) -> None:
    assert parse_contest_args(args) == expected


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["0"], "contest-bad-questions"),
        (["51"], "contest-bad-questions"),
        (["5", "9"], "contest-bad-seconds"),
        (["5", "601"], "contest-bad-seconds"),
    ],
)
def test_arguments_out_of_range_name_the_range(args: list[str], code: str) -> None:
    with pytest.raises(PlanError) as caught:
        parse_contest_args(args)
    assert caught.value.code == code
    assert {"value", "min", "max"} <= set(caught.value.args_map)


def test_plan_round_trips_through_a_push_payload() -> None:
    plan = ContestPlan("grassroots", 7, 45)
    assert ContestPlan.from_payload(plan.as_payload()) == plan
    assert ContestPlan.from_payload({}) == ContestPlan()


def test_only_choice_questions_become_polls() -> None:
    assert fits_a_poll(question(QuestionType.SINGLE))
    assert fits_a_poll(question(QuestionType.MULTIPLE, correct=frozenset({0, 2})))
    assert fits_a_poll(question(QuestionType.JUDGE, options=JUDGE_OPTIONS))
    fill = question(QuestionType.FILL, options=(), correct=frozenset(), accepted=("800",))
    assert not fits_a_poll(fill)
    assert not fits_a_poll(question(QuestionType.SINGLE, options=tuple("ABCDEFGHIJKLM")))


def test_poll_question_has_a_counter_unless_it_would_not_fit() -> None:
    assert poll_question(2, 10, "题目") == "[2/10] 题目"
    long = "长" * POLL_QUESTION_CHARS
    assert poll_question(2, 10, long) == long


def test_poll_explanation_only_when_short() -> None:
    assert poll_explanation(question(QuestionType.SINGLE, explanation=" 解析 ")) == "解析"
    assert poll_explanation(question(QuestionType.SINGLE, explanation="长" * 201)) is None
    assert poll_explanation(question(QuestionType.SINGLE)) is None
    # Telegram refuses a poll whose explanation has more than two line feeds.
    assert (
        poll_explanation(question(QuestionType.SINGLE, explanation="一\n二\n三")) == "一\n二\n三"
    )
    assert poll_explanation(question(QuestionType.SINGLE, explanation="一\n二\n三\n四")) is None


def test_answer_time_stays_within_the_open_period() -> None:
    assert answer_elapsed(T0, T0 + timedelta(seconds=3.5), 20) == timedelta(seconds=3.5)
    # Delivered late after a restart: never longer than the poll was open.
    assert answer_elapsed(T0, T0 + timedelta(minutes=5), 20) == timedelta(seconds=20)
    assert answer_elapsed(T0, T0 - timedelta(seconds=1), 20) == timedelta(0)


def test_multiple_answers_need_exactly_the_correct_set() -> None:
    assert is_correct([2, 0], [0, 2])
    assert not is_correct([0], [0, 2])
    assert not is_correct([0, 1, 2], [0, 2])


def test_a_contest_is_over_one_question_after_its_planned_end() -> None:
    end = planned_end(T0, 3, 20)
    assert end == T0 + COUNTDOWN + 3 * (timedelta(seconds=20) + PAUSE)
    slack = timedelta(seconds=20) + PAUSE
    assert not is_over(T0, 3, 20, end + slack)
    assert is_over(T0, 3, 20, end + slack + timedelta(seconds=1))


def tally(
    member: int, correct: int, answered: int, seconds: float, group: int | None = None
) -> Tally:
    return Tally(
        member, f"成员{member}", group, None, answered, correct, timedelta(seconds=seconds)
    )


def test_standings_rank_by_points_then_total_time() -> None:
    placings = standings(
        [
            tally(1, correct=2, answered=3, seconds=30),
            tally(2, correct=3, answered=3, seconds=50),
            tally(3, correct=2, answered=3, seconds=20),
            tally(4, correct=2, answered=3, seconds=20),
        ],
        asked=3,
        seconds=20,
    )
    assert [(p.member_id, p.rank, p.points) for p in placings] == [
        (2, 1, 3),
        (3, 2, 2),
        (4, 2, 2),  # same points, same time: same rank
        (1, 4, 2),
    ]


def test_an_unanswered_question_counts_its_full_time() -> None:
    # Member 1 answered only the two they knew, fast; member 2 answered all three.
    quick = tally(1, correct=2, answered=2, seconds=4)
    steady = tally(2, correct=2, answered=3, seconds=15)
    first, second = standings([quick, steady], asked=3, seconds=20)
    assert (first.member_id, first.total_time) == (2, timedelta(seconds=15))
    assert (second.member_id, second.total_time) == (1, timedelta(seconds=24))


def test_group_credit_counts_the_linked_groups_members() -> None:
    placings = standings(
        [tally(1, 3, 3, 10, group=7), tally(2, 1, 3, 10, group=7), tally(3, 2, 3, 10, group=8)],
        asked=3,
        seconds=20,
    )
    credit = group_credit(placings, 7, "第一小组")
    assert (credit.members, credit.points) == (2, 4)
