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
    CommandSpec("join", Role.MEMBER),
    CommandSpec("leave", Role.MEMBER),
    CommandSpec("me", Role.MEMBER),
    CommandSpec("rank", Role.MEMBER),
    CommandSpec("partyday", Role.MEMBER),
    CommandSpec("newpush", Role.ORGANISER),
    CommandSpec("cancel", Role.ORGANISER),
    CommandSpec("schedules", Role.ORGANISER),
    CommandSpec("preview", Role.ORGANISER),
    CommandSpec("pushnow", Role.ORGANISER),
    CommandSpec("pause", Role.ORGANISER),
    CommandSpec("resume", Role.ORGANISER),
    CommandSpec("pushstats", Role.ORGANISER),
    CommandSpec("nudge", Role.ORGANISER),
    CommandSpec("contest", Role.ORGANISER),
    CommandSpec("stopcontest", Role.ORGANISER),
    CommandSpec("reload", Role.ADMIN),
    CommandSpec("grant", Role.ADMIN),
    CommandSpec("revoke", Role.ADMIN),
    CommandSpec("top", Role.ORGANISER),
    CommandSpec("groups", Role.ORGANISER),
    CommandSpec("standouts", Role.ORGANISER),
    CommandSpec("export", Role.ORGANISER),
    CommandSpec("award", Role.ORGANISER),
    CommandSpec("unaward", Role.ORGANISER),
    CommandSpec("partydays", Role.ORGANISER),
    CommandSpec("chart", Role.ORGANISER),
    CommandSpec("grouplist", Role.ORGANISER),
    CommandSpec("newgroup", Role.ADMIN),
    CommandSpec("renamegroup", Role.ADMIN),
    CommandSpec("delgroup", Role.ADMIN),
    CommandSpec("newcode", Role.ADMIN),
    CommandSpec("move", Role.ADMIN),
    CommandSpec("removemember", Role.ADMIN),
    CommandSpec("linkgroup", Role.ADMIN),
)


COMMAND_NAMES = frozenset(command.name for command in COMMANDS)


def commands_for(role: Role) -> list[CommandSpec]:
    return [command for command in COMMANDS if command.role <= role]
