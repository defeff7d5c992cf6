from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VettingConfig(AppConfig):
    name = "holdspace.vetting"
    label = "vetting"
    verbose_name = _("Membership vetting")

    def ready(self) -> None:
        from holdspace.audit.words import audit_words_register
        from holdspace.vetting import audit_words
        audit_words_register(actions=audit_words.ACTIONS, details=audit_words.DETAILS, values=audit_words.VALUES)
        from holdspace.accounts.personal_data import personal_data_register
        from holdspace.vetting.personal_data import PART

        personal_data_register(PART)
