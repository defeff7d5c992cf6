"""What a person wrote in partners' concerns, read back to him in his export. Deleting his account leaves the
concerns on the organisation's register, without his name: they belong to the partners he spoke for (and an
answer to the organisation that gave it). Registered in ConcernsConfig.ready."""
from django.db.models import Prefetch, Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from holdspace.accounts.models import User
from holdspace.accounts.personal_data import Consequence, Part, PersonalData, Section, consequence_counted
from holdspace.concerns.models import Concern, ConcernEntry

ENTRY_LABELS = {"kind": _("Kind"), "text": _("What you wrote"), "written_at": _("Written")}


def concerns_export(request: HttpRequest) -> Section:
    user = request.user
    yours = ConcernEntry.objects.filter(author=user).order_by("created_at", "pk")
    concerns = (Concern.objects.filter(Q(raised_by=user) | Q(entries__author=user)).distinct()
                .select_related("organisation").prefetch_related(Prefetch("entries", queryset=yours, to_attr="yours"))
                .order_by("-raised_at", "-pk"))
    records = [{
        "organisation": concern.organisation.name,
        "partner_name": concern.partner_name,
        "about": concern.about_name,
        "title": concern.title,
        "raised_by_you": concern.raised_by_id == user.pk,
        "raised_at": concern.raised_at,
        "status": concern.get_status_display(),
        "yours": Part(key="entries", title=_("What you wrote in it"), labels=ENTRY_LABELS, records=[
            {"kind": entry.get_kind_display(), "text": entry.text, "written_at": entry.created_at}
            for entry in concern.yours]),
    } for concern in concerns]
    return Section(key="concerns", title=_("Partners' concerns"), parts=(Part(
        key="concerns", title=_("Concerns you raised or wrote in"), labels={
            "organisation": _("Organisation"), "partner_name": _("On behalf of"),
            "about": _("Complaint about"), "title": _("Title"),
            "raised_by_you": _("Raised by you"), "raised_at": _("Raised"), "status": _("Where it stands"),
            "yours": _("What you wrote in it"),
        }, records=records),))


def concerns_consequences(user: User) -> list[Consequence]:
    return [
        *consequence_counted(Concern.objects.filter(raised_by=user).count(), words=ngettext_lazy(
            "The concern you raised stays on the organisation's register, without your name: it belongs to the "
            "partner you spoke for.",
            "The %(count)d concerns you raised stay on the organisations' registers, without your name: they belong "
            "to the partners you spoke for.", "count")),
        *consequence_counted(ConcernEntry.objects.filter(author=user).count(), words=ngettext_lazy(
            "What you wrote in a concern's thread stays there, without your name.",
            "The %(count)d things you wrote in concerns' threads stay there, without your name.", "count")),
    ]


PART = PersonalData(name="concerns", order=90, export=concerns_export, consequences=concerns_consequences)
