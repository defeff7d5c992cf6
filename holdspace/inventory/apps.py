from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class InventoryConfig(AppConfig):
    name = "holdspace.inventory"
    label = "inventory"
    verbose_name = _("Personal work")

    def ready(self) -> None:
        from holdspace.inventory.vault import entries_at_stake, key_use
        from holdspace.keys.registry import key_use_register

        def at_stake(user) -> list[str]:
            count = entries_at_stake(user)
            return [ngettext("Your inventory: %(count)d entry", "Your inventory: %(count)d entries", count)
                    % {"count": count}] if count else []

        key_use_register(key_use(at_stake=at_stake, at_stake_warning=_(
            "Only your current key opens your own inventory. A new key cannot open it: those entries would be "
            "lost for good.")))

        from holdspace.accounts.personal_data import personal_data_register
        from holdspace.inventory.personal_data import PART

        personal_data_register(PART)
