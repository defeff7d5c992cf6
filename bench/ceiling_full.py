"""The ceiling through Holdspace's own stack: an empty view behind every middleware Holdspace runs.

Served with Holdspace's settings by the same server and workers as the pages, it tells what a page could reach
if its view cost nothing: signed out (`ceiling_anonymous_rps`) and with a signed-in person's session cookie
(`ceiling_signed_in_rps`), where the session, the user and the checks on them are loaded.
"""
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.ROOT_URLCONF = __name__


@login_not_required
def nothing(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("", nothing)]
application = get_wsgi_application()
