"""Documents rendered as a recipient would print them: LibreOffice turns every document of a test run into a PDF
in one `soffice` call, and `pdftotext` reads the printed pages back for assertions.

A test module lists what it wants rendered in `DOCUMENTS` below: a name and a builder. Each builder runs on the
test database inside a transaction that is rolled back afterwards (so the data it makes never leaks into other
tests) and returns `(filename, bytes)`. The session fixture `rendered_documents` builds every listed document,
converts them all at once, and answers `RenderedDocument` objects by name. A module that uses the fixture
is marked `django_db` (pytest-django sets up the test database only for runs with such tests).

The test command installs LibreOffice only when `soffice` is missing (scripts/test.sh); rendered files live in
a temporary folder, never in the repository.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# name -> "module:function"; the function takes no arguments and returns (filename, bytes).
DOCUMENTS: dict[str, str] = {}

SOFFICE_TIMEOUT = 240


@dataclass(frozen=True)
class RenderedDocument:
    name: str
    source: Path
    pdf: Path

    def pages(self) -> list[str]:
        """The text of every printed page, in order (pdftotext separates pages with a form feed)."""
        text = subprocess.run(
            ["pdftotext", "-layout", str(self.pdf), "-"], check=True, capture_output=True, text=True, timeout=60
        ).stdout
        pages = text.split("\f")
        if pages and not pages[-1].strip():
            pages.pop()
        return pages

    def png_pages(self, folder: Path) -> list[Path]:
        """The pages as PNG files (for looking at them by hand)."""
        prefix = folder / self.pdf.stem
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(self.pdf), str(prefix)], check=True, timeout=120)
        return sorted(folder.glob(f"{self.pdf.stem}*.png"))


def builder(path: str) -> Callable[[], tuple[str, bytes]]:
    module, _sep, function = path.partition(":")
    return getattr(importlib.import_module(module), function)


def convert_all(sources: list[Path], outdir: Path) -> None:
    """One soffice call for every document; a private profile so parallel runs never share one."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed; scripts/test.sh installs it")
    profile = Path(tempfile.mkdtemp(prefix="lhl-soffice-profile-"))
    try:
        subprocess.run(
            [
                soffice,
                "--headless",
                "--norestore",
                f"-env:UserInstallation={profile.as_uri()}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *map(str, sources),
            ],
            check=True,
            capture_output=True,
            timeout=SOFFICE_TIMEOUT,
            env={**os.environ, "HOME": str(profile)},
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
