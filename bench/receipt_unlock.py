#!/usr/bin/env python
"""The cost of one receipt unlock (Argon2id + server sub-key) for candidate parameters.

    python bench/receipt_unlock.py [--runs 15]

Writes bench/results/receipt_unlock.json: the median and 90th percentile time
of one derivation per parameter set, and which set Holdspace's settings use.
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

from django.conf import settings  # noqa: E402

from holdspace.crypto import receipts  # noqa: E402
from holdspace.crypto.derivation import Argon2Parameters, current_parameters, key_from_secret, new_salt  # noqa: E402
from run import machine  # noqa: E402

CANDIDATES = [
    ("OWASP minimum", Argon2Parameters(2, 19 * 1024, 1)),
    ("RFC 9106 second choice, one lane", Argon2Parameters(3, 64 * 1024, 1)),
    ("RFC 9106 second choice", Argon2Parameters(3, 64 * 1024, 4)),
    ("heavier", Argon2Parameters(4, 256 * 1024, 1)),
]


def measure(parameters: Argon2Parameters, runs: int) -> dict:
    code = receipts.receipt_normalise(receipts.receipt_new())
    timings = []
    for _ in range(runs):
        salt = new_salt()
        started = time.perf_counter()
        key_from_secret(code, salt=salt, parameters=parameters, purpose=b"receipt")
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 1),
        "p90_ms": round(timings[int(len(timings) * 0.9) - 1], 1),
        "memory_mib": parameters.memory_kib // 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    chosen = current_parameters()
    results = []
    for name, parameters in CANDIDATES:
        figures = measure(parameters, args.runs)
        results.append({"name": name, "parameters": parameters.as_text(), "chosen": parameters == chosen, **figures})
        print(f"{parameters.as_text():<28} {name:<34} median {figures['median_ms']:>7} ms, p90 {figures['p90_ms']:>7} ms")
    record = {
        "scenario": "receipt_unlock",
        "db": "none",
        "chosen": chosen.as_text(),
        "candidates": results,
        "receipt_bits": receipts.BITS,
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "command": "python bench/receipt_unlock.py " + " ".join(sys.argv[1:]),
        "key_secret_is_development": settings.HOLDSPACE_DEBUG,
    }
    (ROOT / "bench/results/receipt_unlock.json").write_text(json.dumps(record, indent=2) + "\n")


if __name__ == "__main__":
    main()
