"""On PostgreSQL, refuse UPDATE and DELETE on security events (append-only), except the one update the database
makes itself when an account is deleted: `user_id` set to NULL with nothing else changed."""

from django.db import migrations

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION lhl_security_event_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.user_id IS NULL
        AND to_jsonb(NEW) - 'user_id' = to_jsonb(OLD) - 'user_id' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'append-only table %: log a new security event instead', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, params=None)
    schema_editor.execute(
        "CREATE TRIGGER accounts_securityevent_append_only BEFORE UPDATE OR DELETE ON accounts_securityevent "
        "FOR EACH ROW EXECUTE FUNCTION lhl_security_event_refuse_change();"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS accounts_securityevent_append_only ON accounts_securityevent;")
    schema_editor.execute("DROP FUNCTION IF EXISTS lhl_security_event_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_identity_link")]

    operations = [migrations.RunPython(forwards, backwards)]
