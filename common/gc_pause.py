"""Pausing Python's cyclic garbage collector while a read builds many objects at once.

A cold dashboard page builds a status per municipality and a small tuple per current fact: some 10,000 objects
for the country, a million at 100 times its size. None of them forms a reference cycle (they are freed by
reference counting when the page is done), yet every 700 allocations the collector starts, and every few of
those passes walks all the objects built so far: at 100 times the country that walking was a fifth of the
page's time. `paused()` holds the collector off for the duration of such a read and lets it run again after;
what little cyclic garbage the read makes is collected then.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (nested blocks and a collector already off are left as
    they were)."""
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def gc_paused(function: Callable[P, R]) -> Callable[P, R]:
    """`paused()` around every call of the function."""

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused():
            return function(*args, **kwargs)

    return wrapper
