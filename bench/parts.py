"""CPU time per named part of a request, for the in-process profiles (bench/*_profile.py).

A part is a function, named by module and attribute; it is wrapped so its CPU time is added up under a label,
without the time of other timed parts it calls (those count under their own label).
"""
import importlib
import time
from collections import defaultdict

_inner: list[float] = []


def part_time(spent: dict, label: str, module_name: str, attribute: str, counts: dict | None = None) -> bool:
    """Wrap one part; False when it is not there (so a profile can name parts of older code too)."""
    try:
        owner = importlib.import_module(module_name)
    except ImportError:
        return False
    *path, name = attribute.split(".")
    for step in path:
        owner = getattr(owner, step, None)
    original = getattr(owner, name, None) if owner is not None else None
    if original is None or getattr(original, "_timed", False):
        return False
    counted = counts if counts is not None else defaultdict(int)

    def timed(*args, **kwargs):
        _inner.append(0.0)  # time spent in timed parts called from this one, counted there, not here
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            took = time.process_time() - started
            spent[label] += took - _inner.pop()
            counted[label] += 1
            if _inner:
                _inner[-1] += took

    timed._timed = True
    setattr(owner, name, timed)
    return True
