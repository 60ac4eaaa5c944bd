#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a FRESH database and a FRESH media folder (never over a
# live one), then check every stored package against the SHA-256 recorded in the manifest.
#
#   scripts/restore.sh BACKUP_DIR postgres://user@host:5432/NEW_DATABASE NEW_MEDIA_DIR
#
# The database must not exist yet (it is created); the media folder must not exist or be empty.
# Afterwards point the portal at them: DATABASE_URL=... MEDIA_ROOT=... (then run `manage.py migrate`
# only if the code is newer than the backup).
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 BACKUP_DIR TARGET_DATABASE_URL TARGET_MEDIA_DIR" >&2
  exit 2
fi
backup=$1 target_url=$2 media=$3
for f in db.dump media.tar manifest.tsv; do
  [ -f "$backup/$f" ] || { echo "restore: $backup/$f is missing" >&2; exit 2; }
done
name=${target_url##*/}
name=${name%%\?*}
server=${target_url%/*}
if ! [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
  echo "restore: unusable database name '$name'" >&2
  exit 2
fi
if [ -e "$media" ] && [ -n "$(ls -A "$media")" ]; then
  echo "restore: $media is not empty; restore into a fresh folder" >&2
  exit 2
fi

# CREATE DATABASE fails when it exists: a restore never lands on top of a live database.
psql --quiet -v ON_ERROR_STOP=1 --dbname="$server/postgres" -c "CREATE DATABASE \"$name\"" >/dev/null
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$target_url" "$backup/db.dump"

mkdir -p "$media"
tar -C "$media" -xf "$backup/media.tar"

checked=0
while IFS=$'\t' read -r job_id file sha _size; do
  [ "$job_id" = "job_id" ] && continue
  actual=$(sha256sum "$media/$file" 2>/dev/null | cut -d' ' -f1 || true)
  if [ "$actual" != "$sha" ]; then
    echo "restore: job $job_id: $file does not match its recorded SHA-256" >&2
    exit 1
  fi
  checked=$((checked + 1))
done <"$backup/manifest.tsv"
echo "restore: database=$name media=$media packages_verified=$checked"
