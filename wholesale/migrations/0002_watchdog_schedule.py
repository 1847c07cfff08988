"""The watchdog (PV-1): every 5 minutes, customers stuck busy past PROVISIONING_STUCK_AFTER go
to `error`. Created once, by name, so re-running changes nothing."""

from django.db import migrations

SCHEDULE_NAME = "wholesale: settle work stuck in the background"  # wholesale.tasks.WATCHDOG_SCHEDULE
FUNC = "wholesale.tasks.settle_stuck_work"


def create_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=SCHEDULE_NAME,
        defaults={"func": FUNC, "schedule_type": "I", "minutes": 5, "repeats": -1},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=SCHEDULE_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("wholesale", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
