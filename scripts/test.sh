#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tests need, then runs ruff and pytest.
# Debian's chromium drives the browser test and kaleido's chart export (never `playwright install`).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  . scripts/apt.sh  # apt_install: waits (bounded) for another apt/dpkg run instead of giving up
  apt_install chromium fonts-dejavu-core
fi

python3 -m pip install -q --disable-pip-version-check -r requirements-dev.txt

# The work-store tests run against SQLite and against a real PostgreSQL: a throwaway cluster,
# stopped and removed when this script ends, however it ends (scripts/postgres.sh).
. scripts/postgres.sh
trap pg_stop EXIT
pg_start

python3 -m ruff check .
python3 -m pytest "$@"
