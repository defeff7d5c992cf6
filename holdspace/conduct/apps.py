from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConductConfig(AppConfig):
    name = "holdspace.conduct"
    label = "conduct"
    verbose_name = _("Code of conduct")

    def ready(self) -> None:
        from holdspace.audit.words import audit_words_register
        from holdspace.conduct import audit_words
        audit_words_register(actions=audit_words.ACTIONS, details=audit_words.DETAILS, values=audit_words.VALUES,
                             day_keys={"until"})
        from holdspace.accounts.personal_data import personal_data_register
        from holdspace.conduct.personal_data import PART

        personal_data_register(PART)
        from holdspace.conduct.models import Clause, CodeTranslation, CodeVersion
        from holdspace.organisations.pages import ORGANISATION_PAGES
        from holdspace.web.public_pages import public_pages_watch

        for model in (CodeVersion, Clause, CodeTranslation):  # the code in force, on the accountability page
            public_pages_watch(model, scopes=lambda row: [ORGANISATION_PAGES])
