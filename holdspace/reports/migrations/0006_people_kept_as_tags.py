"""Who a case is about, and who may never see it, kept as keyed hashes of their accounts, never their ids."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from holdspace.crypto.derivation import lookup_hash

PURPOSE = b"case-person"  # as holdspace/reports/people.py: a migration keeps its own copy of what it needs


def _tag(user_id: int) -> str:
    return lookup_hash(str(user_id), purpose=PURPOSE)


def ids_to_tags(apps, schema_editor):
    Case = apps.get_model("reports", "Case")
    CaseExclusion = apps.get_model("reports", "CaseExclusion")
    for case_id, respondent_id in Case.objects.filter(respondent__isnull=False).values_list("pk", "respondent_id"):
        Case.objects.filter(pk=case_id).update(respondent_tag=_tag(respondent_id))
    for exclusion_id, user_id in CaseExclusion.objects.values_list("pk", "user_id"):
        CaseExclusion.objects.filter(pk=exclusion_id).update(person_tag=_tag(user_id))


def tags_to_ids(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Case = apps.get_model("reports", "Case")
    CaseExclusion = apps.get_model("reports", "CaseExclusion")
    people = {_tag(user_id): user_id for user_id in User.objects.values_list("pk", flat=True)}
    for case_id, tag in Case.objects.exclude(respondent_tag="").values_list("pk", "respondent_tag"):
        Case.objects.filter(pk=case_id).update(respondent_id=people.get(tag))
    for exclusion_id, tag in CaseExclusion.objects.values_list("pk", "person_tag"):
        if tag in people:
            CaseExclusion.objects.filter(pk=exclusion_id).update(user_id=people[tag])
        else:  # an account deleted since: nobody left to keep out
            CaseExclusion.objects.filter(pk=exclusion_id).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0005_identity_sealed_to_the_ring"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="respondent_tag",
            field=models.CharField(blank=True, db_index=True, max_length=64, default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="caseexclusion",
            name="person_tag",
            field=models.CharField(max_length=64, default=""),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="caseexclusion",
            name="user",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to=settings.AUTH_USER_MODEL),
        ),
        migrations.RemoveConstraint(model_name="caseexclusion", name="case_exclusion_once"),
        migrations.RunPython(ids_to_tags, tags_to_ids),
        migrations.RemoveField(model_name="caseexclusion", name="user"),
        migrations.RemoveField(model_name="case", name="respondent"),
        migrations.AddConstraint(
            model_name="caseexclusion",
            constraint=models.UniqueConstraint(fields=("case", "person_tag"), name="case_exclusion_once"),
        ),
        migrations.AddIndex(
            model_name="caseexclusion",
            index=models.Index(fields=["person_tag"], name="case_exclusion_person"),
        ),
    ]
