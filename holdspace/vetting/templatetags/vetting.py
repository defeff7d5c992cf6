"""Asking, from a template, whether a person has applications to join a network."""
from django import template

from holdspace.vetting.selectors import has_applications

register = template.Library()


@register.simple_tag
def has_network_applications(user) -> bool:
    """One indexed EXISTS query, for the dashboard's link to the person's applications."""
    return user.is_authenticated and has_applications(person=user)
