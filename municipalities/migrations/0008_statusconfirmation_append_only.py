"""On PostgreSQL, refuse UPDATE and DELETE on status confirmations (append-only, like the facts)."""

from django.db import migrations

TABLE = "municipalities_statusconfirmation"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # lhl_refuse_change() is created by 0003_append_only_triggers.
    schema_editor.execute(
        f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
        f"FOR EACH ROW EXECUTE FUNCTION lhl_refuse_change();"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};")


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0007_statusconfirmation")]

    operations = [migrations.RunPython(forwards, backwards)]
