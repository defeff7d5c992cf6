"""An organisation's own texts in the reader's language: its description, its circles' group agreements, its code of
conduct. Each is written once in its own language (the original) and may carry versions in other offered
languages. A reader is shown the version in his language when there is one, otherwise the original with a note
saying so, and may always ask for the original (`?original=1`)."""
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import pgettext_lazy

ORIGINAL_PARAMETER = "original"

# Language names as they sit inside a sentence ("no Spanish version yet": "sin versión en español").
_IN_A_SENTENCE = {
    "en": pgettext_lazy("language name inside a sentence", "English"),
    "es": pgettext_lazy("language name inside a sentence", "Spanish"),
    "fr": pgettext_lazy("language name inside a sentence", "French"),
    "pt": pgettext_lazy("language name inside a sentence", "Portuguese"),
}


def offered_language(code: str | None) -> str | None:
    """The offered language this code names ("es" for "es-mx"), None when it is none of them."""
    base = (code or "").lower().split("-")[0]
    return base if base in dict(settings.LANGUAGES) else None


def reader_language() -> str:
    """The language this page is drawn in."""
    return offered_language(translation.get_language()) or settings.LANGUAGE_CODE


def language_name(code: str) -> str:
    """An offered language's name, as it reads inside a sentence in the reader's language."""
    return str(_IN_A_SENTENCE.get(code, code))


def other_languages(original: str) -> list[tuple[str, str]]:
    """The offered languages besides the original's, as (code, name) for a choice."""
    return [(code, name) for code, name in settings.LANGUAGES if code != original]


def asks_original(request: HttpRequest) -> bool:
    return request.GET.get(ORIGINAL_PARAMETER) == "1"


@dataclass(frozen=True)
class Shown:
    """What a reader is shown of a text: `value` in `language`, the original being in `original_language`."""

    value: Any
    language: str
    original_language: str
    reader: str
    has_reader_version: bool  # a version in the reader's language exists (shown, or set aside for the original)

    @property
    def translated(self) -> bool:
        return self.language != self.original_language

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def original_name(self) -> str:
        return language_name(self.original_language)

    @property
    def reader_name(self) -> str:
        return language_name(self.reader)

    @property
    def note(self) -> str:
        """Which note goes with it: "translated", "no_version" (the original, none in his language), "original"
        (the original, asked for over his version), or "" (the original, in his language)."""
        if self.translated:
            return "translated"
        if self.reader == self.original_language:
            return ""
        return "original" if self.has_reader_version else "no_version"


def shown_in_reader_language(*, original: Any, original_language: str, versions: dict[str, Any],
                             asks_original: bool = False, reader: str | None = None) -> Shown:
    """The version in the reader's language when there is one (and he did not ask for the original), else the
    original. `versions` maps other languages to their texts, as the caller read them (no query here)."""
    reader = reader or reader_language()
    has_version = reader != original_language and reader in versions
    if has_version and not asks_original:
        return Shown(versions[reader], reader, original_language, reader, True)
    return Shown(original, original_language, original_language, reader, has_version)
