"""argparse with its own words (usage, section titles, -h) in the reader's language."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from functools import partial
from typing import Any

from bot.locales import Translator

# What makes a subcommand: its name, and argparse keywords.
MakeCommand = Callable[[str], argparse.ArgumentParser]


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
