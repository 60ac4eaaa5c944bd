"""The URL × role × method matrix: what each role may do on each URL, with a foreign object.

Each app's entries live in a module of this package named `matrix_<app>.py`, exporting `ENTRIES`
(URL name → Entry). tests/access/test_matrix.py enumerates the URLconf and fails for a URL without an entry.

`params` names the query-string parameters the view reads (beside the view, so a new parameter is listed where
the URL is): tests/security/test_malformed_input.py sends hostile values in each of them, as every role.

Roles: `staff_a` (staff of office A, the object's own office), `staff_b` (staff of office B, a foreign
office), `directorate`, `admin`, `anonymous`, and `municipality`: the session a personal link of a status round
gives a contact of Oslo (0301, office A), which reaches its own municipality's pages only (every other URL is a
404, except the accessibility statement and signing out). The object is always one of office A's.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("staff_a", "staff_b", "directorate", "admin", "anonymous", "municipality")
LOGIN = "login"  # a redirect to the login page
NOT_FOR_MUNICIPALITIES = 404  # what a municipality's session gets on any page but its own


@dataclass(frozen=True)
class Entry:
    # kwargs for reverse(), given the test context (ctx.office_a, ctx.municipality_a, ctx.staff_a, ...)
    kwargs: Callable[[object], dict] = field(default=lambda ctx: {})
    get: dict[str, object] = field(default_factory=dict)  # role → status code, LOGIN or a set of codes
    post: dict[str, object] = field(default_factory=dict)
    post_data: Callable[[object], dict] = field(default=lambda ctx: {})
    # The API: each role asks with its own Bearer token (staff: a token that writes), anonymous with none, and
    # the POST body is JSON. A session alone counts for nothing there (test_api_answers_by_the_token_alone).
    token: bool = False
    query: dict = field(default_factory=dict)  # added to the URL (a list's required parameters)
    params: tuple[str, ...] = ()  # the query-string parameters the view reads


def everyone(
    code: object, anonymous: object = LOGIN, municipality: object = NOT_FOR_MUNICIPALITIES
) -> dict[str, object]:
    return {
        "staff_a": code,
        "staff_b": code,
        "directorate": code,
        "admin": code,
        "anonymous": anonymous,
        "municipality": municipality,
    }


def only(allowed: dict[str, object], *, others: object) -> dict[str, object]:
    result = dict.fromkeys(ROLES, others)
    result["anonymous"] = LOGIN
    result["municipality"] = NOT_FOR_MUNICIPALITIES
    result.update(allowed)
    return result


def sign_in(client, role: str, ctx) -> None:
    """Sign the test client in as the role (anonymous: nobody; municipality: the personal link's session)."""
    if role == "anonymous":
        return
    if role == "municipality":
        from tests.selfreport.helpers import municipal_session

        municipal_session(client, ctx.invitation_a)
        return
    client.force_login(getattr(ctx, role))


def municipal_invitation(office_a, staff_a):
    """A contact of Oslo (office A) invited in a round: the `municipality` role's invitation."""
    from tests.selfreport.helpers import invitation_with_link

    return invitation_with_link(office_a, staff_a, "0301").invitation


def read_only(kwargs: Callable[[object], dict] = lambda ctx: {}, *, params: tuple[str, ...] = ()) -> Entry:
    """A page every signed-in user reads; POST is not allowed."""
    return Entry(kwargs=kwargs, get=everyone(200), post=everyone(405), params=params)


def public(kwargs: Callable[[object], dict] = lambda ctx: {}, *, get=200, post=200) -> Entry:
    return Entry(kwargs=kwargs, get=everyone(get, anonymous=get), post=everyone(post, anonymous=post))


def office_write(
    kwargs: Callable[[object], dict],
    *,
    get_ok=200,
    post_ok=(200, 302),
    post_data=lambda ctx: {},
    params: tuple[str, ...] = (),
) -> Entry:
    """A form that writes office A's records: only staff of A; everyone else signed in gets 403."""
    return Entry(
        kwargs=kwargs,
        get=only({"staff_a": get_ok}, others=403),
        post=only({"staff_a": post_ok}, others=403),
        post_data=post_data,
        params=params,
    )


def office_draft(
    kwargs: Callable[[object], dict], *, get_ok=200, post_ok=(200, 302), post_data=lambda ctx: {}
) -> Entry:
    """A draft of office A: visible to its own office only; anyone else gets 404."""
    return Entry(
        kwargs=kwargs,
        get=only({"staff_a": get_ok}, others=404),
        post=only({"staff_a": post_ok}, others=404),
        post_data=post_data,
    )


def directorate_write(
    kwargs: Callable[[object], dict] = lambda ctx: {},
    *,
    get_ok=200,
    post_ok=(200, 302),
    post_data=lambda ctx: {},
) -> Entry:
    return Entry(
        kwargs=kwargs,
        get=only({"directorate": get_ok}, others=403),
        post=only({"directorate": post_ok}, others=403),
        post_data=post_data,
    )
