"""Push schedules: `schedules/*.yaml` read into Schedule values, every problem with its line.

Like the question banks, a file is composed once into a YAML node tree and values are built
from the nodes (the plumbing is bot.content.yamlnodes), so every problem can name its line.
A file holds one schedule (a mapping) or a list of schedules (many one-off event reminders
in one file). A file with any error is rejected as a whole, so a half-checked push never
goes out; warnings never reject.

Rules organisers meet here, documented in schedules/README.md:
- `files:` entries are paths relative to the folder of the schedule file when they contain
  "/" or end with a known document/media extension; otherwise they are Telegram file_ids
  (at least 20 characters of letters, digits, "_" and "-").
- `content.text` is Telegram's HTML subset; tags must be known and balanced, "<" written as
  &lt; and "&" as &amp; when they are meant literally.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache, cached_property
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.content.problems import Problem, ProblemList
from bot.content.yamlnodes import (
    BOOL_TAG,
    INT_TAG,
    NULL_TAG,
    STR_TAG,
    TIMESTAMP_TAG,
    Entry,
    NodeReader,
    ProblemRules,
    is_null,
    node_line,
    path_label,
    peek_scalar,
    shown,
    yaml_files,
)
from bot.domain import contests as contest_rules
from bot.domain.dates import NoSuchDay, written_date
from bot.domain.schedules import (
    Audience,
    CatchUp,
    Content,
    DurationError,
    Link,
    Schedule,
    SeriesItem,
    SeriesOnEnd,
    TriggerError,
    TriggerSpec,
    next_fire_times,
    parse_duration,
    parse_trigger,
    short_month_day,
    uses_party_years,
)

__all__ = [
    "DEFAULT_TIMEZONE",
    "PROBLEM_CODES",
    "HtmlIssue",
    "ScheduleCatalog",
    "check_html",
    "classify_file_ref",
    "load_schedule_file",
    "load_schedules",
    "push_length",
]

DEFAULT_TIMEZONE = "Asia/Shanghai"
MAX_ID_CHARS = 64
SCHEDULE_ID_RE = re.compile(rf"[a-z0-9][a-z0-9_-]{{0,{MAX_ID_CHARS - 1}}}")
MAX_TEXT_CHARS = 4096  # Telegram's limit for one message, counted after HTML parsing
MAX_FILE_BYTES = 50 * 1024 * 1024  # bots may upload at most 50 MB per file
MIN_POINTS, MAX_POINTS = 0, 100
MIN_QUESTIONS, MAX_QUESTIONS = 1, 50
DEFAULT_QUIZ_QUESTIONS = 5

SCHEDULE_KEYS = (
    *("id", "title", "enabled", "trigger", "timezone", "active"),
    *("audience", "catch_up", "content"),
)
ACTIVE_KEYS = ("from", "until")
AUDIENCE_KEYS = ("all", "groups", "chats", "only")
# `only:` values, as organisers may write them: members still to finish today's daily quiz.
DAILY_QUIZ_NOT_DONE = frozenset({"daily_quiz_not_done", "今日未答题", "未完成每日答题"})
# ... and members whose political birthday (the anniversary of joining the Party) is today.
POLITICAL_BIRTHDAY = frozenset({"political_birthday", "政治生日", "今日政治生日"})
CATCH_UP_KEYS = ("within",)
CONTENT_KEYS = ("text", "files", "links", "series", "acknowledge", "quiz", "contest")
SERIES_KEYS = ("on_end", "items")
ITEM_KEYS = ("title", "text", "files", "links", "quiz")
LINK_KEYS = ("title", "url")
ACKNOWLEDGE_KEYS = ("points",)
QUIZ_KEYS = ("bank", "questions")
CONTEST_KEYS = ("bank", "questions", "seconds")

# A file reference with one of these endings is a path even without a "/" in it.
FILE_EXTENSIONS = frozenset(
    {
        *(".pdf", ".doc", ".docx", ".wps", ".ppt", ".pptx", ".xls", ".xlsx", ".csv"),
        *(".txt", ".md", ".rtf", ".odt", ".epub", ".html", ".htm"),
        *(".jpg", ".jpeg", ".png", ".gif", ".webp", ".mp3", ".m4a", ".ogg", ".wav"),
        *(".mp4", ".mov", ".zip", ".rar", ".7z"),
    }
)
FILE_ID_RE = re.compile(r"[A-Za-z0-9_-]{20,}")

WARNING_CODES = frozenset(
    {
        *("schedule-empty-file", "schedule-no-files", "schedule-day-skips-months"),
        *("schedule-no-fires-in-range", "schedule-series-too-short", "schedule-series-unused"),
        *("schedule-html-unknown-entity", "schedule-no-more-fires", "schedule-active-ended"),
        # The push still goes out, without the quiz of a bank left out for its own errors;
        # those errors (in the bank's file) are what fail `studybot check`.
        "schedule-bank-has-errors",
    }
)
ERROR_CODES = frozenset(
    {
        *("schedule-folder-missing", "schedule-file-unreadable", "schedule-file-encoding"),
        *("schedule-yaml-syntax", "schedule-top-not-mapping", "schedule-item-not-mapping"),
        *("schedule-duplicate-key", "schedule-unknown-key", "schedule-unknown-key-suggest"),
        *("schedule-key-not-text", "schedule-value-not-text", "schedule-value-not-mapping"),
        *("schedule-value-not-list", "schedule-missing-key", "schedule-bool-invalid"),
        *("schedule-id-invalid", "schedule-duplicate-id", "schedule-title-missing"),
        *("schedule-bad-trigger", "schedule-bad-time", "schedule-bad-day"),
        *("schedule-bad-weekday", "schedule-bad-date", "schedule-bad-cron"),
        *("schedule-bad-cron-fields", "schedule-cron-day-and-weekday"),
        *(
            "schedule-never-fires",
            "schedule-unknown-timezone",
            "schedule-unknown-timezone-suggest",
        ),
        *("schedule-date-invalid", "schedule-active-inverted", "schedule-audience-invalid"),
        *("schedule-audience-empty", "schedule-group-invalid", "schedule-chat-invalid"),
        *("schedule-catch-up-invalid", "schedule-bad-duration", "schedule-duration-zero"),
        *("schedule-content-empty", "schedule-text-too-long", "schedule-html-unknown-tag"),
        *("schedule-html-br", "schedule-html-unclosed", "schedule-html-unexpected-close"),
        *("schedule-html-bad-attribute", "schedule-html-missing-href", "schedule-html-stray-lt"),
        *("schedule-html-bad-nesting", "schedule-file-not-found", "schedule-file-outside"),
        *("schedule-file-too-large", "schedule-file-ref-invalid", "schedule-url-invalid"),
        *("schedule-points-invalid", "schedule-questions-invalid", "schedule-unknown-bank"),
        *("schedule-unknown-bank-suggest", "schedule-series-empty", "schedule-on-end-invalid"),
        *("schedule-contest-seconds-invalid", "schedule-contest-needs-chats"),
        *("schedule-item-empty", "schedule-years-needs-birthdays"),
    }
)
PROBLEM_CODES = ERROR_CODES | WARNING_CODES

# Keys organisers may write in Chinese by habit: suggest the English key instead.
_KEY_ALIASES = {
    "编号": "id",
    "标题": "title",
    "题目": "title",
    "启用": "enabled",
    "触发": "trigger",
    "时间": "trigger",
    "时区": "timezone",
    "有效期": "active",
    "对象": "audience",
    "受众": "audience",
    "补发": "catch_up",
    "内容": "content",
    "正文": "text",
    "文本": "text",
    "文件": "files",
    "附件": "files",
    "链接": "links",
    "系列": "series",
    "确认": "acknowledge",
    "已学习": "acknowledge",
    "积分": "points",
    "测验": "quiz",
    "答题": "quiz",
    "题库": "bank",
    "题数": "questions",
    "开始": "from",
    "结束": "until",
    "群组": "chats",
    "小组": "groups",
    "网址": "url",
    "挑战赛": "contest",
    "答题赛": "contest",
    "秒数": "seconds",
}

_RULES = ProblemRules(prefix="schedule-", warnings=WARNING_CODES, key_aliases=_KEY_ALIASES)

# Far enough back that any real "once" date is after it; used to ask "does it ever fire?".
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# --------------------------------------------------------------------------------------------
# Telegram HTML


@dataclass(frozen=True, slots=True)
class HtmlIssue:
    line_offset: int  # 0-based line inside the text
    code: str
    args: Mapping[str, str | int] = field(default_factory=dict)


# Tags Telegram's HTML parse mode accepts, with the attributes each may carry. The aliases
# (strong, em, ins, strike, del) are Telegram's own; tg-spoiler is its spoiler mark.
_ALLOWED_TAGS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("b", "strong", "i", "em", "u", "ins"), frozenset()),
    **dict.fromkeys(("s", "strike", "del", "pre", "tg-spoiler"), frozenset()),
    "a": frozenset({"href"}),
    "code": frozenset({"class"}),
    "blockquote": frozenset({"expandable"}),
    "span": frozenset({"class"}),
}
_TAG_RE = re.compile(
    r"<(?P<close>/?)(?P<name>[a-zA-Z][a-zA-Z0-9-]*)"
    r"(?P<attrs>(?:\s+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)"
    r"\s*(?P<selfclose>/?)>"
)
_ATTR_RE = re.compile(r"([^\s=>/]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_ENTITY_RE = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")
_NAMED_ENTITY_RE = re.compile(r"&[a-zA-Z][a-zA-Z0-9]*;")


def check_html(text: str) -> list[HtmlIssue]:
    """Problems Telegram would reject (or show wrongly) in an HTML parse-mode message."""
    issues: list[HtmlIssue] = []
    stack: list[tuple[str, int]] = []
    pos = 0
    while True:
        lt, amp = text.find("<", pos), text.find("&", pos)
        candidates = [i for i in (lt, amp) if i >= 0]
        if not candidates:
            break
        pos = min(candidates)
        line = text.count("\n", 0, pos)
        if pos == amp:
            if not _ENTITY_RE.match(text, pos):
                named = _NAMED_ENTITY_RE.match(text, pos)
                if named:  # e.g. &nbsp;: Telegram keeps it as literal text
                    issues.append(
                        HtmlIssue(line, "schedule-html-unknown-entity", {"entity": named[0]})
                    )
            pos += 1
            continue
        tag = _TAG_RE.match(text, pos)
        if tag is None:
            issues.append(HtmlIssue(line, "schedule-html-stray-lt"))
            pos += 1
            continue
        pos = tag.end()
        name = tag["name"].lower()
        if name not in _ALLOWED_TAGS:
            code = "schedule-html-br" if name in ("br", "p") else "schedule-html-unknown-tag"
            issues.append(HtmlIssue(line, code, {"tag": name}))
            continue
        if tag["close"]:
            if stack and stack[-1][0] == name:
                stack.pop()
            elif any(open_name == name for open_name, _ in stack):
                inner, inner_line = stack.pop()
                issues.append(HtmlIssue(inner_line, "schedule-html-unclosed", {"tag": inner}))
                while stack and stack[-1][0] != name:
                    stack.pop()
                if stack:
                    stack.pop()
            else:
                issues.append(HtmlIssue(line, "schedule-html-unexpected-close", {"tag": name}))
            continue
        if tag["selfclose"]:
            issues.append(HtmlIssue(line, "schedule-html-unknown-tag", {"tag": name + "/"}))
            continue
        issues.extend(_check_attributes(name, tag["attrs"], line))
        if _bad_nesting(name, [open_name for open_name, _ in stack]):
            issues.append(HtmlIssue(line, "schedule-html-bad-nesting", {"tag": name}))
        stack.append((name, line))
    for name, line in stack:
        issues.append(HtmlIssue(line, "schedule-html-unclosed", {"tag": name}))
    return issues


def _bad_nesting(name: str, open_tags: list[str]) -> bool:
    """Telegram: nothing inside <pre>/<code> but <code> directly in <pre>; no quote in a
    quote, no link in a link. Other tags nest freely."""
    if any(tag in ("pre", "code") for tag in open_tags):
        return not (name == "code" and open_tags[-1] == "pre")
    same = {"blockquote": "blockquote", "a": "a"}.get(name)
    return same is not None and same in open_tags


def _check_attributes(name: str, attrs: str, line: int) -> list[HtmlIssue]:
    issues: list[HtmlIssue] = []
    found: dict[str, str] = {}
    for match in _ATTR_RE.finditer(attrs):
        attr = match[1].lower()
        value = (match[2] or "").strip("\"'")
        found[attr] = value
        if attr not in _ALLOWED_TAGS[name]:
            issues.append(
                HtmlIssue(line, "schedule-html-bad-attribute", {"tag": name, "attribute": attr})
            )
    if name == "a":
        href = found.get("href")
        if not href:
            issues.append(HtmlIssue(line, "schedule-html-missing-href"))
        elif not _valid_url(href, allow_mailto=True):
            issues.append(HtmlIssue(line, "schedule-url-invalid", {"url": href}))
    if name == "span" and found.get("class") != "tg-spoiler":
        issues.append(
            HtmlIssue(line, "schedule-html-bad-attribute", {"tag": name, "attribute": "class"})
        )
    return issues


def visible_length(text: str) -> int:
    """Characters left after Telegram parses the HTML (tags dropped, entities one char)."""
    without_tags = _TAG_RE.sub("", text)
    return len(_ENTITY_RE.sub("_", without_tags))


def push_length(title: str, *texts: str) -> int:
    """Characters of a push as members get it (bot/tgbot/push_render.py): its title (plain
    text, shown in bold), then each text (Telegram HTML), a blank line between parts."""
    lengths = [len(title.strip())] if title.strip() else []
    lengths += [visible_length(text.strip()) for text in texts if text.strip()]
    return sum(lengths) + 2 * max(len(lengths) - 1, 0)


def _valid_url(url: str, *, allow_mailto: bool = False) -> bool:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme in ("http", "https"):
        return bool(parts.netloc) and " " not in url
    if parts.scheme == "tg":
        return bool(parts.netloc or parts.path)
    return allow_mailto and parts.scheme == "mailto" and bool(parts.path)


# --------------------------------------------------------------------------------------------
# File references


def classify_file_ref(ref: str) -> str:
    """ "path", "file_id" or "invalid", by the rule documented in schedules/README.md."""
    if "/" in ref or "\\" in ref or Path(ref).suffix.lower() in FILE_EXTENSIONS:
        return "path"
    return "file_id" if FILE_ID_RE.fullmatch(ref) else "invalid"


@cache
def _timezone_names() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


def _known_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


# --------------------------------------------------------------------------------------------
# The reader


class _Reader(NodeReader):
    """Walks one file's node tree, building schedules and collecting problems."""

    def __init__(
        self,
        label: str,
        folder: Path,
        default_timezone: str,
        known_banks: set[str] | None,
        broken_banks: Mapping[str, str],
    ) -> None:
        super().__init__(label, _RULES)
        self.folder = folder
        self.default_timezone = default_timezone
        self.known_banks = known_banks
        self.broken_banks = broken_banks
        self.ids: list[tuple[str, int]] = []  # every well-formed id seen, with its line

    # -- generic pieces -------------------------------------------------------------------

    def require(self, f: dict[str, Entry], key: str, node: Node, item: str | None) -> Entry | None:
        entry = f.get(key)
        if entry is None or is_null(entry[1]):
            self.report("schedule-missing-key", entry[0] if entry else node, item, key=key)
            return None
        return entry

    def text(self, entry: Entry, item: str | None) -> str | None:
        """Text of a scalar as written ("" for null); None (reported) when not a scalar."""
        key_node, value = entry
        if isinstance(value, ScalarNode):
            return "" if value.tag == NULL_TAG else str(value.value)
        self.report("schedule-value-not-text", key_node, item, key=str(key_node.value))
        return None

    def mapping(self, entry: Entry, item: str | None) -> MappingNode | None:
        key_node, value = entry
        if isinstance(value, MappingNode):
            return value
        self.report("schedule-value-not-mapping", key_node, item, key=str(key_node.value))
        return None

    def sequence(self, entry: Entry, item: str | None) -> list[Node] | None:
        """A list's nodes; a single scalar counts as a list of one; null as empty."""
        key_node, value = entry
        if isinstance(value, SequenceNode):
            return list(value.value)
        if isinstance(value, ScalarNode):
            return [] if value.tag == NULL_TAG else [value]
        self.report("schedule-value-not-list", key_node, item, key=str(key_node.value))
        return None

    def integer(
        self, entry: Entry, low: int, high: int, code: str, item: str | None
    ) -> int | None:
        key_node, value = entry
        if isinstance(value, ScalarNode) and value.tag == INT_TAG:
            number = int(self.loader.construct_yaml_int(value))
            if low <= number <= high:
                return number
        self.report(code, key_node, item, value=shown(value), min=low, max=high)
        return None

    def day(self, entry: Entry, item: str | None) -> date | None:
        key_node, value = entry
        if isinstance(value, ScalarNode) and value.tag in (TIMESTAMP_TAG, STR_TAG):
            # As a person writes a date: 2026-12-01, 2026.12.1, 2026年12月1日 (bot.domain.dates).
            with contextlib.suppress(NoSuchDay):
                day = written_date(str(value.value))
                if day is not None:
                    return day
        self.report(
            "schedule-date-invalid", value, item, key=str(key_node.value), value=shown(value)
        )
        return None

    # -- files ----------------------------------------------------------------------------

    def read_root(self, root: Node) -> list[Schedule]:
        if isinstance(root, MappingNode):
            nodes: list[Node] = [root]
        elif isinstance(root, SequenceNode):
            nodes = list(root.value)
            if not nodes:
                self.report("schedule-empty-file", root, None)
        else:
            self.report("schedule-top-not-mapping", root, None)
            return []
        many = isinstance(root, SequenceNode)
        built: list[Schedule] = []
        seen: dict[str, int] = {}
        for index, node in enumerate(nodes, start=1):
            if not isinstance(node, MappingNode):
                self.report("schedule-item-not-mapping", node, f"#{index}", keys=SCHEDULE_KEYS[:2])
                continue
            schedule = self.schedule(node, f"#{index}" if many else None, seen)
            if schedule is not None:
                built.append(schedule)
        return built

    # -- one schedule ---------------------------------------------------------------------

    def schedule(
        self, node: MappingNode, fallback_item: str | None, seen: dict[str, int]
    ) -> Schedule | None:
        item = peek_scalar(node, "id") or fallback_item  # the id is checked by fields()
        errors_before = self.errors
        f = self.fields(node, SCHEDULE_KEYS, item)

        schedule_id = self.schedule_id(f, node, item, seen)
        title = None
        if (entry := self.require(f, "title", node, item)) is not None:
            title = self.text(entry, item)
            if title is not None and not title.strip():
                self.report("schedule-title-missing", entry[0], item)
        enabled = True
        if "enabled" in f:
            value = f["enabled"][1]
            if isinstance(value, ScalarNode) and value.tag == BOOL_TAG:
                enabled = bool(self.loader.construct_yaml_bool(value))
            else:
                self.report(
                    "schedule-bool-invalid", value, item, key="enabled", value=shown(value)
                )
        timezone = self.timezone(f.get("timezone"), item)
        trigger = self.trigger(f, node, item)
        active_from, active_until = self.active(f.get("active"), item)
        audience = self.audience(f, node, item)
        catch_up = self.catch_up(f.get("catch_up"), item)
        content = self.content(f, node, item, title)
        # A contest runs in group chats; members' private chats would get only the text.
        if content is not None and content.contest and audience is not None and not audience.chats:
            self.report("schedule-contest-needs-chats", f["audience"][0], item)
        # Only a member with a day of joining has years to count; a chat has none.
        if (
            content is not None
            and audience is not None
            and _counts_party_years(title, content)
            and (not audience.political_birthday or audience.chats)
        ):
            self.report("schedule-years-needs-birthdays", f["content"][0], item)

        if (
            self.errors > errors_before
            or schedule_id is None
            or title is None
            or timezone is None
            or trigger is None
            or audience is None
            or catch_up is None
            or content is None
        ):
            return None
        schedule = Schedule(
            id=schedule_id,
            title=title.strip(),
            enabled=enabled,
            trigger=trigger,
            timezone=timezone,
            active_from=active_from,
            active_until=active_until,
            audience=audience,
            catch_up=catch_up,
            content=content,
            path=self.label,
            line=node_line(f["trigger"][1]),
        )
        self.timing(schedule, f["trigger"][1], f.get("active"), f["content"][1], item)
        return schedule if self.errors == errors_before else None

    def schedule_id(
        self, f: dict[str, Entry], node: Node, item: str | None, seen: dict[str, int]
    ) -> str | None:
        entry = self.require(f, "id", node, item)
        if entry is None:
            return None
        value = self.text(entry, item)
        if value is None:
            return None
        value = value.strip()
        if not SCHEDULE_ID_RE.fullmatch(value):
            self.report("schedule-id-invalid", entry[1], item, id=value, max=MAX_ID_CHARS)
            return None
        line = node_line(entry[1])
        if value in seen:
            other = f"{self.label}:{seen[value]}"
            self.report("schedule-duplicate-id", entry[1], item, id=value, other=other)
            return None
        seen[value] = line
        self.ids.append((value, line))
        return value

    def timezone(self, entry: Entry | None, item: str | None) -> str | None:
        if entry is None or is_null(entry[1]):
            return self.default_timezone
        name = self.text(entry, item)
        if name is None:
            return None
        name = name.strip()
        if _known_timezone(name):
            return name
        folded = {n.casefold(): n for n in _timezone_names()}
        if name.casefold() in folded:
            guess: str | None = folded[name.casefold()]
        else:
            close = difflib.get_close_matches(name.casefold(), list(folded), n=1, cutoff=0.75)
            guess = folded[close[0]] if close else None
        if guess:
            self.report(
                "schedule-unknown-timezone-suggest", entry[1], item, value=name, suggestion=guess
            )
        else:
            self.report("schedule-unknown-timezone", entry[1], item, value=name)
        return None

    def trigger(self, f: dict[str, Entry], node: Node, item: str | None) -> TriggerSpec | None:
        entry = self.require(f, "trigger", node, item)
        if entry is None:
            return None
        value = entry[1]
        if not (isinstance(value, ScalarNode) and value.tag == STR_TAG):
            # `trigger: 9:00` is a YAML 1.1 number (540); quoting is the fix.
            self.report("schedule-bad-trigger", value, item, text=shown(value))
            return None
        try:
            spec = parse_trigger(str(value.value))
        except TriggerError as exc:
            self.report(exc.code, value, item, **exc.args_map)
            return None
        late_day = short_month_day(spec)
        if late_day is not None:
            self.report("schedule-day-skips-months", value, item, day=late_day)
        return spec

    def active(self, entry: Entry | None, item: str | None) -> tuple[date | None, date | None]:
        if entry is None or is_null(entry[1]):
            return None, None
        node = self.mapping(entry, item)
        if node is None:
            return None, None
        f = self.fields(node, ACTIVE_KEYS, item)
        start = self.day(f["from"], item) if "from" in f and not is_null(f["from"][1]) else None
        end = self.day(f["until"], item) if "until" in f and not is_null(f["until"][1]) else None
        if start is not None and end is not None and end < start:
            self.report(
                "schedule-active-inverted",
                f["until"][1],
                item,
                start=start.isoformat(),
                end=end.isoformat(),
            )
        return start, end

    def audience(self, f: dict[str, Entry], node: Node, item: str | None) -> Audience | None:
        entry = self.require(f, "audience", node, item)
        if entry is None:
            return None
        key_node, value = entry
        if isinstance(value, ScalarNode):
            if str(value.value).strip().casefold() in ("all", "全体", "所有人"):
                return Audience(all=True)
            self.report("schedule-audience-invalid", value, item, value=shown(value))
            return None
        if not isinstance(value, MappingNode):
            self.report("schedule-audience-invalid", value, item, value=shown(value))
            return None
        af = self.fields(value, AUDIENCE_KEYS, item)
        everyone = False
        groups: list[str] = []
        chats: list[int] = []
        ok = True
        if "all" in af:
            flag = af["all"][1]
            if isinstance(flag, ScalarNode) and flag.tag == BOOL_TAG:
                everyone = bool(self.loader.construct_yaml_bool(flag))
            else:
                self.report("schedule-bool-invalid", flag, item, key="all", value=shown(flag))
                ok = False
        if "groups" in af and (nodes := self.sequence(af["groups"], item)) is not None:
            for n in nodes:
                text = str(n.value).strip() if isinstance(n, ScalarNode) else ""
                if not text or any(ch.isspace() for ch in text):
                    self.report("schedule-group-invalid", n, item, value=shown(n))
                    ok = False
                else:
                    groups.append(text)
        if "chats" in af and (nodes := self.sequence(af["chats"], item)) is not None:
            for n in nodes:
                chat = _chat_id(n)
                if chat is None:
                    self.report("schedule-chat-invalid", n, item, value=shown(n))
                    ok = False
                else:
                    chats.append(chat)
        not_done = birthday = False
        if "only" in af:
            only = af["only"][1]
            word = str(only.value).strip() if isinstance(only, ScalarNode) else ""
            not_done, birthday = word in DAILY_QUIZ_NOT_DONE, word in POLITICAL_BIRTHDAY
            if not (not_done or birthday):
                self.report("schedule-audience-only-invalid", only, item, value=shown(only))
                ok = False
            elif not everyone and not groups:
                self.report("schedule-audience-only-needs-members", only, item)
                ok = False
        if ok and not everyone and not groups and not chats:
            self.report("schedule-audience-empty", key_node, item)
            return None
        if not ok:
            return None
        return Audience(
            all=everyone,
            groups=tuple(dict.fromkeys(groups)),
            chats=tuple(dict.fromkeys(chats)),
            daily_quiz_not_done=not_done,
            political_birthday=birthday,
        )

    def catch_up(self, entry: Entry | None, item: str | None) -> CatchUp | None:
        if entry is None or is_null(entry[1]):
            return CatchUp()
        value = entry[1]
        if isinstance(value, ScalarNode):
            word = str(value.value).strip().casefold()
            if word in ("skip", "跳过"):
                return CatchUp()
            self.report("schedule-catch-up-invalid", value, item, value=shown(value))
            return None
        if not isinstance(value, MappingNode):
            self.report("schedule-catch-up-invalid", value, item, value=shown(value))
            return None
        cf = self.fields(value, CATCH_UP_KEYS, item)
        within = self.require(cf, "within", value, item)
        if within is None:
            return None
        raw = self.text(within, item)
        if raw is None:
            return None
        try:
            delta = parse_duration(raw)
        except DurationError as exc:
            self.report(exc.code, within[1], item, **exc.args_map)
            return None
        if delta <= timedelta(0):
            self.report("schedule-duration-zero", within[1], item, value=raw)
            return None
        return CatchUp(within=delta)

    # -- content --------------------------------------------------------------------------

    def content(
        self, f: dict[str, Entry], node: Node, item: str | None, title: str | None
    ) -> Content | None:
        entry = self.require(f, "content", node, item)
        if entry is None:
            return None
        body = self.mapping(entry, item)
        if body is None:
            return None
        errors_before = self.errors
        cf = self.fields(body, CONTENT_KEYS, item)
        # A series item's push shows the item's title, not this one (checked with each item).
        heading = None if "series" in cf else title
        text = self.html_text(cf.get("text"), item, heading=heading) or ""
        files = self.files(cf.get("files"), item)
        links = self.links(cf.get("links"), item)
        series = self.series(cf.get("series"), text, item)
        points = None
        if "acknowledge" in cf and (ack := self.mapping(cf["acknowledge"], item)) is not None:
            af = self.fields(ack, ACKNOWLEDGE_KEYS, item)
            if (points_entry := self.require(af, "points", ack, item)) is not None:
                points = self.integer(
                    points_entry, MIN_POINTS, MAX_POINTS, "schedule-points-invalid", item
                )
        quiz_bank, quiz_questions = self.quiz(cf.get("quiz"), item)
        contest = self.contest(cf.get("contest"), item)
        series_items, on_end = series
        if not (text.strip() or files or links or series_items) and self.errors == errors_before:
            self.report("schedule-content-empty", entry[0], item)
        if self.errors > errors_before:
            return None
        return Content(
            text=text,
            files=files,
            links=links,
            series_items=series_items,
            series_on_end=on_end,
            acknowledge_points=points,
            quiz_bank=quiz_bank,
            quiz_questions=quiz_questions,
            contest=contest,
        )

    def html_text(
        self, entry: Entry | None, item: str | None, frame: str = "", heading: str | None = None
    ) -> str | None:
        """Checked message text; `frame` is the schedule text sent before a series item,
        `heading` the title the push shows above it all (a blank line between)."""
        if entry is None or is_null(entry[1]):
            return None
        text = self.text(entry, item)
        if text is None:
            return None
        value = entry[1]
        first = node_line(value) + (1 if getattr(value, "style", None) in ("|", ">") else 0)
        exact = getattr(value, "style", None) == "|"  # only literal blocks keep source lines
        for issue in check_html(text):
            line = first + (issue.line_offset if exact else 0)
            self.report(issue.code, line, item, **issue.args)
        length = push_length(heading or "", frame, text)
        if length > MAX_TEXT_CHARS:
            self.report("schedule-text-too-long", value, item, length=length, max=MAX_TEXT_CHARS)
        return text

    def files(self, entry: Entry | None, item: str | None) -> tuple[str, ...]:
        if entry is None or (nodes := self.sequence(entry, item)) is None:
            return ()
        refs: list[str] = []
        for n in nodes:
            ref = str(n.value).strip() if isinstance(n, ScalarNode) and n.tag != NULL_TAG else ""
            kind = classify_file_ref(ref) if ref else "invalid"
            if kind == "invalid":
                self.report("schedule-file-ref-invalid", n, item, value=shown(n))
                continue
            if kind == "path" and not self._check_path(ref, n, item):
                continue
            refs.append(ref)
        return tuple(refs)

    def _check_path(self, ref: str, node: Node, item: str | None) -> bool:
        relative = Path(ref.replace("\\", "/"))
        folder = self.folder.resolve()
        target = (folder / relative).resolve()
        if relative.is_absolute() or not target.is_relative_to(folder):
            self.report("schedule-file-outside", node, item, file=ref)
            return False
        if not target.is_file():
            self.report("schedule-file-not-found", node, item, file=ref)
            return False
        size = target.stat().st_size
        if size > MAX_FILE_BYTES:
            megabytes = -(-size // (1024 * 1024))
            self.report("schedule-file-too-large", node, item, file=ref, size=megabytes, max=50)
            return False
        return True

    def links(self, entry: Entry | None, item: str | None) -> tuple[Link, ...]:
        if entry is None or (nodes := self.sequence(entry, item)) is None:
            return ()
        built: list[Link] = []
        for n in nodes:
            if not isinstance(n, MappingNode):
                self.report("schedule-value-not-mapping", n, item, key="links")
                continue
            lf = self.fields(n, LINK_KEYS, item)
            title_entry = self.require(lf, "title", n, item)
            url_entry = self.require(lf, "url", n, item)
            if title_entry is None or url_entry is None:
                continue
            title, url = self.text(title_entry, item), self.text(url_entry, item)
            if title is None or url is None:
                continue
            if not title.strip():
                self.report("schedule-missing-key", title_entry[0], item, key="title")
                continue
            if not _valid_url(url.strip()):
                self.report("schedule-url-invalid", url_entry[1], item, url=url)
                continue
            built.append(Link(title.strip(), url.strip()))
        return tuple(built)

    def check_bank(self, bank: str, node: Node, item: str | None) -> None:
        """A bank a quiz or contest names: loaded, rejected for errors in its own file (that
        file's problems say what to fix), or unknown (the closest id suggested)."""
        if self.known_banks is None or bank in self.known_banks:
            return
        if bank in self.broken_banks:
            self.report(
                "schedule-bank-has-errors", node, item, bank=bank, file=self.broken_banks[bank]
            )
            return
        known = sorted(self.known_banks)
        close = difflib.get_close_matches(bank, known, n=1, cutoff=0.6)
        listed = ", ".join(known) or "-"
        if close:
            self.report(
                "schedule-unknown-bank-suggest",
                node,
                item,
                bank=bank,
                suggestion=close[0],
                known=listed,
            )
        else:
            self.report("schedule-unknown-bank", node, item, bank=bank, known=listed)

    def quiz(self, entry: Entry | None, item: str | None) -> tuple[str | None, int | None]:
        if entry is None or is_null(entry[1]):
            return None, None
        node = self.mapping(entry, item)
        if node is None:
            return None, None
        qf = self.fields(node, QUIZ_KEYS, item)
        bank_entry = self.require(qf, "bank", node, item)
        bank = self.text(bank_entry, item) if bank_entry else None
        bank = bank.strip() if bank else None
        if bank and bank_entry:
            self.check_bank(bank, bank_entry[1], item)
        questions: int | None = DEFAULT_QUIZ_QUESTIONS
        if "questions" in qf:
            questions = self.integer(
                qf["questions"], MIN_QUESTIONS, MAX_QUESTIONS, "schedule-questions-invalid", item
            )
        return bank, questions

    def contest(self, entry: Entry | None, item: str | None) -> contest_rules.ContestPlan | None:
        """`contest: {bank, questions, seconds}`: a quiz contest started in the push's group
        chats; `bank` is optional (every enabled bank)."""
        if entry is None or is_null(entry[1]):
            return None
        node = self.mapping(entry, item)
        if node is None:
            return None
        errors_before = self.errors
        cf = self.fields(node, CONTEST_KEYS, item)
        bank = None
        if "bank" in cf and not is_null(cf["bank"][1]):
            bank = (self.text(cf["bank"], item) or "").strip() or None
            if bank:
                self.check_bank(bank, cf["bank"][1], item)
        questions: int | None = contest_rules.DEFAULT_QUESTIONS
        if "questions" in cf:
            low, high = contest_rules.MIN_QUESTIONS, contest_rules.MAX_QUESTIONS
            questions = self.integer(
                cf["questions"], low, high, "schedule-questions-invalid", item
            )
        seconds: int | None = contest_rules.DEFAULT_SECONDS
        if "seconds" in cf:
            low, high = contest_rules.MIN_SECONDS, contest_rules.MAX_SECONDS
            seconds = self.integer(
                cf["seconds"], low, high, "schedule-contest-seconds-invalid", item
            )
        if self.errors > errors_before or questions is None or seconds is None:
            return None
        return contest_rules.ContestPlan(bank, questions, seconds)

    def series(
        self, entry: Entry | None, frame: str, item: str | None
    ) -> tuple[tuple[SeriesItem, ...], SeriesOnEnd]:
        if entry is None or is_null(entry[1]):
            return (), "stop"
        node = self.mapping(entry, item)
        if node is None:
            return (), "stop"
        sf = self.fields(node, SERIES_KEYS, item)
        on_end: SeriesOnEnd = "stop"
        if "on_end" in sf:
            word = self.text(sf["on_end"], item)
            if word is not None:
                folded = word.strip().casefold()
                if folded == "repeat":
                    on_end = "repeat"
                elif folded != "stop":
                    self.report("schedule-on-end-invalid", sf["on_end"][1], item, value=word)
        items_entry = self.require(sf, "items", node, item)
        if items_entry is None:
            return (), on_end
        nodes = self.sequence(items_entry, item)
        if nodes is None:
            return (), on_end
        if not nodes:
            self.report("schedule-series-empty", items_entry[0], item)
            return (), on_end
        built: list[SeriesItem] = []
        for index, n in enumerate(nodes, start=1):
            where = f"{item or ''}#{index}"
            if not isinstance(n, MappingNode):
                self.report("schedule-item-not-mapping", n, where, keys=ITEM_KEYS[:2])
                continue
            series_item = self.series_item(n, frame, where)
            if series_item is not None:
                built.append(series_item)
        return tuple(built), on_end

    def series_item(self, node: MappingNode, frame: str, where: str) -> SeriesItem | None:
        errors_before = self.errors
        f = self.fields(node, ITEM_KEYS, where)
        title = None
        if (entry := self.require(f, "title", node, where)) is not None:
            title = self.text(entry, where)
        text = self.html_text(f.get("text"), where, frame, heading=title) or ""
        files = self.files(f.get("files"), where)
        links = self.links(f.get("links"), where)
        bank, questions = self.quiz(f.get("quiz"), where)
        if not (text.strip() or files or links) and self.errors == errors_before:
            self.report("schedule-item-empty", node, where)
        if self.errors > errors_before or title is None:
            return None
        return SeriesItem(
            title=title.strip(),
            text=text,
            files=files,
            links=links,
            quiz_bank=bank,
            quiz_questions=questions if bank else None,
        )

    # -- timing ---------------------------------------------------------------------------

    def timing(
        self,
        schedule: Schedule,
        trigger_node: Node,
        active: Entry | None,
        content_node: Node,
        item: str | None,
    ) -> None:
        """Does it ever fire, and does the series fit the active range?"""
        at = active[0] if active is not None else trigger_node
        if schedule.active_start is not None:
            first = next_fire_times(schedule, schedule.active_start - _TICK, 1)
        else:
            first = next_fire_times(schedule, _EPOCH, 1)
        if not first:
            unbounded = dataclasses.replace(schedule, active_from=None, active_until=None)
            if next_fire_times(unbounded, _EPOCH, 1):
                self.report("schedule-no-fires-in-range", at, item, trigger=schedule.trigger.text)
            else:
                self.report(
                    "schedule-never-fires", trigger_node, item, trigger=schedule.trigger.text
                )
            return
        items = schedule.content.series_items
        start = schedule.active_start
        if not items or start is None or schedule.active_until is None:
            return
        fires = len(next_fire_times(schedule, start - _TICK, len(items) + 1))
        if fires > len(items) and schedule.content.series_on_end == "stop":
            self.report("schedule-series-too-short", content_node, item, items=len(items))
        elif fires < len(items):
            self.report(
                "schedule-series-unused",
                content_node,
                item,
                items=len(items),
                fires=fires,
                unused=len(items) - fires,
            )


_TICK = timedelta(microseconds=1)


def _counts_party_years(title: str | None, content: Content) -> bool:
    texts = [title or "", content.text]
    for series_item in content.series_items:
        texts += [series_item.title, series_item.text]
    return any(uses_party_years(text) for text in texts)


def _chat_id(node: Node) -> int | None:
    if not isinstance(node, ScalarNode) or node.tag not in (INT_TAG, STR_TAG):
        return None
    text = str(node.value).strip()
    # Chat ids are integers; group and channel ids are negative (-100...). Quoted is fine.
    if re.fullmatch(r"-?\d{1,20}", text) and int(text) != 0:
        return int(text)
    return None


# --------------------------------------------------------------------------------------------
# Files and folders


def _read(
    path: Path,
    label: str,
    default_timezone: str,
    known_banks: set[str] | None,
    broken_banks: Mapping[str, str],
) -> tuple[list[Schedule], list[Problem], list[tuple[str, int]]]:
    """Schedules (empty when rejected), problems, and every id with its line."""
    reader = _Reader(label, path.parent, default_timezone, known_banks, broken_banks)
    with reader.compose(path) as root:
        if root is None:
            return [], reader.problems, []
        schedules = reader.read_root(root)
    if reader.errors:
        schedules = []
    return schedules, reader.problems, reader.ids


def load_schedule_file(
    path: Path,
    *,
    base: Path | None = None,
    default_timezone: str = DEFAULT_TIMEZONE,
    known_banks: set[str] | None = None,
    broken_banks: Mapping[str, str] | None = None,
) -> tuple[tuple[Schedule, ...], list[Problem]]:
    """Every schedule in one file and every problem; no schedules when any is an error.

    Problem paths are relative to `base` (the project directory) when given; `files:`
    paths are relative to the file's own folder.
    """
    label = path_label(path, base)
    schedules, problems, _ = _read(path, label, default_timezone, known_banks, broken_banks or {})
    return tuple(schedules), problems


@dataclass(frozen=True)
class ScheduleCatalog(ProblemList):
    schedules: tuple[Schedule, ...] = ()
    problems: tuple[Problem, ...] = ()
    failed_files: tuple[str, ...] = ()  # files whose schedules were all rejected

    @cached_property
    def _by_id(self) -> Mapping[str, Schedule]:
        return {s.id: s for s in self.schedules}

    def by_id(self, schedule_id: str) -> Schedule | None:
        return self._by_id.get(schedule_id)

    def enabled(self) -> tuple[Schedule, ...]:
        return tuple(s for s in self.schedules if s.enabled)

    @property
    def without_their_banks(self) -> tuple[Problem, ...]:
        """The warnings of pushes that go out without their quiz or contest, its bank left
        out for errors in its own file: the admins hear them with the errors."""
        return tuple(p for p in self.warnings if p.code == "schedule-bank-has-errors")


def load_schedules(
    folder: Path,
    *,
    base: Path | None = None,
    default_timezone: str = DEFAULT_TIMEZONE,
    known_banks: set[str] | None = None,
    broken_banks: Mapping[str, str] | None = None,
) -> ScheduleCatalog:
    """Every schedule in `folder` (*.yaml, *.yml; not subfolders, not names starting _ or .).

    Files are read in name order; an id already used by an earlier file (loaded or not)
    rejects the later file. `known_banks`, when given, is checked against quiz banks;
    `broken_banks` (id -> file) names the banks left out for errors in their files.
    """
    if not folder.is_dir():
        label = path_label(folder, base)
        return ScheduleCatalog(problems=(Problem(label, None, None, "schedule-folder-missing"),))
    schedules: list[Schedule] = []
    problems: list[Problem] = []
    failed: list[str] = []
    owners: dict[str, str] = {}
    files = yaml_files(folder)
    for path in files:
        label = path_label(path, base)
        found, file_problems, ids = _read(
            path, label, default_timezone, known_banks, broken_banks or {}
        )
        problems.extend(file_problems)
        rejected = any(p.is_error for p in file_problems)
        for schedule_id, line in ids:
            if schedule_id in owners:
                args = {"id": schedule_id, "other": owners[schedule_id]}
                problems.append(Problem(label, line, schedule_id, "schedule-duplicate-id", args))
                rejected = True
            else:
                owners[schedule_id] = f"{label}:{line}"
        if rejected:
            failed.append(label)
        else:
            schedules.extend(found)
    if not files:
        label = path_label(folder, base)
        problems.append(Problem(label, None, None, "schedule-no-files", {}, "warning"))
    return ScheduleCatalog(tuple(schedules), tuple(problems), tuple(failed))
