"""One Argon2id derivation with the server's own parameters, timed: the physical bound of report submission.

A report costs one derivation (its receipt stretched into a key); with every core deriving, no server can take
more than cores ÷ one derivation's time reports a second (`argon2_bound_rps`, the issue's bound). Beside it,
`argon2_all_cores_rps`: derivations a second with one process a core deriving at once, and nothing else, for
ALL_CORES_EACH derivations each: what this machine derives when every core works at once (two derivations at once
share the memory bus and the last-level cache, and a virtual machine's cores may share more). Run inside
Holdspace's settings by bench/run.py; prints JSON.
"""
import json
import multiprocessing
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "holdspace.settings")
django.setup()

from holdspace.crypto.derivation import current_parameters, key_from_secret, new_salt  # noqa: E402

ROUNDS = 15
ALL_CORES_EACH = 8


def _derive(count: int) -> None:
    for _ in range(count):
        key_from_secret("a receipt of the usual length, 24 words", salt=new_salt(), parameters=current_parameters(),
                        purpose=b"bench")


_barrier = None


def _all_cores(_number: int) -> float:
    """In one of the processes: warm its memory, start with the others, and return when it finished."""
    _derive(1)
    _barrier.wait()
    _derive(ALL_CORES_EACH)
    return time.perf_counter()


def all_cores_rps(cores: int) -> float:
    global _barrier
    context = multiprocessing.get_context("fork")
    _barrier = context.Barrier(cores + 1)  # handed to the processes as they fork
    with context.Pool(cores) as pool:
        finished = pool.map_async(_all_cores, range(cores), chunksize=1)
        _barrier.wait(timeout=600)  # every process has warmed its memory: the clock starts with them
        started = time.perf_counter()
        ended = max(finished.get(timeout=600))
    return cores * ALL_CORES_EACH / (ended - started)


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
                      "argon2_bound_rps": round(cores / median, 1),
                      "argon2_all_cores_rps": round(all_cores_rps(cores), 1)}))


if __name__ == "__main__":
    main()
