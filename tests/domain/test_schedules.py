"""Schedule specs: trigger parsing, fire times across timezones and DST, catch-up, series."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.schedules import (
    Audience,
    CatchUp,
    Content,
    DurationError,
    Link,
    Schedule,
    SeriesItem,
    TriggerError,
    catch_up_decision,
    fire_index_at,
    is_repeated_wall_time,
    missed_fires,
    next_fire_times,
    parse_duration,
    parse_trigger,
    series_item_for,
    short_month_day,
    trigger_fires_after,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")


def make(
    trigger: str = "daily at 09:00",
    tz: str = "Asia/Shanghai",
    *,
    active_from: date | None = None,
    active_until: date | None = None,
    within: timedelta | None = None,
    content: Content | None = None,
) -> Schedule:
    return Schedule(
        id="s",
        title="T",
        enabled=True,
        trigger=parse_trigger(trigger),
        timezone=tz,
        active_from=active_from,
        active_until=active_until,
        audience=Audience(all=True),
        catch_up=CatchUp(within),
        content=content or Content(text="hi"),
        path="schedules/s.yaml",
    )


def items(n: int) -> tuple[SeriesItem, ...]:
    return tuple(SeriesItem(title=f"item {i}", text=f"text {i}") for i in range(n))


# -- parsing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("once at 2020-06-01 09:00", {"kind": "once", "at": datetime(2020, 6, 1, 9, 0)}),
        ("Once on 2020-06-01 at 9:05", {"kind": "once", "at": datetime(2020, 6, 1, 9, 5)}),
        ("2020-06-01 09:00", {"kind": "once", "at": datetime(2020, 6, 1, 9, 0)}),
        ("2020年6月1日 09:00", {"kind": "once", "at": datetime(2020, 6, 1, 9, 0)}),
        ("daily at 08:30", {"kind": "daily", "hour": 8, "minute": 30}),
        ("Every day at 8:30", {"kind": "daily", "hour": 8, "minute": 30}),
        ("每天 08:30", {"kind": "daily", "hour": 8, "minute": 30}),
        ("每日０８：３０", {"kind": "daily", "hour": 8, "minute": 30}),  # full-width
        ("weekly on monday at 09:00", {"kind": "weekly", "weekdays": (0,)}),
        ("WEEKLY ON Mon,Thu AT 09:00", {"kind": "weekly", "weekdays": (0, 3)}),
        ("weekly on tuesday and friday at 09:00", {"kind": "weekly", "weekdays": (1, 4)}),
        ("every friday at 19:00", {"kind": "weekly", "weekdays": (4,), "hour": 19}),
        ("每周一 09:00", {"kind": "weekly", "weekdays": (0,)}),
        ("每周一、四 09:00", {"kind": "weekly", "weekdays": (0, 3)}),
        ("每周一和周四 09:00", {"kind": "weekly", "weekdays": (0, 3)}),
        ("每星期五 19:00", {"kind": "weekly", "weekdays": (4,), "hour": 19}),
        ("每周日 09:00", {"kind": "weekly", "weekdays": (6,)}),
        ("monthly at 09:00", {"kind": "monthly", "day": 1}),
        ("monthly on day 15 at 09:00", {"kind": "monthly", "day": 15}),
        ("monthly on the 15th at 09:00", {"kind": "monthly", "day": 15}),
        ("每月 09:00", {"kind": "monthly", "day": 1}),
        ("每月1日 09:00", {"kind": "monthly", "day": 1}),
        ("每月15号 09:00", {"kind": "monthly", "day": 15}),
        ("monthly on the last day at 18:00", {"kind": "monthly_last", "hour": 18}),
        ("每月最后一天 18:00", {"kind": "monthly_last", "hour": 18}),
        ("0 9 1 * *", {"kind": "cron", "cron_fields": ("0", "9", "1", "*", "*")}),
        ("0 9 * * 0", {"kind": "cron", "cron_fields": ("0", "9", "*", "*", "sun")}),
        ("0 9 * * 7", {"kind": "cron", "cron_fields": ("0", "9", "*", "*", "sun")}),
        ("30 8 * * 1-5", {"cron_fields": ("30", "8", "*", "*", "mon,tue,wed,thu,fri")}),
        ("0 9 * * 5-0", {"kind": "cron", "cron_fields": ("0", "9", "*", "*", "fri,sat,sun")}),
        ("0 9 * * sat,sun", {"kind": "cron", "cron_fields": ("0", "9", "*", "*", "sat,sun")}),
        ("0 9 * * */2", {"kind": "cron", "cron_fields": ("0", "9", "*", "*", "tue,thu,sat,sun")}),
    ],
)
def test_parse_trigger_forms(text: str, expected: dict[str, Any]) -> None:
    spec = parse_trigger(text)
    assert spec.text == text
    for name, value in expected.items():
        assert getattr(spec, name) == value, name


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "schedule-bad-trigger"),
        ("sometimes", "schedule-bad-trigger"),
        ("weekly on mon at 0900", "schedule-bad-trigger"),
        ("daily at 25:00", "schedule-bad-time"),
        ("daily at 09:60", "schedule-bad-time"),
        ("monthly on day 32 at 09:00", "schedule-bad-day"),
        ("monthly on day 0 at 09:00", "schedule-bad-day"),
        ("weekly on funday at 09:00", "schedule-bad-weekday"),
        ("2020-02-30 09:00", "schedule-bad-date"),
        ("once at 2021-13-01 09:00", "schedule-bad-date"),
        ("0 9 * *", "schedule-bad-cron-fields"),
        ("0 0 9 * * *", "schedule-bad-cron-fields"),
        ("61 9 * * *", "schedule-bad-cron"),
        ("0 9 * 13 *", "schedule-bad-cron"),
        ("0 9 * * 8", "schedule-bad-cron"),
        ("0 9 1 * 1", "schedule-cron-day-and-weekday"),
    ],
)
def test_parse_trigger_errors(text: str, code: str) -> None:
    with pytest.raises(TriggerError) as info:
        parse_trigger(text)
    assert info.value.code == code
    assert "text" in info.value.args_map


def test_to_apscheduler_types() -> None:
    assert isinstance(
        parse_trigger("once at 2026-06-01 09:00").to_apscheduler(SHANGHAI), DateTrigger
    )
    for text in ("daily at 09:00", "weekly on mon at 09:00", "monthly at 09:00", "0 9 * * *"):
        trigger = parse_trigger(text).to_apscheduler(SHANGHAI)
        assert isinstance(trigger, CronTrigger)
        assert trigger.timezone == SHANGHAI


def test_unix_sunday_is_sunday_unlike_raw_from_crontab() -> None:
    after = datetime(2026, 1, 1, tzinfo=SHANGHAI)  # a Thursday
    (fire,) = next_fire_times(make("0 9 * * 0"), after, 1)
    assert fire == datetime(2026, 1, 4, 9, 0, tzinfo=SHANGHAI)
    assert fire.weekday() == 6
    # Why we translate the field: APScheduler 3 reads crontab weekday 0 as Monday.
    raw = CronTrigger.from_crontab("0 9 * * 0", timezone=SHANGHAI)
    assert raw.get_next_fire_time(None, after).weekday() == 0


def test_cron_weekday_range_is_unix_numbering() -> None:
    fires = next_fire_times(make("30 8 * * 1-5"), datetime(2026, 1, 3, tzinfo=SHANGHAI), 5)
    assert [f.weekday() for f in fires] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90s", timedelta(seconds=90)),
        ("30m", timedelta(minutes=30)),
        ("2h", timedelta(hours=2)),
        ("1d", timedelta(days=1)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("2 hours", timedelta(hours=2)),
        ("2小时", timedelta(hours=2)),
        ("30分钟", timedelta(minutes=30)),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "2", "h", "2x", "two hours", "2h-"])
def test_parse_duration_errors(text: str) -> None:
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    assert info.value.code == "schedule-bad-duration"


# -- fire times -----------------------------------------------------------------------------


def test_daily_in_three_timezones_across_us_dst_start() -> None:
    after = datetime(2026, 3, 7, 0, 0, tzinfo=UTC)
    utc_hours = {
        tz: [f.astimezone(UTC).hour for f in next_fire_times(make("daily at 09:00", tz), after, 3)]
        for tz in ("Asia/Shanghai", "UTC", "America/New_York")
    }
    assert utc_hours["Asia/Shanghai"] == [1, 1, 1]
    assert utc_hours["UTC"] == [9, 9, 9]
    # 7 March is EST (UTC-5); clocks go forward on 8 March, EDT (UTC-4).
    assert utc_hours["America/New_York"] == [14, 13, 13]
    fires = next_fire_times(make("daily at 09:00", "America/New_York"), after, 3)
    assert all(f.hour == 9 and f.tzinfo == NEW_YORK for f in fires)


def test_wall_time_in_spring_gap_fires_after_the_gap() -> None:
    schedule = make("daily at 02:30", "America/New_York")
    fires = next_fire_times(schedule, datetime(2026, 3, 7, 12, 0, tzinfo=NEW_YORK), 3)
    assert [f.astimezone(UTC) for f in fires] == [
        datetime(2026, 3, 8, 7, 30, tzinfo=UTC),  # 02:30 does not exist: 03:30 EDT
        datetime(2026, 3, 9, 6, 30, tzinfo=UTC),
        datetime(2026, 3, 10, 6, 30, tzinfo=UTC),
    ]
    assert (fires[0].hour, fires[0].minute) == (3, 30)  # shown canonically, not as 02:30


def test_wall_time_repeated_in_autumn_fires_once() -> None:
    schedule = make("daily at 01:30", "America/New_York")
    fires = next_fire_times(schedule, datetime(2026, 10, 31, 12, 0, tzinfo=NEW_YORK), 3)
    assert [f.astimezone(UTC) for f in fires] == [
        datetime(2026, 11, 1, 5, 30, tzinfo=UTC),  # 01:30 EDT; the 01:30 EST copy is dropped
        datetime(2026, 11, 2, 6, 30, tzinfo=UTC),
        datetime(2026, 11, 3, 6, 30, tzinfo=UTC),
    ]
    second_copy = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    assert is_repeated_wall_time(schedule, second_copy)
    assert catch_up_decision(schedule, second_copy, second_copy) == "skip"


def test_interval_cron_fires_in_both_copies_of_the_repeated_hour() -> None:
    schedule = make("*/30 * * * *", "America/New_York")
    fires = next_fire_times(schedule, datetime(2026, 11, 1, 4, 45, tzinfo=UTC), 4)
    assert [f.astimezone(UTC).strftime("%H:%M") for f in fires] == [
        "05:00",
        "05:30",
        "06:00",
        "06:30",
    ]


def test_once_fires_once() -> None:
    schedule = make("once at 2026-06-01 09:00")
    before = datetime(2026, 1, 1, tzinfo=UTC)
    assert next_fire_times(schedule, before, 3) == [datetime(2026, 6, 1, 9, 0, tzinfo=SHANGHAI)]
    assert next_fire_times(schedule, datetime(2026, 6, 1, 1, 0, tzinfo=UTC), 3) == []


def test_weekly_two_days() -> None:
    fires = next_fire_times(
        make("weekly on mon,thu at 09:00"), datetime(2026, 1, 1, 10, 0, tzinfo=SHANGHAI), 4
    )
    assert [(f.month, f.day) for f in fires] == [(1, 5), (1, 8), (1, 12), (1, 15)]


def test_monthly_day_31_skips_short_months() -> None:
    fires = next_fire_times(
        make("monthly on day 31 at 09:00"), datetime(2026, 1, 1, tzinfo=SHANGHAI), 4
    )
    assert [f.month for f in fires] == [1, 3, 5, 7]


def test_monthly_last_day_includes_leap_day() -> None:
    schedule = make("monthly on the last day at 18:00")
    (feb_2026,) = next_fire_times(schedule, datetime(2026, 2, 1, tzinfo=SHANGHAI), 1)
    (feb_2028,) = next_fire_times(schedule, datetime(2028, 2, 1, tzinfo=SHANGHAI), 1)
    assert (feb_2026.day, feb_2028.day) == (28, 29)


def test_active_range_is_inclusive_in_schedule_timezone() -> None:
    schedule = make(
        "daily at 09:00", active_from=date(2026, 3, 10), active_until=date(2026, 3, 12)
    )
    fires = next_fire_times(schedule, datetime(2026, 1, 1, tzinfo=UTC), 10)
    assert [f.date() for f in fires] == [date(2026, 3, 10), date(2026, 3, 11), date(2026, 3, 12)]
    # An "after" late on the last day: Shanghai 23:59 on 11 March is before 12 March's fire.
    late = datetime(2026, 3, 11, 23, 59, tzinfo=SHANGHAI)
    assert [f.day for f in next_fire_times(schedule, late, 5)] == [12]


def test_active_range_honoured_for_once() -> None:
    schedule = make("once at 2026-06-01 09:00", active_until=date(2026, 5, 31))
    assert next_fire_times(schedule, datetime(2026, 1, 1, tzinfo=UTC), 1) == []


def test_next_fire_times_edge_arguments() -> None:
    schedule = make()
    assert next_fire_times(schedule, datetime(2026, 1, 1, tzinfo=UTC), 0) == []
    with pytest.raises(ValueError):
        next_fire_times(schedule, datetime(2026, 1, 1), 1)


def test_next_fire_is_strictly_after() -> None:
    schedule = make("daily at 09:00")
    at_fire = datetime(2026, 1, 1, 9, 0, tzinfo=SHANGHAI)
    assert next_fire_times(schedule, at_fire, 1) == [at_fire + timedelta(days=1)]


# -- missed fires and catch-up --------------------------------------------------------------


def test_missed_fires_between_last_run_and_now() -> None:
    schedule = make("daily at 09:00")
    last_run = datetime(2026, 1, 1, 9, 0, tzinfo=SHANGHAI)  # that fire already happened
    now = datetime(2026, 1, 4, 9, 0, tzinfo=SHANGHAI)  # this one is due right now
    assert [f.day for f in missed_fires(schedule, last_run, now)] == [2, 3, 4]
    assert missed_fires(schedule, now, now) == []


def test_missed_fires_many_batches() -> None:
    schedule = make("0 * * * *")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    missed = missed_fires(schedule, start, start + timedelta(days=10))
    assert len(missed) == 240


@pytest.mark.parametrize(
    ("within", "late", "decision"),
    [
        (None, timedelta(seconds=0), "send"),
        (None, timedelta(seconds=30), "send"),  # scheduler latency is not a miss
        (None, timedelta(minutes=5), "skip"),
        (timedelta(hours=2), timedelta(hours=1), "send"),
        (timedelta(hours=2), timedelta(hours=2), "skip"),  # "less late than" the window
        (timedelta(hours=2), timedelta(hours=3), "skip"),
        (timedelta(seconds=10), timedelta(seconds=30), "send"),
    ],
)
def test_catch_up_decision(within: timedelta | None, late: timedelta, decision: str) -> None:
    schedule = make("daily at 09:00", within=within)
    fire = datetime(2026, 1, 2, 9, 0, tzinfo=SHANGHAI)
    assert catch_up_decision(schedule, fire, fire + late) == decision


def test_catch_up_outside_active_range_is_skipped() -> None:
    schedule = make("daily at 09:00", within=timedelta(days=1), active_until=date(2026, 1, 1))
    fire = datetime(2026, 1, 2, 9, 0, tzinfo=SHANGHAI)
    assert catch_up_decision(schedule, fire, fire) == "skip"


# -- series ---------------------------------------------------------------------------------


def test_series_stop_and_repeat() -> None:
    stop = make(content=Content(series_items=items(3), series_on_end="stop"))
    assert [series_item_for(stop, i) for i in range(3)] == list(items(3))
    assert series_item_for(stop, 3) is None
    assert stop.content_for(3) is None
    repeat = make(content=Content(series_items=items(3), series_on_end="repeat"))
    titles = [getattr(series_item_for(repeat, i), "title", None) for i in range(7)]
    assert titles == ["item 0", "item 1", "item 2", "item 0", "item 1", "item 2", "item 0"]
    assert series_item_for(make(), 0) is None
    with pytest.raises(ValueError):
        series_item_for(stop, -1)


def test_content_for_frames_series_item() -> None:
    link = Link("学习强国", "https://www.xuexi.cn")
    item = SeriesItem("2月", "<b>党章</b>", files=("materials/a.pdf",), quiz_bank="grassroots")
    content = Content(
        text="本月材料:",
        links=(link,),
        series_items=(item,),
        acknowledge_points=1,
        quiz_bank="theory-study",
        quiz_questions=5,
    )
    push = make(content=content).content_for(0)
    assert push is not None
    assert push.title == "2月"
    assert push.text == "本月材料:\n\n<b>党章</b>"
    assert push.files == ("materials/a.pdf",)
    assert push.links == (link,)
    assert (push.acknowledge_points, push.quiz_bank, push.quiz_questions) == (1, "grassroots", 5)
    assert (push.series_position, push.series_length) == (1, 1)


def test_content_for_without_series() -> None:
    push = make(content=Content(text="hello", acknowledge_points=2)).content_for(5)
    assert push is not None
    assert (push.title, push.text, push.acknowledge_points) == ("T", "hello", 2)
    assert push.series_position is None


def test_fire_index_at_counts_from_active_start() -> None:
    schedule = make("monthly on day 1 at 09:00", active_from=date(2026, 1, 1))
    march = datetime(2026, 3, 1, 9, 0, tzinfo=SHANGHAI)
    assert fire_index_at(schedule, march) == 2
    assert fire_index_at(schedule, datetime(2026, 1, 1, 9, 0, tzinfo=SHANGHAI)) == 0
    assert fire_index_at(make("monthly at 09:00"), march) is None


def test_schedule_rejects_unknown_timezone() -> None:
    with pytest.raises(Exception):  # noqa: B017 - ZoneInfoNotFoundError or ValueError
        make(tz="Mars/Olympus")


def test_schedule_replace_keeps_zone() -> None:
    schedule = make(tz="America/New_York")
    moved = dataclasses.replace(schedule, timezone="UTC")
    assert moved.zone == ZoneInfo("UTC")


# -- properties -----------------------------------------------------------------------------

_TRIGGERS = st.one_of(
    st.builds(lambda h, m: f"daily at {h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59)),
    st.builds(
        lambda days, h: f"weekly on {','.join(days)} at {h:02d}:15",
        st.lists(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]), min_size=1),
        st.integers(0, 23),
    ),
    st.builds(
        lambda d, h: f"monthly on day {d} at {h:02d}:00", st.integers(1, 31), st.integers(0, 23)
    ),
    st.just("monthly on the last day at 01:30"),
    st.sampled_from(["*/20 * * * *", "0 */6 * * *", "30 2 * * 0", "0 9 * * 1-5", "15 1 1 */2 *"]),
)
_ZONES = st.sampled_from(["Asia/Shanghai", "UTC", "America/New_York", "Europe/London"])
_MOMENTS = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2028, 12, 31))


@settings(max_examples=60, deadline=None)
@given(
    trigger=_TRIGGERS,
    tz=_ZONES,
    after=_MOMENTS,
    start_offset=st.none() | st.integers(-40, 40),
    length=st.none() | st.integers(0, 90),
    count=st.integers(1, 12),
)
def test_next_fire_times_increasing_and_in_range(
    trigger: str,
    tz: str,
    after: datetime,
    start_offset: int | None,
    length: int | None,
    count: int,
) -> None:
    active_from = None if start_offset is None else after.date() + timedelta(days=start_offset)
    active_until = None
    if length is not None:
        active_until = (active_from or after.date()) + timedelta(days=length)
    schedule = make(trigger, tz, active_from=active_from, active_until=active_until)
    after_aware = after.replace(tzinfo=UTC)
    fires = next_fire_times(schedule, after_aware, count)
    assert len(fires) <= count
    assert all(f > after_aware for f in fires)
    assert all(a < b for a, b in pairwise(fires))
    zone = ZoneInfo(tz)
    for fire in fires:
        day = fire.astimezone(zone).date()
        assert active_from is None or day >= active_from
        assert active_until is None or day <= active_until
    if active_until is None:
        assert len(fires) == count  # an open-ended recurring trigger never runs dry
    # Fires missed up to the last one are exactly the fires listed.
    if fires:
        assert missed_fires(schedule, after_aware, fires[-1]) == fires


def test_a_one_off_trigger_already_past_never_fires_again() -> None:
    now = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
    assert not trigger_fires_after(parse_trigger("2026-03-02 09:00"), SHANGHAI, now)
    assert trigger_fires_after(parse_trigger("2026-03-02 09:01"), SHANGHAI, now)
    assert trigger_fires_after(parse_trigger("每天 08:00"), SHANGHAI, now)
    assert not trigger_fires_after(parse_trigger("0 9 31 2 *"), SHANGHAI, now)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("每月31日 09:00", 31),
        ("monthly on day 29 at 09:00", 29),
        ("0 9 15,30 * *", 30),
        ("每月15日 09:00", None),
        ("每月最后一天 18:00", None),
        ("每天 09:00", None),
    ],
)
def test_short_month_day_names_a_day_shorter_months_lack(text: str, day: int | None) -> None:
    assert short_month_day(parse_trigger(text)) == day
