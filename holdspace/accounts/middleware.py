import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

SEEN_KEY = "hs_seen"
# Writing the session on every request would cost a write per page; a minute
# of slack on an idle timeout of hours is harmless.
SEEN_RESOLUTION = 60


class SessionIdleTimeoutMiddleware:
    """End a signed-in session after a period without activity, checked on the server."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(SEEN_KEY)
            if seen is not None and now - seen > settings.HOLDSPACE_IDLE_SECONDS:
                logout(request)
                messages.info(request, _("You were signed out after a period without activity."))
            elif seen is None or now - seen > SEEN_RESOLUTION:
                request.session[SEEN_KEY] = now
        return self.get_response(request)
