"""Single sign-on with the organisation's identity provider over OpenID Connect.

The provider proves who someone is; the portal decides what they may do. Accounts are provisioned in the
portal (the admin, or `manage.py import_users`); the first sign-in links an account by the e-mail address
the provider vouches for (`email_verified`), every later one by (issuer, subject) alone.

- config: the settings, read at each use (so tests and a changed environment take effect), and the issuer rule
- provider: the OpenID Connect client (Authlib): discovery, PKCE, nonce, ID token checks, RP-initiated logout
- linking: which portal account an identity is
- views: start of the sign-in, the provider's answer, the refusal pages
"""
