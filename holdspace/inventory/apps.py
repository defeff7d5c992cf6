from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class InventoryConfig(AppConfig):
    name = "holdspace.inventory"
    label = "inventory"
    verbose_name = _("Personal work")

    def ready(self) -> None:
        from holdspace.audit.words import audit_words_register
        from holdspace.inventory import audit_words
        audit_words_register(actions=audit_words.ACTIONS, details=audit_words.DETAILS, values=audit_words.VALUES)
        from holdspace.accounts.personal_data import personal_data_register
        from holdspace.inventory.personal_data import PART
        from holdspace.inventory.sealing import commitments_only_his, escrow_adopt, seals_forget
        from holdspace.inventory.vault import amends_plans_at_stake, entries_at_stake, key_use
        from holdspace.keys.registry import KeyUse, key_use_register

        def at_stake(user) -> list[str]:
            entries, plans = entries_at_stake(user), amends_plans_at_stake(user)
            names = [ngettext("Your inventory: %(count)d entry", "Your inventory: %(count)d entries", entries)
                     % {"count": entries}] if entries else []
            if plans:
                names.append(ngettext("Your amends plans: %(count)d plan", "Your amends plans: %(count)d plans",
                                      plans) % {"count": plans})
            return names

        key_use_register(key_use(at_stake=at_stake, at_stake_warning=_(
            "Only your current key opens your own inventory and your amends plans. A new key cannot open them: "
            "they would be lost for good.")))

        def commitments_at_stake(user) -> list[str]:
            count = commitments_only_his(user)
            return [ngettext("Your commitments: %(count)d that only you can open",
                             "Your commitments: %(count)d that only you can open", count) % {"count": count}
                    ] if count else []

        key_use_register(KeyUse(
            name="commitments", forget=seals_forget, welcome=escrow_adopt, at_stake=commitments_at_stake,
            at_stake_warning=_("Commitments you made alone, without a partner, open only with your current key: a "
                               "new key would lose them, check-ins included.")))
        personal_data_register(PART)
