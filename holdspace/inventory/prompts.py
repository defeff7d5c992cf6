"""The guided prompts of the inventory, written for Holdspace in English and Spanish (content/prompts.json).
A prompt is read by its key; an entry keeps the key of the prompt it answers, inside its locked box."""
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FILE = Path(__file__).resolve().parent / "content" / "prompts.json"
LANGUAGES = ("en", "es")


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
    return json.loads(FILE.read_text(encoding="utf-8"))


def _language(code: str | None) -> str:
    code = (code or "en").split("-")[0]
    return code if code in LANGUAGES else "en"


def prompt(key: str, *, language: str | None = None) -> Prompt | None:
    for item in _content()["prompts"]:
        if item["key"] == key:
            texts = item[_language(language)]
            return Prompt(key=key, theme=item["theme"], title=texts["title"], question=texts["question"],
                          guide=tuple(texts["guide"]))
    return None


def themes(*, language: str | None = None) -> list[Theme]:
    """Every theme with its prompts, in the order they are offered."""
    chosen = _language(language)
    found = []
    for theme in _content()["themes"]:
        members = tuple(prompt(item["key"], language=chosen) for item in _content()["prompts"]
                        if item["theme"] == theme["key"])
        found.append(Theme(key=theme["key"], title=theme[chosen]["title"], intro=theme[chosen]["intro"],
                           prompts=members))
    return found
