"""Matrix entries for the reporting app: periods, figures and grant priority."""

from .matrix import Entry, directorate_write, office_write, only, read_only


def _scheme(ctx) -> dict:
    from reporting.models import GrantScheme

    return {"pk": GrantScheme.objects.order_by("pk").first().pk}


_office = lambda ctx: {"slug": ctx.office_a.slug}  # noqa: E731

ENTRIES = {
    "reporting:period-list": read_only(),
    # An empty POST re-renders the form with errors (200); only the directorate gets that far.
    "reporting:period-create": directorate_write(post_ok=200),
    "reporting:period-edit": directorate_write(lambda ctx: {"slug": "autumn-2020"}, post_ok=200),
    "reporting:office-figures": read_only(_office, params=("periode", "dato")),
    "reporting:office-figure-municipalities": read_only(
        lambda ctx: {"slug": ctx.office_a.slug, "key": "phase_2"}, params=("periode", "dato", "kode")
    ),
    "reporting:office-figure-municipalities-xlsx": read_only(
        lambda ctx: {"slug": ctx.office_a.slug, "key": "phase_2"}, params=("periode", "dato", "kode")
    ),
    "reporting:office-grants": read_only(_office, params=("aar", "dato")),
    "reporting:office-grants-xlsx": read_only(_office, params=("aar", "dato")),
    # Confirming a proposal is office A's own write; an empty POST re-renders the form.
    "reporting:grant-confirm": office_write(
        lambda ctx: {"slug": ctx.office_a.slug, "number": ctx.municipality_a.number},
        post_ok=200,
        params=("aar", "dato"),
    ),
    "reporting:grant-national": read_only(params=("aar", "dato")),
    "reporting:grant-national-xlsx": read_only(params=("aar", "dato")),
    # Grant schemes are catalogue data: the directorate (and the administrator, as for catalogue names).
    "reporting:scheme-create": Entry(
        get=only({"directorate": 200, "admin": 200}, others=403),
        post=only({"directorate": 200, "admin": 200}, others=403),
    ),
    "reporting:scheme-edit": Entry(
        kwargs=_scheme,
        get=only({"directorate": 200, "admin": 200}, others=403),
        post=only({"directorate": 200, "admin": 200}, others=403),
    ),
}
