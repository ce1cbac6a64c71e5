"""One load in a process of its own, for tests/test_crash.py to kill with SIGKILL at a chosen moment.

    python -m tests.crash_driver KIND DB [ARG]

KIND: build (ARG = snapshot folder), fetch (KOLADA_BASE_URL from the environment), import-values
(ARG = file), import-targets (ARG = file), save (a dashboard's Spara, ARG = how many, one after the
other). The driver prints "ready" once its imports are done, so the killer's clock starts at the
work itself and not at Python's start-up, then "done" when the load returned.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(kind: str, db: str, arg: str | None) -> None:
    from loaders import files
    from loaders.build import build
    from loaders.fetch import FetchRequest, fetch
    from loaders.kolada import KoladaClient
    from store import write
    from store.db import Store

    store = Store(db)
    print("ready", flush=True)
    if kind == "build":
        build(Path(db), snapshot=Path(arg))
    elif kind == "fetch":
        client = KoladaClient(backoff_factor=0.01)
        fetch(store, FetchRequest(kpi_ids=("N15419", "N15505", "N15820"), years=tuple(range(2015, 2023))), client)
    elif kind == "import-values":
        files.import_values(store, arg)
    elif kind == "import-targets":
        files.import_targets(store, arg)
    elif kind == "save":
        for i in range(int(arg or 1)):
            write.save_assessment(
                store,
                write.Assessment("1880", "N15419", 2019, "T", "yellow", "Krock", conclusion=f"sparning {i}"),
            )
    else:
        raise SystemExit(f"unknown kind {kind}")
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
