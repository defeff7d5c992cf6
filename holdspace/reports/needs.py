"""What the person reporting needs now, besides what she would like to happen in the end."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Need(models.TextChoices):
    NO_CONTACT = "no_contact", _("No contact with the person")
    INTERIM = "interim", _("Measures while the report is handled (for example, he steps back from a role)")
    SUPPORT = "support", _("Support for myself")
    NOTHING_YET = "nothing_yet", _("Nothing yet: I need time")


def needs_clean(values) -> list[str]:
    """Known needs only, each once, in the order they are offered (the form keeps "nothing yet" alone)."""
    if isinstance(values, str):
        values = [values]
    given = set(values or ())
    return [need for need in Need.values if need in given]


def need_labels(values) -> list[str]:
    return [str(Need(value).label) for value in needs_clean(values)]
