"""What an organisation chooses about being accountable in public: whether its accountability page is
published, and how many days it gives itself to answer a partner's concern."""
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_CONCERN_RESPONSE_DAYS = 30
LONGEST_CONCERN_RESPONSE_DAYS = 90


class AccountabilitySettings(models.Model):
    organisation = models.OneToOneField("organisations.Organisation", on_delete=models.CASCADE,
                                        related_name="accountability_settings")
    # None until the administrator chooses: networks publish by default, organisations opt in.
    public_page = models.BooleanField(_("publish our accountability page"), null=True, blank=True)
    concern_response_days = models.PositiveSmallIntegerField(
        _("days we give ourselves to answer a partner's concern"), default=DEFAULT_CONCERN_RESPONSE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(LONGEST_CONCERN_RESPONSE_DAYS)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("accountability settings")
