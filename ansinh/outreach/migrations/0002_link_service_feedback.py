"""Every feedback the post office recorded before issue 20 (`payments.ServiceFeedback`) becomes an item
of the general feedback, linked one-to-one, open, routed to the supervising office (the labour office,
or the province's department once the deployment decides at the commune). The payments rows are kept."""

import secrets

from django.db import migrations

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def link(apps, schema_editor):
    ServiceFeedback = apps.get_model("payments", "ServiceFeedback")
    Feedback = apps.get_model("outreach", "Feedback")
    DeploymentSettings = apps.get_model("accounts", "DeploymentSettings")
    setting = DeploymentSettings.objects.filter(pk=1).first()
    office = "province" if setting is not None and setting.decision_flow == "commune" else "labour_office"
    linked = set(Feedback.objects.exclude(service_feedback=None).values_list("service_feedback_id", flat=True))
    used = set(Feedback.objects.values_list("reference", flat=True))
    items = []
    for record in ServiceFeedback.objects.exclude(pk__in=linked).order_by("pk"):
        reference = "".join(secrets.choice(ALPHABET) for _ in range(10))
        while reference in used:
            reference = "".join(secrets.choice(ALPHABET) for _ in range(10))
        used.add(reference)
        items.append(
            Feedback(
                reference=reference,
                kind="payment_service",
                channel="post_office",
                status="open",
                commune_id=record.commune_id,
                office_kind=office,
                text=record.comment or f"Mức hài lòng {record.rating}/5",
                rating=record.rating,
                about_month=record.month,
                service_feedback_id=record.pk,
                received_at=record.recorded_at,
                recorded_by_id=record.recorded_by_id,
            )
        )
    Feedback.objects.bulk_create(items, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial"), ("accounts", "0002_rate_limit_cache_table")]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
