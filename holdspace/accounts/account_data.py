"""His account, as he reads it back in his export, and what deleting it does to it (registered with the other
apps' parts in AccountsConfig.ready). Never a secret: no password hash, authenticator secret or backup code."""
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from holdspace.accounts.models import User
from holdspace.accounts.personal_data import Consequence, Part, PersonalData, Section
from holdspace.accounts.services import two_factor_enabled


def account_export(request: HttpRequest) -> Section:
    user: User = request.user
    languages = dict(settings.LANGUAGES)
    return Section(
        key="account", title=_("Your account"),
        parts=(Part(key="account", title=_("About you"), labels={
            "display_name": _("Name shown to others"),
            "email": _("Email address"),
            "language": _("Language"),
            "joined": _("Account made"),
            "email_confirmed": _("Email address confirmed"),
            "last_sign_in": _("Last signed in"),
            "two_step": _("Two-step sign-in"),
        }, records=[{
            "display_name": user.display_name,
            "email": user.email,
            "language": languages.get(user.language, ""),
            "joined": user.date_joined,
            "email_confirmed": user.email_verified_at,
            "last_sign_in": user.last_login,
            "two_step": two_factor_enabled(user),
        }]),),
        notes=(_("Your password, your authenticator's secret and your backup codes are never part of an export."),),
    )


def account_consequences(user: User) -> list[Consequence]:
    return [Consequence(_("Your account, your password and your two-step sign-in are deleted. The record of "
                          "changes keeps only that an account was deleted, never your name or your address."))]


PART = PersonalData(name="accounts", order=0, export=account_export, consequences=account_consequences)
