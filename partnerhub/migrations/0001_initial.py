# The app's first migration, empty on purpose: later migrations of parallel work
# (screening, tags, branding, SSO) all start from here and merge cleanly.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = [("portal", "0002_customer_address_line1_customer_address_line2_and_more")]

    operations = []
