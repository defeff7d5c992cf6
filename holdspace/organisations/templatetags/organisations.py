from django import template

from holdspace.organisations.labels import role_label as _role_label

register = template.Library()


@register.simple_tag
def role_label(role, organisation):
    return _role_label(role, organisation=organisation)


@register.filter
def audit_details(details: dict) -> str:
    """Show an audit entry's details as `key: a, b; key: c`."""
    parts = []
    for key, value in sorted(details.items()):
        shown = ", ".join(str(item) for item in value) if isinstance(value, list) else str(value)
        parts.append(f"{key}: {shown}")
    return "; ".join(parts)
