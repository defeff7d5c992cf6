"""What a person did with codes of conduct, read back to him in his export and deleted with his account: the
versions he signed, those he signed for an organisation, and his comments on drafts. Registered in
ConductConfig.ready."""
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from holdspace.accounts.models import User
from holdspace.accounts.personal_data import Consequence, Part, PersonalData, Section, consequence_counted
from holdspace.conduct.models import ClauseComment, Signature
from holdspace.web.languages import language_name


def conduct_export(request: HttpRequest) -> Section:
    user = request.user
    signatures = [{
        "organisation": signature.version.organisation.name,
        "version": signature.version.number,
        "on_behalf_of": signature.on_behalf_of.name if signature.on_behalf_of_id else "",
        "signed_at": signature.signed_at,
        "read_in": language_name(signature.read_in) if signature.read_in else "",
    } for signature in Signature.objects.filter(Q(person=user) | Q(signed_by=user, person__isnull=True))
        .select_related("version__organisation", "on_behalf_of").order_by("-signed_at", "-pk")]
    comments = [{
        "organisation": comment.clause.version.organisation.name,
        "clause": comment.clause.title,
        "text": comment.text,
        "written_at": comment.created_at,
    } for comment in ClauseComment.objects.filter(author=user).select_related("clause__version__organisation")
        .order_by("-created_at", "-pk")]
    return Section(key="conduct", title=_("Codes of conduct"), parts=(
        Part(key="signatures", title=_("Codes you signed"), labels={
            "organisation": _("Organisation"), "version": _("Version"), "on_behalf_of": _("Signed on behalf of"),
            "signed_at": _("Signed"), "read_in": _("Read in")}, records=signatures),
        Part(key="comments", title=_("Your comments on drafts"), labels={
            "organisation": _("Organisation"), "clause": _("Clause"), "text": _("What you wrote"),
            "written_at": _("Written")}, records=comments),
    ))


def conduct_consequences(user: User) -> list[Consequence]:
    return [
        *consequence_counted(Signature.objects.filter(person=user).count(), words=ngettext_lazy(
            "Your signature of a code of conduct is deleted.",
            "Your %(count)d signatures of codes of conduct are deleted.", "count")),
        *consequence_counted(Signature.objects.filter(signed_by=user, person__isnull=True).count(), words=ngettext_lazy(
            "The signature you gave on behalf of an organisation stays, without your name.",
            "The %(count)d signatures you gave on behalf of organisations stay, without your name.", "count")),
        *consequence_counted(ClauseComment.objects.filter(author=user).count(), words=ngettext_lazy(
            "Your comment on a draft code is deleted.",
            "Your %(count)d comments on draft codes are deleted.", "count")),
    ]


PART = PersonalData(name="conduct", order=60, export=conduct_export, consequences=conduct_consequences)
