from django.db import migrations


def create_program_settings(apps, schema_editor):
    ProgramSettings = apps.get_model("interviews", "ProgramSettings")
    # Every rule takes its model default; advisors change them later.
    ProgramSettings.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("interviews", "0001_initial")]

    operations = [migrations.RunPython(create_program_settings, migrations.RunPython.noop)]
