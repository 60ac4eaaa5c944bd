"""Matrix entries for bulk entry (municipalities/sheet_urls.py): staff of the office only, others 403 (logged)."""

from .matrix import LOGIN, Entry, everyone, office_write, only

_office = lambda ctx: {"slug": ctx.office_a.slug}  # noqa: E731

ENTRIES = {
    # An empty POST re-renders the form with its errors.
    "sheets:sheet-upload": office_write(_office, post_ok=200),
    "sheets:sheet-download": Entry(kwargs=_office, get=only({"staff_a": 200}, others=403), post=everyone(405)),
    # An unknown or expired preview sends staff back to the upload form.
    "sheets:sheet-preview": office_write(
        lambda ctx: {"slug": ctx.office_a.slug, "token": "unknown-token"}, get_ok=302, post_ok=302
    ),
    "sheets:group-change": office_write(_office, post_ok=200, params=("kommune",)),
}
_ = LOGIN
