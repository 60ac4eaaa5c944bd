#!/usr/bin/env bash
# The whole test suite: services, lint, compose validation, unit/integration tests, browser tests.
# Prints how long each stage took. Called by `make test` (and so by .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
declare -a TIMINGS=()
# Let Python keep its compiled files (gitignored __pycache__ folders): every pytest process, and each of its
# xdist workers, imports every test module and pytest rewrites their asserts. With PYTHONDONTWRITEBYTECODE set
# (some containers set it) none of that was kept: ~5 s of compiling in each of the seven pytest processes of a run.
unset PYTHONDONTWRITEBYTECODE

stage() {
  local name=$1; shift
  local start=$SECONDS
  echo "== $name"
  "$@"
  TIMINGS+=("$name: $((SECONDS - start)) s")
}

services() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
    for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
    for _ in $(seq 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
  fi
  if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils fonts-dejavu-core >/dev/null) \
      || echo "warning: could not install LibreOffice; document rendering tests will fail"
  fi
  if [ ! -x /usr/bin/chromium ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "warning: could not install chromium; browser tests will fail"
  fi
}

lint() {
  mkdir -p var
  $BIN/ruff check .
  $BIN/ruff format --check .
  $BIN/lint-imports --no-cache
  DEBUG=1 $BIN/mypy
  $BIN/djlint templates --lint --quiet
  git ls-files -z '*.py' ':!:*/migrations/*' | xargs -0 $BIN/django-upgrade --target-version 5.2
  $BIN/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml
  DEBUG=1 $BIN/python manage.py makemigrations --check --dry-run -v0
}

unit() {
  $BIN/pytest -q -m "not browser and not services" --create-db -n "${TEST_WORKERS:-auto}" "$@"
}

browser() {
  $BIN/pytest -q -m browser -n "${TEST_WORKERS:-auto}" "$@" || { rc=$?; [ $rc -eq 5 ] && echo "no browser tests yet" || return $rc; }
}

services_tests() {
  # Every xdist worker starts its own redis-server, Celery worker and gunicorns on its own test database; a file's
  # tests stay on one worker (module fixtures such as the minimal configuration's are set up once).
  $BIN/pytest -q -m services -n "${TEST_WORKERS:-auto}" --dist loadfile "$@" || { rc=$?; [ $rc -eq 5 ] && echo "no service tests yet" || return $rc; }
}

total_start=$SECONDS
stage "services" services
stage "lint" lint
stage "unit and integration" unit
stage "browser" browser
stage "services (broker, worker, faults)" services_tests
echo
echo "== stage times"
printf '%s\n' "${TIMINGS[@]}"
echo "total: $((SECONDS - total_start)) s"
