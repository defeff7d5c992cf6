#!/usr/bin/env python
"""The cost behind the case list's sealed filters (holdspace/reports/workbench.py, SEALED_SCAN): opening one
case's type and severity with a handler's key, a sealed box (X25519) then a secret box, as the list does for
each case the clear filters leave.

    python bench/sealed_filters.py [--runs 2000]

Writes bench/results/sealed_filters.json: the median and 90th percentile of one open, and what a full scan of
SEALED_SCAN cases costs at each.
"""
import argparse
import json
import os
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "holdspace.settings")
os.environ.setdefault("HOLDSPACE_DEBUG", "1")

import django  # noqa: E402

django.setup()

from holdspace.crypto.boxes import lock, new_data_key, open_sealed, seal_to  # noqa: E402
from holdspace.crypto.keyrings import keypair_new  # noqa: E402
from holdspace.reports import workbench  # noqa: E402
from holdspace.reports.classification import classification_read  # noqa: E402
from holdspace.reports.models import Case  # noqa: E402
from run import machine  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--json", default=str(ROOT / "bench" / "results" / "sealed_filters.json"))
    args = parser.parse_args()
    handler = keypair_new()
    data_key = new_data_key()
    # An unsaved case carries what a stored one does: the classification box, locked with the data key.
    case = Case(classification=lock(data_key, plaintext=b'{"type": "harassment", "severity": "serious"}'))
    sealed = seal_to(bytes(handler.public_key), secret=data_key)
    times = []
    for _ in range(args.runs):
        began = time.perf_counter()
        classification_read(case, data_key=open_sealed(handler, sealed=sealed))
        times.append(time.perf_counter() - began)
    times.sort()
    median, p90 = statistics.median(times), times[int(0.9 * len(times)) - 1]
    figures = {
        "one_open_median_ms": round(median * 1000, 3),
        "one_open_p90_ms": round(p90 * 1000, 3),
        "sealed_scan": workbench.SEALED_SCAN,
        "full_scan_median_ms": round(median * workbench.SEALED_SCAN * 1000, 1),
        "full_scan_p90_ms": round(p90 * workbench.SEALED_SCAN * 1000, 1),
        "runs": args.runs,
        "machine": machine(),
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": "python bench/sealed_filters.py --runs %d" % args.runs,
    }
    Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
