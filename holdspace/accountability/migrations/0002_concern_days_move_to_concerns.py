"""The days an organisation gives itself to answer a partner's concern move to concerns' own policy,
so concerns no longer reads accountability's settings. Each organisation's chosen days are copied
before the old column goes."""
from django.db import migrations


def days_to_concerns(apps, schema_editor):
    AccountabilitySettings = apps.get_model("accountability", "AccountabilitySettings")
    ConcernPolicy = apps.get_model("concerns", "ConcernPolicy")
    ConcernPolicy.objects.bulk_create(
        ConcernPolicy(organisation_id=organisation_id, response_days=days)
        for organisation_id, days in AccountabilitySettings.objects.values_list(
            "organisation_id", "concern_response_days").order_by("pk").iterator(chunk_size=500)
    )


def days_back(apps, schema_editor):
    AccountabilitySettings = apps.get_model("accountability", "AccountabilitySettings")
    ConcernPolicy = apps.get_model("concerns", "ConcernPolicy")
    for organisation_id, days in ConcernPolicy.objects.values_list("organisation_id", "response_days"):
        AccountabilitySettings.objects.update_or_create(organisation_id=organisation_id,
                                                        defaults={"concern_response_days": days})


class Migration(migrations.Migration):

    dependencies = [
        ("accountability", "0001_accountability_settings"),
        ("concerns", "0002_concern_policy"),
    ]

    operations = [
        migrations.RunPython(days_to_concerns, days_back),
        migrations.RemoveField(
            model_name="accountabilitysettings",
            name="concern_response_days",
        ),
    ]
