"""A man's personal work, read back to him in his export and deleted with his account. Registered with
holdspace.accounts in InventoryConfig.ready.

`inventory_export` is the inventory's one part of the export: it opens his data key once, with his key unlocked
in this session, and each kind of personal work adds its part from there (his entries and amends plans with that
data key; his commitments and the words he left as a partner with his own key, each commitment's key opened
from its seal to him). Without his key unlocked, what it locks is
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
from holdspace.inventory import selectors
from holdspace.inventory.amends import amends_plan_unbox
from holdspace.inventory.forms import AMENDS_STATUS_LABELS, HARM_LABELS, WANTED_LABELS
from holdspace.inventory.models import AmendsPlan, Commitment, Encouragement, Entry, Vault
from holdspace.inventory.refusals import REFUSALS
from holdspace.inventory.sealing import commitment_key_open, words_open
from holdspace.inventory.selectors import commitments_of, commitments_open
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
        parts += [_entries(user, data_key=data_key), _amends(user, data_key=data_key)]
    private_key = unlocked_key(request)
    if private_key is not None:
        parts += [_commitments(user, private_key=private_key), _encouragements(user, private_key=private_key)]
    elif Commitment.objects.filter(owner=user).exists() and left_out is None:
        left_out = LeftOut(_("Your key is locked, so your commitments are left out: they open with your key. "
                             "Unlock it first to include them."),
                           link=key_url(next_path=reverse("accounts:your_data")), link_label=_("Unlock your key"))
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


@sensitive_variables()  # his opened plans, and his data key
def _amends(user: User, *, data_key: bytes) -> Part:
    rows = AmendsPlan.objects.filter(owner=user).order_by("created_at", "pk")
    records = []
    for plan in rows:
        opened = amends_plan_unbox(plan, data_key=data_key)
        records.append({
            "written_at": opened.created_at, "changed_at": opened.updated_at, "who": opened.who, "what": opened.what,
            "impact": opened.impact, "repair": opened.repair, "wanted": WANTED_LABELS.get(opened.wanted, ""),
            "harm": HARM_LABELS.get(opened.harm, ""), "status": str(AMENDS_STATUS_LABELS[opened.status]),
            "reason": opened.reason,
            "history": Part(key="history", title=_("Its history"), labels=HISTORY_LABELS, records=[
                {"at": step.at, "status": str(AMENDS_STATUS_LABELS[step.status]), "note": step.note,
                 "reason": step.reason} for step in opened.history]),
        })
    return Part(key="amends_plans", title=_("Your amends plans"), labels={
        "written_at": _("Written"), "changed_at": _("Last changed"), "who": _("Who was harmed"),
        "what": _("What happened"), "impact": _("Its impact on them"), "repair": _("What repair could look like"),
        "wanted": _("Have they said they want to hear from you?"),
        "harm": _("Could reaching out harm them or bring the harm back?"), "status": _("Where it stands"),
        "reason": _("Why you decided not to contact them"), "history": _("Its history"),
    }, records=records)


CHECK_IN_LABELS = {"at": _("When"), "outcome": _("How it went"), "note": _("A word on it"),
                   "confirmed_at": _("Confirmed by your partner")}
HISTORY_LABELS = {"at": _("When"), "status": _("Where it stands"), "note": _("Your note"),
                  "reason": _("Why you decided not to contact them")}


@sensitive_variables("private_key")
def _commitments(user: User, *, private_key: nacl.public.PrivateKey) -> Part:
    mine = commitments_of(user)
    commitments_open(mine, private_key=private_key, check_ins="all_check_ins")
    records = [{
        "text": commitment.text if commitment.text is not None else str(_(
            "(Not opened yet: it waits for a facilitator of the circle to open it to your key.)")),
        "check_in_every": commitment.get_check_in_every_display(),
        "status": commitment.get_status_display(),
        "made_at": commitment.created_at,
        "ended_at": commitment.ended_at,
        "circle": commitment.source_session.circle.name if commitment.source_session else "",
        "partner": commitment.partner.display_name if commitment.partner_id else "",
        "check_ins": Part(key="check_ins", title=_("Check-ins"), labels=CHECK_IN_LABELS, records=[
            {"at": check_in.at, "outcome": check_in.get_outcome_display(), "note": check_in.note,
             "confirmed_at": check_in.confirmed_at}
            for check_in in commitment.all_check_ins]),
    } for commitment in mine]
    return Part(key="commitments", title=_("Your commitments"), labels={
        "text": _("What you commit to do"), "check_in_every": _("How often you check in"),
        "status": _("Where it stands"), "made_at": _("Made"), "ended_at": _("Ended"),
        "circle": _("Made in the round of"), "partner": _("Your accountability partner"),
        "check_ins": _("Check-ins"),
    }, records=records)


@sensitive_variables("private_key")
def _encouragements(user: User, *, private_key: nacl.public.PrivateKey) -> Part:
    """The words he left as someone's accountability partner, on the commitments he still supports."""
    supported = selectors.partnered_by(user)
    records = []
    for commitment in supported:
        key = commitment_key_open(commitment, private_key=private_key)
        if key is None:
            continue
        for encouragement in Encouragement.objects.filter(commitment=commitment, author=user).order_by("at"):
            records.append({"at": encouragement.at, "to": commitment.owner.display_name,
                            "words": words_open(key, box=encouragement.box)})
    return Part(key="encouragements", title=_("Your words as an accountability partner"), labels={
        "at": _("When"), "to": _("To"), "words": _("What you wrote")}, records=records)


def inventory_consequences(user: User) -> list[Consequence]:
    return [
        *consequence_counted(Entry.objects.filter(owner=user).count(), words=ngettext_lazy(
            "Your inventory (%(count)d entry) is deleted for good: nobody, you included, could read it again.",
            "Your inventory (%(count)d entries) is deleted for good: nobody, you included, could read it again.",
            "count")),
        *consequence_counted(AmendsPlan.objects.filter(owner=user).count(), words=ngettext_lazy(
            "Your amends plan is deleted for good.", "Your %(count)d amends plans are deleted for good.", "count")),
        *consequence_counted(Commitment.objects.filter(owner=user).count(), words=ngettext_lazy(
            "Your commitment and its check-ins are deleted; a partner or a circle no longer sees it.",
            "Your %(count)d commitments and their check-ins are deleted; partners and circles no longer see them.",
            "count")),
        *consequence_counted(Commitment.objects.filter(partner=user).count(), words=ngettext_lazy(
            "You stop being the accountability partner of one commitment, and the words you left on it go.",
            "You stop being the accountability partner of %(count)d commitments, and the words you left on them go.",
            "count")),
    ]


def inventory_before_delete(user: User) -> dict[str, int]:
    """Counts for the audit entry. His own rows go with his account; where he is someone's partner, he is
    unsealed, his words go, and the man's next step moves the commitment to a fresh key."""
    partnered = Commitment.objects.filter(partner=user)
    counts = {"inventory_entries": Entry.objects.filter(owner=user).count(),
              "amends_plans": AmendsPlan.objects.filter(owner=user).count(),
              "commitments": Commitment.objects.filter(owner=user).count(),
              "partnerships_left": partnered.count()}
    Encouragement.objects.filter(author=user).delete()
    partnered.update(partner=None, seal_partner=None, seal_partner_to=None, rekey_due=True)
    return counts


PART = PersonalData(name="inventory", order=30, export=inventory_export, consequences=inventory_consequences,
                    before_delete=inventory_before_delete)
