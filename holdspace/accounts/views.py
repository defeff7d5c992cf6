import base64
import json
import time
from base64 import b32encode
from datetime import date, datetime
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.html import escape
from django.utils.http import urlsafe_base64_decode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_POST
from django_otp import login as otp_login
from django_otp import match_token

from holdspace.accounts import services
from holdspace.accounts.forms import (
    AccountDeleteForm, LoginForm, PasswordChangeForm, ProfileForm, SignupForm, SudoForm, TokenForm,
)
from holdspace.accounts.models import Authenticator, User, normalise_email
from holdspace.accounts.password_locks import password_locks
from holdspace.accounts.personal_data import (
    Part, deletion_blocks, deletion_consequences, export_json, export_sections, personal_data_refusals,
)
from holdspace.accounts.refusals import REFUSALS
from holdspace.accounts.sign_in_unlocks import (
    sign_in_unlocks,
    sign_in_unlocks_drop,
    sign_in_unlocks_hold,
    sign_in_unlocks_release,
)
from holdspace.accounts.sudo import sudo_grant, sudo_required
from holdspace.accounts.throttle import client_key, throttle_add, throttle_count, throttled
from holdspace.accounts.tokens import email_verification_token
from holdspace.env import parse_rate
from holdspace.web import dates
from holdspace.web.i18n import remember_language
from holdspace.web.navigation import safe_next
from holdspace.web.actions import post_action
from holdspace.web.refusals import Refusal, refusal_message

PENDING_KEY = "hs_2fa_pending"
PENDING_SECONDS = 300
ENROL_KEY = "hs_totp_enrolling"
TOO_MANY = 429


def _sign_in(request: HttpRequest, user: User, device=None) -> None:
    login(request, user, backend="holdspace.accounts.backends.AccountBackend")
    if device is not None:
        otp_login(request, device)


