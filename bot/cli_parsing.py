"""argparse with its own words (usage, section titles, -h) in the reader's language."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from bot.locales import Translator

# What makes a subcommand: its name, and argparse keywords.
MakeCommand = Callable[[str], argparse.ArgumentParser]
# argparse's error messages (its gettext message ids, %-formats it fills in itself), by the
# catalog message that says the same in the reader's language.
_ERRORS = {
    "%(prog)s: error: %(message)s\n": "cli-error",
    "argument %(argument_name)s: %(message)s": "cli-error-argument",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli-error-invalid-choice",
    "invalid %(type)s value: %(value)r": "cli-error-invalid-value",
    "the following arguments are required: %s": "cli-error-required",
    "unrecognized arguments: %s": "cli-error-unrecognized",
    "not allowed with argument %s": "cli-error-not-allowed-with",
    "one of the arguments %s is required": "cli-error-one-required",
    "expected one argument": "cli-error-expected-one",
    "expected at most one argument": "cli-error-expected-at-most-one",
    "expected at least one argument": "cli-error-expected-at-least-one",
    "ambiguous option: %(option)s could match %(matches)s": "cli-error-ambiguous",
}


class _UsageInLanguage(argparse.HelpFormatter):
    def __init__(self, prog: str, *, usage_prefix: str) -> None:
        super().__init__(prog)
        self._usage_prefix = usage_prefix

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        # argparse passes prefix="" itself when it builds a subcommand's name: kept as is.
        super().add_usage(usage, actions, groups, self._usage_prefix if prefix is None else prefix)


def parser_texts(t: Translator) -> dict[str, Any]:
    """Keywords for `ArgumentParser` and `add_parser`: the usage line in `t`'s language,
    and no built-in -h (`localised_parser` adds one that says what it does in it)."""
    return {
        "formatter_class": partial(_UsageInLanguage, usage_prefix=_usage_prefix(t)),
        "add_help": False,
    }


def _usage_prefix(t: Translator) -> str:
    prefix = t("cli-usage")
    # "usage:" wants a space before the command; a full-width "用法：" has its own.
    return prefix + " " if prefix.endswith(":") else prefix


def localised_parser(t: Translator, **kwargs: Any) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(**parser_texts(t), **kwargs)
    _localise(parser, t)
    return parser


def command_maker(parser: argparse.ArgumentParser, t: Translator) -> MakeCommand:
    """`studybot`'s subcommands: `make("run")` adds one, its help from "cli-run"."""
    sub = parser.add_subparsers(dest="command", required=True, title=t("cli-commands"))

    def make(name: str) -> argparse.ArgumentParser:
        command: argparse.ArgumentParser = sub.add_parser(
            name, help=t(f"cli-{name}"), **parser_texts(t)
        )
        _localise(command, t)
        return command

    return make


def _localise(parser: argparse.ArgumentParser, t: Translator) -> None:
    # argparse keeps its two section titles in these attributes, fixed in English.
    parser._positionals.title = t("cli-positionals")
    parser._optionals.title = t("cli-options")
    parser.add_argument("-h", "--help", action="help", help=t("cli-help"))


@contextmanager
def errors_in_language(t: Translator) -> Iterator[None]:
    """argparse's error messages ("invalid choice", "the following arguments are required")
    in `t`'s language while parsing: argparse looks each up through its module's gettext
    function `_` when it raises it, which here answers from the catalog (a message it has
    not got, such as one a later Python adds, stays argparse's English)."""
    module = vars(argparse)
    english = module["_"]

    def lookup(message: str) -> str:
        message_id = _ERRORS.get(message)
        if message_id is None:
            return str(english(message))
        return t(message_id) + ("\n" if message.endswith("\n") else "")

    module["_"] = lookup
    try:
        yield
    finally:
        module["_"] = english
