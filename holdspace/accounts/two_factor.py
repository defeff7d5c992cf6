"""Who must confirm a second factor before touching what only he may touch, and where to send him.

Accounts cannot know which roles need two-step sign-in (they live in organisations), so apps that
hand out such roles register a test here in their AppConfig.ready.
"""
from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from holdspace.accounts.models import User
from holdspace.accounts.services import two_factor_enabled

_requirements: dict[str, Callable[[User], bool]] = {}


def two_factor_requirement_register(name: str, *, needs: Callable[[User], bool]) -> None:
    """`needs(user)` says whether this person must sign in with two steps (e.g. he handles cases)."""
    _requirements[name] = needs


def two_factor_required(user: User) -> bool:
    return two_factor_enabled(user) or any(needs(user) for needs in _requirements.values())


def two_factor_detour(request: HttpRequest) -> HttpResponse | None:
    """Where to send a person who has not verified a second factor in this session, if anywhere."""
    if request.user.is_verified():
        return None
    query = urlencode({"next": request.get_full_path()})
    if two_factor_enabled(request.user):
        messages.info(request, _("Please confirm it is you with a code from your authenticator app."))
        return redirect(f"{reverse('accounts:sudo')}?{query}")
    messages.info(request, _("This role needs two-step sign-in. Set it up once, then continue."))
    return redirect(f"{reverse('accounts:two_factor_enrol')}?{query}")