def _finish_sign_in(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    response = redirect(next_url)
    if user.language:
        remember_language(response, language=user.language)
    return response


SIGNUP_EMAIL_KEY = "hs_signup_email"
AFTER_SIGNUP_KEY = "hs_after_signup"


@login_not_required
def signup(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, fallback="")
    if request.user.is_authenticated:
        return redirect(next_url or "site:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if throttled(scope="signup", bucket=client_key(request), rate="10/h"):
            form.add_error(None, _("Too many accounts were created from here just now. Please try again in an hour."))
            return render(request, "accounts/signup.html", {"form": form, "next": next_url}, status=TOO_MANY)
        if form.is_valid():
            services.user_signup(
                email=form.cleaned_data["email"],
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password"],
                language=request.LANGUAGE_CODE,
            )
            request.session[SIGNUP_EMAIL_KEY] = form.cleaned_data["email"]
            if next_url:
                request.session[AFTER_SIGNUP_KEY] = next_url
            return redirect("accounts:signup_sent")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


@login_not_required
def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html", {"email": request.session.get(SIGNUP_EMAIL_KEY, "")})


@login_not_required
def verify_email(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not email_verification_token.check_token(user, token):
        # An already confirmed address also lands here: its token no longer
        # matches, and the page must not tell which accounts exist.
        return render(request, "accounts/verify_email_failed.html", status=400)
    services.email_verify(user=user)
    messages.success(request, _("Thank you, your email address is confirmed."))
    if request.user.is_authenticated:
        return redirect("site:dashboard")
    after = request.session.pop(AFTER_SIGNUP_KEY, "")
    login_url = reverse("accounts:login")
    return redirect(f"{login_url}?{urlencode({'next': after})}" if after else login_url)


@require_POST
def resend_verification(request: HttpRequest) -> HttpResponse:
    if not request.user.email_verified:
        if throttled(scope="verify-resend", bucket=str(request.user.pk), rate="3/h"):
            messages.error(request, _("We already sent several links. Please check your inbox, or try again later."))
        else:
            services.email_verification_send(user=request.user)
            messages.success(request, _("We sent a new link to %(email)s.") % {"email": request.user.email})
    return redirect("site:dashboard")


def login_besieged(email: str) -> bool:
    """Whether so many wrong passwords came for this address lately that the password alone no longer signs in."""
    limit, period = parse_rate(settings.HOLDSPACE_LOGIN_RATE_ACCOUNT)
    return throttle_count(scope="login-account-wrong", bucket=email, period=period) >= limit


def login_wrong(email: str) -> None:
    """Count a wrong password for this address, from wherever it came (an address without an account too)."""
    throttle_add(scope="login-account-wrong", bucket=email, period=parse_rate(settings.HOLDSPACE_LOGIN_RATE_ACCOUNT)[1])


@login_not_required
@sensitive_post_parameters("password")
@sensitive_variables("password", "hold", "unlocked")
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, fallback=reverse(settings.LOGIN_REDIRECT_URL))
    if request.user.is_authenticated:
        return redirect(next_url)
    form = LoginForm(request.POST or None)
    status = 200
    besieged = False
    if request.method == "POST" and form.is_valid():
        email = normalise_email(form.cleaned_data["email"])
        client = client_key(request)
        # Tries are limited per account from one client and per client in all, so nobody else's wrong
        # passwords use up the owner's own tries (issue 15).
        if throttled(
            scope="login-account-client", bucket=f"{email}\x1f{client}", rate=settings.HOLDSPACE_LOGIN_RATE
        ) or throttled(scope="login-client", bucket=client, rate="30/m"):
            form.add_error(None, _("Too many attempts to sign in. Please wait a minute and try again."))
            status = TOO_MANY
        else:
            password = form.cleaned_data["password"]
            besieged = login_besieged(email)
            user = authenticate(request, email=email, password=password)
            if user is None:
                login_wrong(email)
            if besieged:
                # Many wrong passwords came for this account from everywhere: the password alone no longer
                # signs in, the password with the second factor does. Either wrong gets the same answer, so
                # the guessers learn nothing of the password; the code is tried only after a right password.
                device = None
                if user is not None and form.cleaned_data["token"] and not throttled(
                    scope="login-2fa", bucket=str(user.pk), rate=settings.HOLDSPACE_LOGIN_RATE
                ):
                    device = match_token(user, form.cleaned_data["token"])
                if device is None:
                    form.add_error(None, _(
                        "Many wrong passwords were tried for this account in the last hour. For now it opens only "
                        "with the password and the code from your authenticator app together. Without two-step "
                        "sign-in, please try again in an hour."))
                else:
                    unlocked = sign_in_unlocks(request, user=user, password=password)
                    _sign_in(request, user, device)
                    response = _finish_sign_in(request, user, next_url)
                    unlocked(response)
                    return response
            elif user is None:
                form.add_error(None, _("That email address and password do not match an account."))
            elif services.two_factor_enabled(user):
                # His key opens with this password now, but waits for the code before it can be used.
                hold = sign_in_unlocks_hold(request, user=user, password=password)
                request.session[PENDING_KEY] = {"user": user.pk, "at": int(time.time()), "next": next_url}
                response = redirect("accounts:login_verify")
                hold(response)
                return response
            else:
                # His key opens with the password he just typed: his own work opens without a second step.
                unlocked = sign_in_unlocks(request, user=user, password=password)
                _sign_in(request, user)
                response = _finish_sign_in(request, user, next_url)
                unlocked(response)
                return response
    if not besieged:
        form.without_token()
    return render(request, "accounts/login.html", {"form": form, "next": next_url}, status=status)


@login_not_required
def login_verify(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        messages.info(request, _("Please sign in again."))
        response = redirect("accounts:login")
        sign_in_unlocks_drop(request, response=response)  # what his password opened expires with it
        return response
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        response = redirect("accounts:login")
        sign_in_unlocks_drop(request, response=response)
        return response
    form = TokenForm(request.POST or None)
    status = 200
    failed = False
    if request.method == "POST" and form.is_valid():
        if throttled(scope="login-2fa", bucket=str(user.pk), rate=settings.HOLDSPACE_LOGIN_RATE):
            form.add_error(None, _("Too many attempts. Please wait a minute and try again."))
            status = TOO_MANY
            failed = True
        else:
            device = match_token(user, form.cleaned_data["token"])
            if device is None:
                form.add_error("token", _("That code did not work. Codes change every 30 seconds; try the newest one."))
                failed = True
            else:
                del request.session[PENDING_KEY]
                _sign_in(request, user, device)
                response = _finish_sign_in(request, user, pending["next"])
                sign_in_unlocks_release(request, response=response)
                return response
    response = render(request, "accounts/login_verify.html", {"form": form}, status=status)
    if failed:  # a wrong code leaves nothing his password opened: his key then waits for the key page
        sign_in_unlocks_drop(request, response=response)
    return response


def settings_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    def page(form: ProfileForm) -> HttpResponse:
        return render(request, "accounts/settings.html", {"form": form, "two_factor": services.two_factor_enabled(user)})

    if request.method != "POST":
        return page(ProfileForm(initial={"display_name": user.display_name,
                                         "language": user.language or request.LANGUAGE_CODE}))
    form = ProfileForm(request.POST)
    return post_action(
        request, form=form, refusals=REFUSALS, again=page,
        act=lambda data: services.user_profile_update(user=user, display_name=data["display_name"],
                                                      language=data["language"]),
        done=_("Your settings are saved."), to=reverse("accounts:settings"),
        then=lambda response, _outcome: remember_language(response, language=form.cleaned_data["language"]))


@sudo_required
def password_change(request: HttpRequest) -> HttpResponse:
    # A personal key is locked with the password: it must be opened now, already unlocked
    # in this session or with the current password, and locked again with the new one in
    # the same transaction, or it would no longer open.
    locks = password_locks()
    needs_current = any(lock.needs_current(request) for lock in locks)
    form = PasswordChangeForm(request.POST or None, user=request.user, needs_current=needs_current)
    if request.method == "POST" and form.is_valid():
        current = form.cleaned_data.get("current_password", "") if needs_current else ""
        try:
            relock = [found for lock in locks if (found := lock.prepare(request, current)) is not None]
        except Refusal as refused:
            form.add_error("current_password", refusal_message(refused, messages=REFUSALS))
            return render(request, "accounts/password_change.html", {"form": form}, status=400)
        try:
            services.user_password_change(user=request.user, password=form.cleaned_data["new_password"],
                                          relock=relock)
        except Refusal as refused:  # the key was replaced between opening and locking it again: nothing changed
            form.add_error(None, refusal_message(refused, messages=REFUSALS))
            return render(request, "accounts/password_change.html", {"form": form}, status=400)
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password is changed."))
        return redirect("accounts:settings")
    return render(request, "accounts/password_change.html", {"form": form})


def sudo(request: HttpRequest) -> HttpResponse:
    user = request.user
    needs_token = services.two_factor_enabled(user)
    next_url = safe_next(request, fallback=reverse("site:dashboard"))
    form = SudoForm(request.POST or None, needs_token=needs_token)
    status = 200
    if request.method == "POST" and form.is_valid():
        if throttled(scope="sudo", bucket=str(user.pk), rate=settings.HOLDSPACE_LOGIN_RATE):
            form.add_error(None, _("Too many attempts. Please wait a minute and try again."))
            status = TOO_MANY
        elif not user.check_password(form.cleaned_data["password"]):
            form.add_error("password", _("That password is not right."))
        else:
            device = match_token(user, form.cleaned_data["token"]) if needs_token else None
            if needs_token and device is None:
                form.add_error("token", _("That code did not work. Try the newest one."))
            else:
                if device is not None:
                    otp_login(request, device)
                sudo_grant(request)
                return redirect(next_url)
    return render(request, "accounts/sudo.html", {"form": form, "next": next_url}, status=status)


@sudo_required
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.email_verified:
        # Otherwise someone who signed up with another person's address could
        # lock its owner out behind their own authenticator.
        return render(request, "accounts/needs_email.html")
    # The new authenticator's secret waits in the session until a code from it confirms it (opening this
    # page writes nothing but the session), locked as it will be stored: the session table cannot read it.
    try:
        key_box = base64.b64decode(request.session.get(ENROL_KEY, ""), validate=True)
    except (TypeError, ValueError):
        key_box = b""
    if not services.totp_key_box_valid(key_box):
        key_box = services.totp_enrolment_key_box()
        request.session[ENROL_KEY] = base64.b64encode(key_box).decode("ascii")
    device = services.totp_device_for(user=user, key_box=key_box)
    form = TokenForm(request.POST or None)
    form.fields["token"].help_text = _("The six digits your authenticator app shows after you add Holdspace to it.")
    if request.method == "POST" and form.is_valid():
        if throttled(scope="enrol", bucket=str(user.pk), rate="10/m"):
            form.add_error(None, _("Too many attempts. Please wait a minute and try again."))
        else:
            confirmed, codes = services.totp_enrolment_confirm(user=user, key_box=key_box,
                                                               token=form.cleaned_data["token"])
            if codes is None:
                form.add_error("token", _("That code did not match. Check the time on your phone, then try the newest code."))
            else:
                del request.session[ENROL_KEY]
                otp_login(request, confirmed)
                return render(
                    request,
                    "accounts/backup_codes.html",
                    {"codes": codes, "just_enrolled": True, "next": safe_next(request, fallback=reverse("accounts:settings"))},
                )
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)
    secret = _base32_secret(device)
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "qr": qr,
            "secret": secret,
            "replacing": services.two_factor_enabled(user),
            "next": safe_next(request, fallback=""),
        },
    )


