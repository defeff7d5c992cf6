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
        from holdspace.audit.words import audit_words_register
        from holdspace.circles import audit_words
        audit_words_register(actions=audit_words.ACTIONS, details=audit_words.DETAILS, values=audit_words.VALUES)
        from holdspace.accounts.personal_data import personal_data_register
        from holdspace.circles.personal_data import PART

        personal_data_register(PART)

        post_migrate.connect(_exercises_in_library, sender=self)
        from holdspace.circles.keys import key_use
        from holdspace.circles.receivers import on_roles_removed
        from holdspace.circles.selectors import fellows_of
        from holdspace.inventory.fellows import fellows_source_register
        from holdspace.keys.registry import key_use_register
        from holdspace.organisations.signals import roles_removed

        from holdspace.circles.models import Circle, CircleMember, CircleSession
        from holdspace.circles.selectors import CIRCLE_PAGES
        from holdspace.organisations.models import Organisation
        from holdspace.web.public_pages import public_pages_watch

        # What the finder and a circle's entry show, their organisation's name included.
        for model in (Circle, CircleSession, CircleMember, Organisation):
            public_pages_watch(model, scopes=lambda row: [CIRCLE_PAGES])
        roles_removed.connect(on_roles_removed, dispatch_uid="circles.roles_removed")
        fellows_source_register("circles", source=fellows_of)
        from holdspace.circles.safety_keys import safety_key_use
        from holdspace.circles.sealed_to_him import sealed_to_him_key_use

        key_use_register(safety_key_use(at_stake_warning=_(
            "You alone can open safety concerns raised in these circles. If you make a new key, what was raised "
            "stays locked for good; ask another steward to unlock their key first, so that they hold it too:")))
        key_use_register(sealed_to_him_key_use(at_stake_warning=_(
            "What these circles' facilitators and stewards wrote to you is sealed to your current key: messages, "
            "suggestions of support, what a steward told you. A new key cannot open them, so they are cleared; "
            "read or download them first:")))
        key_use_register(key_use(at_stake_warning=_(
            "You alone hold the key of these circles. If you make a new key, what men wrote to them and your notes "
            "stay locked for good:")))
