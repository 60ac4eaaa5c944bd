"""Ship the three periods of DOMAIN.md and seed 003's grant schemes for 2021 (data/tilskuddsordninger_2021.csv)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from reporting.reference_data import reporting_reference_load

    reporting_reference_load(apps)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_periods_grants")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
