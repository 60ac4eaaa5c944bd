"""The table of the database cache, the portal's default cache when CACHE_URL is not set (settings: CACHES).

The cache holds the sign-in, password-reset, personal-link and API rate-limit counters and the dashboard's
computed figures. In the database, every web process and every instance shares them with no Redis at all, so a
database made by `migrate` alone serves every page; CACHE_URL on Redis is faster and the production choice.
Made here, with Django's own `createcachetable`, rather than by a command an operator could forget."""

from django.core.management import call_command
from django.db import migrations

TABLE = "lhl_cache"


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_security_event_append_only")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table, elidable=False)]
