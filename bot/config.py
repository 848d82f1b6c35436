"""Configuration: one YAML file read into frozen, validated objects.

Loading fails with one `ConfigError` naming the key, the problem and the fix, in Chinese and
English, before anything touches the network or the database.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from bot.content.yamlnodes import error_line, yaml_error_args
from bot.locales import SUPPORTED_LOCALES, translate
from bot.storage.urls import async_driver_url

TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
DATABASE_URL_ENV = "STUDYBOT_DATABASE_URL"
# One config file serves every process behind the proxy; each is given its port (systemd).
WEBHOOK_PORT_ENV = "STUDYBOT_WEBHOOK_PORT"
DEFAULT_CONFIG_PATH = Path("config.yaml")
TELEGRAM_API_URL = "https://api.telegram.org/bot"
TELEGRAM_FILE_URL = "https://api.telegram.org/file/bot"
# The most `pushes.limit_scale` may multiply Telegram's flood limits by.
LIMIT_SCALE_MAX = 1000.0
PROXY_SCHEMES = ("http://", "https://", "socks5://", "socks5h://")
# What Telegram accepts as a webhook's secret_token.
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


# Between admins' ids written on one line: 10001, 20001 or 10001、20001 (or spaces).
ADMIN_SEPARATORS = re.compile(r"[\s,;、]+")


class ConfigError(Exception):
    """A config problem an operator must fix; the text names the key and the fix."""

    def __init__(
        self,
        key: str,
        problem_id: str,
        fix_id: str,
        args: Mapping[str, str | list[str]] | None = None,
        *,
        variable: str | None = None,
    ) -> None:
        """`variable`: the environment variable the value came from, instead of the file."""
        self.key, self.problem_id, self.fix_id = key, problem_id, fix_id
        args = args or {}
        where = {"variable": variable or "", "key": key}
        lines = [
            translate(
                locale,
                "config-error",
                {
                    "key": translate(locale, "config-key-from-environment", where)
                    if variable
                    else key,
                    "problem": translate(locale, problem_id, args),
                    "fix": translate(locale, fix_id, args),
                },
            )
            for locale in SUPPORTED_LOCALES
        ]
        super().__init__("\n".join(lines))


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class WebhookConfig(_Frozen):
    listen: str = "0.0.0.0"
    port: int = Field(default=8443, ge=1, le=65535)
    url: str | None = None
    path: str = "telegram"
    secret_token: SecretStr | None = None


class QuizConfig(_Frozen):
    daily_questions: int = Field(default=5, ge=1, le=50)
    challenge_time_limit: int = Field(default=20, ge=0, le=600)
    # Single-choice and true/false questions as Telegram's own quiz polls instead of buttons.
    polls: bool = False


class ChallengeTier(_Frozen):
    streak: int = Field(ge=1)
    points: int = Field(ge=0)


class ScoringConfig(_Frozen):
    daily_points_per_correct: int = Field(default=1, ge=0)
    daily_max_points: int = Field(default=5, ge=0)
    challenge_tiers: tuple[ChallengeTier, ...] = (
        ChallengeTier(streak=5, points=3),
        ChallengeTier(streak=10, points=6),
    )
    challenge_max_points: int = Field(default=6, ge=0)


class PushConfig(_Frozen):
    # Telegram's flood limits (30 a second per bot, 1 a second per chat, 20 a minute per
    # group) times this factor: the budget every message the bot sends shares, replies first
    # (bot/services/send_budget.py). Raise it only for a self-hosted Bot API server in local
    # mode.
    limit_scale: float = Field(default=1.0, gt=0, le=LIMIT_SCALE_MAX)
    concurrency: int = Field(default=8, ge=1, le=64)
    # Processes that send pushes, the elected scheduler included (PostgreSQL only). They
    # split the bot's rate between them, so more only helps past one process's CPU.
    dispatchers: int = Field(default=1, ge=1, le=16)


class Config(_Frozen):
    token: SecretStr | None = None
    bot_api_base_url: str = TELEGRAM_API_URL
    bot_api_file_url: str = TELEGRAM_FILE_URL
    # Where api.telegram.org is blocked (mainland China), the Bot API is reached through this.
    proxy_url: str | None = None
    database_url: str = "sqlite+aiosqlite:///studybot.db"
    # database_url as the file or the environment wrote it, for `database_url_notice`.
    _database_url_given: str | None = PrivateAttr(default=None)
    timezone: str = "Asia/Shanghai"
    language: Literal["zh", "en"] = "zh"
    admins: tuple[int, ...] = ()
    mode: Literal["polling", "webhook"] = "polling"
    # Updates handled at once (one member's always in order); 1 handles them one by one.
    concurrent_updates: int = Field(default=64, ge=1, le=1024)
    webhook: WebhookConfig = WebhookConfig()
    quizzes_dir: Path = Path("quizzes")
    schedules_dir: Path = Path("schedules")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    quiz: QuizConfig = QuizConfig()
    scoring: ScoringConfig = ScoringConfig()
    pushes: PushConfig = PushConfig()
    # Where relative paths in the file are resolved from: the config file's folder.
    base_dir: Path = Path()

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("unknown-timezone") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        # Operators copy URLs from elsewhere: the plain and psycopg forms mean the async
        # drivers we ship (bot/storage/urls.py).
        return async_driver_url(value).url

    @model_validator(mode="wrap")
    @classmethod
    def _keep_database_url_as_given(
        cls, data: Any, handler: ModelWrapValidatorHandler[Config]
    ) -> Config:
        config = handler(data)
        if isinstance(data, dict) and isinstance(data.get("database_url"), str):
            config._database_url_given = data["database_url"]
        return config

    @field_validator("bot_api_base_url", "bot_api_file_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("bad-api-url")
        return value

    @field_validator("admins", mode="before")
    @classmethod
    def _user_ids(cls, value: Any) -> Any:
        """User ids as an organiser writes them: one alone (admins: 10001), several on one
        line (10001, 20001 or 10001、20001), full-width digits; never true/false (YAML reads
        yes/true as a boolean, which would count as user id 1) nor an @username or a name."""
        ids: list[int] = []
        for item in value if isinstance(value, list | tuple) else [value]:
            if isinstance(item, bool):
                raise ValueError("bad-admins")
            if isinstance(item, int):
                ids.append(item)
                continue
            for word in ADMIN_SEPARATORS.split(unicodedata.normalize("NFKC", str(item or ""))):
                if word and not word.isdigit():
                    raise ValueError("admins-not-ids")
                ids.extend([int(word)] if word else [])
        return tuple(ids)

    @field_validator("proxy_url")
    @classmethod
    def _proxy_scheme(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(PROXY_SCHEMES):
            raise ValueError("bad-proxy-url")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def token_value(self) -> str | None:
        return self.token.get_secret_value() if self.token else None

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def resolve(self, path: Path) -> Path:
        return path if path.is_absolute() else self.base_dir / path

    @property
    def quizzes_path(self) -> Path:
        return self.resolve(self.quizzes_dir)

    @property
    def schedules_path(self) -> Path:
        return self.resolve(self.schedules_dir)


# Fixes for the problems that pydantic reports by type; the key is pydantic's error type or
# the marker a validator above raises.
_FIXES: dict[str, tuple[str, str]] = {
    "unknown-timezone": ("config-problem-timezone", "config-fix-timezone"),
    "bad-database-url": ("config-problem-database-url", "config-fix-database-url"),
    "database-url-libpq-only": (
        "config-problem-database-url-parameter",
        "config-fix-database-url-parameter",
    ),
    "bad-proxy-url": ("config-problem-proxy-url", "config-fix-proxy-url"),
    "bad-api-url": ("config-problem-api-url", "config-fix-api-url"),
    "bad-admins": ("config-problem-admins", "config-fix-admins"),
    "admins-not-ids": ("config-problem-admins-not-ids", "config-fix-admins"),
    "extra_forbidden": ("config-problem-unknown-key", "config-fix-unknown-key"),
    "literal_error": ("config-problem-choice", "config-fix-choice"),
    **dict.fromkeys(
        ("int_parsing", "int_type", "int_from_float"),
        ("config-problem-not-integer", "config-fix-see-example"),
    ),
    **dict.fromkeys(
        ("float_parsing", "float_type"), ("config-problem-not-number", "config-fix-see-example")
    ),
    **dict.fromkeys(
        ("bool_parsing", "bool_type"), ("config-problem-not-boolean", "config-fix-see-example")
    ),
    **dict.fromkeys(("list_type", "tuple_type"), ("config-problem-not-list", "config-fix-list")),
    "string_type": ("config-problem-not-text", "config-fix-see-example"),
    **dict.fromkeys(
        ("dict_type", "model_type", "model_attributes_type"),
        ("config-problem-not-settings", "config-fix-see-example"),
    ),
    "greater_than_equal": ("config-problem-too-small", "config-fix-see-example"),
    "greater_than": ("config-problem-too-small-exclusive", "config-fix-see-example"),
    "less_than_equal": ("config-problem-too-large", "config-fix-see-example"),
    "less_than": ("config-problem-too-large-exclusive", "config-fix-see-example"),
}
# The bound a range error names, under pydantic's name for it.
_BOUNDS = ("ge", "gt", "le", "lt")
# How pydantic lists a Literal's values in English ("'zh' or 'en'"): split to be listed in
# the reader's language.
_EXPECTED_SEPARATORS = re.compile(r", | or ")


# The password of user:password@host in a URL: messages go to the terminal and the journal.
_URL_PASSWORD = re.compile(r"(?<=:)[^:@/\s]+(?=@)")


def _without_password(value: str) -> str:
    return _URL_PASSWORD.sub("***", value)


def _describe(error: ErrorDetails, variables: dict[str, str]) -> ConfigError:
    """`variables`: the keys whose values came from the environment, and from which variable."""
    key = ".".join(str(part) for part in error["loc"]) or "(top level)"
    raised = error.get("ctx", {}).get("error", "")
    marker = str(raised) or error["type"]
    problem_id, fix_id = _FIXES.get(marker, _FIXES.get(error["type"], ("", "")))
    context = error.get("ctx", {})
    given = error.get("input", "")
    args: dict[str, str | list[str]] = {
        "value": _without_password(
            ", ".join(map(str, given)) if isinstance(given, list | tuple) else str(given)
        ),
        "expected": _EXPECTED_SEPARATORS.split(str(context.get("expected", ""))),
        "limit": next((str(context[bound]) for bound in _BOUNDS if bound in context), ""),
        "detail": error["msg"],
        "parameter": getattr(raised, "parameter", ""),
    }
    if not problem_id:
        problem_id, fix_id = "config-problem-invalid", "config-fix-see-example"
    return ConfigError(key, problem_id, fix_id, args, variable=variables.get(key))


def _resolve_relative_url(url: str, base_dir: Path) -> str:
    """A relative SQLite path in the file means relative to the config file, not the cwd."""
    prefix = "sqlite+aiosqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
        return prefix + str((base_dir / url[len(prefix) :]).resolve())
    return url


def parse_config(raw: Any, *, base_dir: Path, environ: dict[str, str] | None = None) -> Config:
    environ = dict(os.environ) if environ is None else environ
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(
            "(top level)",
            "config-problem-not-mapping",
            "config-fix-see-example",
        )
    data = dict(raw)
    variables: dict[str, str] = {}
    if environ.get(TOKEN_ENV):
        data["token"] = environ[TOKEN_ENV]
        variables["token"] = TOKEN_ENV
    if environ.get(DATABASE_URL_ENV):
        data["database_url"] = environ[DATABASE_URL_ENV]
        variables["database_url"] = DATABASE_URL_ENV
    webhook = data.get("webhook")
    if environ.get(WEBHOOK_PORT_ENV) and isinstance(webhook, dict | None):
        data["webhook"] = {**(webhook or {}), "port": environ[WEBHOOK_PORT_ENV]}
        variables["webhook.port"] = WEBHOOK_PORT_ENV
    data["base_dir"] = base_dir
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise _describe(exc.errors()[0], variables) from None
    if config.mode == "webhook" and not config.webhook.url:
        raise ConfigError(
            "webhook.url",
            "config-problem-webhook-url",
            "config-fix-webhook-url",
        )
    secret = config.webhook.secret_token
    # Without the secret anyone who finds the port can post updates as any member or admin.
    if config.mode == "webhook" and not (
        secret and WEBHOOK_SECRET.fullmatch(secret.get_secret_value())
    ):
        raise ConfigError(
            "webhook.secret_token",
            "config-problem-webhook-secret",
            "config-fix-webhook-secret",
        )
    return config.model_copy(
        update={"database_url": _resolve_relative_url(config.database_url, base_dir)}
    )


def database_url_notice(config: Config) -> tuple[str, dict[str, Any]] | None:
    """The message (id and arguments) that says at start-up how a database_url written for
    another driver is used through asyncpg; None when it was used as written."""
    given = config._database_url_given
    changes = async_driver_url(given).changes if given is not None else ()
    if not changes:
        return None
    return "database-url-translated", {
        "changes": [f"{written} → {used}" for written, used in changes]
    }


def load_config(path: Path | None = None, *, environ: dict[str, str] | None = None) -> Config:
    """Read the config file; a missing default file means all defaults (quick start)."""
    chosen = path or DEFAULT_CONFIG_PATH
    if not chosen.exists():
        if path is not None:
            raise ConfigError(
                str(chosen),
                "config-problem-missing-file",
                "config-fix-missing-file",
            )
        return parse_config({}, base_dir=Path.cwd(), environ=environ)
    text = chosen.read_text(encoding="utf-8")
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        line = error_line(exc, text)
        where = f"{chosen}:{line}" if line is not None else str(chosen)
        args = yaml_error_args(exc, text)
        raise ConfigError(where, "config-problem-yaml", "config-fix-yaml", args) from None
    return parse_config(raw, base_dir=chosen.resolve().parent, environ=environ)
