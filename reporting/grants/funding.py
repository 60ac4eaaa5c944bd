"""The funding rule of Helsedirektoratet's letter of January 2021 (seed 001).

Of the total, half is split evenly over the offices and half by their number of municipalities; each office's
amount is rounded half up to whole NOK 1000 on its own, so the amounts may not sum exactly to the total.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count

from municipalities.models import Office

FIRST_YEAR, LAST_YEAR = 2020, 2023
DEFAULT_TOTAL_NOK = 10_000_000


@dataclass(frozen=True)
class Allocation:
    office: Office
    municipalities: int
    amount_nok_1000: int


def funding_allocation(*, total_nok: int = DEFAULT_TOTAL_NOK) -> list[Allocation]:
    offices = list(Office.objects.annotate(n=Count("municipalities")).order_by("position"))
    country = sum(o.n for o in offices)
    if not offices or not country:
        return []
    half = Decimal(total_nok) / 2
    even = half / len(offices)
    result = []
    for office in offices:
        amount = (even + half * office.n / country) / 1000
        result.append(Allocation(office, office.n, int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))))
    return result
