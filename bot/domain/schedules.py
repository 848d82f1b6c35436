"""Schedule specs: what a push says, to whom, and when it fires.

Pure logic. Nothing here reads the clock, the database or Telegram: every function that needs
"now" takes it as an argument, so the scheduler service, `studybot check` and the tests all
get the same answers. Trigger parsing accepts the readable English and Chinese forms described
in schedules/README.md and 5-field Unix cron, and turns them into APScheduler 3 triggers.

Times: every datetime passed in or returned is timezone-aware. Fire times are returned in the
schedule's own timezone, normalised through UTC so that a wall time that does not exist (the
spring-forward gap) or exists twice (the autumn fall-back) has one canonical representation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from bot.domain.contests import ContestPlan

__all__ = [
    "ON_TIME_GRACE",
    "Audience",
    "CatchUp",
    "Content",
    "DurationError",
    "Link",
    "PushContent",
    "Schedule",
    "ScheduleSpecError",
    "SeriesItem",
    "SeriesOnEnd",
    "TriggerError",
    "TriggerKind",
    "TriggerSpec",
    "catch_up_decision",
    "fire_index_at",
    "fires_alike",
    "is_in_active_range",
    "is_repeated_wall_time",
    "missed_fires",
    "next_fire_times",
    "parse_duration",
    "parse_trigger",
    "series_item_for",
    "short_month_day",
    "trigger_fires_after",
]

TriggerKind = Literal["once", "daily", "weekly", "monthly", "monthly_last", "cron"]
SeriesOnEnd = Literal["stop", "repeat"]

# APScheduler wakes the bot a little after the fire time (event loop latency, a slow job
# before it). A fire this late still counts as on time, so `catch_up: skip` only skips fires
# that were really missed while the bot was down.
ON_TIME_GRACE = timedelta(minutes=1)

# Python, APScheduler and this module number weekdays Monday = 0 ... Sunday = 6.
WEEKDAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_ONE_MICROSECOND = timedelta(microseconds=1)


# --------------------------------------------------------------------------------------------
# Errors


class ScheduleSpecError(ValueError):
    """A value in a schedule that cannot be understood; `code` names a Fluent message."""

    def __init__(self, code: str, args: Mapping[str, str | int] | None = None) -> None:
        self.code = code
        self.args_map: dict[str, str | int] = dict(args or {})
        super().__init__(f"{code}: {self.args_map}")


class TriggerError(ScheduleSpecError):
    """The trigger text is not one of the accepted forms (code `schedule-bad-*`)."""


class DurationError(ScheduleSpecError):
    """A duration such as a catch-up window is not like "2h", "30m", "1d" or "90s"."""


# --------------------------------------------------------------------------------------------
# Triggers


@dataclass(frozen=True, slots=True)
class TriggerSpec:
    """A parsed trigger. Wall-clock fields are in the schedule's timezone.

    `weekdays` uses Monday = 0. For `cron`, the five fields are kept in APScheduler's own
    syntax (weekday names instead of Unix numbers, see `_cron_weekdays`).
    """

    kind: TriggerKind
    text: str
    hour: int = 0
    minute: int = 0
    weekdays: tuple[int, ...] = ()
    day: int | None = None
    at: datetime | None = None  # naive local date and time, kind "once" only
    cron_fields: tuple[str, str, str, str, str] | None = None  # minute hour day month dow

    @property
    def fixed_wall_time(self) -> bool:
        """True when the trigger names a clock time rather than "every N minutes/hours".

        Such a trigger fires once per matching day even when the autumn clock change repeats
        the hour (like Vixie cron); interval-style cron fields fire in both copies of the hour.
        """
        if self.kind != "cron":
            return True
        assert self.cron_fields is not None
        minute, hour = self.cron_fields[0], self.cron_fields[1]
        return not any(mark in part for part in (minute, hour) for mark in ("*", "/"))

    def to_apscheduler(
        self, tz: ZoneInfo, *, start: datetime | None = None, end: datetime | None = None
    ) -> BaseTrigger:
        """The APScheduler 3 trigger; `start`/`end` (inclusive) bound a cron trigger."""
        if self.kind == "once":
            assert self.at is not None
            return DateTrigger(run_date=_localize(self.at, tz), timezone=tz)
        common: dict[str, object] = {"timezone": tz, "start_date": start, "end_date": end}
        if self.kind == "cron":
            assert self.cron_fields is not None
            minute, hour, day, month, dow = self.cron_fields
            return CronTrigger(
                minute=minute, hour=hour, day=day, month=month, day_of_week=dow, **common
            )
        wall = {"hour": self.hour, "minute": self.minute, "second": 0}
        if self.kind == "daily":
            return CronTrigger(**wall, **common)
        if self.kind == "weekly":
            names = ",".join(WEEKDAY_NAMES[d] for d in self.weekdays)
            return CronTrigger(day_of_week=names, **wall, **common)
        if self.kind == "monthly":
            return CronTrigger(day=self.day, **wall, **common)
        return CronTrigger(day="last", **wall, **common)


_TIME = r"(?P<hh>\d{1,2}):(?P<mm>\d{2})"
_DATE = r"(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})"
_DATE_ZH = r"(?P<y>\d{4})年(?P<mo>\d{1,2})月(?P<d>\d{1,2})[日号]"

_EN_WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0,
    "tuesday": 1, "tue": 1, "tues": 1,
    "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3,
    "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
_ZH_WEEKDAYS: dict[str, int] = {
    "一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
}  # fmt: skip

# Characters only: digits here would swallow the hour ("每周五 19:00" -> Friday and Monday).
_ZH_DAY = r"[一二三四五六日天]"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("once", rf"once (?:at|on) {_DATE}(?: at)? {_TIME}"),
        ("once", rf"(?:一次\s*)?{_DATE}(?:\s+|t){_TIME}"),
        ("once", rf"(?:一次\s*)?{_DATE_ZH}\s*{_TIME}"),
        ("daily", rf"(?:daily|every day) at {_TIME}"),
        ("daily", rf"每[天日]\s*{_TIME}"),
        ("weekly", rf"(?:weekly on|every) (?P<days>[a-z ,&]+?) at {_TIME}"),
        (
            "weekly",
            rf"每(?:周|星期|礼拜)(?P<days>{_ZH_DAY}(?:\s*[、,和及]?\s*(?:周|星期)?{_ZH_DAY})*)"
            rf"\s*{_TIME}",
        ),
        ("monthly", rf"monthly at {_TIME}"),
        ("monthly", rf"每月\s*{_TIME}"),
        (
            "monthly",
            rf"monthly on (?:day (?P<day>\d+)|the (?P<day2>\d+)(?:st|nd|rd|th)) at {_TIME}",
        ),
        ("monthly", rf"每月\s*(?P<day>\d+)\s*[日号]\s*{_TIME}"),
        ("monthly_last", rf"monthly on the last day at {_TIME}"),
        ("monthly_last", rf"每月\s*(?:最后一天|最后1天|末日?)\s*{_TIME}"),
    )
)
_CRON_TOKEN = re.compile(r"[0-9a-z*/,\-?#]+")
_CRON_NUMERIC = re.compile(r"[0-9*/,\-]+")


def _normalise(text: str) -> str:
    # NFKC folds full-width digits, letters and colons (０９：００) typed on Chinese keyboards.
    folded = unicodedata.normalize("NFKC", text).strip().lower()
    return re.sub(r"\s+", " ", folded)


def parse_trigger(text: str) -> TriggerSpec:
    """Parse a readable trigger or a 5-field cron expression; raise `TriggerError`."""
    if not isinstance(text, str) or not text.strip():
        raise TriggerError("schedule-bad-trigger", {"text": str(text)})
    norm = _normalise(text)
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(norm)
        if match is not None:
            return _from_match(kind, match, text)
    tokens = norm.split(" ")
    # Cron only when it starts like one (numeric minute and hour fields), so that a mistyped
    # readable trigger gets the "accepted forms" message rather than a cron syntax error.
    if (
        len(tokens) >= 4
        and all(_CRON_NUMERIC.fullmatch(tok) for tok in tokens[:2])
        and all(_CRON_TOKEN.fullmatch(tok) for tok in tokens)
    ):
        return _parse_cron(tokens, text)
    raise TriggerError("schedule-bad-trigger", {"text": text})


def _parse_time(match: re.Match[str], text: str) -> tuple[int, int]:
    hour, minute = int(match["hh"]), int(match["mm"])
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise TriggerError("schedule-bad-time", {"text": text, "time": f"{hour}:{minute:02d}"})
    return hour, minute


def _from_match(kind: str, match: re.Match[str], text: str) -> TriggerSpec:
    hour, minute = _parse_time(match, text)
    if kind == "once":
        try:
            day = date(int(match["y"]), int(match["mo"]), int(match["d"]))
        except ValueError as exc:
            raise TriggerError("schedule-bad-date", {"text": text}) from exc
        at = datetime.combine(day, time(hour, minute))
        return TriggerSpec("once", text, hour, minute, at=at)
    if kind == "daily":
        return TriggerSpec("daily", text, hour, minute)
    if kind == "weekly":
        return TriggerSpec("weekly", text, hour, minute, weekdays=_parse_weekdays(match, text))
    if kind == "monthly":
        groups = match.groupdict()
        raw = groups.get("day") or groups.get("day2") or "1"
        day_of_month = int(raw)
        if not 1 <= day_of_month <= 31:
            raise TriggerError("schedule-bad-day", {"text": text, "day": day_of_month})
        return TriggerSpec("monthly", text, hour, minute, day=day_of_month)
    return TriggerSpec("monthly_last", text, hour, minute)


def _parse_weekdays(match: re.Match[str], text: str) -> tuple[int, ...]:
    raw = match["days"]
    found: set[int] = set()
    if re.search(r"[a-z]", raw):
        for word in re.split(r"[\s,&]+|\band\b", raw):
            word = word.strip()
            if not word:
                continue
            # "mondays" reads naturally in "every mondays"-style text; accept the plural.
            key = word if word in _EN_WEEKDAYS else word.removesuffix("s")
            if key not in _EN_WEEKDAYS:
                raise TriggerError("schedule-bad-weekday", {"text": text, "value": word})
            found.add(_EN_WEEKDAYS[key])
    else:
        found = {_ZH_WEEKDAYS[char] for char in raw if char in _ZH_WEEKDAYS}
    if not found:
        raise TriggerError("schedule-bad-weekday", {"text": text, "value": raw})
    return tuple(sorted(found))


_UNIX_DOW_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def _cron_weekdays(field_text: str, text: str) -> str:
    """Translate a Unix day-of-week field (Sunday = 0 or 7) into APScheduler weekday names.

    APScheduler 3 numbers weekdays from Monday = 0, and its `CronTrigger.from_crontab` passes
    the field through unchanged (a documented 3.x wart), so "0 9 * * 0" would fire on
    Mondays. Expanding every item to explicit names sidesteps both the numbering and
    wrap-around ranges such as "fri-sun".
    """
    if field_text == "*":
        return "*"
    days: set[int] = set()
    for item in field_text.split(","):
        body, _, step_text = item.partition("/")
        try:
            step = int(step_text) if step_text else 1
            if step < 1:
                raise ValueError
            if body == "*":
                first, last = 0, 6
            elif "-" in body:
                lo, hi = body.split("-", 1)
                first, last = _unix_dow(lo), _unix_dow(hi)
                if last < first and last == 0:
                    last = 7  # "5-0" and "fri-sun" mean Friday through Sunday
            else:
                first = last = _unix_dow(body)
                if step_text:
                    last = 6  # "1/2": from Monday, every second day, like Vixie cron
        except ValueError as exc:
            raise TriggerError("schedule-bad-cron", {"text": text, "detail": item}) from exc
        if last < first:
            raise TriggerError("schedule-bad-cron", {"text": text, "detail": item})
        days.update(value % 7 for value in range(first, last + 1, step))
    # Unix 0 = Sunday -> APScheduler "sun"; keep Monday-first order for a stable string.
    ordered = sorted(days, key=lambda unix: (unix + 6) % 7)
    return ",".join(_UNIX_DOW_NAMES[unix] for unix in ordered)


def _unix_dow(token: str) -> int:
    if token in _UNIX_DOW_NAMES:
        return _UNIX_DOW_NAMES.index(token)
    value = int(token)
    if not 0 <= value <= 7:
        raise ValueError(token)
    return value


def _parse_cron(tokens: list[str], text: str) -> TriggerSpec:
    if len(tokens) != 5:
        raise TriggerError("schedule-bad-cron-fields", {"text": text, "count": len(tokens)})
    minute, hour, day, month, dow = tokens
    if day not in ("*", "?") and dow not in ("*", "?"):
        # Unix cron fires when EITHER the day of month OR the weekday matches; APScheduler
        # requires both. Rather than silently changing the meaning, ask for two schedules.
        raise TriggerError("schedule-cron-day-and-weekday", {"text": text})
    day = "*" if day == "?" else day
    dow = "*" if dow == "?" else dow
    fields = (minute, hour, day, month, _cron_weekdays(dow, text))
    try:
        CronTrigger(
            minute=fields[0],
            hour=fields[1],
            day=fields[2],
            month=fields[3],
            day_of_week=fields[4],
            timezone=UTC,
        )
    except ValueError as exc:
        raise TriggerError("schedule-bad-cron", {"text": text, "detail": str(exc)}) from exc
    return TriggerSpec("cron", text, cron_fields=fields)


# --------------------------------------------------------------------------------------------
# Durations

_DURATION_UNITS: dict[str, timedelta] = {
    **dict.fromkeys(("d", "day", "days", "天"), timedelta(days=1)),
    **dict.fromkeys(("h", "hr", "hour", "hours", "小时", "时"), timedelta(hours=1)),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes", "分钟", "分"), timedelta(minutes=1)),
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds", "秒"), timedelta(seconds=1)),
}
_DURATION_PART = re.compile(r"(\d+)\s*([a-z]+|小时|时|分钟|分|天|秒)")


def parse_duration(text: str) -> timedelta:
    """Parse "2h", "30m", "1d", "90s", "1h30m" (or 2小时, 30分钟); raise `DurationError`."""
    norm = _normalise(str(text)).replace(" ", "")
    pos, total = 0, timedelta(0)
    for match in _DURATION_PART.finditer(norm):
        unit = _DURATION_UNITS.get(match[2])
        if match.start() != pos or unit is None:
            break
        total += int(match[1]) * unit
        pos = match.end()
    if not norm or pos != len(norm):
        raise DurationError("schedule-bad-duration", {"value": str(text)})
    return total


# --------------------------------------------------------------------------------------------
# The schedule


@dataclass(frozen=True, slots=True)
class Audience:
    """Who receives a push: everyone, and/or some study groups, and/or some chats.
    `daily_quiz_not_done`: of those members, only the ones who have not finished today's
    daily quiz (a reminder); chats are sent to all the same. `political_birthday`: of those
    members, only the ones whose political birthday (政治生日) is today."""

    all: bool
    groups: tuple[str, ...] = ()
    chats: tuple[int, ...] = ()
    daily_quiz_not_done: bool = False
    political_birthday: bool = False


# Placeholders a push's text may hold, filled in for each member it goes to: their name, and
# their whole years in the Party (for political birthday greetings).
NAME_PLACEHOLDERS = ("{姓名}", "{name}")
YEARS_PLACEHOLDERS = ("{党龄}", "{years}")


def uses_party_years(text: str) -> bool:
    return any(placeholder in text for placeholder in YEARS_PLACEHOLDERS)


def fill_placeholders(text: str, name: str, party_years: int | None) -> str:
    """`name` as it goes into the text (escaped by the caller for HTML). Without years
    the years' placeholder stays as written: the loader allows it only where every member
    reached has them."""
    for placeholder in NAME_PLACEHOLDERS:
        text = text.replace(placeholder, name)
    if party_years is not None:
        for placeholder in YEARS_PLACEHOLDERS:
            text = text.replace(placeholder, str(party_years))
    return text


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class SeriesItem:
    """One firing's material. `quiz_bank`, when set, replaces the schedule's quiz bank."""

    title: str
    text: str
    files: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    quiz_bank: str | None = None
    quiz_questions: int | None = None


@dataclass(frozen=True, slots=True)
class Content:
    """What a push carries. `files` are paths relative to the schedules folder or file_ids."""

    text: str = ""
    files: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    series_items: tuple[SeriesItem, ...] = ()
    series_on_end: SeriesOnEnd = "stop"
    acknowledge_points: int | None = None
    quiz_bank: str | None = None
    quiz_questions: int | None = None
    photos: tuple[str, ...] = ()
    contest: ContestPlan | None = None  # a quiz contest to start in the audience's chats


@dataclass(frozen=True, slots=True)
class CatchUp:
    """How late a missed fire may still be sent; None means missed fires are skipped."""

    within: timedelta | None = None


@dataclass(frozen=True, slots=True)
class PushContent:
    """The content of one firing, series item resolved; what the push service renders."""

    title: str
    text: str
    files: tuple[str, ...]
    links: tuple[Link, ...]
    acknowledge_points: int | None
    quiz_bank: str | None
    quiz_questions: int | None
    series_position: int | None = None  # 1-based, for "3/12" style labels
    series_length: int | None = None
    # Telegram photo file_ids (a photo forwarded to /newpush); sent with sendPhoto.
    photos: tuple[str, ...] = ()
    contest: ContestPlan | None = None


@dataclass(frozen=True, slots=True)
class Schedule:
    id: str
    title: str
    enabled: bool
    trigger: TriggerSpec
    timezone: str
    active_from: date | None
    active_until: date | None
    audience: Audience
    catch_up: CatchUp
    content: Content
    path: str = ""
    line: int | None = None  # of the trigger in the file, for problems found later
    _zone: ZoneInfo = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Resolve once: ZoneInfo lookups are cached by zoneinfo, but an unknown name should
        # fail when the schedule is built, not at the first fire.
        object.__setattr__(self, "_zone", ZoneInfo(self.timezone))

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    @property
    def active_start(self) -> datetime | None:
        """First instant of `active_from` in the schedule's timezone."""
        if self.active_from is None:
            return None
        return _localize(datetime.combine(self.active_from, time()), self.zone)

    @property
    def active_end(self) -> datetime | None:
        """Last instant of `active_until` (the range is inclusive)."""
        if self.active_until is None:
            return None
        next_day = datetime.combine(self.active_until + timedelta(days=1), time())
        return _localize(next_day, self.zone) - _ONE_MICROSECOND

    def to_apscheduler(self) -> BaseTrigger:
        """The APScheduler trigger with timezone and active range applied."""
        return self.trigger.to_apscheduler(self.zone, start=self.active_start, end=self.active_end)

    def content_for(self, fire_index: int) -> PushContent | None:
        """The content of the `fire_index`-th firing (0-based); None when nothing is left."""
        content = self.content
        if not content.series_items:
            return PushContent(
                title=self.title,
                text=content.text,
                files=content.files,
                links=content.links,
                acknowledge_points=content.acknowledge_points,
                quiz_bank=content.quiz_bank,
                quiz_questions=content.quiz_questions,
                photos=content.photos,
                contest=content.contest,
            )
        item = series_item_for(self, fire_index)
        if item is None:
            return None
        # The schedule's own text, files and links are a frame around every item: an
        # introduction before the item's text and shared attachments after its own.
        text = "\n\n".join(part for part in (content.text.strip(), item.text.strip()) if part)
        return PushContent(
            title=item.title,
            text=text,
            files=item.files + content.files,
            links=item.links + content.links,
            acknowledge_points=content.acknowledge_points,
            quiz_bank=item.quiz_bank or content.quiz_bank,
            quiz_questions=item.quiz_questions or content.quiz_questions,
            series_position=fire_index % len(content.series_items) + 1,
            series_length=len(content.series_items),
            contest=content.contest,
        )


