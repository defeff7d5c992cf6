"""The pages every app shares: a form sent after its token expired, not found, server error."""
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent after its security token expired. A view whose form is written slowly (a report, a
    story, a take-down request) names in `after_expired_form` how to give it back as typed."""
    match = getattr(request, "resolver_match", None)
    refill = getattr(match.func, "after_expired_form", None) if match is not None else None
    if refill is not None:
        return refill(request, **match.kwargs)
    return render(request, "web/csrf_failure.html", status=403)


@login_not_required
def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "web/404.html", status=404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context: whatever failed (the database, the session, the person) is not
    asked again. The language chosen for the request is still active, so the page speaks it."""
    return HttpResponse(loader.get_template("web/500.html").render(), status=500)
