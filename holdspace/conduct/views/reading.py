"""Reading the code: the version in force (with signing), earlier versions, and what changed between them."""
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from holdspace.conduct import services
from holdspace.conduct.models import CodeVersion
from holdspace.organisations.access import OrganisationAccess, organisation_view


def _context(access: OrganisationAccess, **more) -> dict:
    return {"organisation": access.organisation, "access": access, "section": "code", **more}


@organisation_view()
def code(request: HttpRequest, access: OrganisationAccess) -> HttpResponse:
    version = services.in_force(access.organisation)
    draft = services.draft_of(access.organisation)
    context = _context(access, version=version,
                       draft_open_for_comments=draft is not None and services.comments_are_open(draft))
    if version is not None:
        context.update(
            clauses=version.clauses.all(),
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
    return render(request, "conduct/version.html", _context(
        access, version=shown, clauses=shown.clauses.all(), earlier=earlier, changes=changes))


def _numbered(access: OrganisationAccess, number: int) -> CodeVersion:
    found = services.version_numbered(access.organisation, number=number)
    if found is None:
        raise Http404
    return found
