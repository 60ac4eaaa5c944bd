"""Matrix entries for municipalities reporting their own status: the municipality's pages (reached only with a
personal link's session, of Oslo 0301: everyone else gets 404, not a login page), the office's contacts, rounds
and reviews (their own office writes, the directorate reads, anyone else a logged 404), and the dashboard's
response rates (every reader)."""

from .matrix import LOGIN, Entry, everyone, municipal_invitation, only, read_only


def _invited(ctx):
    """The `municipality` role's invitation (made here for tests whose context has none yet)."""
    if getattr(ctx, "invitation_a", None) is None:
        ctx.invitation_a = municipal_invitation(ctx.office_a, ctx.staff_a)
    return ctx.invitation_a


def _round_pk(ctx) -> int:
    return _invited(ctx).round_id


def _contact_pk(ctx) -> int:
    return _invited(ctx).contact_id


def _invitation(ctx) -> dict:
    return {"slug": ctx.office_a.slug, "pk": _round_pk(ctx), "invitation": _invited(ctx).pk}


def _contact_data(ctx) -> dict:
    return {"municipality": ctx.municipality_a.pk, "name": "Ny Kontakt", "email": "ny.kontakt@oslo.example"}


# Their own office reads and writes; the directorate reads (a write is a logged 403); anyone else: 404.
READ_OWN = only({"staff_a": 200, "directorate": 200}, others=404)
WRITE_OWN = only({"staff_a": (200, 302), "directorate": 403}, others=404)
MUNICIPAL_ONLY = {**everyone(404, anonymous=404), "municipality": 200}

ENTRIES = {
    # Without a secret in the address the link page is the «does not work» page for everyone.
    "selfreport:link-open": Entry(
        get=everyone(404, anonymous=404, municipality=404), post=everyone(405, anonymous=405, municipality=405)
    ),
    "selfreport:response": Entry(
        kwargs=lambda ctx: {"number": ctx.municipality_a.number},
        get=MUNICIPAL_ONLY,
        post={**everyone(404, anonymous=404), "municipality": 302},
    ),
    "selfreport:sign-out": Entry(
        get=everyone(405, anonymous=405, municipality=405), post=everyone(302, anonymous=302, municipality=302)
    ),
    "selfreport:signed-out": Entry(
        get=everyone(200, anonymous=200, municipality=200),
        post=everyone(405, anonymous=405, municipality=405),
        params=("sprak",),
    ),
    "selfreport:contacts": Entry(
        kwargs=lambda ctx: {"slug": ctx.office_a.slug}, get=READ_OWN, post=WRITE_OWN, post_data=_contact_data
    ),
    "selfreport:contact-edit": Entry(
        kwargs=lambda ctx: {"slug": ctx.office_a.slug, "pk": _contact_pk(ctx)},
        get=only({"staff_a": 200, "directorate": 403}, others=404),
        post=WRITE_OWN,
    ),
    "selfreport:contact-delete": Entry(
        kwargs=lambda ctx: {"slug": ctx.office_a.slug, "pk": _contact_pk(ctx)},
        get=only({"staff_a": 200, "directorate": 403}, others=404),
        post=only({"staff_a": 302, "directorate": 403}, others=404),
    ),
    "selfreport:rounds": Entry(kwargs=lambda ctx: {"slug": ctx.office_a.slug}, get=READ_OWN, post=everyone(405)),
    "selfreport:round-new": Entry(
        kwargs=lambda ctx: {"slug": ctx.office_a.slug},
        get=only({"staff_a": 200, "directorate": 403}, others=404),
        post=WRITE_OWN,
    ),
    "selfreport:round": Entry(
        kwargs=lambda ctx: {"slug": ctx.office_a.slug, "pk": _round_pk(ctx)}, get=READ_OWN, post=everyone(405)
    ),
    "selfreport:invitation-resend": Entry(
        kwargs=_invitation, get=everyone(405), post=only({"staff_a": 302, "directorate": 403}, others=404)
    ),
    "selfreport:invitation-revoke": Entry(
        kwargs=_invitation, get=everyone(405), post=only({"staff_a": 302, "directorate": 403}, others=404)
    ),
    "selfreport:review": Entry(kwargs=_invitation, get=READ_OWN, post=WRITE_OWN),
    "selfreport:rates": read_only(),
}
_ = LOGIN
