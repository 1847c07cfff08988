"""The scheduled screening expiry (PV-2): created once, by name, so re-running changes nothing."""

from django.db import migrations

SCHEDULE_NAME = "screening: stop onboarding after 72 hours without review"  # screening.tasks.EXPIRY_SCHEDULE
FUNC = "screening.tasks.expire_screening_cases"


def create_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=SCHEDULE_NAME,
        defaults={"func": FUNC, "schedule_type": "I", "minutes": 15, "repeats": -1},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=SCHEDULE_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
