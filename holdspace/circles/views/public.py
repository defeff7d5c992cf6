"""The public side of circles: the finder, a circle's entry, its calendar and the
guide to starting a group. No sign-in needed."""
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from holdspace.circles import content, selectors
from holdspace.circles.calendar import circle_calendar
from holdspace.circles.forms import FinderForm
from holdspace.web.inputs import query_page
from holdspace.web.public_pages import public_page


@login_not_required
@public_page(scopes=[selectors.CIRCLE_PAGES], words=("q", "where"))
def finder(request: HttpRequest) -> HttpResponse:
    form = FinderForm(request.GET or None)
    filters = selectors.FinderFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        where = data["where"].strip()
        if where.lower() in {"online", _("online").lower()}:
            where = "online"
        filters = selectors.FinderFilters(q=data["q"].strip(), kind=data["kind"], language=data["language"], where=where)
    page = query_page(request, last=10_000)
    circles, has_next = selectors.finder(filters, page=page)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "circles/finder.html",
        {"form": form, "circles": circles, "page": page, "has_next": has_next, "query": query.urlencode(),
         "guide_url": reverse("circles:guide")},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_not_required
@public_page(scopes=[selectors.CIRCLE_PAGES])
def circle(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.circle_public(slug)
    if found is None:
        raise Http404
    membership = selectors.membership_of(found, user=request.user)
    facilitating = request.user.is_authenticated and found.facilitator_links.filter(user=request.user).exists()
    return render(request, "circles/circle.html", {
        "circle": found, "sessions": selectors.upcoming_sessions(found), "membership": membership,
        "facilitating": facilitating,
    })


@login_not_required
def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """The circle's coming sessions as an iCalendar file; with their places for its members and facilitators."""
    found = selectors.circle_public(slug)
    if found is None:
        raise Http404
    url = settings.SITE_URL + reverse("circles:circle", args=[found.slug])
    body = circle_calendar(found, sessions=selectors.upcoming_sessions(found, limit=50),
                           site=urlparse(settings.SITE_URL).hostname or "holdspace", url=url,
                           with_places=selectors.belongs_to(found, user=request.user))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{found.slug}.ics"'
    return response


@login_not_required
@public_page()
def guide(request: HttpRequest) -> HttpResponse:
    """A facilitator's guide to starting or reviving a men's group, in the reader's language."""
    return render(request, "circles/guide.html", {"guide": content.guide(translation.get_language())})
