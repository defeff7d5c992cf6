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
        from holdspace.organisations.pages import public_extra_register

        public_extra_register("accountability", extra=lambda organisation: {
            "publishes_accountability": publishes_page(organisation)})