# --------------------------------------------------------------------------------------------
# Fire times


def _localize(naive: datetime, tz: ZoneInfo) -> datetime:
    # Through UTC so a wall time in the spring-forward gap becomes the real instant after it.
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {value!r}")


def is_in_active_range(schedule: Schedule, moment: datetime) -> bool:
    """Whether `moment` falls on a day inside the schedule's active range (its own timezone)."""
    _require_aware(moment, "moment")
    day = moment.astimezone(schedule.zone).date()
    if schedule.active_from is not None and day < schedule.active_from:
        return False
    return schedule.active_until is None or day <= schedule.active_until


def is_repeated_wall_time(schedule: Schedule, fire_time: datetime) -> bool:
    """True for the second copy of a clock time that the autumn clock change repeats.

    APScheduler fires a "daily at 01:30" trigger twice on that night (01:30 EDT and 01:30 EST);
    a study reminder must go out once, so that second fire is not a fire of the schedule.
    """
    _require_aware(fire_time, "fire_time")
    if not schedule.trigger.fixed_wall_time:
        return False
    local = fire_time.astimezone(schedule.zone)
    return local.fold == 1 and local.replace(fold=0).utcoffset() != local.utcoffset()


def next_fire_times(schedule: Schedule, after: datetime, count: int) -> list[datetime]:
    """The next `count` fire times strictly after `after`, inside the active range.

    Ignores `enabled`: a disabled schedule is simply not registered by the service, while
    `studybot check` still wants to show when it would fire.
    """
    _require_aware(after, "after")
    if count <= 0:
        return []
    trigger = schedule.to_apscheduler()
    tz = schedule.zone
    end = schedule.active_end
    fires: list[datetime] = []
    cursor = after.astimezone(UTC)
    while len(fires) < count:
        # APScheduler returns fires at or after "now"; one microsecond on makes it "after".
        found = trigger.get_next_fire_time(None, cursor + _ONE_MICROSECOND)
        if found is None:
            break
        fire_utc = found.astimezone(UTC)
        if fire_utc <= cursor:
            break  # a DateTrigger keeps returning its one date, even when it is past
        if end is not None and fire_utc > end:
            break
        cursor = fire_utc
        fire = fire_utc.astimezone(tz)
        if is_in_active_range(schedule, fire) and not is_repeated_wall_time(schedule, fire):
            fires.append(fire)
    return fires


