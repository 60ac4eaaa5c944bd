"""gunicorn's configuration for the portal: docker-compose's web service and the tests' gunicorn start with
`-c gunicorn.conf.py`; the command line gives the address and the number of workers.

gunicorn names itself in a `Server` header on every answer and has no setting to leave it out; nothing in the
portal needs it, and a version banner only helps an attacker pick exploits (RELIABILITY.md A-9). The portal's
answers leave without it.
"""

import gunicorn.http.wsgi

_default_headers = gunicorn.http.wsgi.Response.default_headers


def _without_server_header(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


gunicorn.http.wsgi.Response.default_headers = _without_server_header

# Access log to stdout (docker-compose collects it).
accesslog = "-"
