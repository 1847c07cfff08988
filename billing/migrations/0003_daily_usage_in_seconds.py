"""DailyUsage stores whole covered seconds instead of a six-decimal quantity (BL-2, BL-3).

Stored quantities become round(quantity × 86400) seconds: the rounding to six decimals lost at
most 0.0432 s a day, so this recovers the seconds the intervals covered (whole-second
timestamps; the demo's and the API's are). Going back computes the rounded quantity again."""

from decimal import ROUND_HALF_UP, Decimal

import django.core.validators
from django.db import migrations, models

SECONDS_PER_DAY = 86400


def quantity_to_seconds(apps, schema_editor):
    DailyUsage = apps.get_model("billing", "DailyUsage")
    for row in DailyUsage.objects.only("pk", "quantity").iterator(chunk_size=2000):
        seconds = (Decimal(row.quantity) * SECONDS_PER_DAY).quantize(Decimal(1), ROUND_HALF_UP)
        DailyUsage.objects.filter(pk=row.pk).update(seconds=min(int(seconds), SECONDS_PER_DAY))


def seconds_to_quantity(apps, schema_editor):
    DailyUsage = apps.get_model("billing", "DailyUsage")
    for row in DailyUsage.objects.only("pk", "seconds").iterator(chunk_size=2000):
        quantity = (Decimal(row.seconds) / SECONDS_PER_DAY).quantize(Decimal("0.000001"))
        DailyUsage.objects.filter(pk=row.pk).update(quantity=quantity)


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0002_daily_roll_up_schedule"),
    ]

    operations = [
        migrations.AddField(
            model_name="dailyusage",
            name="seconds",
            field=models.PositiveIntegerField(
                default=0,
                help_text="Covered seconds, ≤ 86400",
                validators=[django.core.validators.MaxValueValidator(86400)],
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="dailyusage",
            name="quantity",
            field=models.DecimalField(decimal_places=6, max_digits=12, null=True),
        ),
        migrations.RunPython(quantity_to_seconds, seconds_to_quantity),
        migrations.RemoveField(model_name="dailyusage", name="quantity"),
    ]