def short_month_day(spec: TriggerSpec) -> int | None:
    """The first day of the month after the 28th that the trigger fires on, if any.

    Shorter months have no such day and get no push; worth a warning (not an error) wherever
    an organiser sets a trigger, so they can choose "last day of the month" instead.
    """
    if spec.kind == "monthly" and spec.day is not None and spec.day >= 29:
        return spec.day
    if spec.kind == "cron" and spec.cron_fields is not None:
        late = [int(n) for n in re.findall(r"\d+", spec.cron_fields[2]) if int(n) >= 29]
        if late:
            return min(late)
    return None


def trigger_fires_after(spec: TriggerSpec, tz: ZoneInfo, after: datetime) -> bool:
    """Whether `spec` fires at all after `after`: a one-off time already past never will."""
    _require_aware(after, "after")
    found = spec.to_apscheduler(tz).get_next_fire_time(None, after + _ONE_MICROSECOND)
    return found is not None and found > after


def missed_fires(schedule: Schedule, last_run: datetime, now: datetime) -> list[datetime]:
    """Fire times in (last_run, now]: the fires that happened while the bot was not running."""
    _require_aware(last_run, "last_run")
    _require_aware(now, "now")
    missed: list[datetime] = []
    cursor = last_run
    while True:
        batch = next_fire_times(schedule, cursor, 64)
        for fire in batch:
            if fire > now:
                return missed
            missed.append(fire)
        if len(batch) < 64:
            return missed
        cursor = batch[-1]


