"""PostgreSQL: a full-text index on the words of the folded name, for word-prefix search
("ng van a" → "Nguyễn Văn An") at national scale; it replaces the trigram index of 0002, which
the search no longer uses. SQLite needs nothing."""

from django.db import migrations

UP = """
CREATE INDEX IF NOT EXISTS registry_person_name_words ON registry_person USING gin (to_tsvector('simple', full_name_folded));
DROP INDEX IF EXISTS registry_person_name_trgm;
"""
DOWN = """
DROP INDEX IF EXISTS registry_person_name_words;
CREATE INDEX IF NOT EXISTS registry_person_name_trgm ON registry_person USING gin (full_name_folded gin_trgm_ops);
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UP)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DOWN)


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_missing_on")]
    operations = [migrations.RunPython(install, uninstall)]
