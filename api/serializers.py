"""The API's JSON shapes, which are also its OpenAPI description. Dates are ISO (YYYY-MM-DD), times ISO with
their offset, values the registry's codes; «never recorded» reads as in the CSV exports (`none` or empty)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from municipalities.exporting import STATUS_COLUMNS
from municipalities.registry import FACT_TYPES
from reporting.figures.registry import FIGURES, PRIORITIES_KEY
from reporting.reports.models import Report

FACT_CODES = list(FACT_TYPES)


class OfficeSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text=_("Embetets kortnavn, slik kommandoene og CSV-filene skriver det."))
    region = serializers.CharField(help_text=_("For eksempel «Oslo og Viken»."))
    title = serializers.CharField(help_text=_("Embetets navn i dag («Statsforvalteren i …»)."))
    position = serializers.IntegerField(help_text=_("Embetets plass i den faste rekkefølgen."))
    counties = serializers.ListField(child=serializers.CharField(), help_text=_("Fylkesnumrene embetet dekker."))
    municipality_count = serializers.IntegerField(help_text=_("Antall kommuner."))


class CountySerializer(serializers.Serializer):
    number = serializers.CharField(help_text=_("Fylkesnummer, to sifre."))
    name = serializers.CharField()
    office = serializers.CharField(source="office.slug", help_text=_("Embetets kortnavn."))


class MunicipalitySerializer(serializers.Serializer):
    kommunenummer = serializers.CharField(source="number", help_text=_("Fire sifre, med ledende null."))
    navn = serializers.CharField(source="name", help_text=_("Navnet slik det står i referansedataene."))
    county = serializers.CharField(source="county.number", help_text=_("Fylkesnummer."))
    office = serializers.CharField(source="office.slug", help_text=_("Embetets kortnavn."))
    population = serializers.IntegerField(help_text=_("Folketall 1. januar 2020."))
    status_version = serializers.IntegerField(
        help_text=_('Kommunens statusversjon nå: send den som `If-Match: "<versjon>"` når du registrerer.')
    )


STATUS_HELP = {
    "kommunenummer": _("Fire sifre, med ledende null."),
    "navn": _("Navnet slik det står i referansedataene."),
    "office": _("Embetets kortnavn."),
    "dialogue_meeting": _("Dialogmøte i statusdatoens år, lengst kommet: held, planned, offered, declined eller none."),
    "decision": _("plan_adopted, process_described eller none."),
    "areas_considered": _("yes, no eller tom (ikke registrert)."),
    "involvement": _("yes, no eller tom (ikke registrert)."),
    "samfunnsdel": _("anchored, planned eller none."),
    "action_plan": _("anchored, planned eller none."),
    "other_plans": _("anchored, planned eller none."),
    "phase": _("2, 3 eller tom (ikke vurdert)."),
}


class _StatusRow(serializers.Serializer):
    def to_representation(self, instance):
        row = instance._asdict()
        row["priorities"] = [code for code in row["priorities"].split(";") if code]
        return super().to_representation(row)


# The columns of `export_status`, with the same values; the priorities as a list of codes.
StatusRowSerializer = type(
    "StatusRowSerializer",
    (_StatusRow,),
    {
        **{
            column: serializers.CharField(help_text=STATUS_HELP[column], allow_blank=True)
            for column in STATUS_COLUMNS
            if column not in ("networks", "priorities")
        },
        "networks": serializers.IntegerField(
            help_text=_("Antall nettverk kommunen deltar i eller planlegger å delta i.")
        ),
        "priorities": serializers.ListField(
            child=serializers.CharField(), help_text=_("Prioriterte innsatsområder og løsninger (koder), sortert.")
        ),
    },
)


class CurrentFactSerializer(serializers.Serializer):
    fact = serializers.ChoiceField(choices=FACT_CODES)
    value = serializers.CharField(help_text=_("Verdiens kode."))
    detail = serializers.CharField(
        allow_blank=True,
        help_text=_("Møtedato, saksnummer, nettverk (embete/kortnavn) eller innsatsområde/løsning (kode)."),
    )
    effective_date = serializers.DateField()
    target_date = serializers.DateField(allow_null=True)
    recorded_at = serializers.DateTimeField()


class MunicipalityStatusSerializer(serializers.Serializer):
    kommunenummer = serializers.CharField()
    as_of = serializers.DateField()
    known_at = serializers.DateTimeField(allow_null=True)
    status_version = serializers.IntegerField(
        help_text=_("Kommunens statusversjon nå (uansett as_of): send den som If-Match når du registrerer.")
    )
    status = StatusRowSerializer()
    current_facts = CurrentFactSerializer(many=True, help_text=_("Opplysningene som gjelder per datoen."))


class RetractionSerializer(serializers.Serializer):
    reason = serializers.CharField()
    recorded_at = serializers.DateTimeField()
    recorded_by = serializers.CharField(source="recorded_by.username")


class FactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fact = serializers.ChoiceField(choices=FACT_CODES)
    value = serializers.CharField(help_text=_("Verdiens kode."))
    detail = serializers.CharField(allow_blank=True)
    effective_date = serializers.DateField()
    target_date = serializers.DateField(allow_null=True)
    link = serializers.CharField(allow_blank=True)
    meeting_format = serializers.CharField(allow_blank=True)
    participants = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)
    recorded_at = serializers.DateTimeField()
    recorded_by = serializers.CharField(source="recorded_by.username", help_text=_("Brukernavnet."))
    source = serializers.CharField(help_text=_("Hvordan opplysningen kom inn: form, import, sheet, group, api …"))
    retraction = RetractionSerializer(allow_null=True, read_only=True, help_text=_("Tilbaketrekkingen, eller null."))


# What a POST to …/facts/ sends: the CSV import's fields and a note. Checked by the input builder.
class FactWriteSerializer(serializers.Serializer):
    fact = serializers.ChoiceField(choices=FACT_CODES, help_text=_("Opplysningen."))
    value = serializers.CharField(help_text=_("Verdien: koden, den norske betegnelsen eller en kortform («Fase 2»)."))
    effective_date = serializers.DateField(help_text=_("Datoen endringen gjelder fra, 2018 til i dag."))
    detail = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_(
            "For dialogmøter møtedatoen (ÅÅÅÅ-MM-DD), for vedtak saksnummeret, for nettverk kortnavnet "
            "(eller embete/kortnavn), for prioriteringer koden til innsatsområdet eller løsningen."
        ),
    )
    target_date = serializers.DateField(
        required=False, allow_null=True, help_text=_("Måldato; påkrevd for en beskrevet prosess (process_described).")
    )
    note = serializers.CharField(required=False, allow_blank=True, help_text=_("Merknad, høyst 2000 tegn."))


class FactRecordedSerializer(FactSerializer):
    kommunenummer = serializers.CharField(source="municipality.number")
    status_version = serializers.IntegerField(help_text=_("Kommunens nye statusversjon."))


class ReportStateSerializer(serializers.Serializer):
    period = serializers.CharField(help_text=_("Periodens kortnavn."))
    office = serializers.CharField(help_text=_("Embetets kortnavn."))
    status = serializers.ChoiceField(choices=Report.Status.values)
    status_changed_at = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True, help_text=_("Siste innsending, uansett status nå."))
    version = serializers.IntegerField(allow_null=True, help_text=_("Siste innsendte versjon."))


class ReportTextsSerializer(ReportStateSerializer):
    source = serializers.ChoiceField(
        choices=["live", "submitted"],
        help_text=_("live: embetets eget utkast (bare for embetets egne ansatte); submitted: siste innsendte versjon."),
    )
    texts_version = serializers.IntegerField(allow_null=True, help_text=_("Versjonen tekstene er fra (null: utkast)."))
    texts = serializers.DictField(child=serializers.CharField(allow_blank=True), help_text=_("Tekst per tekstdel."))


# The columns of `grant_priority`; yes/no as true/false, and null where there is no confirmation.
class GrantRowSerializer(serializers.Serializer):
    kommunenummer = serializers.CharField(source="municipality.number")
    navn = serializers.CharField(source="municipality.name")
    office = serializers.CharField(source="municipality.office.slug")
    criterion_1 = serializers.BooleanField(help_text=_("Vedtatt plan eller beskrevet prosess."))
    criterion_2 = serializers.BooleanField(help_text=_("Tatt stilling til innsatsområder og løsninger."))
    criterion_3 = serializers.BooleanField(help_text=_("Forankret i kommuneplanens samfunnsdel."))
    criterion_4 = serializers.BooleanField(help_text=_("Deltar eller planlegger å delta i nettverk."))
    proposed = serializers.BooleanField(help_text=_("Foreslått prioritert: alle fire kriteriene."))
    confirmed = serializers.BooleanField(allow_null=True, help_text=_("Embetets bekreftelse, eller null."))
    reason = serializers.CharField(allow_null=True, help_text=_("Begrunnelsen for bekreftelsen, eller null."))
    confirmation_stale = serializers.BooleanField(
        allow_null=True, help_text=_("Kriteriene har endret seg siden bekreftelsen (null: ingen bekreftelse).")
    )

    def to_representation(self, row):
        c = row.confirmation
        return {
            "kommunenummer": row.municipality.number,
            "navn": row.municipality.name,
            "office": row.municipality.office.slug,
            **{f"criterion_{i}": value for i, value in enumerate(row.criteria, start=1)},
            "proposed": row.proposed,
            "confirmed": c.confirmed if c else None,
            "reason": c.reason if c else None,
            "confirmation_stale": row.stale if c else None,
        }


# ---- figures: report_figures's JSON, described from the figure registry ------------------------------------


class FigureValueSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    share = serializers.FloatField(help_text=_("Andel av kommunene, 0–1."))


# Every registry figure as {count, share}, the number of municipalities and the phase-3 priorities per code;
# with submitted=true also source and version.
FigureEntrySerializer = type(
    "FigureEntrySerializer",
    (serializers.Serializer,),
    {
        "municipalities": serializers.IntegerField(),
        **{key: FigureValueSerializer() for key in FIGURES},
        PRIORITIES_KEY: serializers.DictField(child=serializers.IntegerField()),
        "source": serializers.ChoiceField(choices=["live", "submitted"], required=False),
        "version": serializers.IntegerField(required=False, allow_null=True),
    },
)


# Exactly what `report_figures` prints for the same arguments.
class FiguresSerializer(serializers.Serializer):
    period = serializers.CharField()
    as_of = serializers.DateField()
    offices = serializers.DictField(child=FigureEntrySerializer(), help_text=_("Per embete (kortnavn)."))
    national = FigureEntrySerializer()


# Problem details (RFC 9457), sent as application/problem+json.
class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField(default="about:blank")
    title = serializers.CharField(help_text=_("Hva slags problem, på norsk."))
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text=_("Hva som er galt og hva du kan gjøre, på norsk."))
    instance = serializers.CharField(help_text=_("Adressen forespørselen gjaldt."))
    errors = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()),
        required=False,
        help_text=_("Ved ugyldig inndata: hvert problem som {field, message}, med de samme meldingene som skjemaene."),
    )
    status_version = serializers.IntegerField(required=False, help_text=_("Ved 409: kommunens statusversjon nå."))
    request_id = serializers.CharField(required=False, help_text=_("Ved 500 og 503: forespørselens ID."))
