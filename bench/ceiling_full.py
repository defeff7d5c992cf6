"""The ceiling through Holdspace's own stack: an empty view behind every middleware Holdspace runs.

Served with Holdspace's settings by the same server and workers as the pages, it tells what a page could reach
if its view cost nothing: signed out (`ceiling_anonymous_rps`) and with a signed-in person's session cookie
(`ceiling_signed_in_rps`), where the session, the user and the checks on them are loaded. `frame/` is the site's
frame (base.html: header, navigation, language switch, footer) around nothing, signed in (`ceiling_frame_rps`):
the floor of any page the site draws. The empty view is the first address, so Holdspace's own addresses after it,
which the frame's links need, cost it nothing.
"""
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.template import engines
from django.urls import path

settings.ROOT_URLCONF = __name__


@login_not_required
def nothing(request):
    return HttpResponse(b"ok", content_type="text/plain")


def frame(request):
    return HttpResponse(_FRAME.render({}, request))


application = get_wsgi_application()
_FRAME = engines["django"].from_string('{% extends "base.html" %}')

from holdspace import urls  # noqa: E402  (after the application: Django is set up)

urlpatterns = [path("", nothing), path("frame/", frame), *urls.urlpatterns]
