"""Texts written for Holdspace that ship with it, in English and Spanish: the
exercise library, the default group agreements and the facilitator's guide."""
import json
from functools import lru_cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
LANGUAGES = ("en", "es")


@lru_cache(maxsize=None)
def _load(name: str):
    return json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8"))


def _language(code: str | None) -> str:
    code = (code or "en").split("-")[0]
    return code if code in LANGUAGES else "en"


def guide(language: str | None) -> dict:
    return _load("guide")[_language(language)]
