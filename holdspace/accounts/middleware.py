import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _
from django_otp.middleware import OTPMiddleware

from holdspace.accounts.models import Authenticator
from holdspace.web.rows import row_by_pk

SEEN_KEY = "hs_seen"
STARTED_KEY = "hs_started"
# Writing the session on every request would cost a write per page; a minute
# of slack on an idle timeout of hours is harmless.
SEEN_RESOLUTION = 60


class SessionLifetimeMiddleware:
    """End a signed-in session after a period without activity, and after a fixed
    time however active it is; both checked on the server.

    The fixed limit is kept here because every session save pushes the expiry
    date Django keeps forward again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            session = request.session
            now = int(time.time())
            seen = session.get(SEEN_KEY)
            started = session.get(STARTED_KEY)
            if started is not None and now - started > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(request, _("You were signed out because your session reached its time limit."))
            elif seen is not None and now - seen > settings.HOLDSPACE_IDLE_SECONDS:
                logout(request)
                messages.info(request, _("You were signed out after a period without activity."))
            else:
                if started is None:
                    session[STARTED_KEY] = now
                if seen is None or now - seen > SEEN_RESOLUTION:
                    session[SEEN_KEY] = now
        return self.get_response(request)


class TwoStepMiddleware(OTPMiddleware):
    """django_otp's middleware, with the authenticator a two-step sign-in used read by one written-out query
    (holdspace/web/rows.py) on each of the person's requests. It is still bound to the person and must still be
    confirmed (django_otp checks both). Any other kind of device is read as django_otp reads it."""

    def _device_from_persistent_id(self, persistent_id: str):
        label, _, device_id = self._normalize_persistent_id(persistent_id).rpartition("/")
        if label != Authenticator.model_label():
            return super()._device_from_persistent_id(persistent_id)
        return row_by_pk(Authenticator, pk=device_id)
