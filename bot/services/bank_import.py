"""An admin sends a question bank file to the bot: check it, show what it holds, add it.

The upload waits on disk (`uploads/` next to the SQLite database, or next to the quizzes
folder for PostgreSQL) under a random id that the confirmation button carries, so a
confirmation still works after a restart and needs no table. Confirming reads the file
again, writes the bank YAML into the quizzes folder and reloads the banks; if the new
bank does not load, the folder is put back as it was.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.config import Config
from bot.content.bank_writer import write_atomically
from bot.content.banks import BankCatalog
from bot.content.importers import ImportResult, import_bank
from bot.domain.questions import Bank
from bot.locales import translate
from bot.services.clock import Clock
from bot.services.errors import UserFacingError
from bot.services.identity import Actor, Role
from bot.services.unit import Services

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # a bank of thousands of questions is well below this
PENDING_FOR = timedelta(days=3)  # an unconfirmed upload is dropped after this
UPLOAD_ID = re.compile(r"[0-9a-f]{16}")
_SOURCE = "source"
_META = "upload.json"


def uploads_folder(config: Config) -> Path:
    """Where uploads wait: next to the SQLite file, else next to the quizzes folder."""
    url = make_url(config.database_url)
    database = url.database or ""
    if url.get_backend_name() == "sqlite" and database and database != ":memory:":
        return Path(database).parent / "uploads"
    return config.quizzes_path.parent / "uploads"


@dataclass(frozen=True)
class UploadPreview:
    upload_id: str | None  # None when nothing in the file can be added
    result: ImportResult
    replaces: Bank | None  # the bank with the same id that adding would replace
    id_from_name: bool  # the bank id was made up from the file name

    @property
    def good(self) -> int:
        return 0 if self.result.bank is None else len(self.result.bank)

    @property
    def complete(self) -> bool:
        """Every question in the file can be added."""
        return self.result.writable(skip_bad=False)


@dataclass(frozen=True)
class BankAdded:
    bank: Bank
    path: str  # the bank file, as `studybot check` names it
    replaced: bool


ID_CHARACTER = re.compile(r"[A-Za-z0-9]")


def parse_caption(caption: str | None) -> tuple[str | None, str | None]:
    """ "party-basics 党章基础" -> bank id and title; either may be missing. A caption that
    starts with no Latin letter or digit (党章基础) is a title: no bank id is written so."""
    words = (caption or "").strip().split(maxsplit=1)
    if not words:
        return None, None
    if not ID_CHARACTER.search(words[0]):  # 党章 基础知识: a title alone, the id from the file
        return None, " ".join(words)
    return words[0], (words[1].strip() if len(words) > 1 else None)


class BankImportService:
    def __init__(
        self,
        config: Config,
        clock: Clock,
        catalog: Callable[[], BankCatalog],
        reload: Callable[[], BankCatalog],
    ) -> None:
        self._config = config
        self._clock = clock
        self._catalog = catalog
        self._reload = reload
        self._folder = uploads_folder(config)

    # -- the upload ---------------------------------------------------------------------

    def admit(self, actor: Actor, size: int | None) -> None:
        """Before the file is fetched: only admins add banks, and only files of sane size."""
        if actor.role < Role.ADMIN:
            raise UserFacingError("upload-admins-only")
        if size is not None and size > MAX_UPLOAD_BYTES:
            raise UserFacingError("upload-too-big", size=size, max=MAX_UPLOAD_BYTES)

    async def preview(
        self, actor: Actor, file_name: str, data: bytes, caption: str | None = None
    ) -> UploadPreview:
        """Check the file; keep it for confirmation when something in it can be added."""
        self.admit(actor, len(data))
        bank_id, title = parse_caption(caption)
        result = await asyncio.to_thread(
            import_bank, data, file_name, bank_id=bank_id, title=title
        )
        replaces = None
        if result.bank is not None:
            replaces = self._catalog().by_id(result.bank.id)
        upload_id = None
        if result.writable(skip_bad=True):
            upload_id = await asyncio.to_thread(
                self._keep, actor.member_id, file_name, data, caption
            )
        return UploadPreview(upload_id, result, replaces, result.id_source == "name")

    def _keep(self, member_id: int, file_name: str, data: bytes, caption: str | None) -> str:
        self._drop_stale()
        upload_id = secrets.token_hex(8)
        folder = self._folder / upload_id
        folder.mkdir(parents=True)
        (folder / _SOURCE).write_bytes(data)
        meta = {
            "file_name": file_name,
            "caption": caption,
            "member_id": member_id,
            "uploaded_at": self._clock().isoformat(),
        }
        (folder / _META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        return upload_id

    def _drop_stale(self) -> None:
        if not self._folder.is_dir():
            return
        cutoff = self._clock() - PENDING_FOR
        for folder in self._folder.iterdir():
            try:
                meta = json.loads((folder / _META).read_text(encoding="utf-8"))
                stale = datetime.fromisoformat(meta["uploaded_at"]) < cutoff
            except (OSError, ValueError, KeyError, TypeError):
                stale = True  # half-written or foreign: not an upload anyone can confirm
            if stale:
                shutil.rmtree(folder, ignore_errors=True)

    # -- the answer ---------------------------------------------------------------------

    async def cancel(self, actor: Actor, upload_id: str) -> None:
        actor.require(Role.ADMIN)
        claimed = await asyncio.to_thread(self._claim, upload_id)
        await asyncio.to_thread(shutil.rmtree, claimed, True)

    async def confirm(self, actor: Actor, upload_id: str, *, skip_bad: bool) -> BankAdded:
        """Add the uploaded bank; `skip_bad` leaves out the questions with errors."""
        actor.require(Role.ADMIN)
        claimed = await asyncio.to_thread(self._claim, upload_id)
        try:
            return await asyncio.to_thread(self._add, claimed, skip_bad, actor.locale)
        finally:
            await asyncio.to_thread(shutil.rmtree, claimed, True)

    def _claim(self, upload_id: str) -> Path:
        """Take the upload for this answer only: a second tap, a replayed update or another
        process finds it gone (a rename is atomic)."""
        if not UPLOAD_ID.fullmatch(upload_id):
            raise UserFacingError("upload-expired")
        folder = self._folder / upload_id
        claimed = self._folder / f"{upload_id}.{secrets.token_hex(4)}.taken"
        try:
            folder.rename(claimed)
        except OSError as exc:
            raise UserFacingError("upload-expired") from exc
        return claimed

    def _add(self, claimed: Path, skip_bad: bool, locale: str) -> BankAdded:
        try:
            meta = json.loads((claimed / _META).read_text(encoding="utf-8"))
            data = (claimed / _SOURCE).read_bytes()
        except (OSError, ValueError) as exc:
            raise UserFacingError("upload-expired") from exc
        bank_id, title = parse_caption(meta.get("caption"))
        result = import_bank(data, str(meta.get("file_name", "")), bank_id=bank_id, title=title)
        if not result.writable(skip_bad) or result.bank is None or result.yaml_text is None:
            raise UserFacingError("upload-expired")
        bank = result.bank
        existing = self._catalog().by_id(bank.id)
        target = self._target(bank.id, existing)
        previous = target.read_bytes() if target.exists() else None
        write_atomically(target, result.yaml_text.encode("utf-8"))
        catalog = self._reload()
        loaded = catalog.by_id(bank.id)
        label = _label(target, self._config)
        if loaded is None or loaded.path != label:
            problems = [p for p in catalog.errors if p.path == label]
            # Put the folder back as it was and serve the banks that were there.
            if previous is None:
                target.unlink(missing_ok=True)
            else:
                write_atomically(target, previous)
            self._reload()
            rendered = (p.render(partial(translate, locale)) for p in problems)
            detail = translate(locale, "clause-separator").join(rendered) or label
            raise UserFacingError("upload-failed", detail=detail)
        return BankAdded(loaded, label, existing is not None)

    def _target(self, bank_id: str, existing: Bank | None) -> Path:
        """The bank's own file when it replaces one; else a new file named by its id."""
        folder = self._config.quizzes_path
        if existing is not None:
            path = self._config.resolve(Path(existing.path))
            if path.parent.resolve() == folder.resolve():
                return path
        target = folder / f"{bank_id}.yaml"
        number = 2
        while target.exists():  # a file by that name holds another (or a broken) bank
            target = folder / f"{bank_id}-{number}.yaml"
            number += 1
        return target


def _label(path: Path, config: Config) -> str:
    """How the bank loader names a file (relative to the config's folder when inside it)."""
    try:
        return path.resolve().relative_to(config.base_dir.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def bank_imports(services: Services) -> BankImportService:
    def reload() -> BankCatalog:
        # Schedules are read again too: they may name the bank just added.
        services.load_content()
        return services.catalog

    return BankImportService(services.config, services.clock, services.current_catalog, reload)
