"""Key the audit chain from here on, keeping every earlier entry as it was written.

Earlier entries keep their plain SHA-256 links (link 1). If there are any, one keyed entry,
`audit.chain_keyed`, is added after them now: its keyed link covers the last plain hash, so none of
them can be rewritten without the server's key, and a chain whose newest entry is not keyed is broken.
"""
from django.db import migrations, models
from django.utils import timezone

LINK_SHA256 = 1
LINK_KEYED = 2


def switch_over(apps, schema_editor):
    from holdspace.audit.services import entry_mac  # the keyed link's definition, as every later entry uses it

    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditHead = apps.get_model("audit", "AuditHead")
    last = AuditEntry.objects.order_by("-seq").first()
    if last is None:
        return  # a new database: its first entry is keyed
    fields = {
        "seq": last.seq + 1, "at": timezone.now(), "actor_id": None, "organisation_id": None,
        "action": "audit.chain_keyed", "target_type": "", "target_id": "", "details": {"plain_entries": last.seq},
        "prev_hash": last.hash,
    }
    digest = entry_mac(**fields)
    AuditEntry.objects.create(**fields, hash=digest, link=LINK_KEYED)
    AuditHead.objects.update_or_create(pk=1, defaults={"seq": fields["seq"], "hash": digest})


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
    ]

    operations = [
        # Entries already written are plain SHA-256 links; every entry written from now on is keyed.
        migrations.AddField(
            model_name='auditentry',
            name='link',
            field=models.PositiveSmallIntegerField(default=LINK_SHA256),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='link',
            field=models.PositiveSmallIntegerField(default=LINK_KEYED),
        ),
        migrations.RunPython(switch_over, migrations.RunPython.noop),
    ]
