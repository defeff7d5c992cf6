"""The applications a person made to join a network, read back to him in his export and deleted with his account,
with the references asked for them. What referees and reviewers wrote is theirs and stays out. Registered in
VettingConfig.ready."""
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from holdspace.accounts.models import User
from holdspace.accounts.personal_data import Consequence, Part, PersonalData, Section, consequence_counted
from holdspace.vetting.models import Appeal, Application

REFERENCE_LABELS = {"organisation": _("Organisation"), "contact": _("Person asked"),
                    "contact_email": _("Their email address"), "status": _("Where it stands")}


def _appeal_of(application: Application) -> dict:
    try:
        appeal = application.appeal
    except Appeal.DoesNotExist:
        return {"appeal_reasons": "", "appeal_status": "", "appeal_decision_reason": ""}
    return {"appeal_reasons": appeal.reasons, "appeal_status": appeal.get_status_display(),
            "appeal_decision_reason": appeal.decision_reason}


def vetting_export(request: HttpRequest) -> Section:
    records = [{
        "network": application.network.name,
        "for_organisation": application.organisation.name if application.organisation_id else "",
        "motivation": application.motivation,
        "code_number": application.code_number,
        "leadership_allegation": application.leadership_allegation,
        "leadership_allegation_explanation": application.leadership_allegation_explanation,
        "asked_to_leave": application.asked_to_leave,
        "asked_to_leave_explanation": application.asked_to_leave_explanation,
        "status": application.get_status_display(),
        "sent_at": application.created_at,
        "decided_at": application.decided_at,
        "decision_reason": application.decision_reason,
        **_appeal_of(application),
        "references": Part(key="references", title=_("References asked"), labels=REFERENCE_LABELS, records=[
            {"organisation": reference.organisation_name, "contact": reference.contact_name,
             "contact_email": reference.contact_email, "status": reference.get_status_display()}
            for reference in application.references.all()]),
    } for application in Application.objects.filter(applicant=request.user)
        .select_related("network", "organisation", "appeal").prefetch_related("references").order_by("-created_at", "-pk")]
    return Section(key="vetting", title=_("Applications to join a network"), parts=(Part(
        key="applications", title=_("Your applications"), labels={
            "network": _("Network"), "for_organisation": _("For the organisation"),
            "motivation": _("Why you applied"), "code_number": _("Code of conduct you adhered to (version)"),
            "leadership_allegation": _("An allegation against your leadership"),
            "leadership_allegation_explanation": _("What you explained about it"),
            "asked_to_leave": _("Asked to leave another network"),
            "asked_to_leave_explanation": _("What you explained about that"),
            "status": _("Where it stands"), "sent_at": _("Sent"), "decided_at": _("Decided"),
            "decision_reason": _("The reason given with the decision"), "references": _("References asked"),
            "appeal_reasons": _("Why you appealed"), "appeal_status": _("Where your appeal stands"),
            "appeal_decision_reason": _("The reason given on your appeal"),
        }, records=records),),
        notes=(_("What referees and reviewers wrote about an application is theirs, and is not part of your "
                 "export."),))


def vetting_consequences(user: User) -> list[Consequence]:
    counts = Application.objects.filter(applicant=user).aggregate(
        total=Count("pk"), for_organisation=Count("pk", filter=Q(organisation__isnull=False)))
    return [
        *consequence_counted(counts["total"], words=ngettext_lazy(
            "Your application to join a network is deleted, with the references asked for it.",
            "Your %(count)d applications to join a network are deleted, with the references asked for them.",
            "count")),
        *consequence_counted(counts["for_organisation"], flagged=True, words=ngettext_lazy(
            "That includes %(count)d you made for an organisation: another of its administrators can apply again.",
            "That includes %(count)d you made for organisations: another of their administrators can apply again.",
            "count")),
    ]


PART = PersonalData(name="vetting", order=70, export=vetting_export, consequences=vetting_consequences)
