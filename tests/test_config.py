"""Config loading: defaults, environment overrides, and one clear error per mistake."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.config import ConfigError, load_config, parse_config
from tests.content.yaml_mistakes import YAML_MISTAKES

REPO = Path(__file__).resolve().parents[1]


def test_example_config_loads_with_documented_defaults() -> None:
    config = load_config(REPO / "config.example.yaml", environ={})
    assert config.timezone == "Asia/Shanghai"
    assert config.language == "zh"
    assert config.mode == "polling"
    assert config.token_value is None
    assert config.database_url == f"sqlite+aiosqlite:///{REPO / 'studybot.db'}"
    assert config.quizzes_path == REPO / "quizzes"


def test_every_key_of_the_model_is_in_the_example() -> None:
    example = (REPO / "config.example.yaml").read_text(encoding="utf-8")
    from bot.config import Config

    for key in Config.model_fields:
        if key != "base_dir":
            assert f"\n{key}:" in example, key


def test_environment_overrides_token_and_database() -> None:
    config = parse_config(
        {"token": "from-file"},
        base_dir=REPO,
        environ={
            "TELEGRAM_BOT_TOKEN": "123:from-env",
            "STUDYBOT_DATABASE_URL": "postgresql://u@h/db",
        },
    )
    assert config.token_value == "123:from-env"
    assert config.database_url == "postgresql+asyncpg://u@h/db"


@pytest.mark.parametrize(
    ("raw", "key", "words"),
    [
        ({"timezone": "Asia/Shanghia"}, "timezone", "Asia/Shanghai"),
        ({"tokn": "x"}, "tokn", "config.example.yaml"),
        ({"mode": "hook"}, "mode", "polling"),
        ({"database_url": "mysql://x"}, "database_url", "sqlite:///studybot.db"),
        ({"mode": "webhook"}, "webhook.url", "https"),
        ({"mode": "webhook", "webhook": {"url": "https://x"}}, "webhook.secret_token", "openssl"),
        (
            {"mode": "webhook", "webhook": {"url": "https://x", "secret_token": "has space"}},
            "webhook.secret_token",
            "secret_token",
        ),
        ({"quiz": {"daily_questions": 0}}, "quiz.daily_questions", "config.example.yaml"),
        ({"webhook": {"port": 70000}}, "webhook.port", "config.example.yaml"),
        ({"proxy_url": "127.0.0.1:1080"}, "proxy_url", "socks5://"),
        ({"bot_api_base_url": "127.0.0.1:8081/bot"}, "bot_api_base_url", "https://"),
        ({"admins": [True]}, "admins", "/me"),
        ({"concurrent_updates": 0}, "concurrent_updates", "config.example.yaml"),
    ],
)
def test_each_mistake_names_the_key_and_the_fix(
    raw: dict[str, object], key: str, words: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(raw, base_dir=REPO, environ={})
    message = str(caught.value)
    assert caught.value.key == key
    assert f"配置错误：{key}：" in message and f"Config error: {key}:" in message
    assert words in message


@pytest.mark.parametrize(
    ("raw", "chinese", "english"),
    [
        ({"quiz": {"daily_questions": "abc"}}, "“abc”不是整数", '"abc" is not a whole number'),
        ({"quiz": {"polls": "maybe"}}, "“maybe”不是 true 或 false", "is not true or false"),
        ({"quiz": {"daily_questions": 0}}, "0 太小：最小为 1", "0 is too small: 1 at least"),
        ({"webhook": {"port": 70000}}, "70000 太大：最大为 65535", "70000 is too large"),
        ({"pushes": {"limit_scale": 0}}, "0 太小：必须大于 0", "0 is too small: more than 0"),
        ({"pushes": {"limit_scale": "fast"}}, "“fast”不是数字", '"fast" is not a number'),
        ({"scoring": {"challenge_tiers": 5}}, "“5”不是列表", '"5" is not a list'),
        ({"timezone": 8}, "“8”不是文字", '"8" is not text'),
        ({"quiz": 5}, "“5”不是一组设置", '"5" is not a group of settings'),
        ({"language": "english"}, "可选值：'zh'、'en'", "allowed values: 'zh', 'en'"),
    ],
)
def test_a_wrong_value_is_explained_in_each_language(
    raw: dict[str, object], chinese: str, english: str
) -> None:
    """pydantic words its complaints in English: the Chinese line must not quote them."""
    with pytest.raises(ConfigError) as caught:
        parse_config(raw, base_dir=REPO, environ={})
    zh, en = str(caught.value).splitlines()
    assert chinese in zh and english in en, (zh, en)
    assert not re.search(r"[A-Za-z]{3,} [a-z]{3,}", zh.split("修改方法")[0]), zh


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("timezone: Asia/Shanghai\nadmins: [1, 2\nmode: polling\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})
    assert f"{path}:" in caught.value.key


@pytest.mark.parametrize(("text", "words", "line"), YAML_MISTAKES)
def test_yaml_mistakes_are_explained_in_chinese(
    tmp_path: Path, text: str, words: str, line: int
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})
    assert caught.value.key == f"{path}:{line}"
    assert f"配置错误：{path}:{line}：YAML 语法错误：" in str(caught.value)
    assert words in str(caught.value)


def test_named_config_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "nope.yaml", environ={})
    assert "config.example.yaml" in str(caught.value)


def test_relative_sqlite_path_is_next_to_the_config(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("database_url: sqlite:///data/bot.db\n", encoding="utf-8")
    config = load_config(path, environ={})
    assert config.database_url == f"sqlite+aiosqlite:///{tmp_path / 'data' / 'bot.db'}"


def test_each_process_gets_its_webhook_port_from_the_environment() -> None:
    raw = {"webhook": {"url": "https://bot.example.org", "port": 8443}}
    config = parse_config(raw, base_dir=REPO, environ={"STUDYBOT_WEBHOOK_PORT": "8082"})
    assert (config.webhook.port, config.webhook.url) == (8082, "https://bot.example.org")
    bare = parse_config({}, base_dir=REPO, environ={"STUDYBOT_WEBHOOK_PORT": "8083"})
    assert bare.webhook.port == 8083


@pytest.mark.parametrize(
    ("variable", "value", "key"),
    [
        ("STUDYBOT_WEBHOOK_PORT", "web1", "webhook.port"),  # systemctl start studybot@web1
        ("STUDYBOT_DATABASE_URL", "studybot:secret@127.0.0.1/studybot", "database_url"),
    ],
)
def test_a_mistake_in_an_environment_variable_names_the_variable(
    variable: str, value: str, key: str
) -> None:
    """The value came from /etc/studybot/env or the unit, not config.yaml: a message naming
    only the key sent the admin looking for a line that config.yaml does not have."""
    with pytest.raises(ConfigError) as caught:
        parse_config({"webhook": {"port": 8443}}, base_dir=REPO, environ={variable: value})
    message = str(caught.value)
    assert f"配置错误：环境变量 {variable}（{key}）：" in message
    assert f"Config error: environment variable {variable} ({key}):" in message


@pytest.mark.parametrize(
    ("written", "ids"),
    [
        ("admins: 10001", (10001,)),
        ("admins: 10001, 20001", (10001, 20001)),
        ("admins: 10001、20001", (10001, 20001)),
        ("admins: [１０００１]", (10001,)),
        ('admins: ["10001"]', (10001,)),
        ("admins:", ()),
    ],
)
def test_admins_are_read_as_an_organiser_writes_them(
    tmp_path: Path, written: str, ids: tuple[int, ...]
) -> None:
    """The first day's one admin, written without brackets, or two on one line, or typed on
    a Chinese keyboard: the ids, not "Input should be a valid tuple"."""
    path = tmp_path / "config.yaml"
    path.write_text(written + "\n", encoding="utf-8")
    assert load_config(path, environ={}).admins == ids


def test_an_admin_named_by_username_is_told_admins_take_user_ids() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({"admins": ["@zhangsan"]}, base_dir=REPO, environ={})
    message = str(caught.value)
    assert "Input should be" not in message
    assert "@zhangsan" in message and "/me" in message


@pytest.mark.parametrize(
    ("key", "value", "shown"),
    [
        ("database_url", "studybot:s3cret@127.0.0.1/studybot", "studybot:***@127.0.0.1/studybot"),
        ("database_url", "mysql://root:s3cret@db/studybot", "mysql://root:***@db/studybot"),
        ("proxy_url", "ftp://user:s3cret@proxy:1080", "ftp://user:***@proxy:1080"),
    ],
)
def test_a_refused_url_is_quoted_without_its_password(key: str, value: str, shown: str) -> None:
    """The message goes to the terminal and to the journal (systemd): the password in a
    mistyped URL was quoted whole."""
    with pytest.raises(ConfigError) as caught:
        parse_config({key: value}, base_dir=REPO, environ={})
    message = str(caught.value)
    assert "s3cret" not in message and shown in message, message


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgresql+psycopg://u:p@h:5433/db", "postgresql+asyncpg://u:p@h:5433/db"),
        (
            "postgresql+psycopg2://u@h/db?sslmode=require",
            "postgresql+asyncpg://u@h/db?ssl=require",
        ),
        ("postgresql+psycopg_async://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgres://u@h/db?sslmode=verify-full", "postgresql+asyncpg://u@h/db?ssl=verify-full"),
        ("postgresql://u@h/db?sslmode=disable", "postgresql+asyncpg://u@h/db?ssl=disable"),
        (
            "postgresql+asyncpg://u@h/db?ssl=require&prepared_statement_cache_size=0",
            "postgresql+asyncpg://u@h/db?ssl=require&prepared_statement_cache_size=0",
        ),
        (
            "postgresql+psycopg://u@h/db?target_session_attrs=read-write",
            "postgresql+asyncpg://u@h/db?target_session_attrs=read-write",
        ),
    ],
)
def test_a_url_written_for_psycopg_is_used_through_asyncpg(given: str, used: str) -> None:
    """An organiser copies the URL their host gives for psycopg; the bot ships asyncpg, so
    it reads the URL for asyncpg (libpq's sslmode is asyncpg's ssl) instead of refusing it."""
    config = parse_config({"database_url": given}, base_dir=REPO, environ={})
    assert config.database_url == used


@pytest.mark.parametrize(
    ("given", "said"),
    [
        (
            "postgresql+psycopg://u:secret@h/db?sslmode=require",
            [
                "数据库地址 database_url 按 asyncpg 使用：postgresql+psycopg → "
                "postgresql+asyncpg、sslmode=require → ssl=require",
                "database_url is used through asyncpg: postgresql+psycopg → "
                "postgresql+asyncpg, sslmode=require → ssl=require",
            ],
        ),
        ("postgresql://u@h/db", []),
        ("postgresql+asyncpg://u@h/db?ssl=require", []),
        ("sqlite:///bot.db", []),
    ],
)
def test_what_was_changed_in_the_url_is_said_at_start_up(given: str, said: list[str]) -> None:
    from bot.config import database_url_notice
    from bot.locales import translate

    config = parse_config({"database_url": given}, base_dir=REPO, environ={})
    notice = database_url_notice(config)
    shown = [] if notice is None else [translate(lang, *notice) for lang in ("zh", "en")]
    assert shown == said
    assert all("secret" not in line for line in shown)


@pytest.mark.parametrize("parameter", ["connect_timeout", "sslrootcert", "channel_binding"])
def test_a_libpq_setting_asyncpg_cannot_take_is_named(parameter: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(
            {"database_url": f"postgresql+psycopg://u:secret@h/db?sslmode=require&{parameter}=x"},
            base_dir=REPO,
            environ={},
        )
    message = str(caught.value)
    assert caught.value.key == "database_url"
    assert f"“{parameter}”" in message and f'"{parameter}"' in message
    assert "secret" not in message
