"""Billing report CSVs leave the database row for the storage API (issue 17): each completed
report's text is written to the default storage and the row keeps only the file's name."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations, models

import billing.models


def move_content_to_storage(apps, schema_editor):
    BillingReport = apps.get_model("billing", "BillingReport")
    for report in BillingReport.objects.filter(status="COMPLETED").iterator(chunk_size=100):
        name = f"billing-reports/{report.partner_id}/{report.pk}.csv"
        report.file = default_storage.save(name, ContentFile(report.content.encode("utf-8")))
        report.save(update_fields=["file"])


def move_files_back(apps, schema_editor):
    BillingReport = apps.get_model("billing", "BillingReport")
    for report in BillingReport.objects.exclude(file="").iterator(chunk_size=100):
        with default_storage.open(report.file.name, "rb") as stored:
            report.content = stored.read().decode("utf-8")
        report.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [("billing", "0003_one_active_report_per_period")]

    operations = [
        migrations.AddField(
            model_name="billingreport",
            name="file",
            field=models.FileField(blank=True, max_length=200, upload_to=billing.models.report_path),
        ),
        migrations.RunPython(move_content_to_storage, move_files_back),
        migrations.RemoveField(model_name="billingreport", name="content"),
    ]
