from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "holdspace.reports"
    label = "reports"
    verbose_name = _("Reports and cases")

    def ready(self) -> None:
        from holdspace.audit.words import audit_words_register
        from holdspace.reports import audit_words
        audit_words_register(actions=audit_words.ACTIONS, details=audit_words.DETAILS, values=audit_words.VALUES)
        from holdspace.accounts.personal_data import personal_data_register
        from holdspace.reports.personal_data import PART

        personal_data_register(PART)

        from django.utils.translation import ngettext

        from holdspace.keys.registry import key_use_register
        from holdspace.reports.keys import kept_at_stake, key_use
        from holdspace.reports.refusals import REFUSALS

        def at_stake(user) -> list[str]:
            count = kept_at_stake(user)
            return [ngettext("%(count)d report you keep with your account",
                             "%(count)d reports you keep with your account", count) % {"count": count}] if count else []

        key_use_register(key_use(refusals=REFUSALS, at_stake=at_stake, at_stake_warning=_(
            "A new key unties these from your account; their receipt codes still open them:")))

        from holdspace.organisations.signals import reporting_line_set, roles_removed
        from holdspace.reports.receivers import on_reporting_line_set, on_roles_removed

        roles_removed.connect(on_roles_removed, dispatch_uid="reports.roles_removed")
        reporting_line_set.connect(on_reporting_line_set, dispatch_uid="reports.reporting_line_set")
