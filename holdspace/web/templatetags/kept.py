"""A small part of a page drawn once per process for what it is made of: ``{% load kept %}``.

A page's navigation shows the same links for everyone who has the same roles in the same organisation, in one
language: its addresses and translations do not change while a process runs. ``{% include_kept "x/_nav.html"
slug=organisation.slug section=section %}`` draws the template with exactly the values named (and nothing else
from the page) and keeps the result under the template, the language, the script prefix and those values; the next
page with the same values takes the kept text. A value is a word, a number, a yes or no, nothing, or a collection of
those (kept as a sorted tuple): never an object that could change behind the key. Only what everyone with these
values sees may be drawn this way, never anything personal. A change of settings (in tests) forgets what was kept.
"""
import threading
from collections import OrderedDict

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.autoreload import file_changed
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.safestring import SafeString

register = template.Library()

KEPT = 4096  # parts kept per process, the least recently drawn dropped first
_drawn: OrderedDict = OrderedDict()
_lock = threading.Lock()
_PLAIN = (str, int, bool, type(None))


def _plain(name: str, value):
    """The value as it is kept: a collection as a sorted tuple of plain values (a role's choice as its word)."""
    if isinstance(value, (list, tuple, set, frozenset)):
        if not all(isinstance(each, _PLAIN) for each in value):
            raise TypeError(f"include_kept's {name} holds something else than words and numbers")
        return tuple(sorted(str(each) if isinstance(each, str) else each for each in value))
    if not isinstance(value, _PLAIN):
        raise TypeError(f"include_kept's {name} is a {type(value).__name__}: give it words, numbers or yes/no")
    return str(value) if isinstance(value, str) else value


def kept_drawn(context, name: str, **values) -> SafeString:
    """The template `name` drawn with these values alone (in the engine and escaping of `context`), or its kept
    copy: for a tag that names a part's values from its page's context."""
    plain = {key: _plain(key, value) for key, value in values.items()}
    key = (name, translation.get_language(), get_script_prefix(), tuple(sorted(plain.items())))
    with _lock:
        kept = _drawn.get(key)
        if kept is not None:
            _drawn.move_to_end(key)
            return kept
    drawn = SafeString(context.template.engine.get_template(name).render(
        template.Context(plain, autoescape=context.autoescape)))
    with _lock:
        _drawn[key] = drawn
        while len(_drawn) > KEPT:
            _drawn.popitem(last=False)
    return drawn


@register.simple_tag(takes_context=True)
def include_kept(context, name: str, **values) -> SafeString:
    """The template `name` drawn with these values alone, or its kept copy."""
    return kept_drawn(context, name, **values)


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    with _lock:
        _drawn.clear()


@receiver(file_changed)
def _template_edited(sender, file_path, **kwargs) -> None:
    """While developing, an edited template is drawn anew (Django reloads templates without restarting)."""
    if file_path.suffix == ".html":
        with _lock:
            _drawn.clear()
