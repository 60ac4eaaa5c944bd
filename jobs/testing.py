"""A tiny builder for tests (registered as kind "test_echo" in lhl_portal/settings/test.py only).

params:
    text        the content; the file is deterministic bytes from the params alone
    sleep       seconds to spend "building" (in steps, reporting progress), to kill a worker mid-job
    fail_times  raise a transient OperationalError on the first N attempts (F-6)
    fail        "permanent" raises JobFailed with a Norwegian message; "crash" raises an unexpected error
"""

import json
import time

from django.db import OperationalError

from .errors import JobFailed


def echo_builder(*, job, progress) -> tuple[str, bytes]:
    params = job.params or {}
    if job.attempts <= int(params.get("fail_times", 0)):
        raise OperationalError(f"simulated transient error on attempt {job.attempts}")
    if params.get("fail") == "permanent":
        raise JobFailed("Testjobben kan ikke bygges: ugyldige parametre.")
    if params.get("fail") == "crash":
        raise ValueError("simulated unexpected error")
    progress(10, "Starter")
    sleep = float(params.get("sleep", 0))
    steps = 10
    for step in range(steps):
        if sleep:
            time.sleep(sleep / steps)
        progress(10 + 80 * (step + 1) // steps, f"Steg {step + 1} av {steps}")
    body = json.dumps({"kind": job.kind, "text": params.get("text", "")}, sort_keys=True, ensure_ascii=False)
    content = (body + "\n").encode() * int(params.get("repeat", 1))
    return params.get("filename", "ekko.txt"), content
