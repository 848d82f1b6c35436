"""Message catalogs: Fluent files per locale, Chinese first, English second.

Every text a member, organiser or admin reads comes from here; code only names message ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.resolver import MAX_PART_LENGTH

LOCALES_DIR = Path(__file__).parent
DEFAULT_LOCALE = "zh"
SUPPORTED_LOCALES: tuple[str, ...] = ("zh", "en")


class MissingMessageError(KeyError):
    """A message id that a catalog does not define: a bug, caught by the catalog test."""


def normalize_locale(code: str | None, fallback: str = DEFAULT_LOCALE) -> str:
    """Map a Telegram language_code ('zh-hans', 'en-US', ...) onto a supported locale."""
    if not code:
        return fallback
    base = code.split("-")[0].split("_")[0].lower()
    return base if base in SUPPORTED_LOCALES else fallback


def catalog_files(locale: str) -> list[Path]:
    return sorted((LOCALES_DIR / locale).glob("*.ftl"))


@cache
def _bundle(locale: str) -> FluentBundle:
    # use_isolating=False: Unicode isolation marks would show up as junk in Telegram clients.
    bundle = FluentBundle([locale], use_isolating=False)
    for path in catalog_files(locale):
        bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
    return bundle


def message_ids(locale: str) -> set[str]:
    bundle = _bundle(locale)
    return set(bundle._messages)


def translate(locale: str, message_id: str, args: Mapping[str, Any] | None = None) -> str:
    bundle = _bundle(locale if locale in SUPPORTED_LOCALES else DEFAULT_LOCALE)
    if not bundle.has_message(message_id):
        raise MissingMessageError(f"{locale}: no message {message_id!r}")
    message = bundle.get_message(message_id)
    if message.value is None:
        raise MissingMessageError(f"{locale}: message {message_id!r} has no value")
    listed = {
        key: translate(locale, "list-separator").join(map(str, value))
        if isinstance(value, list | tuple)
        else _formattable(value)
        for key, value in (args or {}).items()
    }
    values, long_values = _set_aside_long_values(listed)
    text, errors = bundle.format_pattern(message.value, values)
    if errors:
        raise MissingMessageError(f"{locale}: {message_id!r}: {errors[0]}")
    text = str(text)
    for marker, value in long_values.items():
        text = text.replace(marker, value)
    return text


def in_every_language(message_id: str, args: Mapping[str, Any] | None = None) -> str:
    """For an operator whose language the config may not tell (before the bot runs, in
    the log): the message in each language, a line each."""
    return "\n".join(translate(locale, message_id, args) for locale in SUPPORTED_LOCALES)


# Fluent formats numbers as decimals of limited precision and fails past it (a count typed
# as thirty digits); no number the bot formats comes near this.
FORMATTED_NUMBER_MAX = 10**18


def _formattable(value: Any) -> Any:
    """`value`, or an integer too large for Fluent's number formatting as its digits."""
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and abs(value) > FORMATTED_NUMBER_MAX
    ):
        return str(value)
    return value


def _set_aside_long_values(args: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Fluent refuses to format a text value over MAX_PART_LENGTH characters (its guard
    against runaway expansion), but an explanation or a member's typed answer can be longer:
    such a value goes in as a marker, put back after formatting."""
    values = dict(args)
    long_values: dict[str, str] = {}
    for key, value in args.items():
        if isinstance(value, str) and len(value) > MAX_PART_LENGTH:
            marker = f"\ue000{len(long_values)}\ue000"  # private use: no catalog has it
            values[key] = marker
            long_values[marker] = value
    return values, long_values


class Translator:
    """Bound to one locale; what services and handlers pass around."""

    def __init__(self, locale: str = DEFAULT_LOCALE) -> None:
        self.locale = locale if locale in SUPPORTED_LOCALES else DEFAULT_LOCALE

    def __call__(self, message_id: str, **args: Any) -> str:
        return translate(self.locale, message_id, args)
