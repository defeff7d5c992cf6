from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "holdspace.assessments"
    label = "assessments"
    verbose_name = _("Accountability assessments")

    def ready(self) -> None:
        from holdspace.audit.words import audit_words_register
        from holdspace.assessments import audit_words
        audit_words_register(actions=audit_words.ACTIONS, details=audit_words.DETAILS, values=audit_words.VALUES)
        from holdspace.accounts.personal_data import personal_data_register
        from holdspace.assessments.personal_data import PART

        personal_data_register(PART)
