"""The daily renewal of auto-renewing service terms (OP-1), created or updated by name."""

from datetime import UTC, datetime, time, timedelta

from django.db import migrations

NAME = "wholesale: renew auto-renewing service terms"  # wholesale.tasks.RENEW_SCHEDULE


def create_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    Schedule.objects.update_or_create(
        name=NAME,
        defaults={
            "func": "wholesale.tasks.renew_terms",
            "schedule_type": "D",
            "repeats": -1,
            "next_run": datetime.combine(tomorrow, time(0, 30), tzinfo=UTC),
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("wholesale", "0003_lifecycle"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
