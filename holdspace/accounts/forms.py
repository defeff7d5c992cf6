from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from holdspace.accounts.models import User, normalise_email


def clean_address(email: str) -> str:
    """Normalise an address; lower-casing can lengthen some letters, so measure after."""
    email = normalise_email(email)
    if len(email) > 254:
        raise forms.ValidationError(_("This email address is too long."), code="too_long")
    return email


class SignupForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    display_name = forms.CharField(
        label=_("Name shown to others"),
        max_length=80,
        help_text=_("A first name or a name you choose. You can change it later."),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters. A few unrelated words work well."),
    )

    def clean_email(self) -> str:
        return clean_address(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            probe = User(email=cleaned.get("email", ""), display_name=cleaned.get("display_name", ""))
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def clean_email(self) -> str:
        return clean_address(self.cleaned_data["email"])
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    # Asked only while many wrong passwords were tried for the account (accounts/views.py, login_view).
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=16,
        required=False,
        help_text=_("The six digits your authenticator app shows now, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split())

    def without_token(self) -> "LoginForm":
        """The form as shown when the account needs no code: no such field on the page."""
        self.fields.pop("token", None)
        return self


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The six digits your authenticator app shows now, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"}),
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split())


class SudoForm(forms.Form):
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=16,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def __init__(self, *args, needs_token: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_token:
            self.fields["token"].required = True
        else:
            del self.fields["token"]


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Name shown to others"), max_length=80)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class PasswordChangeForm(forms.Form):
    new_password = forms.CharField(
        label=_("New password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    current_password = forms.CharField(
        label=_("Your current password"), strip=False, required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Your case key is locked with your password: it is unlocked with the current one and locked again "
                    "with the new one."),
    )

    def __init__(self, *args, user: User, needs_current: bool = False, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if needs_current:
            self.fields["current_password"].required = True
        else:
            del self.fields["current_password"]

    def clean_new_password(self) -> str:
        password = self.cleaned_data["new_password"]
        password_validation.validate_password(password, self.user)
        return password


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )
    confirm = forms.BooleanField(
        label=_("Yes, delete my account and everything in it for good"),
        error_messages={"required": _("Tick the box to delete your account for good.")},
    )
