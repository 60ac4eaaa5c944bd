"""The command-line conventions every management command follows (README, "Kommandolinje").

- Data goes to stdout: CSV (UTF-8, no BOM, comma, minimal quoting, "\\n" line ends, header first) or JSON
  (sorted keys, UTF-8, dates as YYYY-MM-DD).
- Bad or missing arguments: one line "error: message" on stderr, exit 2, nothing written.
- Rejected input: every problem on stderr as "line N: message", in line order, exit 1, nothing written.
- A command that writes prints nothing on stdout and "recorded=N unchanged=M" on stderr.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from . import dates
from .text import excerpt


class ArgumentError(Exception):
    """A bad or missing argument: exit 2."""


class InputRejected(Exception):
    """Input with problems: every problem is a (line, message) pair, given in line order; exit 1."""

    def __init__(self, problems: Sequence[tuple[int, str]]):
        super().__init__(f"{len(problems)} problems")
        self.problems = list(problems)


class _Parser(CommandParser):
    def error(self, message: str) -> NoReturn:  # argparse's own errors follow the convention too
        sys.stderr.write(f"error: {message}\n")
        sys.exit(2)


class PortalCommand(BaseCommand):
    """A management command that follows the CLI conventions."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = _Parser
        return parser

    def execute(self, *args: Any, **options: Any) -> None:
        if options.get("stdout"):  # call_command(..., stdout=buffer) is honoured, as Django's own commands do
            self.stdout = OutputWrapper(options["stdout"])
        try:
            output = self.run(**options)
        except ArgumentError as exc:
            sys.stderr.write(f"error: {exc}\n")
            sys.exit(2)
        except InputRejected as exc:
            for line, message in exc.problems:
                sys.stderr.write(f"line {line}: {message}\n")
            sys.exit(1)
        if output:
            self.stdout.write(output, ending="")

    def run(self, *args: Any, **options: Any) -> str | None:  # pragma: no cover - every command overrides it
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:  # BaseCommand requires it; execute() is used
        raise CommandError("use execute()")

    @staticmethod
    def summary(*, recorded: int, unchanged: int) -> None:
        sys.stderr.write(f"recorded={recorded} unchanged={unchanged}\n")


def parse_date(value: str, *, name: str, narrower_rule: bool = False) -> datetime.date:
    """A date argument, YYYY-MM-DD in ASCII digits, within the portal's bounds (common.dates); with
    `narrower_rule` the caller checks a narrower window itself (the fact registry's) and says so in its words."""
    found = dates.parse_iso_date(value, bounded=False)
    if found is None:
        raise ArgumentError(f"{name} must be a date YYYY-MM-DD, got {excerpt(value)!r}")
    if not narrower_rule and not dates.in_bounds(found):
        raise ArgumentError(f"{name} must lie between {dates.EARLIEST_DATE} and {dates.LATEST_DATE}, got {value}")
    return found


def parse_datetime(value: str, *, name: str) -> datetime.datetime:
    """An ISO date and time argument (with or without its UTC offset), within the portal's bounds."""
    try:
        moment = datetime.datetime.fromisoformat(value) if isinstance(value, str) and value.isascii() else None
    except ValueError:
        moment = None
    if moment is None:
        raise ArgumentError(f"{name} must be an ISO date and time, got {excerpt(value)!r}")
    if not dates.in_bounds(moment.date()):
        raise ArgumentError(f"{name} must lie between {dates.EARLIEST_DATE} and {dates.LATEST_DATE}, got {value}")
    return moment


# Text a spreadsheet would read as a formula (RELIABILITY.md X-1): written with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def csv_safe(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_safe(v) for v in row])
    return buffer.getvalue()


def json_text(data: Any) -> str:
    def default(value: Any) -> Any:
        if isinstance(value, datetime.datetime | datetime.date):
            return value.isoformat()
        raise TypeError(f"not JSON serialisable: {type(value).__name__}")

    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1, default=default) + "\n"


def read_csv(
    path: str | Path, *, header: Sequence[str], optional: Sequence[str] = ()
) -> list[tuple[int, dict[str, str]]]:
    """Read a CSV file in the convention's format; returns (line number, row) pairs.

    A BOM is accepted. A file that looks like a Norwegian Excel export (semicolons) is rejected with a hint.
    """
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ArgumentError(f"cannot read {path}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputRejected([(1, "the file is not UTF-8 (save it as 'CSV UTF-8' in Excel)")]) from None
    lines = text.splitlines()
    if not lines:
        raise InputRejected([(1, "the file is empty; expected the header " + ",".join(header))])
    first = lines[0]
    if ";" in first and "," not in first:
        raise InputRejected(
            [
                (
                    1,
                    "the file uses semicolons, as a Norwegian Excel export does; "
                    "save it as comma-separated 'CSV UTF-8' with the header " + ",".join(header),
                )
            ]
        )
    got = next(csv.reader([first]))
    allowed = [*header, *optional]
    if got[: len(header)] != list(header) or any(c not in allowed for c in got):
        raise InputRejected(
            [
                (
                    1,
                    f"expected the header {','.join(header)}"
                    + (f" (optional: {','.join(optional)})" if optional else "")
                    + f", got {first}",
                )
            ]
        )
    rows: list[tuple[int, dict[str, str]]] = []
    reader = csv.reader(io.StringIO(text))
    next(reader)
    problems: list[tuple[int, str]] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(got):
            problems.append((line, f"expected {len(got)} columns, got {len(row)}"))
            continue
        rows.append((line, {k: v.strip() for k, v in zip(got, row, strict=True)}))
    if problems:
        raise InputRejected(problems)
    return rows
