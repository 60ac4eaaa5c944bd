"""Matrix entries for single sign-on and the admin's password change.

The matrix runs without OIDC_ISSUER: the sign-in start and the provider's answer do not exist then (404 for
everyone). With a provider configured they are public by nature (tests/identity/ covers them).
"""

from .matrix import LOGIN, Entry, everyone

ENTRIES = {
    # The admin's sign-out is the portal's (it ends the identity provider's session too).
    "admin-logout": Entry(get=everyone(405), post=everyone(302)),
    "accounts:sso-start": Entry(get=everyone(404, anonymous=404), post=everyone(405, anonymous=405), params=("next",)),
    "accounts:sso-callback": Entry(
        get=everyone(404, anonymous=404), post=everyone(405, anonymous=405), params=("iss", "state", "code")
    ),
    # The admin's own password change: administrators only (others are sent to the admin's login page); an empty
    # POST re-renders the form. With PASSWORD_LOGIN=0 it is a 404 except for the break-glass account.
    "admin-password-change": Entry(
        get={"staff_a": 302, "staff_b": 302, "directorate": 302, "admin": 200, "anonymous": LOGIN},
        post={"staff_a": 302, "staff_b": 302, "directorate": 302, "admin": 200, "anonymous": LOGIN},
    ),
}
