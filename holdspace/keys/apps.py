from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeysConfig(AppConfig):
    name = "holdspace.keys"
    label = "keys"
    verbose_name = _("Personal keys")

    def ready(self) -> None:
        from holdspace.audit.words import audit_words_register
        from holdspace.keys import audit_words
        audit_words_register(actions=audit_words.ACTIONS, details=audit_words.DETAILS)
        from holdspace.accounts.personal_data import personal_data_register
        from holdspace.keys.personal_data import PART

        personal_data_register(PART)

        from holdspace.accounts.password_locks import password_lock_register
        from holdspace.accounts.sign_in_unlocks import sign_in_unlock_register
        from holdspace.keys.password import PERSONAL_KEY, SIGN_IN

        password_lock_register(PERSONAL_KEY)
        sign_in_unlock_register(SIGN_IN)
