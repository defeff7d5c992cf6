"""Texts that ship with Holdspace (exercises, agreements, the facilitator's guide, the starter code, the inventory's
prompts), read from JSON files with the languages they are written in.

A file holds its texts in English and Spanish next to each other (`"en": {...}, "es": {...}`). Another language
comes in a file of its own beside it, `<name>.<language>.json`, holding only that language's texts: for a file
whose top level is by language, what goes under that language; for a list of items with keys, each item's texts by
its key; for a mapping of such lists, the same mapping. Read together, the language is put in place as if it had
been written beside the others, so every reader of the file finds it the same way.
"""
import json
from pathlib import Path


def content_read(path: Path):
    """The file at `path` with the languages of its sibling files put in."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for other in sorted(path.parent.glob(f"{path.stem}.*.json")):
        language = other.name[len(path.stem) + 1:-len(".json")]
        _put(data, json.loads(other.read_text(encoding="utf-8")), language=language, where=other.name)
    return data


def content_languages(path: Path) -> tuple[str, ...]:
    """The languages a content file is written in: English and Spanish, then those of its sibling files."""
    return ("en", "es", *sorted(other.name[len(path.stem) + 1:-len(".json")]
                                for other in path.parent.glob(f"{path.stem}.*.json")))


def _put(data, texts, *, language: str, where: str) -> None:
    if isinstance(data, dict) and "en" in data:
        data[language] = texts
    elif isinstance(data, list):
        missing = [item["key"] for item in data if item["key"] not in texts]
        if missing:
            raise ValueError(f"{where} has no texts for {', '.join(missing)}")
        for item in data:
            item[language] = texts[item["key"]]
    elif isinstance(data, dict):
        for name, part in data.items():
            _put(part, texts[name], language=language, where=where)
    else:
        raise ValueError(f"{where} does not match the shape of the file it translates")
