"""The guided prompts of the inventory, written for Holdspace in English and Spanish (content/prompts.json) and the
languages of its sibling files (web/content_files.py).
A prompt is read by its key; an entry keeps the key of the prompt it answers, inside its locked box."""
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from holdspace.web.content_files import content_languages, content_read

FILE = Path(__file__).resolve().parent / "content" / "prompts.json"
LANGUAGES = content_languages(FILE)


@dataclass(frozen=True)
class Prompt:
    key: str
    theme: str
    title: str
    question: str
    guide: tuple[str, ...]


@dataclass(frozen=True)
class Theme:
    key: str
    title: str
    intro: str
    prompts: tuple[Prompt, ...]


@lru_cache(maxsize=1)
def _content() -> dict:
    return content_read(FILE)


def _language(code: str | None) -> str:
    code = (code or "en").split("-")[0]
    return code if code in LANGUAGES else "en"


@lru_cache(maxsize=None)
def _prompts(language: str) -> dict[str, Prompt]:
    return {item["key"]: Prompt(key=item["key"], theme=item["theme"], title=item[language]["title"],
                                question=item[language]["question"], guide=tuple(item[language]["guide"]))
            for item in _content()["prompts"]}


def prompt(key: str, *, language: str | None = None) -> Prompt | None:
    return _prompts(_language(language)).get(key)


@lru_cache(maxsize=None)
def _themes(language: str) -> tuple[Theme, ...]:
    every = _prompts(language)
    return tuple(Theme(key=theme["key"], title=theme[language]["title"], intro=theme[language]["intro"],
                       prompts=tuple(found for found in every.values() if found.theme == theme["key"]))
                 for theme in _content()["themes"])


def themes(*, language: str | None = None) -> list[Theme]:
    """Every theme with its prompts, in the order they are offered (read once per language)."""
    return list(_themes(_language(language)))
