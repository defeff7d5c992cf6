from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "holdspace.reports"
    label = "reports"
    verbose_name = _("Reports and cases")

    def ready(self) -> None:
        from holdspace.accounts.personal_data import personal_data_register
        from holdspace.reports.personal_data import PART

        personal_data_register(PART)

        from holdspace.keys.registry import key_use_register
        from holdspace.reports.keys import key_use
        from holdspace.reports.refusals import REFUSALS

        key_use_register(key_use(refusals=REFUSALS))

        from holdspace.organisations.signals import reporting_line_set, roles_removed
        from holdspace.reports.receivers import on_reporting_line_set, on_roles_removed

        roles_removed.connect(on_roles_removed, dispatch_uid="reports.roles_removed")
        reporting_line_set.connect(on_reporting_line_set, dispatch_uid="reports.reporting_line_set")
