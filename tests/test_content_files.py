"""Texts that ship with Holdspace read with the languages of their sibling files (web/content_files.py)."""
import json

import pytest

from holdspace.circles import content
from holdspace.conduct.services import starter_clauses
from holdspace.inventory import prompts
from holdspace.web.content_files import content_languages, content_read


def _write(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_a_language_of_its_own_file_is_put_beside_the_others(tmp_path):
    _write(tmp_path / "items.json", [{"key": "a", "en": {"t": "One"}, "es": {"t": "Uno"}},
                                     {"key": "b", "en": {"t": "Two"}, "es": {"t": "Dos"}}])
    _write(tmp_path / "items.fr.json", {"b": {"t": "Deux"}, "a": {"t": "Un"}})
    _write(tmp_path / "by_language.json", {"en": ["x"], "es": ["y"]})
    _write(tmp_path / "by_language.pt.json", ["z"])
    _write(tmp_path / "nested.json", {"themes": [{"key": "k", "en": "E", "es": "S"}]})
    _write(tmp_path / "nested.fr.json", {"themes": {"k": "F"}})
    assert [item["fr"]["t"] for item in content_read(tmp_path / "items.json")] == ["Un", "Deux"]
    assert content_read(tmp_path / "by_language.json")["pt"] == ["z"]
    assert content_read(tmp_path / "nested.json")["themes"][0]["fr"] == "F"
    assert content_languages(tmp_path / "items.json") == ("en", "es", "fr")


def test_a_language_file_that_leaves_an_item_out_is_refused(tmp_path):
    _write(tmp_path / "items.json", [{"key": "a", "en": {}, "es": {}}, {"key": "b", "en": {}, "es": {}}])
    _write(tmp_path / "items.fr.json", {"a": {}})
    with pytest.raises(ValueError, match="items.fr.json has no texts for b"):
        content_read(tmp_path / "items.json")


def test_every_shipped_text_reads_in_every_language_it_is_written_in():
    for language in content.LANGUAGES:
        assert content.guide(language)["sections"] and content.default_agreements(language)
        assert all(content.exercise_texts(e["key"], language=language) for e in content.exercises())
    for language in prompts.LANGUAGES:
        assert all(theme.prompts for theme in prompts.themes(language=language))
    for language in ("en", "es", "fr"):
        assert starter_clauses(language)
    assert starter_clauses("fr") != starter_clauses("en")
    # A language not written yet reads in English.
    assert content.guide("xx") == content.guide("en")
