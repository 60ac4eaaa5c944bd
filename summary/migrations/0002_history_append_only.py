"""On PostgreSQL, refuse UPDATE and DELETE on the summary's texts, versions and transitions (append-only)."""

from django.db import migrations

TABLES = ("summary_summarytext", "summary_summaryversion", "summary_summarytransition")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # lhl_refuse_change() is created by municipalities.0003_append_only_triggers.
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION lhl_refuse_change();"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")


class Migration(migrations.Migration):
    dependencies = [("summary", "0001_annual_summary"), ("municipalities", "0003_append_only_triggers")]

    operations = [migrations.RunPython(forwards, backwards)]
