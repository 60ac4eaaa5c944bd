"""The OpenAPI description's parts that drf-spectacular cannot find by itself: the Bearer token scheme, the
routes it covers, and the introduction."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": _(
                "En personlig API-nøkkel, laget på siden API-nøkler i portalen eller med "
                "`manage.py create_api_token`. Send den som `Authorization: Bearer <nøkkel>`."
            ),
        }


def only_api_routes(endpoints):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def describe(result, generator, request, public):
    result["info"]["description"] = _(
        "Leve hele livet-portalens API for Helsedirektoratets analytikere og embetenes egne systemer.\n\n"
        "- **Tilgang**: hver forespørsel sendes med en personlig API-nøkkel, `Authorization: Bearer <nøkkel>`. "
        "Nøkkelen gjelder som brukeren sin, aldri mer: alle leser alle embeters publiserte data; bare ansatte hos "
        "statsforvalteren registrerer, og bare for eget embete, med en nøkkel som kan skrive. En innlogget "
        "nettleser uten nøkkel får 401. Et annet embetes utkast gir 404.\n"
        "- **Svar**: JSON med datoer som ÅÅÅÅ-MM-DD og verdienes koder. Lister kommer side for side "
        "(`page`, `page_size`, høyst 500). Hvert svar har dataversjonen det er regnet ut fra i `ETag`; send den "
        "tilbake i `If-None-Match` og få 304 når ingenting er endret.\n"
        "- **Feil**: problembeskrivelser (RFC 9457, `application/problem+json`) med norsk `detail`, og `errors` "
        "med de samme meldingene som skjemaene i portalen.\n"
        "- **Grense**: et begrenset antall forespørsler per bruker og minutt; over grensen 429 med `Retry-After`."
    )
    result["tags"] = [
        {"name": "referansedata", "description": _("Embeter, fylker og kommuner.")},
        {"name": "status", "description": _("Status per dato, opplysninger og registrering.")},
        {"name": "rapporter", "description": _("Embetenes rapporter.")},
        {"name": "tilskudd", "description": _("Prioritering i tilskuddsordninger.")},
        {"name": "tall", "description": _("Rapporteringstallene.")},
    ]
    return result
