from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    name = "holdspace.concerns"
    label = "concerns"
    verbose_name = _("Partner concerns")

    def ready(self) -> None:
        from holdspace.audit.words import audit_words_register
        from holdspace.concerns import audit_words
        audit_words_register(actions=audit_words.ACTIONS, details=audit_words.DETAILS)
        from holdspace.accounts.personal_data import personal_data_register
        from holdspace.concerns.personal_data import PART

        personal_data_register(PART)

        from holdspace.concerns.selectors import overdue_counts
        from holdspace.organisations.pages import home_extra_register

        # Administrators see at once on their organisation's page what a partner has waited for too long, and a
        # network's what someone complaining about a member has: one query for both.
        def overdue_for(access) -> dict:
            if not access.is_admin:
                return {"concerns_overdue": 0, "complaints_overdue": 0}
            partners, complaints = overdue_counts(organisation=access.organisation)
            return {"concerns_overdue": partners,
                    "complaints_overdue": complaints if access.organisation.is_network else 0}

        home_extra_register("concerns", extra=overdue_for)
