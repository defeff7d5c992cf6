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
from collections.abc import Callable
from datetime import datetime

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.autoreload import file_changed
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.safestring import SafeString

register = template.Library()

KEPT = 4096  # parts kept per process, the least recently drawn dropped first
KEPT_CHARACTERS = 4_000_000  # and at most this much text in all (a round's scores are 12,000 characters)
_drawn: OrderedDict = OrderedDict()
_size = [0]  # the characters kept
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


def _fixed(value) -> bool:
    """Whether a value cannot change behind a key: plain, a moment, or a tuple of those."""
    if isinstance(value, tuple):
        return all(_fixed(each) for each in value)
    return isinstance(value, (*_PLAIN, float, datetime))


def kept_drawn(context, name: str, **values) -> SafeString:
    """The template `name` drawn with these values alone (in the engine and escaping of `context`), or its kept
    copy: for a tag that names a part's values from its page's context."""
    plain = {key: _plain(key, value) for key, value in values.items()}  # checked here, so not checked again
    return _kept(name, tuple(sorted(plain.items())), draw=lambda: context.template.engine.get_template(
        name).render(template.Context(plain, autoescape=context.autoescape)))


def kept_or_draw(name: str, *, made_of: tuple, draw: Callable[[], str]) -> SafeString:
    """What `draw()` writes, or its copy kept under `name`, the language, the script prefix and `made_of`: plain
    values that fix everything it draws. For a part whose values take work to gather, gathered by `draw` only
    when nothing is kept."""
    if not _fixed(made_of):
        raise TypeError(f"kept_or_draw's {name} is made of something else than words, numbers, moments and tuples")
    return _kept(name, made_of, draw=draw)


def _kept(name: str, made_of: tuple, *, draw: Callable[[], str]) -> SafeString:
    key = (name, translation.get_language(), get_script_prefix(), made_of)
    with _lock:
        kept = _drawn.get(key)
        if kept is not None:
            _drawn.move_to_end(key)
            return kept
    drawn = SafeString(draw())
    with _lock:
        if key not in _drawn:
            _drawn[key] = drawn
            _size[0] += len(drawn)
        while len(_drawn) > KEPT or _size[0] > KEPT_CHARACTERS:
            _size[0] -= len(_drawn.popitem(last=False)[1])
    return drawn


@register.simple_tag(takes_context=True)
def include_kept(context, name: str, **values) -> SafeString:
    """The template `name` drawn with these values alone, or its kept copy."""
    return kept_drawn(context, name, **values)


def kept_forget() -> None:
    """Forget every kept part: for tests, whose databases give the same ids and moments again."""
    with _lock:
        _drawn.clear()
        _size[0] = 0


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    kept_forget()


@receiver(file_changed)
def _template_edited(sender, file_path, **kwargs) -> None:
    """While developing, an edited template is drawn anew (Django reloads templates without restarting)."""
    if file_path.suffix == ".html":
        kept_forget()
