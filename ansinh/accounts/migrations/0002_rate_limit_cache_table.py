"""The database cache table of the rate limits (settings.CACHES), so that `migrate` is the only setup step.
`createcachetable` skips a table that exists and does nothing for a cache that is not in the database."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
