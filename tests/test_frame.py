"""The site's header is drawn once per process for each language and state and kept (web/templatetags/frame.py):
it must say exactly what its template says for each request, with that request's own form token and address."""
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from holdspace.web.templatetags import frame

KEPT = engines["django"].from_string("{% load frame %}{% frame_header %}")
# The header's markup drawn in full, every time, as base.html drew it before it was kept.
DRAWN = engines["django"].from_string('{% include "web/_frame_header.html" %}')
ODD_ADDRESS = "/stories/?q=\"><script>alert('x')</script>&page=2"


def _header(template, *, user, path: str, token: str = "a-token-of-this-visitor", language: str = "en"):
    request = RequestFactory().get(path)
    request.user = user
    with translation.override(language):
        return template.render({"csrf_token": token}, request)


@pytest.fixture(autouse=True)
def _nothing_kept():
    frame._kept.clear()
    yield
    frame._kept.clear()


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("signed_in", [True, False])
def test_the_kept_header_is_the_header_drawn_in_full(world, language, signed_in):
    user = world.mateo if signed_in else AnonymousUser()
    for path in ("/", "/home/", ODD_ADDRESS):  # drawn once, then kept
        expected = _header(DRAWN, user=user, path=path, language=language).removesuffix("\n")
        assert _header(KEPT, user=user, path=path, language=language) == expected
    assert len(frame._kept) == 1


def test_each_request_gets_its_own_token_and_address_escaped(world):
    first = _header(KEPT, user=world.mateo, path="/home/", token="first-token")
    second = _header(KEPT, user=world.mateo, path=ODD_ADDRESS, token="second-token")
    assert 'name="csrfmiddlewaretoken" value="first-token"' in first and "second-token" not in first
    assert 'name="csrfmiddlewaretoken" value="second-token"' in second and "first-token" not in second
    assert 'name="next" value="/home/"' in first
    full_path = RequestFactory().get(ODD_ADDRESS).get_full_path()
    assert "&" in full_path and "'" in full_path  # what escaping changes
    assert f'name="next" value="{escape(full_path)}"' in second
    assert "<script>" not in second


def test_a_visitor_gets_no_sign_out_form_and_a_view_exempt_from_tokens_no_token(world):
    visitor = _header(KEPT, user=AnonymousUser(), path="/", token="a-token")
    assert "csrfmiddlewaretoken" not in visitor and "Sign in" in visitor
    # What Django's context gives a view exempt from form tokens: the form is drawn without one, as before.
    exempt = _header(KEPT, user=world.mateo, path="/", token="NOTPROVIDED")
    assert "csrfmiddlewaretoken" not in exempt and "Sign out" in exempt
    assert exempt == _header(DRAWN, user=world.mateo, path="/", token="NOTPROVIDED").removesuffix("\n")


def test_switching_language_gives_the_other_languages_header(world):
    english = _header(KEPT, user=world.mateo, path="/", language="en")
    spanish = _header(KEPT, user=world.mateo, path="/", language="es")
    assert "Sign out" in english and 'lang="es"' in english
    assert "Sign out" not in spanish and 'lang="en"' in spanish
    assert _header(KEPT, user=world.mateo, path="/", language="en") == english


def test_a_page_signs_out_with_the_token_its_header_gave(world, client_for):
    client = client_for("mateo")
    client.handler.enforce_csrf_checks = True
    page = client.get("/home/?from=here&to=there").content.decode()
    assert 'name="next" value="/home/?from=here&amp;to=there"' in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page[page.index("site-header"):]).group(1)
    assert client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert client.get(reverse("site:dashboard")).status_code == 302  # signed out
