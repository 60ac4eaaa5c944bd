"""Norway's municipalities as SVG paths, made once from the shapes in data/kommuner_2020.geojson.

The shapes (© Kartverket, CC BY 4.0) are projected equirectangularly with true scale at 65° N,
simplified (Ramer–Douglas–Peucker) and written with relative integer coordinates, so the whole country stays well
under 1 MB. No tile server and no outside request: the page inlines the SVG.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from .reference_data import OFFICE_SLUG_BY_REGION

ATTRIBUTION = "Kartdata: © Kartverket (CC BY 4.0). Befolkning: Statistisk sentralbyrå (SSB), tabell 07459 (NLOD)."
WIDTH = 1000.0
TOLERANCE = 0.6  # in output units
MIN_RING_AREA = 1.5  # drop specks smaller than this (output units²), except a municipality's largest ring
LAT0 = math.radians(65.0)


@dataclass(frozen=True)
class MapShape:
    number: str
    name: str
    office: str
    path: str
    bbox: tuple[float, float, float, float]  # min x, min y, max x, max y


@dataclass(frozen=True)
class CountryMap:
    width: int
    height: int
    shapes: dict[str, MapShape]

    def view_box(self, office: str | None = None, margin: float = 10.0) -> str:
        """The whole country, or zoomed to one office's municipalities."""
        boxes = [s.bbox for s in self.shapes.values() if office is None or s.office == office]
        if not boxes:
            return f"0 0 {self.width} {self.height}"
        x0 = min(b[0] for b in boxes) - margin
        y0 = min(b[1] for b in boxes) - margin
        x1 = max(b[2] for b in boxes) + margin
        y1 = max(b[3] for b in boxes) + margin
        return f"{x0:.0f} {y0:.0f} {x1 - x0:.0f} {y1 - y0:.0f}"


def _project(lon: float, lat: float) -> tuple[float, float]:
    return math.radians(lon) * math.cos(LAT0), -math.radians(lat)


def _perpendicular(p, a, b) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _area(ring: list[tuple[float, float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def _rings(geometry: dict) -> list[list[tuple[float, float]]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [[tuple(pt) for pt in ring] for polygon in polygons for ring in polygon]


def _path(rings: list[list[tuple[int, int]]]) -> str:
    parts = []
    for ring in rings:
        (x0, y0), rest = ring[0], ring[1:]
        steps = [f"M{x0} {y0}"]
        px, py = x0, y0
        for x, y in rest:
            if (x, y) != (px, py):
                steps.append(f"l{x - px} {y - py}")
                px, py = x, y
        parts.append("".join(steps) + "z")
    return "".join(parts)


@lru_cache(maxsize=1)
def country_map() -> CountryMap:
    source = Path(settings.BASE_DIR) / "data" / "kommuner_2020.geojson"
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    projected = [
        (f["properties"], [[_project(*pt) for pt in ring] for ring in _rings(f["geometry"])]) for f in features
    ]
    xs = [x for _, rings in projected for ring in rings for x, _ in ring]
    ys = [y for _, rings in projected for ring in rings for _, y in ring]
    min_x, min_y = min(xs), min(ys)
    scale = WIDTH / (max(xs) - min_x)
    height = (max(ys) - min_y) * scale
    shapes = {}
    for props, rings in projected:
        scaled = [[((x - min_x) * scale, (y - min_y) * scale) for x, y in ring] for ring in rings]
        largest = max(scaled, key=_area)
        kept = []
        for ring in scaled:
            if ring is not largest and _area(ring) < MIN_RING_AREA:
                continue
            simple = _simplify(ring, TOLERANCE)
            kept.append([(round(x), round(y)) for x, y in simple])
        flat = [pt for ring in kept for pt in ring]
        bbox = (min(p[0] for p in flat), min(p[1] for p in flat), max(p[0] for p in flat), max(p[1] for p in flat))
        number = props["kommunenummer"]
        office = OFFICE_SLUG_BY_REGION.get(props["embete"], "")
        shapes[number] = MapShape(number, props["navn"], office, _path(kept), bbox)
    return CountryMap(width=int(WIDTH), height=math.ceil(height), shapes=shapes)
