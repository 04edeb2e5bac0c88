"""PostgreSQL: a trigram index so that accent-insensitive word search on names stays fast at
national scale (LIKE on the folded name uses it), and an index in Vietnamese collation order so
that the first page of a list sorted by name is read from the index. SQLite needs nothing."""

from django.db import migrations

UP = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS registry_person_name_trgm
    ON registry_person USING gin (full_name_folded gin_trgm_ops);
CREATE INDEX IF NOT EXISTS registry_person_name_vi
    ON registry_person (full_name COLLATE "vi-x-icu", birth_year, id);
"""
DOWN = "DROP INDEX IF EXISTS registry_person_name_trgm; DROP INDEX IF EXISTS registry_person_name_vi;"


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UP)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DOWN)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
