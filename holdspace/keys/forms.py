from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class PersonalKeyCreateForm(forms.Form):
    password = forms.CharField(
        label=_("Your account password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Your key is locked with your password. You also get a recovery code, shown once."),
    )
    replace = forms.BooleanField(
        label=_("I understand: what was sealed to my old key cannot be opened with the new one. Colleagues can "
                "share cases and circles with me again; my own inventory is lost for good."),
    )

    def __init__(self, *args, replacing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not replacing:
            del self.fields["replace"]


class PersonalKeyUnlockForm(forms.Form):
    password = forms.CharField(
        label=_("Your account password"), required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    recovery_code = forms.CharField(
        label=_("Or your recovery code"), required=False, max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("After a password reset, enter your recovery code and your new password together: "
                    "your key then opens with the new password."),
    )

    def clean(self):
        data = super().clean()
        if not data.get("password") and not data.get("recovery_code"):
            raise ValidationError(_("Enter your password or your recovery code."))
        return data
