"""The framework ceiling: a bare Django view that does nothing, with no middleware.

Served by the same server with the same workers as Holdspace, it tells how many
requests per second Django itself can answer on this machine.
"""
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-ceiling-has-no-secrets-" + "x" * 40,
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_I18N=False,
)


def nothing(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("", nothing)]
application = get_wsgi_application()
