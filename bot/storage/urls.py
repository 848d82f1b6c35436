"""Database URLs as operators copy them, read for the async drivers the bot ships.

A host or a how-to often gives a PostgreSQL URL for psycopg (`postgresql+psycopg://`,
`postgresql+psycopg2://`) or libpq (`postgresql://…?sslmode=require`). The bot talks to
PostgreSQL through asyncpg only (bot/tgbot/content_sync.py uses asyncpg's own LISTEN), so
such a URL is read as the same database through asyncpg: SQLAlchemy hands every query
parameter to `asyncpg.connect` as a keyword, where libpq's `sslmode` is called `ssl` (with
the same values). libpq settings asyncpg has no keyword for are refused by name rather than
failing at the first connection.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError

ASYNCPG = "postgresql+asyncpg"
AIOSQLITE = "sqlite+aiosqlite"
# The PostgreSQL drivers a URL may name; all of them mean asyncpg here.
_POSTGRESQL_DRIVERS = frozenset(
    {
        "postgresql",
        "postgres",
        ASYNCPG,
        "postgresql+psycopg",
        "postgresql+psycopg2",
        "postgresql+psycopg_async",
    }
)
# libpq's names for what asyncpg.connect takes under another.
_RENAMED = {"sslmode": "ssl"}
# libpq settings asyncpg.connect has no keyword for: passed on, the first connection would
# fail with "unexpected keyword argument".
LIBPQ_ONLY = frozenset(
    {
        "application_name",
        "channel_binding",
        "client_encoding",
        "connect_timeout",
        "gssencmode",
        "keepalives",
        "keepalives_count",
        "keepalives_idle",
        "keepalives_interval",
        "options",
        "requiressl",
        "sslcert",
        "sslcompression",
        "sslcrl",
        "sslkey",
        "sslpassword",
        "sslrootcert",
        "sslsni",
        "tcp_user_timeout",
    }
)


class UnsupportedDatabaseUrl(ValueError):
    """`str()` is the config's marker for the catalogs; `parameter` the setting refused."""

    def __init__(self, marker: str, parameter: str = "") -> None:
        super().__init__(marker)
        self.parameter = parameter


@dataclass(frozen=True, slots=True)
class DriverUrl:
    url: str
    # What was changed for asyncpg, each as (written, used): the driver, renamed parameters.
    changes: tuple[tuple[str, str], ...] = ()


def async_driver_url(url: str) -> DriverUrl:
    """`url` for aiosqlite or asyncpg; UnsupportedDatabaseUrl when neither can use it."""
    if url.startswith(("sqlite://", f"{AIOSQLITE}://")):
        return DriverUrl(AIOSQLITE + url[url.index("://") :])
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UnsupportedDatabaseUrl("bad-database-url") from None
    if parsed.drivername not in _POSTGRESQL_DRIVERS:
        raise UnsupportedDatabaseUrl("bad-database-url")
    changes: list[tuple[str, str]] = []
    # The plain forms (postgresql://, postgres://) name no driver: asyncpg is no change.
    if "+" in parsed.drivername and parsed.drivername != ASYNCPG:
        changes.append((parsed.drivername, ASYNCPG))
    query: dict[str, str | tuple[str, ...]] = {}
    for name, value in parsed.query.items():
        if name in LIBPQ_ONLY:
            raise UnsupportedDatabaseUrl("database-url-libpq-only", name)
        used = _RENAMED.get(name, name)
        if used != name:
            changes.append((f"{name}={value}", f"{used}={value}"))
        query[used] = value
    if parsed.drivername == ASYNCPG and not changes:
        return DriverUrl(url)  # as written, its parameters in their order
    asyncpg = parsed.set(drivername=ASYNCPG, query=query)
    return DriverUrl(asyncpg.render_as_string(hide_password=False), tuple(changes))
