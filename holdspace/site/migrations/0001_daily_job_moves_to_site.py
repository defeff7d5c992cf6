"""The daily job moved from reports to site: a run already queued under its old path would no
longer import, so it would never run or schedule the next day. Queued runs are pointed at the new path."""
from django.db import migrations

OLD = "holdspace.reports.tasks.daily_upkeep"
NEW = "holdspace.site.tasks.daily_upkeep"


def forwards(apps, schema_editor):
    apps.get_model("django_tasks_database", "DBTaskResult").objects.filter(task_path=OLD).update(task_path=NEW)


def backwards(apps, schema_editor):
    apps.get_model("django_tasks_database", "DBTaskResult").objects.filter(task_path=NEW).update(task_path=OLD)


class Migration(migrations.Migration):

    dependencies = [
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
