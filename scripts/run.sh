#!/usr/bin/env bash
# Set up and start Trappan on a fresh machine: Python requirements, Debian's chromium for chart and
# deck images (skipped with a warning where it cannot be installed), then the dashboard on the
# shipped snapshot. The first start builds data/trappan.duckdb (about 15 s); no network is needed.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  . scripts/apt.sh  # apt_install: waits (bounded) for another apt/dpkg run instead of giving up
  if ! apt_install chromium; then
    echo "Varning: chromium kunde inte installeras – bildexport (PNG/SVG/PDF) och presentationer är avstängda." >&2
  fi
fi
python3 -m pip install -q --disable-pip-version-check -r requirements.txt
exec python3 -m streamlit run dashboard/serve.py "$@"
