"""Matrix entries for an office's networks."""

from networks.models import Network

from .matrix import office_write, read_only


def _network(ctx) -> dict:
    network, _created = Network.objects.get_or_create(
        office=ctx.office_a, slug="matrix-nett", defaults={"name": "Matrisenettverket", "created_by": ctx.staff_a}
    )
    return {"slug": ctx.office_a.slug, "network_slug": network.slug}


ENTRIES = {
    "networks:list": read_only(lambda ctx: {"slug": ctx.office_a.slug}),
    "networks:detail": read_only(_network),
    # An empty POST re-renders the form with its errors.
    "networks:create": office_write(lambda ctx: {"slug": ctx.office_a.slug}, post_ok=200),
    "networks:edit": office_write(_network, post_ok=200),
}
