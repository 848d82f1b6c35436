"""A consistent copy of the SQLite database, safe to take while the bot runs.

Copying `studybot.db` with `cp` while the bot writes can catch a half-written page, and
misses what still sits in the `-wal` file; SQLite's online backup copies one snapshot.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path


class BackupError(Exception):
    """A backup that cannot be taken: `message_id` and `details` say why, for the catalogs."""

    def __init__(self, message_id: str, **args: object) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.details = args


def default_target(database: Path, now: datetime, folder: Path | None = None) -> Path:
    """A dated copy's name, in `folder` or next to the database."""
    name = f"{database.stem}-backup-{now:%Y%m%d-%H%M%S}{database.suffix}"
    return (database.parent if folder is None else folder) / name


def backup_sqlite(database: Path, target: Path) -> int:
    """Copy `database` to `target` (a new file); the size of the copy in bytes."""
    if not database.is_file():
        raise BackupError("backup-no-database", path=str(database))
    if target.exists():
        raise BackupError("backup-target-exists", path=str(target))
    if not target.parent.is_dir():
        raise BackupError("backup-no-folder", path=str(target.parent))
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    except sqlite3.Error as error:  # the database unreadable, the target's folder unwritable
        target.unlink(missing_ok=True)  # never leave half a backup that looks whole
        raise BackupError(
            "backup-failed", path=str(target), database=str(database), detail=str(error)
        ) from None
    finally:
        source.close()
    return target.stat().st_size
