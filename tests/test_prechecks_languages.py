"""A story can be written in every language the site offers, and its checks read that language: none falls back to
another language's words and tells the writer and the moderator that nothing was found."""
from django.conf import settings

from holdspace.stories.prechecks import identifying, lexicon, minimising


def test_every_offered_language_has_its_own_words():
    for code, _name in settings.LANGUAGES:
        assert code in minimising.PATTERNS, code
        assert code in identifying.DETERMINER_BEFORE, code
        if code != "en":
            assert code in lexicon.ORDINARY_BY_LANGUAGE, code
        if code not in ("en", "es"):  # English's and Spanish's patterns are the shared lists themselves
            assert code in identifying.BY_LANGUAGE, code
