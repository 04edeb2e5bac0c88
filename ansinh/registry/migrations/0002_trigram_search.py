"""PostgreSQL: trigram indexes so that accent-insensitive substring search on names stays fast
at national scale (LIKE '%…%' on the folded name uses them). SQLite needs nothing."""

from django.db import migrations

UP = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS registry_person_name_trgm
    ON registry_person USING gin (full_name_folded gin_trgm_ops);
"""
DOWN = "DROP INDEX IF EXISTS registry_person_name_trgm;"


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UP)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DOWN)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
