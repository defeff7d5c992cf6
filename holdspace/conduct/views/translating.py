"""The code in force in another offered language, written or revised by an administrator next to the original."""
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from holdspace.conduct import services
from holdspace.conduct.forms import TranslationForm
from holdspace.conduct.refusals import REFUSALS
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.organisations.models import Role
from holdspace.web.actions import post_action
from holdspace.web.languages import language_name, other_languages


@organisation_view(Role.ORG_ADMIN)
def translation(request: HttpRequest, access: OrganisationAccess, language: str) -> HttpResponse:
    """The version in force in `language`: its clauses as first written beside the boxes for this language."""
    version = services.in_force(access.organisation)
    if version is None:
        return redirect("conduct:code", slug=access.organisation.slug)
    if language not in dict(other_languages(version.language)):
        raise Http404
    clauses = list(version.clauses.all())
    existing = services.translations_of(version).get(language)

    def page(form: TranslationForm) -> HttpResponse:
        return render(request, "conduct/translation.html", {
            "organisation": access.organisation, "access": access, "section": "code", "version": version,
            "form": form, "language": language, "language_name": language_name(language),
            "original_name": language_name(version.language), "existing": existing})

    if request.method != "POST":
        initial = {"number": version.number, **({"change_note": existing.change_note} if existing else {})}
        if existing and len(existing.clauses) == len(clauses):
            for clause, texts in zip(clauses, existing.clauses):
                initial.update({f"title_{clause.position}": texts["title"], f"text_{clause.position}": texts["text"]})
        return page(TranslationForm(initial=initial, clauses=clauses))
    form = TranslationForm(request.POST, clauses=clauses)
    return post_action(
        request, form=form, refusals=REFUSALS, again=page,
        act=lambda data: services.translation_save(version=version, number=data["number"], actor=request.user,
                                                   language=language, clauses=form.clauses(),
                                                   change_note=data["change_note"]),
        done=_("Saved. Readers in %(language)s now read version %(number)s in their language.") % {
            "language": language_name(language), "number": version.number},
        to=reverse("conduct:code", args=[access.organisation.slug]))
