"""Keeping personal links' secrets out of every log line, whatever wrote it.

`LinkTokenMiddleware` takes the secret out of a request before the portal handles it, so the portal's own log
lines, Django's request log and error reports never see it (and the WSGI environ the server logs from reads
`/svar/lenke/` too). Two more places could still write the address as it arrived, and are covered here:
- `RedactLinkSecrets`, a filter on the log handlers (settings.LOGGING), rewrites any `/svar/<secret>` in a
  record's message, for example the development server's request lines;
- `RedactingGunicornLogger`, gunicorn's access logger (`--logger-class`), rewrites the request line, path,
  query and headers before they are written.
Neither imports a model: both load before Django is set up.
"""

from __future__ import annotations

import logging

from gunicorn.glogging import Logger

from .tokens import redact


class RedactLinkSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler's own error reporting
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class RedactingGunicornLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in list(atoms.items()):
            if isinstance(value, str):
                atoms[key] = redact(value)
        return atoms
