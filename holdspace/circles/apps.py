from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _exercises_in_library(sender, **kwargs) -> None:
    # After migrations and after a test database is flushed: the exercises that
    # ship with Holdspace always have their rows.
    from holdspace.circles.library import builtin_sync

    builtin_sync()


class CirclesConfig(AppConfig):
    name = "holdspace.circles"
    label = "circles"
    verbose_name = _("Circles")

    def ready(self) -> None:
        post_migrate.connect(_exercises_in_library, sender=self)
