"""A short window in which a person who re-confirmed their identity may do dangerous things."""
import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse

SESSION_KEY = "hs_sudo_until"


def sudo_active(request: HttpRequest) -> bool:
    return request.session.get(SESSION_KEY, 0) > time.time()


def sudo_grant(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = int(time.time()) + settings.HOLDSPACE_SUDO_SECONDS


def sudo_required(view):
    """Send the person to confirm their password (and code) first, then back."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not sudo_active(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:sudo')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper
