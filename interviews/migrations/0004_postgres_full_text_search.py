"""PostgreSQL only: the GIN index behind the directory's full-text search.

The search_vector column exists on every database (SQLite ignores it); the
index, which SQLite cannot build, is created only on PostgreSQL, so that
`migrate` works on both.
"""

from django.db import migrations

INDEX_NAME = "mentorprofile_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} "
        "ON interviews_mentorprofile USING gin (search_vector)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("interviews", "0003_seed_majors_and_industries")]

    operations = [migrations.RunPython(create_index, drop_index)]
