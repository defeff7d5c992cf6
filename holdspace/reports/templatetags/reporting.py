from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def quick_exit_url() -> str:
    """The neutral site the quick exit leads to (HOLDSPACE_QUICK_EXIT_URL): only linked, nothing loaded from it."""
    return settings.HOLDSPACE_QUICK_EXIT_URL
