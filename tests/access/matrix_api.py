"""Matrix entries for the API (/api/v1/, by token) and the token page (/konto/api-nokler/, by session).

Each API entry lists the query parameters its view reads (`params`, the page parameters of a list included);
`IN_RANGE` gives each parameter's extreme accepted values. tests/security/test_malformed_input.py (B-7) sends
hostile values in each parameter with a token (a 400 in the API's problem format, never a 500) and
tests/security/test_extreme_values.py (B-11) the in-range extremes (200).
"""

from django.utils import timezone

from .matrix import LOGIN, Entry, everyone, only

PHASE_3 = {"fact": "phase", "value": "3", "effective_date": "2021-05-01"}
PAGES = ("page", "page_size")


def _today(ctx) -> str:
    return timezone.localdate().isoformat()


# Parameter → the extreme values it accepts (given the test context): the portal's date bounds (status dates
# from 2018 to today), the grant years, the first page and the smallest and largest page size.
IN_RANGE = {
    "as_of": lambda ctx: ["2018-01-01", _today(ctx)],
    "known_at": lambda ctx: ["2018-01-01T00:00", "2100-12-31T23:59", "2100-12-31T23:59:59+01:00"],
    "office": lambda ctx: [ctx.office_a.slug],
    "county": lambda ctx: [ctx.municipality_a.county.number],
    "period": lambda ctx: ["spring-2021", "autumn-2021"],
    "year": lambda ctx: ["2021", "2023"],
    "submitted": lambda ctx: ["true", "false"],
    "page": lambda ctx: ["1", "last"],
    "page_size": lambda ctx: ["1", "500", "501"],
}


def _reads(kwargs=lambda ctx: {}, query=None, params: tuple[str, ...] = ()) -> Entry:
    """Data every token reads; no token: 401; no POST on the route: 405."""
    return Entry(
        kwargs=kwargs,
        token=True,
        query=query or {},
        get=everyone(200, anonymous=401),
        post=everyone(405, anonymous=401),
        params=params,
    )


def _public(code_get: int = 200) -> Entry:
    return Entry(token=True, get=everyone(code_get, anonymous=code_get), post=everyone(405, anonymous=405))


def _own_token(ctx) -> dict:
    from api.services import api_token_create

    return {"pk": api_token_create(user=ctx.staff_a, name="matrix revoke", days=1)[0].pk}


ENTRIES = {
    "api:schema": _public(),
    "api:docs": _public(),
    "api:office-list": _reads(params=PAGES),
    "api:office-detail": _reads(lambda ctx: {"slug": ctx.office_a.slug}),
    "api:county-list": _reads(params=PAGES),
    "api:municipality-list": _reads(params=("office", "county", *PAGES)),
    "api:municipality-detail": _reads(lambda ctx: {"number": ctx.municipality_a.number}),
    "api:municipality-status": _reads(lambda ctx: {"number": ctx.municipality_a.number}, params=("as_of", "known_at")),
    "api:status-list": _reads(query={"as_of": "2021-04-30"}, params=("as_of", "known_at", "office", *PAGES)),
    "api:report-list": _reads(query={"period": "spring-2021"}, params=("period", "office", *PAGES)),
    "api:grant-priority": _reads(query={"year": "2021"}, params=("year", "as_of", "office", *PAGES)),
    "api:figures": _reads(
        query={"period": "autumn-2021"}, params=("period", "office", "as_of", "known_at", "submitted")
    ),
    # Office A's report for a period: its own staff read the draft; for anyone else it is not there yet (404).
    "api:report-texts": Entry(
        kwargs=lambda ctx: {"period": "spring-2021", "office": ctx.office_a.slug},
        token=True,
        get=only({"staff_a": 200, "anonymous": 401}, others=404),
        post=everyone(405, anonymous=401),
    ),
    # Recording a fact: staff of the municipality's office only (a token that writes); 403 for the others.
    "api:municipality-facts": Entry(
        kwargs=lambda ctx: {"number": ctx.municipality_a.number},
        token=True,
        get=everyone(200, anonymous=401),
        post=only({"staff_a": 201, "anonymous": 401}, others=403),
        post_data=lambda ctx: PHASE_3,
        params=PAGES,
    ),
    # The user's own token page: every signed-in user makes read tokens (201: the token is shown once).
    "api-tokens:list": Entry(
        get=everyone(200),
        post=everyone(201),
        post_data=lambda ctx: {"name": "matrise", "days": "30", "scope": "read"},
    ),
    # Revoking one of staff A's tokens: only staff A (302); anyone else gets a logged 404.
    "api-tokens:revoke": Entry(
        kwargs=_own_token,
        get=everyone(405),
        post=only({"staff_a": 302}, others=404),
    ),
}
_ = LOGIN
