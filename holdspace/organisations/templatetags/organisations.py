from django import template

from holdspace.audit.words import audit_action_words, audit_details_words
from holdspace.organisations.labels import role_label as _role_label
from holdspace.web.templatetags.kept import kept_drawn

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


@register.simple_tag(takes_context=True)
def organisation_nav(context, section: str | None = None, *, template: str = "organisations/_nav.html") -> str:
    """The organisation's navigation for the reader's roles there, with `section` (else the page's) marked as
    the current one; drawn once per process for each organisation, set of roles and section (web/templatetags/
    kept.py). `template` is another navigation made of the same values (the assessments' own)."""
    organisation, access = context["organisation"], context["access"]
    return kept_drawn(context, template, slug=organisation.slug, network=organisation.is_network,
                      roles=access.roles, admin=access.is_admin,
                      section=context.get("section") if section is None else section)
