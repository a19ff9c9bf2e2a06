"""A report keeps a copy of what was reported (Report.reported_text), so the
evidence survives the author's account deletion."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0011_imports_account_notifications"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="reported_text",
            field=models.TextField(blank=True),
        ),
    ]
