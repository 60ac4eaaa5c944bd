"""On PostgreSQL, refuse UPDATE and DELETE on the contact changes and the responses' events (append-only)."""

from django.db import migrations

TABLES = ("selfreport_contactchange", "selfreport_responseevent")


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
    dependencies = [("selfreport", "0001_initial"), ("municipalities", "0003_append_only_triggers")]

    operations = [migrations.RunPython(forwards, backwards)]
