"""A-2 for the annual summary once it is final: the same URLs × roles × GET/POST as the matrix's draft rows
(tests/access/matrix_summary.py), with the summary marked final first."""

import pytest
from django.urls import reverse

from .matrix import ROLES, sign_in
from .matrix_summary import ENTRIES, FINAL_ENTRIES
from .test_matrix import _check, ctx  # noqa: F401 (the shared fixture)


def test_the_final_rows_cover_every_summary_url():
    assert set(FINAL_ENTRIES) == set(ENTRIES)


@pytest.mark.parametrize("name", sorted(FINAL_ENTRIES))
@pytest.mark.parametrize("method", ["get", "post"])
def test_summary_matrix_when_final(name, method, ctx, client):  # noqa: F811
    entry = FINAL_ENTRIES[name]
    url = reverse(name, kwargs=entry.kwargs(ctx))
    expected_by_role = getattr(entry, method)
    assert set(expected_by_role) == set(ROLES), f"{name} {method}: the entry must name every role"
    for role in ROLES:
        client.logout()
        sign_in(client, role, ctx)
        response = client.get(url) if method == "get" else client.post(url, entry.post_data(ctx))
        _check(response, expected_by_role[role], role)
