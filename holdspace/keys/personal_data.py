"""His key as he reads it back in his export (that he has one, and since when: never a secret), and what deleting
his account does to it. Registered with holdspace.accounts in KeysConfig.ready."""
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from holdspace.accounts.models import User
from holdspace.accounts.personal_data import Consequence, Part, PersonalData, Section
from holdspace.keys.models import PersonalKey


def key_export(request: HttpRequest) -> Section:
    made = PersonalKey.objects.filter(user=request.user).values_list("created_at", flat=True).first()
    return Section(
        key="key", title=_("Your key"),
        parts=(Part(key="key", title=_("Your key"), labels={"set_up": _("Set up"), "made_at": _("Made on")},
                    records=[{"set_up": made is not None, "made_at": made}]),),
        notes=(_("Your key itself, locked or open, and your recovery code are never part of an export."),),
    )


def key_consequences(user: User) -> list[Consequence]:
    if not PersonalKey.objects.filter(user=user).exists():
        return []
    return [Consequence(_("Your key is deleted for good: nothing that was sealed to it can be opened again."))]


PART = PersonalData(name="keys", order=10, export=key_export, consequences=key_consequences)
