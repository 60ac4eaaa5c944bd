"""Matrix entries for the foundation's URLs (accounts, municipalities, home)."""

from .matrix import LOGIN, Entry, everyone, only, public, read_only

ENTRIES = {
    "home": Entry(get=everyone(302), post=everyone(405)),
    # Signed-in users are sent on from the login page; anonymous users get the form (re-rendered on a bad POST).
    "accounts:login": Entry(get=everyone(302, anonymous=200), post=everyone(302, anonymous=200), params=("next",)),
    # A municipality's session signs out here too (to its own «signed out» page).
    "accounts:logout": Entry(get=everyone(405, municipality=405), post=everyone(302, municipality=302)),
    # Password reset by e-mail is public (a signed-out user needs it); it never says whether an address is known.
    "accounts:password-reset": public(get=200, post=200),
    "accounts:password-reset-done": public(get=200, post=405),
    "accounts:password-reset-confirm": public(
        kwargs=lambda ctx: {"uidb64": "MQ", "token": "bad-token"}, get=200, post=200
    ),
    "accounts:password-reset-complete": public(get=200, post=405),
    "accessibility": Entry(
        get=everyone(200, anonymous=200, municipality=200), post=everyone(405, anonymous=405, municipality=405)
    ),
    "municipalities:office-list": read_only(),
    "municipalities:office-detail": read_only(
        lambda ctx: {"slug": ctx.office_a.slug}, params=("q", "county", "phase", "missing", "sort", "as_of")
    ),
    "municipalities:municipality-detail": read_only(
        lambda ctx: {"number": ctx.municipality_a.number}, params=("periode",)
    ),
    "municipalities:catalogue": read_only(),
    "municipalities:catalogue-edit": Entry(
        kwargs=lambda ctx: {"code": "mat"},
        get=only({"directorate": 200, "admin": 200}, others=403),
        post=only({"directorate": 200, "admin": 200}, others=403),  # empty name: the form re-renders
    ),
}

# The Django admin is gated by is_staff (only administrators) and by accounts.admin.RoleAdminMixin.
ADMIN = {
    "staff_a": 302,
    "staff_b": 302,
    "directorate": 302,
    "admin": 200,
    "anonymous": 302,
    "municipality": 404,
}
_ = LOGIN
