from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "holdspace.accountability"
    label = "accountability"
    verbose_name = _("Public accountability")

    def ready(self) -> None:
        from holdspace.audit.words import audit_words_register
        from holdspace.accountability import audit_words
        audit_words_register(actions=audit_words.ACTIONS, details=audit_words.DETAILS,
                             values=audit_words.VALUES, day_keys=("seat_since", "seat_until", "meeting_on"))
        from holdspace.accountability.policy import publishes_page

        from holdspace.accountability.models import AccountabilitySettings, PartnerMeeting, SteeringSeat
        from holdspace.concerns.models import ConcernPolicy
        from holdspace.organisations.pages import ORGANISATION_PAGES, public_extra_register
        from holdspace.web.public_pages import public_pages_watch

        # Whether the page is shown, what it promises, and the steering committee and partner meetings it shows.
        for model in (AccountabilitySettings, ConcernPolicy, SteeringSeat, PartnerMeeting):
            public_pages_watch(model, scopes=lambda row: [ORGANISATION_PAGES])
        public_extra_register("accountability", extra=lambda organisation: {
            "publishes_accountability": publishes_page(organisation)})

        from holdspace.accountability import minutes
        from holdspace.organisations.models import Role
        from holdspace.organisations.signals import roles_removed

        def admin_gone(sender, *, organisation, user, roles, **kwargs) -> None:
            if Role.ORG_ADMIN in roles:
                minutes.minutes_copies_drop(organisation=organisation, user=user)

        roles_removed.connect(admin_gone, weak=False, dispatch_uid="accountability:minutes-key-copies")

        from holdspace.keys.registry import KeyUse, key_use_register

        key_use_register(KeyUse(
            name="accountability", forget=minutes.minutes_copies_forget, at_stake=minutes.minutes_keys_at_stake,
            at_stake_warning=_("You alone hold the key to the partner meetings' minutes of these organisations. If "
                               "you make a new key, their minutes stay locked for good:"),
            unlocked=minutes.minutes_keys_share_on_unlock))
