"""One unit of work per update or job: one session, the services bound to it, one commit."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from functools import cached_property

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Config
from bot.content.banks import BankCatalog, load_banks
from bot.content.problems import Problem
from bot.content.schedules import ScheduleCatalog, load_schedules
from bot.domain.schedules import Schedule
from bot.locales import translate
from bot.services.awards import AwardService
from bot.services.clock import Clock
from bot.services.contests import ContestService
from bot.services.drafts import PushDraftService
from bot.services.errors import UserFacingError
from bot.services.exports import ExportService
from bot.services.groups import GroupService
from bot.services.identity import Actor, Role
from bot.services.members import MemberService
from bot.services.party_days import PartyDayService
from bot.services.pushes import PushService
from bot.services.quiz import QuizService
from bot.services.rankings import RankingService
from bot.services.rendering import Renderer
from bot.storage.db import SessionFactory


@dataclass(frozen=True)
class ContentSummary:
    banks: int
    schedules: int
    # The errors, and the warnings of pushes going out without a quiz they lost to them.
    errors: tuple[Problem, ...]

    def problems(self, locale: str) -> list[str]:
        return [p.render(lambda mid, args: translate(locale, mid, args)) for p in self.errors]


class UnitOfWork:
    """One session and the services that work in it, each made when first used: an update
    uses one or two of them."""

    def __init__(self, session: AsyncSession, services: Services) -> None:
        self.session = session
        self._services = services

    @property
    def _shared(self) -> tuple[AsyncSession, Config, Clock]:
        return self.session, self._services.config, self._services.clock

    @cached_property
    def members(self) -> MemberService:
        return MemberService(*self._shared)

    @cached_property
    def quiz(self) -> QuizService:
        services = self._services
        return QuizService(*self._shared, services.current_catalog, services.rng)

    @cached_property
    def groups(self) -> GroupService:
        return GroupService(*self._shared)

    @cached_property
    def rankings(self) -> RankingService:
        return RankingService(*self._shared)

    @cached_property
    def exports(self) -> ExportService:
        return ExportService(*self._shared, self._services.renderer)

    @cached_property
    def pushes(self) -> PushService:
        services = self._services
        return PushService(*self._shared, services.current_schedules, services.current_catalog)

    @cached_property
    def drafts(self) -> PushDraftService:
        return PushDraftService(*self._shared)

    @cached_property
    def contests(self) -> ContestService:
        services = self._services
        return ContestService(*self._shared, services.current_catalog, services.rng)

    @cached_property
    def awards(self) -> AwardService:
        return AwardService(*self._shared)

    @cached_property
    def party_days(self) -> PartyDayService:
        return PartyDayService(*self._shared)


class Services:
    """What the Telegram layer, the console and the CLI share."""

    def __init__(
        self,
        config: Config,
        sessions: SessionFactory,
        clock: Clock,
        catalog: BankCatalog | None = None,
        rng: random.Random | None = None,
        schedules: ScheduleCatalog | None = None,
        reading: SessionFactory | None = None,
        renderer: Renderer | None = None,
    ) -> None:
        self.config = config
        self.sessions = sessions
        # Sessions for long reads (see `unit`); the same ones unless the database needs others.
        self.reading_sessions = reading or sessions
        self.clock = clock
        # Report files (/export, /chart) are rendered in its worker process.
        self.renderer = renderer or Renderer()
        self.catalog = catalog or BankCatalog()
        self.rng = rng or random.Random()
        self.schedules = schedules or ScheduleCatalog()
        # Pushes organisers made with /newpush; they join the file schedules.
        self.chat_schedules: tuple[Schedule, ...] = ()
        self._all_schedules = self.schedules
        # Counts content loads, so other processes can be told to reload too (several
        # processes: bot/tgbot/content_sync.py).
        self.content_version = 0

    def load_content(self) -> ContentSummary:
        """(Re)read the question banks and schedules; files with errors are left out.

        When the bank folder cannot be read, or nothing in it loads any more while banks were
        being served, the old banks stay: members keep playing what worked.
        """
        config = self.config
        try:
            banks = load_banks(config.quizzes_path, base=config.base_dir)
        except OSError:
            banks = self.catalog
        if banks.banks or not self.catalog.banks:
            self.catalog = banks
        self.schedules = load_schedules(
            config.schedules_path,
            base=config.base_dir,
            default_timezone=config.timezone,
            known_banks={bank.id for bank in self.catalog.banks},
            broken_banks=self.catalog.broken,
        )
        summary = ContentSummary(
            banks=len(self.catalog.banks),
            schedules=len(self.schedules.schedules),
            errors=(
                *self.catalog.errors,
                *self.schedules.errors,
                *self.schedules.without_their_banks,
            ),
        )
        self._combine()
        self.content_version += 1
        return summary

    async def load_chat_schedules(self) -> None:
        async with self.unit() as unit:
            self.chat_schedules = await unit.drafts.chat_schedules()
        self._combine()

    def _combine(self) -> None:
        self._all_schedules = replace(
            self.schedules, schedules=(*self.schedules.schedules, *self.chat_schedules)
        )

    def reload_content(self, actor: Actor) -> ContentSummary:
        actor.require(Role.ADMIN)
        return self.load_content()

    def current_catalog(self) -> BankCatalog:
        return self.catalog

    def current_schedules(self) -> ScheduleCatalog:
        """File schedules and the ones made in chat."""
        return self._all_schedules

    @asynccontextmanager
    async def unit(self, *, long_read: bool = False) -> AsyncIterator[UnitOfWork]:
        """`long_read`: a unit that only reads, and may read for long (a report over the
        ledger's history). On SQLite its statements run on a worker thread
        (bot.storage.db.create_reading_engine), so members are answered meanwhile; it
        cannot write."""
        sessions = self.reading_sessions if long_read else self.sessions
        async with sessions() as session:
            # The ledger files each award under its local day, week ... (running totals).
            session.info["zone"] = self.config.zone
            unit = UnitOfWork(session, self)
            try:
                yield unit
            except UserFacingError:
                # Services check before they change anything, so what was written before an
                # expected refusal (such as registering the caller) is valid and kept.
                await session.commit()
                raise
            await session.commit()
