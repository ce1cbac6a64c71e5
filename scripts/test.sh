#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tests need, then runs ruff and pytest.
# Debian's chromium drives the browser test and kaleido's chart export (never `playwright install`).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check -r requirements-dev.txt
python3 -m ruff check .
python3 -m pytest "$@"
