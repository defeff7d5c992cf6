"""What self-assessments hold of a person: the action points he owns, and the open rounds he took part in. His
answers were never tied to him, so there is nothing of them to read back. Deleting his account leaves his action
points with the organisation, waiting for a new owner. Registered in AssessmentsConfig.ready."""
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from holdspace.accounts.models import User
from holdspace.accounts.personal_data import Consequence, Part, PersonalData, Section, consequence_counted
from holdspace.assessments.models import ActionPoint, Participation
from holdspace.web.dates import last_day  # a round closing on the 20th is stored as the 21st at midnight


def assessments_export(request: HttpRequest) -> Section:
    user = request.user
    points = [{
        "organisation": point.organisation.name, "title": point.title, "detail": point.detail,
        "due_on": point.due_on, "status": point.get_status_display(), "progress": point.progress_note,
    } for point in ActionPoint.objects.filter(owner=user).select_related("organisation").order_by("due_on", "pk")]
    rounds = [{
        "organisation": taken.round.organisation.name, "round": taken.round.title, "closes_at": last_day(taken.round.closes_at),
    } for taken in Participation.objects.filter(person=user).select_related("round__organisation")
        .order_by("round__closes_at", "round_id")]
    return Section(key="assessments", title=_("Self-assessments"), parts=(
        Part(key="action_points", title=_("Action points you own"), labels={
            "organisation": _("Organisation"), "title": _("What will be done"), "detail": _("Details"),
            "due_on": _("Due on"), "status": _("Where it stands"), "progress": _("Progress"),
        }, records=points),
        Part(key="rounds", title=_("Open rounds you took part in"), labels={
            "organisation": _("Organisation"), "round": _("Round"), "closes_at": _("Closes")}, records=rounds),
    ), notes=(_("Your answers to self-assessments were never tied to you, so they are not part of your export."),))


def assessments_consequences(user: User) -> list[Consequence]:
    return consequence_counted(ActionPoint.objects.filter(owner=user).count(), words=ngettext_lazy(
        "The action point you own stays with its organisation and waits for a new owner.",
        "The %(count)d action points you own stay with their organisations and wait for a new owner.", "count"))


PART = PersonalData(name="assessments", order=80, export=assessments_export, consequences=assessments_consequences)
