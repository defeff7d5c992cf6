from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "holdspace.web"
    label = "web"
    verbose_name = _("Holdspace")

    def ready(self):
        from holdspace.web.field_messages import field_messages_install

        # First of Holdspace's apps to be ready, before any form module is imported.
        field_messages_install()
