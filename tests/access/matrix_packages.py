"""Matrix entries for the report package pages. Every reader sees the pages; only office A's staff
build office A's live package, only the directorate builds the national one (others: logged 403)."""

from .matrix import Entry, everyone, only

ENTRIES = {
    "packages:office": Entry(
        kwargs=lambda ctx: {"period": "spring-2021", "slug": ctx.office_a.slug},
        get=everyone(200),
        post=only({"staff_a": 302}, others=403),
    ),
    "packages:national": Entry(
        kwargs=lambda ctx: {"period": "spring-2021"},
        get=everyone(200),
        post=only({"directorate": 302}, others=403),
    ),
}
