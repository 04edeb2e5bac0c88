"""A partial index on the lines the post office did not pay (about 2% of a month): the communes to
list and the carried lines of month M read only those of M−1 instead of the whole month.

Raw SQL (the same on PostgreSQL and SQLite) and no model state: the index is an access path of the
set-based generation (payroll.py), not part of the model."""

from django.db import migrations

INDEX = "payments_line_unpaid"


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0004_line_references_without_constraints"),
    ]

    operations = [
        migrations.RunSQL(
            sql=(
                f"CREATE INDEX {INDEX} ON payments_payrollline (month, commune_id) "
                "WHERE paid_on IS NULL AND not_paid_reason <> ''"
            ),
            reverse_sql=f"DROP INDEX {INDEX}",
        ),
    ]
