"""The one way a service says no: a `Refusal` carrying a code (and details), never translated words.

Each app keeps one map from its codes to translated messages beside its views, so the
words a person reads live with the pages that show them, and services stay plain.
"""
from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

# Said when an app's map has no words for a code: better than a server error, and a test
# that walks the maps (tests/test_refusals.py) keeps it from being needed.
FALLBACK = _("This cannot be done.")


class Refusal(Exception):
    """A service refused: `code` names why, `details` carry values its message may show."""

    def __init__(self, code: str, **details):
        super().__init__(code)
        self.code = code
        self.details = details

    def __repr__(self) -> str:
        return f"Refusal({self.code!r})"


def refusal_message(refusal: Refusal, *, messages: Mapping[str, str]) -> str:
    """The translated words for a refusal from an app's map, with its details filled in."""
    words = str(messages.get(refusal.code, FALLBACK))
    if refusal.details:
        try:
            return words % refusal.details
        except (KeyError, TypeError, ValueError):
            return words
    return words
