"""Matrix entries for the API (/api/v1/, by token) and the token page (/konto/api-nokler/, by session)."""

from .matrix import LOGIN, Entry, everyone, only

PHASE_3 = {"fact": "phase", "value": "3", "effective_date": "2021-05-01"}


def _reads(kwargs=lambda ctx: {}, query=None) -> Entry:
    """Data every token reads; no token: 401; no POST on the route: 405."""
    return Entry(
        kwargs=kwargs,
        token=True,
        query=query or {},
        get=everyone(200, anonymous=401),
        post=everyone(405, anonymous=401),
    )


def _public(code_get: int = 200) -> Entry:
    return Entry(token=True, get=everyone(code_get, anonymous=code_get), post=everyone(405, anonymous=405))


def _own_token(ctx) -> dict:
    from api.services import api_token_create

    return {"pk": api_token_create(user=ctx.staff_a, name="matrix revoke", days=1)[0].pk}


ENTRIES = {
    "api:schema": _public(),
    "api:docs": _public(),
    "api:office-list": _reads(),
    "api:office-detail": _reads(lambda ctx: {"slug": ctx.office_a.slug}),
    "api:county-list": _reads(),
    "api:municipality-list": _reads(),
    "api:municipality-detail": _reads(lambda ctx: {"number": ctx.municipality_a.number}),
    "api:municipality-status": _reads(lambda ctx: {"number": ctx.municipality_a.number}),
    "api:status-list": _reads(query={"as_of": "2021-04-30"}),
    "api:report-list": _reads(query={"period": "spring-2021"}),
    "api:grant-priority": _reads(query={"year": "2021"}),
    "api:figures": _reads(query={"period": "autumn-2021"}),
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
