from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "holdspace.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from holdspace.audit.words import audit_words_register
        from holdspace.accounts import audit_words
        audit_words_register(actions=audit_words.ACTIONS)
        from holdspace.accounts.account_data import PART
        from holdspace.accounts.personal_data import personal_data_register

        personal_data_register(PART)
