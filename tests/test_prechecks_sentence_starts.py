"""The pre-checks do not take the first word of a sentence or a title for a name, and still catch real names."""
import pytest

from holdspace.stories import prechecks


def _names(text: str, language: str = "en") -> list[str]:
    return [excerpt for category, excerpt in prechecks.check_text(text, language=language) if category == "name"]


@pytest.mark.parametrize("text, language", [
    ("What I blamed on the drink", "en"),
    ("The jokes I called harmless", "en"),
    ("'The jokes' I told at work", "en"),
    ("‘What I did’", "en"),
    ("She said “stop.” What I did next was wrong.", "en"),
    ("He said 'no.' The rest of the night I ignored it.", "en"),
    ("1) What I did", "en"),
    ("[The end]", "en"),
    ("What/Why I did it", "en"),
    ("Lo que no quise ver", "es"),
    ("¿Qué hice? Lo que hice fue grave.", "es"),
    ("«Basta», dijo. Cuando lo entendí ya era tarde.", "es"),
])
def test_a_capital_at_the_start_of_a_sentence_or_title_is_not_a_name(text, language):
    assert _names(text, language) == []


def test_a_name_inside_a_sentence_is_still_caught():
    assert _names("Then I told Kofi what I had done.") == ["Kofi"]
    assert _names("Cuando llegué, Ximena ya no estaba.", "es") == ["Ximena"]


def test_a_word_at_a_sentence_start_is_a_name_when_it_is_capitalised_inside_a_sentence_too():
    assert _names("Kofi was angry. Later I saw Kofi again.") == ["Kofi", "Kofi"]
    assert _names("Kofi was angry.") == []  # alone at the start, it could be any word


def test_an_ordinary_word_before_a_venue_names_no_place_and_a_named_venue_still_does():
    assert prechecks.check_text("It was late. The bar closed.", language="en") == []
    assert ("place", "The Crown pub") in prechecks.check_text("I went to The Crown pub.", language="en")


@pytest.mark.parametrize("text, language, name", [
    ("I kept texting 'Sarah' after she said no.", "en", "Sarah"),
    ("I kept texting ‘Sarah’ after she said no.", "en", "Sarah"),
    ("I kept texting 'Kofi' after she said no.", "en", "Kofi"),
    ("Le dije a 'Ximena' que exageraba.", "es", "Ximena"),
])
def test_a_name_in_quotes_is_still_a_name_and_the_flag_leaves_the_quote_out(text, language, name):
    assert _names(text, language) == [name]


@pytest.mark.parametrize("text, language, name", [
    ("Then I told Al what I had done.", "en", "Al"),
    ("I texted Les every night after she asked me to stop.", "en", "Les"),
    ("My friend Del laughed at it.", "en", "Del"),
    ("Le escribí a Del cada noche.", "es", "Del"),
])
def test_a_name_that_is_also_a_sentence_starting_word_is_caught_inside_a_sentence(text, language, name):
    assert _names(text, language) == [name]


def test_a_quoted_title_inside_a_sentence_does_not_make_its_first_word_a_name():
    assert _names("I called it 'What I owe' in my head.") == []
