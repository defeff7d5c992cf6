"""The site's frame, as base.html draws it: ``{% load frame %}``.

Every page shows the same header in one language, signed in or not, but for two things: the form token of the
sign-out form and the address the language switch comes back to. Its addresses, static files and translations
do not change while a process runs, so each process draws the header once for each language and state (with
markers where those two go) and keeps it; each request only puts its own token and address in. Drawn from
web/_frame_header.html, which is the header's markup as it always was, so a kept header says exactly what the
template would. A change of settings (in tests) forgets what was kept.
"""
from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.autoreload import file_changed
from django.template.base import render_value_in_context
from django.template.defaulttags import CsrfTokenNode
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

HEADER = "web/_frame_header.html"
ASSETS = "web/_frame_assets.html"
# Stand for the per-request parts while the header is drawn; escaping leaves them as they are.
_TOKEN = "hs-frame-form-token"
_NEXT = "hs-frame-next-address"

# (template, language, signed in, script prefix) -> the drawn text, cut where the per-request parts go
_kept: dict[tuple, tuple[str, ...]] = {}


class _Person:
    def __init__(self, signed_in: bool) -> None:
        self.is_authenticated = signed_in


class _Request:
    @staticmethod
    def get_full_path() -> str:
        return _NEXT


def _token_field(context) -> str:
    """The form token's field exactly as {% csrf_token %} writes it for this context (nothing without a token)."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":  # as the tag writes nothing then, without asking Django to
        return ""
    return CsrfTokenNode().render(context)


def _drawn(context, name: str, *, signed_in: bool) -> tuple[str, ...]:
    key = (name, translation.get_language(), signed_in, get_script_prefix())
    parts = _kept.get(key)
    if parts is None:
        drawn = context.template.engine.get_template(name).render(template.Context(
            {"user": _Person(signed_in), "request": _Request(), "csrf_token": _TOKEN},
            autoescape=context.autoescape))
        drawn = drawn.removesuffix("\n")  # the file's last line break; base.html has its own
        token_field = _token_field(template.Context({"csrf_token": _TOKEN}))
        pieces = drawn.split(_NEXT)
        parts = (*pieces[0].split(token_field), *pieces[1:])
        _kept[key] = parts
    return parts


@register.simple_tag(takes_context=True)
def frame_assets(context) -> SafeString:
    """The style sheet and scripts of every page, at their addresses in the static files' manifest."""
    return mark_safe(_drawn(context, ASSETS, signed_in=False)[0])


@register.simple_tag(takes_context=True)
def frame_header(context) -> SafeString:
    """The header: navigation for a visitor or a signed-in person, and the language switch."""
    user = context.get("user")
    signed_in = bool(getattr(user, "is_authenticated", False))
    parts = _drawn(context, HEADER, signed_in=signed_in)
    request = context.get("request")
    # As {{ request.get_full_path }} would show it: escaped, and nothing without a request.
    next_address = render_value_in_context(request.get_full_path(), context) if request is not None else ""
    if signed_in:
        before_token, before_next, after_next = parts
        return mark_safe(before_token + _token_field(context) + before_next + next_address + after_next)
    before_next, after_next = parts
    return mark_safe(before_next + next_address + after_next)


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    _kept.clear()


@receiver(file_changed)
def _template_edited(sender, file_path, **kwargs) -> None:
    """While developing, an edited template is drawn anew (Django reloads templates without restarting)."""
    if file_path.suffix == ".html":
        _kept.clear()
