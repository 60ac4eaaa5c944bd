"""The periods of DOMAIN.md and seed 003's grant schemes, shipped as data (a data migration calls this).

Idempotent and additive: a period or scheme that exists (by slug; by year, chapter, post and name) is left
as the directorate last edited it.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from django.apps import apps as installed_apps
from django.apps.registry import Apps
from django.conf import settings

SCHEMES_FILE = Path(settings.BASE_DIR) / "data" / "tilskuddsordninger_2021.csv"
SCHEMES_HEADER = ["year", "kap", "post", "name_nb", "priority_rule", "note"]

DEFAULT_PERIODS = [
    {
        "slug": "autumn-2020",
        "name": "Høsten 2020",
        "reference_date": datetime.date(2020, 10, 31),
        "deadline": datetime.date(2020, 11, 1),
        "figures": ["dialogue_offered", "dialogue_meetings", "plan_or_process"],
        "sections": [],
    },
    {
        "slug": "spring-2021",
        "name": "Våren 2021",
        "reference_date": datetime.date(2021, 4, 30),
        "deadline": datetime.date(2021, 5, 1),
        "figures": [
            "decided_or_in_process",
            "in_networks_or_planned",
            "phase_2",
            "phase_3",
            "phase_not_assessed",
            "phase3_priorities",
        ],
        "sections": ["priorities", "examples", "organisation", "assessment", "plan"],
    },
    {
        "slug": "autumn-2021",
        "name": "Høsten 2021",
        "reference_date": datetime.date(2021, 10, 31),
        "deadline": datetime.date(2021, 11, 1),
        "figures": [
            "plan_adopted",
            "samfunnsdel_anchored_or_planned",
            "other_plans_anchored_or_planned",
            "in_networks",
            "phase_2",
            "phase_3",
            "phase_not_assessed",
            "phase3_priorities",
        ],
        "sections": ["priorities", "examples", "assessment"],
    },
]


def read_schemes(path: Path = SCHEMES_FILE) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != SCHEMES_HEADER:
            raise ValueError(f"{path.name}: expected the header {','.join(SCHEMES_HEADER)}")
        return [
            {
                "year": int(row["year"]),
                "kap": int(row["kap"]),
                "post": int(row["post"]),
                "name": row["name_nb"].strip(),
                "priority_rule": row["priority_rule"].strip(),
                "note": row["note"].strip(),
            }
            for row in reader
            if any(v.strip() for v in row.values())
        ]


def reporting_reference_load(apps: Apps | None = None) -> int:
    """Create the default periods and grant schemes that are missing; returns how many were created."""
    registry = apps or installed_apps  # a data migration passes its historical models
    ReportingPeriod = registry.get_model("reporting", "ReportingPeriod")
    GrantScheme = registry.get_model("reporting", "GrantScheme")
    created = 0
    for period in DEFAULT_PERIODS:
        _period, new = ReportingPeriod.objects.get_or_create(slug=period["slug"], defaults=period)
        created += new
    for scheme in read_schemes():
        key = {k: scheme[k] for k in ("year", "kap", "post", "name")}
        _scheme, new = GrantScheme.objects.get_or_create(
            **key, defaults={"priority_rule": scheme["priority_rule"], "note": scheme["note"]}
        )
        created += new
    return created
