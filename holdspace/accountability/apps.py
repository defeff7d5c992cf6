from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "holdspace.accountability"
    label = "accountability"
    verbose_name = _("Public accountability")

    def ready(self) -> None:
        from holdspace.audit.words import audit_words_register
        from holdspace.accountability import audit_words
        audit_words_register(actions=audit_words.ACTIONS, details=audit_words.DETAILS)
        from holdspace.accountability.policy import publishes_page

        from holdspace.accountability.models import AccountabilitySettings
        from holdspace.concerns.models import ConcernPolicy
        from holdspace.organisations.pages import ORGANISATION_PAGES, public_extra_register
        from holdspace.web.public_pages import public_pages_watch

        for model in (AccountabilitySettings, ConcernPolicy):  # whether the page is shown, and what it promises
            public_pages_watch(model, scopes=lambda row: [ORGANISATION_PAGES])
        public_extra_register("accountability", extra=lambda organisation: {
            "publishes_accountability": publishes_page(organisation)})
