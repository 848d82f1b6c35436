"""The commands the bot knows, who may use them, and where their help text is."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.identity import Role


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    role: Role

    @property
    def help_id(self) -> str:
        return f"cmd-{self.name}"


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("start", Role.MEMBER),
    CommandSpec("help", Role.MEMBER),
    CommandSpec("lang", Role.MEMBER),
    CommandSpec("quiz", Role.MEMBER),
    CommandSpec("challenge", Role.MEMBER),
    CommandSpec("practice", Role.MEMBER),
    CommandSpec("stop", Role.MEMBER),
    CommandSpec("banks", Role.MEMBER),
    CommandSpec("grant", Role.ADMIN),
    CommandSpec("revoke", Role.ADMIN),
)


def commands_for(role: Role) -> list[CommandSpec]:
    return [command for command in COMMANDS if command.role <= role]
