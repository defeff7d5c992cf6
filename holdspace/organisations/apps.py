from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "holdspace.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from holdspace.audit.words import audit_words_register
        from holdspace.organisations import audit_words
        audit_words_register(actions=audit_words.ACTIONS, details=audit_words.DETAILS, values=audit_words.VALUES)
        from holdspace.accounts.personal_data import personal_data_register
        from holdspace.organisations.personal_data import PART

        personal_data_register(PART)

        from holdspace.accounts.two_factor import two_factor_requirement_register
        from holdspace.organisations.models import ROLES_NEEDING_TWO_FACTOR, Membership

        from holdspace.organisations.models import DescriptionTranslation, NetworkMembership, Organisation
        from holdspace.organisations.pages import ORGANISATION_PAGES
        from holdspace.web.public_pages import public_pages_watch

        public_pages_watch(Organisation, scopes=lambda organisation: [ORGANISATION_PAGES])
        public_pages_watch(NetworkMembership, scopes=lambda link: [ORGANISATION_PAGES])
        public_pages_watch(DescriptionTranslation, scopes=lambda translation: [ORGANISATION_PAGES])
        two_factor_requirement_register("organisations", needs=lambda user: Membership.objects.filter(
            user=user, role__in=ROLES_NEEDING_TWO_FACTOR).exists())
