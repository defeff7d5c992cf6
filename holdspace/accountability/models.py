"""What an organisation chooses about being accountable in public: whether its accountability page is
published. (The days it gives itself to answer a partner's concern belong to concerns' policy.)"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountabilitySettings(models.Model):
    organisation = models.OneToOneField("organisations.Organisation", on_delete=models.CASCADE,
                                        related_name="accountability_settings")
    # None until the administrator chooses: networks publish by default, organisations opt in.
    public_page = models.BooleanField(_("publish our accountability page"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("accountability settings")
