#!/usr/bin/env python3
"""The backup round trip (issue 10): back up, restore into a fresh database and folder, and prove that the
restored portal is the same.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lhl MEDIA_ROOT=var/media \
        .venv/bin/python scripts/backup_roundtrip.py

1. `scripts/backup.sh` (pg_dump custom format + tar of MEDIA_ROOT + manifest of the packages' SHA-256);
2. `scripts/restore.sh` into a fresh database `lhl_restore_<pid>` and a fresh media folder;
3. `report_figures` for every period, live and `--submitted`, on the original and the restored database: equal;
4. every stored package (a finished jobs.Job) in the restored folder matches its recorded SHA-256, and the
   restored list of packages is the original's.

Ends with `backup_roundtrip: periods=P outputs=O packages=N verified=V equal=yes seconds=S` (exit 0) or names
each difference (exit 1). The restored database and folder are removed afterwards unless --keep.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = BASE_DIR / ".venv" / "bin" / "python"
MARKER = "ROUNDTRIP-JSON "

# Run inside `manage.py shell` against one database: every period's figures, and the stored packages.
COLLECT = r"""
import contextlib, io, json
from django.core.management import call_command
from jobs.models import Job
from reporting.management.commands.report_figures import Command
from reporting.periods.models import ReportingPeriod

help_text = Command().create_parser("manage.py", "report_figures").format_help()
modes = ["live"] + (["submitted"] if "--submitted" in help_text else [])
figures = {}
for slug in ReportingPeriod.objects.order_by("slug").values_list("slug", flat=True):
    for mode in modes:
        buf = io.StringIO()
        args = ["--period", slug] + (["--submitted"] if mode == "submitted" else [])
        with contextlib.redirect_stdout(buf):  # PortalCommand writes to sys.stdout, not call_command's stdout=
            call_command("report_figures", *args)
        assert buf.getvalue().strip(), "report_figures printed nothing"
        figures[slug + "/" + mode] = buf.getvalue()
packages = [
    [job.pk, job.file.name, job.sha256, job.size]
    for job in Job.objects.filter(status=Job.Status.DONE).exclude(file="").order_by("pk")
]
print("ROUNDTRIP-JSON " + json.dumps({"modes": modes, "figures": figures, "packages": packages}))
"""


def collect(database_url: str, media_root: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": media_root}
    env.setdefault("SECRET_KEY", "backup-roundtrip-only")
    python = str(PYTHON if PYTHON.exists() else sys.executable)
    done = subprocess.run(
        [python, "manage.py", "shell", "-c", COLLECT],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"backup_roundtrip: collecting figures failed on {database_url}:\n{done.stderr[-3000:]}")
    line = next(line for line in reversed(done.stdout.splitlines()) if line.startswith(MARKER))
    return json.loads(line[len(MARKER) :])


def run(cmd: list[str], *, env: dict | None = None) -> str:
    done = subprocess.run(cmd, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise SystemExit(f"backup_roundtrip: {' '.join(cmd[:1])} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def drop_database(server: str, name: str) -> None:
    subprocess.run(
        ["psql", "--quiet", f"--dbname={server}/postgres", "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
        capture_output=True,
        timeout=60,
        check=False,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the backup, restored database and folder")
    parser.add_argument("--work-dir", default=None, help="where to put the backup and restored files (default: temp)")
    args = parser.parse_args(argv)

    started = time.monotonic()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("backup_roundtrip: DATABASE_URL must point at PostgreSQL (postgres://…)")
    media_root = os.environ.get("MEDIA_ROOT") or str(BASE_DIR / "var" / "media")
    work = Path(args.work_dir or tempfile.mkdtemp(prefix="lhl-roundtrip-"))
    work.mkdir(parents=True, exist_ok=True)
    server = database_url.rsplit("/", 1)[0]
    restore_name = f"lhl_restore_{os.getpid()}"
    restore_url = f"{server}/{restore_name}"
    restore_media = work / "restored-media"

    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": media_root}
    try:
        original = collect(database_url, media_root)
        backup_dir = run(["scripts/backup.sh", str(work / "backups")], env=env).strip().splitlines()[-1]
        print(run(["scripts/restore.sh", backup_dir, restore_url, str(restore_media)]).strip())
        restored = collect(restore_url, str(restore_media))

        problems = []
        if original["modes"] != restored["modes"]:
            problems.append(f"report_figures modes differ: {original['modes']} / {restored['modes']}")
        for key in sorted(set(original["figures"]) | set(restored["figures"])):
            if original["figures"].get(key) != restored["figures"].get(key):
                problems.append(f"report_figures {key} differs after the restore")
        if original["packages"] != restored["packages"]:
            problems.append("the restored database lists other packages than the original")
        verified = 0
        for job_id, name, sha, size in restored["packages"]:
            path = restore_media / name
            if not path.is_file():
                problems.append(f"package of job {job_id} ({name}) is missing after the restore")
                continue
            content = path.read_bytes()
            if hashlib.sha256(content).hexdigest() != sha or (size is not None and len(content) != size):
                problems.append(f"package of job {job_id} ({name}) does not match its recorded SHA-256")
                continue
            verified += 1
        periods = len({key.split("/")[0] for key in original["figures"]})
        if "submitted" not in original["modes"]:
            print("backup_roundtrip: note: report_figures has no --submitted yet; compared live figures only")
        for problem in problems:
            print(f"backup_roundtrip: {problem}", file=sys.stderr)
        print(
            f"backup_roundtrip: periods={periods} outputs={len(original['figures'])} "
            f"packages={len(restored['packages'])} verified={verified} equal={'no' if problems else 'yes'} "
            f"seconds={time.monotonic() - started:.1f}"
        )
        return 1 if problems else 0
    finally:
        if not args.keep:
            drop_database(server, restore_name)
            if args.work_dir is None:
                shutil.rmtree(work, ignore_errors=True)
            else:
                shutil.rmtree(restore_media, ignore_errors=True)
                shutil.rmtree(work / "backups", ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
