"""Benchmark of the national dashboard (the speed targets). Not a test: run `python bench/dashboard.py`.

Gunicorn with production settings (lhl_portal.settings.base, DEBUG off) on PostgreSQL (a dedicated database
`lhl_bench`, recreated here), the full reference data with two years (2020–2021) of synthetic history for
all 356 municipalities, one client whose requests carry `X-Forwarded-Proto: https` and the session of
`demo-hdir` (signed in through the login form). Plain GETs only (no If-None-Match: a 304 cannot flatter a
figure). After a warm-up, 200 rounds; each round asks the trivial view and every page, in turn, in a shuffled
order:

1. warm: CACHE_URL points at a private Redis; per round, each page's time ÷ the trivial view's
   (`dashboard:ping`) in the same round; R = the worst page's median of these per-round ratios, so a noisy,
   shared machine slows both sides of each ratio alike;
2. cold: a dummy cache backend for the whole run → P, the worst p95 of the pages (the overview, trends, map
   and the national grant page `/tilskudd/`), in ms;
3. 100× the municipalities (synthetic copies, facts included; overview only, dummy cache) → S, the cold
   overview's median at 100× ÷ its median at 1×.

Ends with `dashboard: median_ratio=R p95_ms=P scale100_ratio=S`. Targets: R ≤ 2, P < 100, S ≤ 60.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    Client,
    bench_env,
    database_recreate,
    django_setup,
    facts_copy,
    gunicorn,
    history_rows,
    office_networks,
    percentile,
    redis_server,
    run_manage,
)

DB = "lhl_bench"
REQUESTS = 200
WARMUP = 10
SCALE = 100
SCALE_REQUESTS = 10
PAGES = {
    "ping": "/dashboard/ping/",
    "overview": "/dashboard/?periode=autumn-2021",
    "trends": "/dashboard/utvikling/",
    "map": "/dashboard/kart/?periode=autumn-2021&status=fase",
    "grants": "/tilskudd/",
}
USERNAME, PASSWORD = "demo-hdir", "bench-password-not-secret"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def setup() -> dict[str, str]:
    env = bench_env(DB)
    database_recreate(DB)
    run_manage(env, "migrate", "--noinput", "-v0")
    run_manage(env, "load_reference_data")
    run_manage(env, "collectstatic", "--noinput", "-v0")
    django_setup(env)
    from accounts.models import User
    from municipalities.models import Municipality, Solution

    hdir = User.objects.create_user(USERNAME, password=PASSWORD, role=User.Role.DIRECTORATE)
    networks = office_networks(hdir)
    codes = sorted(Solution.objects.values_list("code", flat=True))
    rng = random.Random("lhl-bench")
    rows = []
    for mid, office_id in Municipality.objects.order_by("number").values_list("pk", "office_id"):
        rows += history_rows(mid, rng, networks[office_id], codes)
    log(f"setup: {facts_copy(rows, hdir.pk)} facts for 356 municipalities")
    return env


def measure(port: int, pages: dict[str, str], requests: int, warmup: int) -> dict[str, list[float]]:
    """Per page, the time of each round (index i of every list is round i): the pages and the trivial view
    interleaved, in a new shuffled order each round."""
    client = Client(port)
    client.login(USERNAME, PASSWORD)
    for _ in range(warmup):
        for path in pages.values():
            client.timed_get(path)
    times: dict[str, list[float]] = {name: [] for name in pages}
    order = list(pages.items())
    rng = random.Random("lhl-bench-order")
    for _ in range(requests):
        rng.shuffle(order)
        for name, path in order:
            times[name].append(client.timed_get(path))
    return times


def scale_up(factor: int) -> None:
    """Add (factor - 1) synthetic copies of every municipality, each with its own two years of facts."""
    from django.db import connection, transaction

    from accounts.models import User
    from municipalities.collation import norwegian_sort_key
    from municipalities.models import Municipality, Solution

    table = Municipality._meta.db_table
    with connection.cursor() as cursor:  # synthetic numbers need more than four digits
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS municipality_number_four_digits")
        cursor.execute(f"ALTER TABLE {table} ALTER COLUMN number TYPE varchar(8)")
    originals = list(Municipality.objects.order_by("number"))
    hdir = User.objects.get(username=USERNAME)
    networks = office_networks(hdir)
    codes = sorted(Solution.objects.values_list("code", flat=True))
    rng = random.Random("lhl-bench-scale")
    with transaction.atomic():
        copies = [
            Municipality(
                number=f"{k:03d}{m.number}",
                name=f"{m.name} {k}",
                sort_key=norwegian_sort_key(f"{m.name} {k}"),
                county_id=m.county_id,
                office_id=m.office_id,
                population=m.population,
                search_names=m.search_names,
            )
            for k in range(1, factor)
            for m in originals
        ]
        Municipality.objects.bulk_create(copies, batch_size=2000)
        created = Municipality.objects.exclude(pk__in=[m.pk for m in originals]).values_list("pk", "office_id")
        rows = []
        for mid, office_id in created:
            rows += history_rows(mid, rng, networks[office_id], codes)
        log(f"scale: {len(copies) + len(originals)} municipalities, {facts_copy(rows, hdir.pk)} more facts")


def main() -> None:
    started = time.monotonic()
    env = setup()

    with redis_server() as redis_url, gunicorn({**env, "CACHE_URL": redis_url}) as port:
        warm = measure(port, PAGES, REQUESTS, WARMUP)
    medians = {name: statistics.median(values) for name, values in warm.items()}
    ratios = {
        name: statistics.median(t / p for t, p in zip(warm[name], warm["ping"], strict=True))
        for name in PAGES
        if name != "ping"
    }
    for name in PAGES:
        ratio = f"  median per-round ratio {ratios[name]:.2f}" if name in ratios else ""
        log(f"warm  {name:9s} median {medians[name] * 1000:7.1f} ms{ratio}")

    with gunicorn({**env, "CACHE_URL": "dummycache://"}) as port:
        cold = measure(port, PAGES, REQUESTS, 3)
    p95 = {name: percentile(values, 0.95) * 1000 for name, values in cold.items() if name != "ping"}
    for name in p95:
        log(f"cold  {name:9s} median {statistics.median(cold[name]) * 1000:7.1f} ms  p95 {p95[name]:7.1f} ms")
    overview_1x = statistics.median(cold["overview"])

    scale_up(SCALE)
    with gunicorn({**env, "CACHE_URL": "dummycache://"}) as port:
        scaled = measure(port, {"overview": PAGES["overview"]}, SCALE_REQUESTS, 1)
    overview_100x = statistics.median(scaled["overview"])
    log(f"scale {SCALE}x overview median {overview_100x * 1000:7.1f} ms (1x: {overview_1x * 1000:.1f} ms)")
    log(f"total {time.monotonic() - started:.0f} s")

    r = max(ratios.values())
    p = max(p95.values())
    s = overview_100x / overview_1x
    print(f"dashboard: median_ratio={r:.2f} p95_ms={p:.1f} scale100_ratio={s:.1f}")


if __name__ == "__main__":
    main()
