"""On PostgreSQL, refuse UPDATE and DELETE on status facts and retractions: they are append-only."""

from django.db import migrations

TABLES = ["municipalities_statusfact", "municipalities_factretraction"]

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION lhl_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'append-only table %: record a new fact or a retraction instead', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, params=None)
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
    schema_editor.execute("DROP FUNCTION IF EXISTS lhl_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0002_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
