from django import template

from holdspace.audit.words import audit_action_words, audit_details_words
from holdspace.organisations.labels import role_label as _role_label

register = template.Library()


@register.simple_tag
def role_label(role, organisation):
    return _role_label(role, organisation=organisation)


@register.filter
def audit_action(entry) -> str:
    """An audit entry's action as a sentence in the reader's language."""
    return audit_action_words(action=entry.action)


@register.filter
def audit_details(entry) -> str:
    """An audit entry's details as `label: value; label: value`, labels and known values in words."""
    return "; ".join(f"{item.label}: {item.value}"
                     for item in audit_details_words(action=entry.action, details=entry.details or {}))
