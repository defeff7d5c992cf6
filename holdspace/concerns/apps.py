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

        from holdspace.concerns.selectors import complaints_overdue_count, overdue_count
        from holdspace.organisations.pages import home_extra_register

        # Administrators see at once on their organisation's page what a partner has waited for too long, and a
        # network's what someone complaining about a member has.
        home_extra_register("concerns", extra=lambda access: {
            "concerns_overdue": overdue_count(access.organisation) if access.is_admin else 0,
            "complaints_overdue": complaints_overdue_count(access.organisation)
            if access.is_admin and access.organisation.is_network else 0})
