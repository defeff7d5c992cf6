from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VettingConfig(AppConfig):
    name = "holdspace.vetting"
    label = "vetting"
    verbose_name = _("Membership vetting")

    def ready(self) -> None:
        from holdspace.accounts.personal_data import personal_data_register
        from holdspace.vetting.personal_data import PART

        personal_data_register(PART)
