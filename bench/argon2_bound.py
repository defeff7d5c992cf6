"""One Argon2id derivation with the server's own parameters, timed: the physical bound of report submission.

A report costs one derivation (its receipt stretched into a key); with every core deriving, no server can take
more than cores ÷ one derivation's time reports a second. Run inside Holdspace's settings by bench/run.py;
prints JSON.
"""
import json
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "holdspace.settings")
django.setup()

from holdspace.crypto.derivation import current_parameters, key_from_secret, new_salt  # noqa: E402

ROUNDS = 15


def main() -> None:
    parameters = current_parameters()
    times = []
    for _ in range(ROUNDS + 2):
        started = time.perf_counter()
        key_from_secret("a receipt of the usual length, 24 words", salt=new_salt(), parameters=parameters,
                        purpose=b"bench")
        times.append(time.perf_counter() - started)
    median = statistics.median(times[2:])  # the first two warm the memory
    cores = os.cpu_count() or 1
    print(json.dumps({"argon2_ms": round(median * 1000, 2), "argon2_parameters": parameters.as_text(),
                      "argon2_bound_rps": round(cores / median, 1)}))


if __name__ == "__main__":
    main()
