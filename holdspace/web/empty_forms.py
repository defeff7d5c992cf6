"""An empty form drawn once and kept in this process, for pages that show the same empty form again and again.

A form drawn through the form renderer costs a template per field and widget: for a search form of ten fields
with long selects, more than the rest of its page. Nothing typed, its HTML follows from what the form is made of
in the active language, so it is kept under exactly that: its class, prefix and ids, and each field's label, help,
initial value, widget attributes and choices. Only what every person allowed on the page would see is drawn
this way: choices are names the page shows anyway, never anything read with a personal key.
"""
import threading
from collections import OrderedDict

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils import translation

KEPT = 256  # forms kept per process, the least recently drawn dropped first
_drawn: OrderedDict = OrderedDict()
_lock = threading.Lock()


def _choices(choices) -> tuple:
    """Choices as plain words; a group's label with its own choices inside."""
    return tuple((value, _choices(label) if isinstance(label, (list, tuple)) else str(label))
                 for value, label in choices)


def _made_of(form: forms.Form, template: str) -> tuple:
    fields = tuple(
        (name, str(field.label), str(field.help_text), repr(field.initial), field.required, repr(field.widget.attrs),
         type(field.widget).__name__,
         _choices(getattr(field, "choices", ())))
        for name, field in form.fields.items()
    )
    return (type(form).__module__, type(form).__qualname__, template, translation.get_language(), form.prefix, form.auto_id,
            repr(form.initial), fields)


def empty_form_drawn(form: forms.Form, *, template: str = "web/_form.html") -> SafeString:
    """The form, which must have nothing typed, drawn by `template` as {"form": form}, or its copy kept."""
    if form.is_bound:
        raise ValueError("only an empty form is drawn once: a typed one shows what was typed")
    key = _made_of(form, template)
    with _lock:
        kept = _drawn.get(key)
        if kept is not None:
            _drawn.move_to_end(key)
            return kept
    drawn = SafeString(render_to_string(template, {"form": form}))
    with _lock:
        _drawn[key] = drawn
        while len(_drawn) > KEPT:
            _drawn.popitem(last=False)
    return drawn
