from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.awards import MAX_AWARD_POINTS, AwardArgsError, AwardRequest, parse_award


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("123456 5 参加集中学习", AwardRequest(("123456",), 5, "参加集中学习")),
        ("@zhang @li 3 撰写心得体会", AwardRequest(("@zhang", "@li"), 3, "撰写心得体会")),
        ("@zhang 5分 第3次集中学习", AwardRequest(("@zhang",), 5, "第3次集中学习")),
        ("123 456 +2 志愿服务", AwardRequest(("123", "456"), 2, "志愿服务")),
        ("@zhang @zhang 2 重复", AwardRequest(("@zhang",), 2, "重复")),
        ("@zhang 10 读书 分享 会", AwardRequest(("@zhang",), 10, "读书 分享 会")),
        # As Chinese keyboards type it: full-width signs, no space after 分, a comma.
        ("123 5分参加学习", AwardRequest(("123",), 5, "参加学习")),
        ("123 5分，参加学习", AwardRequest(("123",), 5, "参加学习")),
        ("123 5 分 理由", AwardRequest(("123",), 5, "理由")),
        ("123，＠lisi ＋５ 读书会", AwardRequest(("123", "@lisi"), 5, "读书会")),
        ("123、456 2 志愿服务", AwardRequest(("123", "456"), 2, "志愿服务")),
        ("123 5 3次集中学习", AwardRequest(("123",), 5, "3次集中学习")),
    ],
)
def test_members_then_points_then_reason(text: str, expected: AwardRequest) -> None:
    assert parse_award(text.split()) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "usage"),
        ("@zhang", "usage"),
        ("5 参加学习", "usage"),  # nobody named
        ("@zhang 学习 5", "usage"),
        ("@zhang 5", "no-reason"),
        ("@zhang 0 学习", "points-range"),
        # Minus points are no award (and were given as plus ones); /unaward takes one back.
        ("5 -2 学习", "points-range"),
        ("@zhang －３ 学习", "points-range"),
        (f"@zhang {MAX_AWARD_POINTS + 1} 学习", "points-range"),
        ("@zhang 5 " + "长" * 201, "reason-too-long"),
    ],
)
def test_what_cannot_be_read_says_why(text: str, code: str) -> None:
    with pytest.raises(AwardArgsError) as raised:
        parse_award(text.split())
    assert raised.value.code == code


@given(
    st.lists(st.integers(1000, 10**10).map(str), min_size=1, max_size=5),
    st.integers(1, MAX_AWARD_POINTS),
)
def test_any_ids_and_points_are_told_apart(ids: list[str], points: int) -> None:
    parsed = parse_award([*ids, str(points), "学习"])
    assert parsed.members == tuple(dict.fromkeys(ids)) and parsed.points == points
