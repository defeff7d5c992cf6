from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "holdspace.web"
    label = "web"
    verbose_name = _("Holdspace")

    def ready(self) -> None:
        from holdspace.web import folding  # noqa: F401  (registers the SQL function on each SQLite connection)
