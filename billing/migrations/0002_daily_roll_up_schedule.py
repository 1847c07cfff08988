"""The daily usage roll-up schedule (BL-5), created or updated by name: idempotent."""

from datetime import UTC, datetime, time, timedelta

from django.db import migrations

NAME = "billing: roll up daily usage"  # billing.tasks.ROLL_UP_SCHEDULE


def create_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    Schedule.objects.update_or_create(
        name=NAME,
        defaults={
            "func": "billing.tasks.roll_up_daily_usage",
            "schedule_type": "D",
            "repeats": -1,
            # Shortly after midnight UTC, when yesterday has finished.
            "next_run": datetime.combine(tomorrow, time(0, 15), tzinfo=UTC),
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
