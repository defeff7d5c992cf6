"""Each role's home, in English and Spanish: what needs the person now comes first, and axe finds nothing."""
import pytest
from django.urls import reverse

from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

# Who signs in, and the sentence their home must say first, in each language (the test world's `extra`).
FIRST_SENTENCE = {
    "mateo": {"en": "Your next session:", "es": "Tu próxima sesión:"},
    "felix": {"en": "A man asks to join Tuesday men's group.", "es": "Un hombre pide unirse a Tuesday men's group."},
    "hana": {"en": "Cases of Riverside", "es": "Casos de Riverside"},
    "ada": {"en": "Riverside: a partner's concern waits for your answer.",
            "es": "Riverside: una inquietud de una organización aliada espera tu respuesta."},
    "nadia": {"en": "Test Network: an application to join waits for a decision.",
              "es": "Test Network: una solicitud de ingreso espera una decisión."},
    "moses": {"en": "A story waits for a moderator.", "es": "Una historia espera a una persona moderadora."},
    "priya": {"en": "Riverside owes an answer to one concern.", "es": "Riverside debe una respuesta a una inquietud."},
    "harry": {"en": "Nothing needs you right now.", "es": "Ahora mismo no hay nada que te espere."},
}
NOW_TITLE = {"en": "What needs you now", "es": "Lo que te espera ahora"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_roles_home_says_what_needs_them_first(language, page, context, live_server, world, extra, as_person):
    for name, sentences in FIRST_SENTENCE.items():
        context.clear_cookies()
        as_person(world.people[name])
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        page.goto(reverse("site:dashboard"))
        needs = page.locator("section.home-now")
        assert needs.get_by_role("heading", level=2).inner_text() == NOW_TITLE[language], name
        assert sentences[language] in needs.inner_text(), (name, language)
        # What needs them comes before their work and their organisations.
        headings = page.locator("main h2").all_inner_texts()
        assert headings.index(NOW_TITLE[language]) < len(headings) - 2, (name, headings)
        assert_accessible(page, f"home of {name} [{language}]")
