from django import forms
from django.utils.translation import gettext_lazy as _


class ReportFinderForm(forms.Form):
    name = forms.CharField(label=_("Name of the organisation or network"), max_length=100, required=False,
                           help_text=_("Part of the name is enough."))
    city = forms.CharField(label=_("City"), max_length=100, required=False,
                           help_text=_("Accents and capital letters do not matter."))
