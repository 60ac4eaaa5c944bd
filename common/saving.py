"""What the save button and autosave answer for a text draft (the office report, the annual summary).

One rule for both: a save that wrote something says when; a save that found nothing new says that all is
saved and when it last was (an autosave a moment earlier counts), never «Ingen endringer å lagre» while the
text is already safe. Only a draft that was never saved and has nothing typed gets that answer.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.utils.translation import gettext as _

from .dates import clock


def saved_message(saved_sections: list[str], last_saved_at: datetime.datetime | None) -> tuple[int, str]:
    """(message level, text) for a save that wrote `saved_sections` and whose texts were last saved then."""
    if saved_sections and last_saved_at is not None:
        return messages.SUCCESS, _("Utkastet er lagret kl. %(time)s.") % {"time": clock(last_saved_at)}
    if last_saved_at is not None:
        return messages.INFO, _("Alt er lagret kl. %(time)s.") % {"time": clock(last_saved_at)}
    return messages.INFO, _("Ingen endringer å lagre.")
