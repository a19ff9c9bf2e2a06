"""Emails about an account (a mentor's invitation to claim an imported account)
have no interview request: the outbox row's request becomes optional."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0010_advisor_workspace"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="request",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notifications",
                to="interviews.interviewrequest",
            ),
        ),
    ]
