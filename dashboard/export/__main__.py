"""`python -m dashboard.export …` — see dashboard/export/cli.py."""

from dashboard.export.cli import main

raise SystemExit(main())
