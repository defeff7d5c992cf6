"""The key page: set up one's key once, then unlock it for this session; lock it again.

Cases, circles and the respondent's page send people here through their own addresses,
each with a `KeyPurpose` whose words say what the key opens for them.
"""
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from holdspace.accounts.two_factor import two_factor_detour, two_factor_required
from holdspace.keys import selectors, services
from holdspace.keys.forms import PersonalKeyCreateForm, PersonalKeyUnlockForm
from holdspace.keys.refusals import REFUSALS
from holdspace.keys.registry import key_uses
from holdspace.keys.session import unlocked_key, unlocked_key_forget, unlocked_key_keep
from holdspace.web.actions import post_action
from holdspace.web.navigation import safe_next
from holdspace.web.refusals import Refusal, refusal_message


@dataclass(frozen=True)
class KeyPurpose:
    """What the key page says, for the place a person came from (lazily translated words)."""

    title: str
    unlock_intro: str
    lost: str
    first_time: str
    replaced: str


GENERAL = KeyPurpose(
    title=gettext_lazy("Your key"),
    unlock_intro=gettext_lazy("What is sealed to you (your own inventory, cases you handle, the circles you "
                              "facilitate) is encrypted. Unlock your key to open it in this browser; it stays "
                              "unlocked until you sign out or lock it."),
    lost=gettext_lazy("Reset your password by email, then make a new key here. What was sealed to your old key "
                      "must be shared with you again by a colleague; the audit log records it."),
    first_time=gettext_lazy("Your key is yours alone: what is sealed to it opens only with your password or your "
                            "recovery code, never with the server alone."),
    replaced=gettext_lazy("Your new key replaces the old one. Ask your colleagues to share with it again what was "
                          "sealed to the old one."),
)


def key_url(*, next_path: str) -> str:
    """The key page, coming back to `next_path` once the key is unlocked."""
    return f"{reverse('keys:key')}?{urlencode({'next': next_path})}"


def _refusals() -> dict[str, str]:
    words = dict(REFUSALS)
    for use in key_uses():
        words.update(use.refusals)
    return words


def key_page(request: HttpRequest, *, next_url: str, purpose: KeyPurpose = GENERAL,
             organisation=None) -> HttpResponse:
    """Set up a person's key once; then unlock it for this session. One key pair per person
    opens everything sealed to him; `purpose` only changes the explanation."""
    has_key = selectors.personal_key_exists(request.user)
    chosen = request.POST.get("form") if request.method == "POST" else None
    create_form = PersonalKeyCreateForm(request.POST if chosen == "create" else None, prefix="create",
                                        replacing=has_key)
    unlock_form = PersonalKeyUnlockForm(request.POST if chosen == "unlock" else None, prefix="unlock")

    def page(*, status: int = 200) -> HttpResponse:
        return render(
            request,
            "keys/key.html",
            {"organisation": organisation, "has_key": has_key, "unlocked": unlocked_key(request) is not None,
             "create_form": create_form, "unlock_form": unlock_form, "next": next_url, "purpose": purpose,
             "at_stake": selectors.keys_at_stake(request.user) if has_key else []},
            status=status,
        )

    if chosen == "unlock":
        return post_action(
            request, form=unlock_form, refusals=_refusals(), again=lambda _typed: page(), to=next_url,
            act=lambda data: services.personal_key_open(request.user, password=data["password"],
                                                        recovery_code=data["recovery_code"]),
            done=lambda opened: _("Your key now opens with your current password.") if opened.rewrapped else "",
            then=lambda response, opened: unlocked_key_keep(request, response=response,
                                                            private_key=opened.private_key))
    if chosen == "create" and create_form.is_valid():
        # Not through post_action: the recovery code is shown once, in this response, never after a redirect.
        try:
            made = services.personal_key_create(request.user, password=create_form.cleaned_data["password"])
        except Refusal as refusal:
            field = "password" if refusal.code == "wrong_password" else None
            create_form.add_error(field, refusal_message(refusal, messages=_refusals()))
        else:
            response = render(
                request, "keys/key_created.html",
                {"organisation": organisation, "recovery": made.recovery_code, "next": next_url,
                 "replaced": has_key, "purpose": purpose},
            )
            unlocked_key_keep(request, response=response, private_key=made.private_key)
            return response
    return page(status=400 if request.method == "POST" else 200)


def key(request: HttpRequest) -> HttpResponse:
    if two_factor_required(request.user):
        # Whoever signs in with two steps, or holds a role that must, confirms it before touching his key:
        # a password alone must not be enough to replace a key that cases or circles are sealed to.
        detour = two_factor_detour(request)
        if detour is not None:
            return detour
    return key_page(request, next_url=safe_next(request, fallback=reverse("site:dashboard")))


@require_POST
def key_lock(request: HttpRequest) -> HttpResponse:
    response = redirect(safe_next(request, fallback=reverse("site:dashboard")))
    unlocked_key_forget(request, response=response)
    messages.info(request, _("Your key is locked. What is sealed to it stays closed until you unlock it again."))
    return response
