"""`{% load svg %}`: numbers written into SVG charts drawn on the server."""
from functools import lru_cache

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter(is_safe=True)
def coordinate(value: float) -> str:
    """A length or position to one decimal, never localized: what `floatformat:'1u'` writes. A chart repeats the
    same few values (its margins, its bars' height), so each is worked out once per process rather than for every
    shape, as the filter would."""
    return _coordinate(value)


@lru_cache(maxsize=2048)
def _coordinate(value: float) -> str:
    return floatformat(value, "1u")
