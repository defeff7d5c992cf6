"""Create the database table that holds throttling counters.

It is a cache table rather than a model, so Django's createcachetable makes it;
doing that in a migration means no deployment can forget it.
"""
from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
