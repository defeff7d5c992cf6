"""Reading the code: the version in force (with signing), earlier versions, and what changed between them."""
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from holdspace.conduct import services
from holdspace.conduct.models import CodeVersion
from holdspace.organisations.access import OrganisationAccess, organisation_view
from holdspace.web.languages import asks_original, language_name, other_languages


def _context(access: OrganisationAccess, **more) -> dict:
    return {"organisation": access.organisation, "access": access, "section": "code", **more}


@organisation_view()
def code(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    version = services.in_force(access.organisation)
    draft = services.draft_of(access.organisation)
    context = _context(access, version=version,
                       draft_open_for_comments=draft is not None and services.comments_are_open(draft))
    if version is not None:
        translations = services.translations_of(version)
        shown = services.code_shown(version, translations=translations, clauses=list(version.clauses.all()),
                                    asks_original=asks_original(request))
        context.update(
            shown=shown, change_note=shown.value[0], clauses=shown.value[1],
            # For the administrators: each other language, and whether this version is written in it.
            languages=[(code, language_name(code), code in translations)
                       for code, _name in other_languages(version.language)] if access.is_admin else [],
            bound=services.signs_code(request.user, organisation_id=access.organisation.pk),
            signed=version.signatures.filter(person=request.user).first(),
            state=services.signing_state(version) if access.is_admin else None,
        )
    return render(request, "conduct/code.html", context)


@organisation_view()
def versions(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    published = services.versions_published(access.organisation)
    return render(request, "conduct/versions.html", _context(access, versions=published))


@organisation_view()
def version(request: HttpRequest, access: OrganisationAccess, number: int) -> HttpResponse:
    shown = _numbered(access, number)
    earlier = services.version_numbered(access.organisation, number=number - 1)
    changes = services.compare(earlier, newer=shown) if earlier is not None else None
    text = services.code_shown(shown, translations=services.translations_of(shown), clauses=list(shown.clauses.all()),
                               asks_original=asks_original(request))
    return render(request, "conduct/version.html", _context(
        access, version=shown, shown=text, change_note=text.value[0], clauses=text.value[1], earlier=earlier,
        changes=changes))


def _numbered(access: OrganisationAccess, number: int) -> CodeVersion:
    found = services.version_numbered(access.organisation, number=number)
    if found is None:
        raise Http404
    return found
