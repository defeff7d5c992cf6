from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    name = "holdspace.concerns"
    label = "concerns"
    verbose_name = _("Partner concerns")