def _base32_secret(device: Authenticator) -> str:
    raw = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@sudo_required
def backup_codes(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and services.two_factor_enabled(request.user):
        codes = services.backup_codes_renew(user=request.user)
        return render(
            request,
            "accounts/backup_codes.html",
            {"codes": codes, "just_enrolled": False, "next": reverse("accounts:settings")},
        )
    return render(request, "accounts/backup_codes_confirm.html")


@sudo_required
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return post_action(request, refusals=REFUSALS, act=lambda data: services.two_factor_disable(user=request.user),
                           done=_("Two-step sign-in is turned off for your account."), to=reverse("accounts:settings"))
    return render(request, "accounts/two_factor_disable.html")


class AuditedPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's new-password step; the link reached the address, so the address is confirmed too."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_reset_complete(user=form.user)
        return response


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset, with a cap on mails per address and per client so no inbox is flooded.

    Over the cap the page looks the same, so it reveals nothing about the address.
    """

    def form_valid(self, form):
        email = normalise_email(form.cleaned_data["email"])
        if throttled(scope="reset-address", bucket=email, rate="3/h") or throttled(
            scope="reset-client", bucket=client_key(self.request), rate="20/h"
        ):
            return redirect(self.get_success_url())
        return super().form_valid(form)


# A person's own data: everything he wrote that he can read, as two downloads, and his account's deletion.
# Each app says what it holds of him (accounts.personal_data); these pages only gather it.

NOT_INCLUDED = gettext_lazy(
    "What is sealed to others stays out, as it is not yours to read: the words you sent a circle when asking to "
    "join, anonymous feedback, reports, and the cases you handle.")


@sudo_required
@require_GET
@sensitive_variables()  # what he wrote, opened, is in these frames: never in an error report
def your_data(request: HttpRequest) -> HttpResponse:
    sections = export_sections(request)
    return render(request, "accounts/your_data.html", {
        "sections": sections, "not_included": NOT_INCLUDED,
        "left_out": [left for section in sections for left in section.left_out],
    })


@sudo_required
@require_GET
@sensitive_variables()  # what he wrote, opened, is in these frames: never in an error report
def export_download_json(request: HttpRequest) -> HttpResponse:
    made_at = timezone.now()
    data = export_json(export_sections(request), made_at=made_at, language=translation.get_language())
    data["not_included"] = str(NOT_INCLUDED)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return _download(HttpResponse(body, content_type="application/json; charset=utf-8"), made_at=made_at,
                     extension="json")


@sudo_required
@require_GET
@sensitive_variables()  # what he wrote, opened, is in these frames: never in an error report
def export_download_html(request: HttpRequest) -> HttpResponse:
    made_at = timezone.now()
    sections = export_sections(request)
    body = render_to_string("accounts/export.html", {
        "sections": [{"section": section, "parts": [(part.title, _records_html(part)) for part in section.parts]}
                     for section in sections],
        "not_included": NOT_INCLUDED, "display_name": request.user.display_name,
        "made_at": dates.moment(made_at),
    }, request=None)
    return _download(HttpResponse(body, content_type="text/html; charset=utf-8"), made_at=made_at, extension="html")


def _download(response: HttpResponse, *, made_at: datetime, extension: str) -> HttpResponse:
    """A file to keep, never a page to show or to cache: what he wrote travels only in this response."""
    response["Content-Disposition"] = f'attachment; filename="holdspace-{dates.file_day(made_at)}.{extension}"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _records_html(part: Part) -> str:
    """A part's records for the readable file: each a list of labelled values in the order of the labels, empty
    values left out (a "no" is not empty), everything he wrote escaped. Built here rather than in a template, as
    a man who wrote for years has thousands of records."""
    if not part.records:
        return mark_safe(f'<p class="none">{escape(_("Nothing here."))}</p>')
    labels = [(key, escape(label)) for key, label in part.labels.items()]
    shown = []
    for record in part.records:
        rows = []
        for key, label in labels:
            value = record.get(key)
            if isinstance(value, Part):
                if value.records:
                    rows.append(f"<dt>{label}</dt><dd>{_records_html(value)}</dd>")
            elif isinstance(value, bool) or value not in (None, "", [], ()):
                rows.append(f"<dt>{label}</dt><dd>{_value_html(value)}</dd>")
        shown.append("<li><dl>" + "".join(rows) + "</dl></li>")
    return mark_safe('<ol class="records">' + "\n".join(shown) + "</ol>")


def _value_html(value: object) -> str:
    if isinstance(value, bool):
        return escape(_("Yes") if value else _("No"))
    if isinstance(value, datetime):
        return escape(dates.moment(value))
    if isinstance(value, date):
        return escape(dates.day(value))
    if isinstance(value, list | tuple):
        return escape(", ".join(str(item) for item in value))
    return escape(str(value)).replace("\r\n", "\n").replace("\n", "<br>")


def _deletion_refusals() -> dict[str, str]:
    return {**REFUSALS, **personal_data_refusals()}


def account_delete(request: HttpRequest) -> HttpResponse:
    """What deleting his account would do, app by app, then his password and a tick box; refused, with the app's
    words, while something must be settled first."""
    user = request.user

    def page(form: AccountDeleteForm | None) -> HttpResponse:
        refusals = _deletion_refusals()
        return render(request, "accounts/delete.html", {
            "form": form or AccountDeleteForm(), "consequences": deletion_consequences(user),
            "blocks": [refusal_message(Refusal(code), messages=refusals) for code in deletion_blocks(user)],
        })

    if request.method != "POST":
        return page(None)

    def delete(data: dict) -> None:
        if throttled(scope="account-delete", bucket=str(user.pk), rate=settings.HOLDSPACE_LOGIN_RATE):
            raise Refusal("throttled")
        services.user_delete(user, password=data["password"])

    return post_action(
        request, form=AccountDeleteForm(request.POST), refusals=_deletion_refusals(), again=page, act=delete,
        fields={"wrong_password": "password"}, statuses={"throttled": TOO_MANY}, to=reverse("accounts:deleted"),
        then=lambda _response, _outcome: _signed_out_after_deletion(request))


DELETED_KEY = "hs_account_deleted"


def _signed_out_after_deletion(request: HttpRequest) -> None:
    logout(request)  # a fresh session, which remembers only that it follows a deletion
    request.session[DELETED_KEY] = True


@login_not_required
def account_deleted(request: HttpRequest) -> HttpResponse:
    """The plain word that it is done, for the browser that just deleted its account; anyone else goes home."""
    if request.user.is_authenticated or not request.session.get(DELETED_KEY):
        return redirect("site:landing")
    return render(request, "accounts/deleted.html")
