"""A man's personal work, read back to him in his export and deleted with his account. Registered with
holdspace.accounts in InventoryConfig.ready.

`inventory_export` is the inventory's one part of the export: it opens his data key once, with his key unlocked
in this session, and each kind of personal work adds its part from there (his entries, his commitments; what is
added later joins the list in the same way, given the same data key). Without his key unlocked, what it locks is
left out, and the page offers to unlock it first. Nothing is written, and nothing opened leaves the response.
"""
import json

import nacl.public
from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from holdspace.accounts.models import User
from holdspace.accounts.personal_data import Consequence, LeftOut, Part, PersonalData, Section, consequence_counted
from holdspace.crypto.boxes import unlock_each
from holdspace.inventory import prompts
from holdspace.inventory.models import Commitment, Entry, Vault
from holdspace.inventory.refusals import REFUSALS
from holdspace.inventory.selectors import commitments_of
from holdspace.inventory.vault import vault_open
from holdspace.keys.session import unlocked_key
from holdspace.keys.views import key_url
from holdspace.web.refusals import Refusal, refusal_message


@sensitive_variables("data_key")
def inventory_export(request: HttpRequest) -> Section:
    """Everything of his personal work he can read now."""
    user = request.user
    data_key, left_out = _data_key(user, private_key=unlocked_key(request))
    parts = []
    if data_key is not None:
        parts.append(_entries(user, data_key=data_key))
    parts.append(_commitments(user))
    return Section(key="inventory", title=_("Your personal work"), parts=tuple(parts),
                   left_out=(left_out,) if left_out else ())


@sensitive_variables("private_key")
def _data_key(user: User, *, private_key: nacl.public.PrivateKey | None) -> tuple[bytes | None, LeftOut | None]:
    """His data key when his key is unlocked here, or why what it locks is left out (nothing before his first
    entry: there is nothing locked to leave out)."""
    if not Vault.objects.filter(owner=user).exists():
        return None, None
    unlock = key_url(next_path=reverse("accounts:your_data"))
    if private_key is None:
        return None, LeftOut(_("Your key is locked, so your inventory is left out: only your key opens it. Unlock "
                               "it first to include it."), link=unlock, link_label=_("Unlock your key"))
    try:
        return vault_open(user, private_key=private_key), None
    except Refusal as refused:
        return None, LeftOut(refusal_message(refused, messages=REFUSALS), link=unlock,
                             link_label=_("Unlock your key"))


@sensitive_variables()  # his opened entries, and his data key
def _entries(user: User, *, data_key: bytes) -> Part:
    rows = list(Entry.objects.filter(owner=user).values_list("box", "created_at", "updated_at"))
    boxes = (bytes(box) for box, _created_at, _updated_at in rows)
    language = translation.get_language()
    records = []
    for (_box, created_at, updated_at), opened in zip(rows, unlock_each(data_key, boxes=boxes)):
        content = json.loads(opened)
        answered = prompts.prompt(content["prompt"], language=language) if content["prompt"] else None
        records.append({"written_at": created_at, "changed_at": updated_at,
                        "prompt": answered.title if answered else content["prompt"], "title": content["title"],
                        "text": content["text"], "tags": list(content["tags"])})
    return Part(key="entries", title=_("Your inventory"), labels={
        "written_at": _("Written"), "changed_at": _("Last changed"), "prompt": _("The prompt it answers"),
        "title": _("Title"), "text": _("What you wrote"), "tags": _("Tags"),
    }, records=records)


CHECK_IN_LABELS = {"at": _("When"), "outcome": _("How it went"), "note": _("A word on it")}


def _commitments(user: User) -> Part:
    records = [{
        "text": commitment.text,
        "check_in_every": commitment.get_check_in_every_display(),
        "status": commitment.get_status_display(),
        "made_at": commitment.created_at,
        "ended_at": commitment.ended_at,
        "circle": commitment.source_session.circle.name if commitment.source_session else "",
        "check_ins": Part(key="check_ins", title=_("Check-ins"), labels=CHECK_IN_LABELS, records=[
            {"at": check_in.at, "outcome": check_in.get_outcome_display(), "note": check_in.note}
            for check_in in commitment.all_check_ins]),
    } for commitment in commitments_of(user)]
    return Part(key="commitments", title=_("Your commitments"), labels={
        "text": _("What you commit to do"), "check_in_every": _("How often you check in"),
        "status": _("Where it stands"), "made_at": _("Made"), "ended_at": _("Ended"),
        "circle": _("Made in the round of"), "check_ins": _("Check-ins"),
    }, records=records)


def inventory_consequences(user: User) -> list[Consequence]:
    return [
        *consequence_counted(Entry.objects.filter(owner=user).count(), words=ngettext_lazy(
            "Your inventory (%(count)d entry) is deleted for good: nobody, you included, could read it again.",
            "Your inventory (%(count)d entries) is deleted for good: nobody, you included, could read it again.",
            "count")),
        *consequence_counted(Commitment.objects.filter(owner=user).count(), words=ngettext_lazy(
            "Your commitment and its check-ins are deleted.",
            "Your %(count)d commitments and their check-ins are deleted.", "count")),
    ]


def inventory_before_delete(user: User) -> dict[str, int]:
    """Counts for the audit entry; his rows go with his account."""
    return {"inventory_entries": Entry.objects.filter(owner=user).count(),
            "commitments": Commitment.objects.filter(owner=user).count()}


PART = PersonalData(name="inventory", order=30, export=inventory_export, consequences=inventory_consequences,
                    before_delete=inventory_before_delete)
