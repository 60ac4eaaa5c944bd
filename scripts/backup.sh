#!/usr/bin/env bash
# Back up the portal: the database (pg_dump, custom format) and the stored files (a tar of MEDIA_ROOT), with a
# manifest of every stored package and its recorded SHA-256, read from the dump itself so that the three agree.
#
#   DATABASE_URL=postgres://user@host:5432/lhl MEDIA_ROOT=/srv/lhl/media scripts/backup.sh [DEST_DIR]
#
# Writes DEST_DIR/lhl-<UTC time>/{db.dump,media.tar,manifest.tsv} (DEST_DIR defaults to var/backups), checks
# every package in the tar against its recorded SHA-256, and prints the folder on the last line.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?DATABASE_URL must be set (postgres://user@host:port/name)}"
MEDIA_ROOT=${MEDIA_ROOT:-var/media}
DEST=${1:-var/backups}
PYTHON=${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}

out="$DEST/lhl-$(date -u +%Y%m%dT%H%M%SZ)-$$"
mkdir -p "$out"
chmod 700 "$out"

pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$out/db.dump"

if [ -d "$MEDIA_ROOT" ]; then
  tar -C "$MEDIA_ROOT" -cf "$out/media.tar" .
else
  echo "backup: warning: MEDIA_ROOT $MEDIA_ROOT does not exist; the file archive is empty" >&2
  tar -cf "$out/media.tar" -T /dev/null
fi

# The manifest: job id, stored name, recorded SHA-256 and size of every finished job (the report packages),
# taken from the dump's own copy of jobs_job; then each is checked against the file in the tar.
pg_restore --data-only --table=jobs_job --file="$out/.jobs.copy" "$out/db.dump"
"$PYTHON" - "$out" <<'PY'
import hashlib
import sys
import tarfile
from pathlib import Path

out = Path(sys.argv[1])
copy_text = (out / ".jobs.copy").read_text()
(out / ".jobs.copy").unlink()


def unescape(value):
    if value == "\\N":
        return None
    return value.replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r").replace("\\\\", "\\")


columns, rows, copying = None, [], False
for line in copy_text.splitlines():
    if line.startswith("COPY ") and "jobs_job" in line:
        columns = [c.strip().strip('"') for c in line[line.index("(") + 1 : line.index(")")].split(",")]
        copying = True
        continue
    if copying:
        if line == "\\.":
            copying = False
            continue
        rows.append(dict(zip(columns, (unescape(v) for v in line.split("\t")), strict=True)))

entries = sorted(
    (int(r["id"]), r["file"], r["sha256"], int(r["size"] or 0))
    for r in rows
    if r["status"] == "done" and r["file"]
)
with tarfile.open(out / "media.tar") as tar:
    members = {m.name.removeprefix("./"): m for m in tar.getmembers() if m.isfile()}
    problems = []
    for job_id, name, sha, _size in entries:
        member = members.get(name)
        if member is None:
            problems.append(f"job {job_id}: {name} is missing from the file archive")
            continue
        digest = hashlib.sha256(tar.extractfile(member).read()).hexdigest()
        if digest != sha:
            problems.append(f"job {job_id}: {name} has SHA-256 {digest}, recorded {sha}")
with (out / "manifest.tsv").open("w") as fh:
    fh.write("job_id\tfile\tsha256\tsize\n")
    for entry in entries:
        fh.write("\t".join(str(v) for v in entry) + "\n")
for problem in problems:
    print(f"backup: {problem}", file=sys.stderr)
print(f"backup: packages={len(entries)} verified={len(entries) - len(problems)}", file=sys.stderr)
sys.exit(1 if problems else 0)
PY

echo "$out"
