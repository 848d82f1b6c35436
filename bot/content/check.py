"""`studybot check`: every problem in the config, the question banks and the schedules.

Touches no database and no network, so an organiser can run it before publishing a change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.config import Config
from bot.content.banks import BankCatalog, load_banks
from bot.content.problems import Problem, ProblemArg, has_errors, sort_problems
from bot.content.schedules import load_schedules
from bot.domain.schedules import Schedule, next_fire_times
from bot.locales import translate


@dataclass(frozen=True)
class CheckReport:
    problems: tuple[Problem, ...]
    banks: int
    questions: int
    schedules: int

    @property
    def has_errors(self) -> bool:
        return has_errors(self.problems)

    def lines(self, locale: str) -> list[str]:
        def tr(message_id: str, args: Mapping[str, ProblemArg]) -> str:
            return translate(locale, message_id, args)

        lines = [p.render(tr) for p in sort_problems(self.problems)]
        errors = sum(1 for p in self.problems if p.is_error)
        warnings = len(self.problems) - errors
        lines.append(
            tr(
                "check-summary",
                {
                    "banks": self.banks,
                    "questions": self.questions,
                    "schedules": self.schedules,
                    "errors": errors,
                    "warnings": warnings,
                },
            )
        )
        return lines


def config_problems(config: Config) -> list[Problem]:
    """What in the config works but leaves the bot without someone to run it."""
    if config.admins:
        return []
    return [Problem("config.yaml", None, None, "config-no-admins", severity="warning")]


def stale_schedule_problems(schedules: Sequence[Schedule], now: datetime) -> list[Problem]:
    """Schedules that are on but will never push again: a one-time trigger that has passed,
    or an active range that has ended. Valid when written, so the loader (which knows no
    date) cannot tell; the organiser who copied last year's file wants to know."""
    return [
        _no_more_fires(schedule)
        for schedule in schedules
        if schedule.enabled and not next_fire_times(schedule, now, 1)
    ]


def _no_more_fires(schedule: Schedule) -> Problem:
    """The range's end when a repeating trigger outlived it, else the trigger itself."""
    if schedule.trigger.kind != "once" and schedule.active_until is not None:
        code, args = "schedule-active-ended", {"until": schedule.active_until.isoformat()}
    else:
        code, args = "schedule-no-more-fires", {"trigger": schedule.trigger.text}
    return Problem(schedule.path, schedule.line, schedule.id, code, args, severity="warning")


def disabled_bank_problems(schedules: Sequence[Schedule], banks: BankCatalog) -> list[Problem]:
    """Schedules that are on and whose quiz button or contest draws from a bank switched off
    (enabled: false): the button would find no questions, the contest would not start. Each
    file is valid alone (the bank exists), so only a check that reads both can tell."""
    disabled = {bank.id for bank in banks.banks if not bank.enabled}
    problems = []
    for schedule in schedules:
        if not schedule.enabled:
            continue
        content = schedule.content
        used = {
            content.quiz_bank,
            content.contest.bank if content.contest else None,
            *(item.quiz_bank for item in content.series_items),
        }
        problems += [
            Problem(
                schedule.path,
                schedule.line,
                schedule.id,
                "schedule-bank-disabled",
                {"bank": bank},
                severity="warning",
            )
            for bank in sorted(b for b in used if b in disabled)
        ]
    return problems


def check_all(config: Config, now: datetime) -> CheckReport:
    banks = load_banks(config.quizzes_path, base=config.base_dir)
    schedules = load_schedules(
        config.schedules_path,
        base=config.base_dir,
        default_timezone=config.timezone,
        known_banks={bank.id for bank in banks.banks},
        broken_banks=banks.broken,
    )
    return CheckReport(
        problems=(
            *config_problems(config),
            *banks.problems,
            *schedules.problems,
            *stale_schedule_problems(schedules.schedules, now),
            *disabled_bank_problems(schedules.schedules, banks),
        ),
        banks=len(banks.banks),
        questions=sum(len(bank) for bank in banks.banks),
        schedules=len(schedules.schedules),
    )
