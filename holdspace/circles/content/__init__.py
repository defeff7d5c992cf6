"""Texts written for Holdspace that ship with it, in English, Spanish and the languages of their sibling files
(web/content_files.py): the exercise library, the default group agreements and the facilitator's guide."""
from functools import lru_cache
from pathlib import Path

from holdspace.web.content_files import content_languages, content_read

FOLDER = Path(__file__).resolve().parent
# The languages every one of the three files is written in (a language in only some of them is not used yet).
LANGUAGES = tuple(code for code in content_languages(FOLDER / "guide.json")
                  if all(code in content_languages(FOLDER / f"{name}.json") for name in ("agreements", "exercises")))

# The built-in three-hour agenda: (exercise key, minutes). 180 minutes in all,
# with the break taken inside the long reflection.
THREE_HOUR_TEMPLATE = (
    ("opening-check-in", 20),
    ("commitments-report-back", 15),
    ("dissecting-terms", 30),
    ("how-patriarchy-shaped-me", 30),
    ("intention-versus-impact", 25),
    ("roleplay-sexist-joke-at-work", 30),
    ("commitments-round", 20),
    ("closing-round", 10),
)


@lru_cache(maxsize=None)
def _load(name: str):
    return content_read(FOLDER / f"{name}.json")


def language_of(code: str | None) -> str:
    code = (code or "en").split("-")[0]
    return code if code in LANGUAGES else "en"


def guide(language: str | None) -> dict:
    return _load("guide")[language_of(language)]


def exercises() -> list[dict]:
    """Every built-in exercise: key, kind, duration_minutes and its texts per language."""
    return _load("exercises")


@lru_cache(maxsize=None)
def exercise_texts(key: str, *, language: str) -> dict | None:
    for exercise in exercises():
        if exercise["key"] == key:
            return exercise[language_of(language)]
    return None


def default_agreements(language: str | None) -> list[dict]:
    """The default group agreements as [{"title", "text"}] in one language."""
    chosen = language_of(language)
    return [{"title": item[chosen]["title"], "text": item[chosen]["text"]} for item in _load("agreements")]
