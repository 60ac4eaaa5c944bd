"""Running a hot pure-Python loop on a fresh interpreter stack: a workaround for a performance cliff in CPython 3.11.

CPython 3.11 keeps each thread's frames in 16 KB chunks and frees a chunk as soon as the frame that opened it
returns. When a loop calls a function whose frame lands exactly on a chunk boundary, every call maps a new chunk
and every return unmaps it: two system calls, page faults and a TLB flush per call. Where the boundary falls
depends on how deep the caller is: under gunicorn (its own frames, the middleware, the templates) the figure loop
of the trends page hit it, and ran twenty times slower than in-process or under another server with the same
data (strace: some 500 mmap/munmap pairs per request; docs/performance.md).

`run_on_fresh_stack(function, *args)` runs the function in this process's one helper thread, whose stack starts
empty, and returns its result (or raises its exception). Only for pure computation on objects already loaded: no
database access (Django's connections are per thread), no translation (the active language is per thread).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None


def _forget_after_fork() -> None:
    global _executor
    _executor = None  # a forked child has no helper thread, whatever the parent had


os.register_at_fork(after_in_child=_forget_after_fork)


def run_on_fresh_stack(function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    global _executor
    if threading.current_thread().name.startswith("lhl-fresh-stack"):
        return function(*args, **kwargs)  # already there
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lhl-fresh-stack")
        executor = _executor
    return executor.submit(function, *args, **kwargs).result()
