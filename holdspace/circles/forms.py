from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from holdspace.circles.models import Circle


class FinderForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False,
                        help_text=_("A word from the name, the description or the city."))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind"))] + Circle.Kind.choices)
    language = forms.ChoiceField(label=_("Language"), required=False,
                                 choices=[("", _("Any language"))] + list(settings.LANGUAGES))
    where = forms.CharField(label=_("Where"), max_length=100, required=False,
                            help_text=_('A city, or "online".'))