def fires_alike(schedule: Schedule) -> bool:
    """Whether every fire sends the same thing to the same members: no series item of its
    own, no members chosen by the day (political birthdays). Of several such fires missed
    while the bot was down, the latest stands for them all: one copy, not one per fire."""
    return not schedule.content.series_items and not schedule.audience.political_birthday


def catch_up_decision(
    schedule: Schedule, fire_time: datetime, now: datetime
) -> Literal["send", "skip"]:
    """Whether a fire that is due at `now` is still sent.

    A fire less than `ON_TIME_GRACE` late is on time and sent. A later one is sent only if
    the schedule's catch-up window is longer than its lateness. Fires outside the active
    range and the repeated copy of an autumn wall time are skipped.
    """
    _require_aware(fire_time, "fire_time")
    _require_aware(now, "now")
    if not is_in_active_range(schedule, fire_time) or is_repeated_wall_time(schedule, fire_time):
        return "skip"
    lateness = now - fire_time
    if lateness <= ON_TIME_GRACE:
        return "send"
    within = schedule.catch_up.within
    return "send" if within is not None and lateness < within else "skip"


def series_item_for(schedule: Schedule, fire_index: int) -> SeriesItem | None:
    """The series item for the `fire_index`-th firing (0-based).

    None when the schedule has no series, or the series is exhausted and `on_end` is stop.
    """
    if fire_index < 0:
        raise ValueError(f"fire_index must be >= 0, got {fire_index}")
    items = schedule.content.series_items
    if not items:
        return None
    if fire_index < len(items):
        return items[fire_index]
    if schedule.content.series_on_end == "repeat":
        return items[fire_index % len(items)]
    return None


def fire_index_at(schedule: Schedule, fire_time: datetime) -> int | None:
    """How many fires precede `fire_time` since the start of the active range.

    Gives a calendar-anchored series position (January's material in January, even if the
    bot first ran in March); None when the schedule has no `active.from` to count from, in
    which case the service counts the fires it has claimed instead.
    """
    _require_aware(fire_time, "fire_time")
    start = schedule.active_start
    if start is None:
        return None
    index = 0
    cursor = start - _ONE_MICROSECOND
    while True:
        batch = next_fire_times(schedule, cursor, 64)
        for fire in batch:
            if fire >= fire_time:
                return index
            index += 1
        if len(batch) < 64:
            return index
        cursor = batch[-1]
