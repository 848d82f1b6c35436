"""Files uploaded by the bot or by users, addressable by file_id and downloadable by path."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from typing import Any

from bot.sandbox.errors import bad_request
from bot.sandbox.params import UploadedFile

MAX_DOWNLOAD = 20 * 1024 * 1024  # getFile refuses bigger files, as Telegram does
# The sandbox does not decode images, so every photo has this nominal size.
PHOTO_SIZE = (320, 320)


@dataclass(frozen=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    file_name: str
    mime_type: str
    content: bytes
    file_path: str

    def document_json(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.file_name,
            "mime_type": self.mime_type,
            "file_size": len(self.content),
        }

    def photo_json(self) -> list[dict[str, Any]]:
        width, height = PHOTO_SIZE
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "width": width,
                "height": height,
                "file_size": len(self.content),
            }
        ]

    def file_json(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
            "file_path": self.file_path,
        }


class FileStore:
    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}

    def add(self, upload: UploadedFile, kind: str) -> StoredFile:
        """Store an upload; ``kind`` ("documents", "photos") is the folder of its path."""
        number = len(self._by_id)
        digest = hashlib.sha256(upload.content).hexdigest()
        suffix = upload.filename.rpartition(".")[2] if "." in upload.filename else "bin"
        mime = upload.mime_type or mimetypes.guess_type(upload.filename)[0]
        stored = StoredFile(
            file_id=f"SBX{kind[:3].upper()}{number:06d}{digest[:24]}",
            file_unique_id=f"U{digest[:15]}",
            file_name=upload.filename,
            mime_type=mime or "application/octet-stream",
            content=upload.content,
            file_path=f"{kind}/file_{number}.{suffix}",
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def resolve(self, ref: UploadedFile | str, kind: str) -> StoredFile:
        """An upload becomes a new file; a string must be a file_id the sandbox issued."""
        if isinstance(ref, UploadedFile):
            return self.add(ref, kind)
        if ref.startswith(("http://", "https://")):
            # The sandbox never reaches the internet, so URLs fail like unreachable ones.
            raise bad_request("failed to get HTTP URL content")
        return self.by_id(ref)

    def by_id(self, file_id: str) -> StoredFile:
        stored = self._by_id.get(file_id)
        if stored is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return stored

    def by_path(self, file_path: str) -> StoredFile | None:
        return self._by_path.get(file_path)
