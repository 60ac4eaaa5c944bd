"""Writing a job's file so that a reader never sees a partial one: temp name in the same folder, then rename."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata

from django.core.files.base import ContentFile
from django.core.files.storage import Storage

MAX_FILENAME = 150


def safe_filename(name: str, *, fallback: str = "fil") -> str:
    """The download name: no folders, no control characters, bounded length, extension kept."""
    name = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"\s+", " ", name).strip(" .") or fallback
    if len(name) > MAX_FILENAME:
        stem, dot, ext = name.rpartition(".")
        ext = ext if dot and len(ext) <= 10 else ""
        name = stem[: MAX_FILENAME - len(ext) - 1].rstrip() + (f".{ext}" if ext else "")
    return name


def write_atomically(storage: Storage, name: str, content: bytes) -> str:
    """Store content under name (a fresh generated name) and return the stored name. On any failure nothing
    is left behind: no partial file under the final name and no temp file."""
    try:
        final = storage.path(name)
    except NotImplementedError:  # a remote storage: save, and remove whatever a failed save left
        try:
            return storage.save(name, ContentFile(content))
        except BaseException:
            with contextlib.suppress(Exception):
                storage.delete(name)
            raise
    folder = os.path.dirname(final)
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o640)
        os.replace(tmp, final)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return name


def delete_quietly(storage: Storage, name: str) -> None:
    if name:
        with contextlib.suppress(Exception):
            storage.delete(name)
