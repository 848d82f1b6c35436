"""One unit of work per update or job: one session, the services bound to it, one commit."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Config
from bot.content.banks import BankCatalog
from bot.services.clock import Clock
from bot.services.errors import UserFacingError
from bot.services.members import MemberService
from bot.services.quiz import QuizService
from bot.storage.db import SessionFactory


@dataclass
class UnitOfWork:
    session: AsyncSession
    members: MemberService
    quiz: QuizService


class Services:
    """What the Telegram layer, the console and the CLI share."""

    def __init__(
        self,
        config: Config,
        sessions: SessionFactory,
        clock: Clock,
        catalog: BankCatalog,
        rng: random.Random | None = None,
    ) -> None:
        self.config = config
        self.sessions = sessions
        self.clock = clock
        self.catalog = catalog
        self.rng = rng or random.Random()

    def current_catalog(self) -> BankCatalog:
        return self.catalog

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[UnitOfWork]:
        async with self.sessions() as session:
            unit = UnitOfWork(
                session=session,
                members=MemberService(session, self.config, self.clock),
                quiz=QuizService(session, self.config, self.clock, self.current_catalog, self.rng),
            )
            try:
                yield unit
            except UserFacingError:
                # Services check before they change anything, so what was written before an
                # expected refusal (such as registering the caller) is valid and kept.
                await session.commit()
                raise
            await session.commit()
