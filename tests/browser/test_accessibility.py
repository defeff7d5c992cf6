"""Every page, in English and Spanish, passes axe-core with no violations, on a desktop and on a phone.

On a phone (390 px wide) no page scrolls sideways and the header stays short; pages with a table are
also checked at 320 px, the narrowest phone in use.
"""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.access_matrix import MATRIX
from tests.browser.helpers import axe_results

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["en", "es", "fr", "pt"]
PHONE = {"width": 390, "height": 844}
NARROW_PHONE = {"width": 320, "height": 640}
# The header's rule on a phone: its brand, links and language switch sit on at most this many rows, and
# the header is no taller than that many rows (each the tallest item's box, margins included) plus its
# own padding and border. At 390 px every language fits on two rows, every link kept (the header's links take
# their short words, e.g. "Ajustes", "Salir", "Réglages", "Déconnexion"), the language switch one word that opens
# the others; at 320 px a third row is allowed.
HEADER_ROWS = {"en": 2, "es": 2, "fr": 2, "pt": 2}  # at 390 px
# Every page is checked by axe in every language at a desktop's width, and its layout at a phone's in every
# language (longer words are what break it). A second axe pass at a phone's width, which finds what the
# narrower layout changes and not what the words do, runs in English and Spanish: four passes of every page
# would take CI past its half hour.
PHONE_AXE_LANGUAGES = ("en", "es")

MEASURE_HEADER = """() => {
  const header = document.querySelector('.site-header');
  const row = header.querySelector('.header-row');
  const items = [...header.querySelectorAll('.brand, .nav-list > li, .language-switch summary')];
  const tops = [];
  let pitch = 0;
  for (const item of items) {
    const box = item.getBoundingClientRect();
    const style = getComputedStyle(item);
    pitch = Math.max(pitch, box.height + parseFloat(style.marginTop) + parseFloat(style.marginBottom));
    if (!tops.some(top => Math.abs(top - box.top) < box.height / 2)) tops.push(box.top);
  }
  const rowStyle = getComputedStyle(row);
  const headerStyle = getComputedStyle(header);
  const chrome = parseFloat(rowStyle.paddingTop) + parseFloat(rowStyle.paddingBottom)
    + parseFloat(headerStyle.borderTopWidth) + parseFloat(headerStyle.borderBottomWidth);
  return {rows: tops.length, height: header.getBoundingClientRect().height, pitch, chrome};
}"""


def _viewer(row):
    """Who can see the page: the anonymous visitor when possible, else the first person allowed."""
    for person, status in row.expected.items():
        if status in (200, 400) and person is None:
            return None
    for person, status in row.expected.items():
        if status in (200, 400):
            return person
    return "nobody"


PAGES = [
    name for name, row in sorted(MATRIX.items()) if row.method == "get" and row.is_page and _viewer(row) != "nobody"
]


def _check(page, what):
    results = axe_results(page)
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]
    assert problems == [], f"{what}: " + "; ".join(problems)


def _set_language(context, live_server, language):
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])


@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible(name, page, context, live_server, world, extra, as_person):
    """One page in every language: the test world is made once for the four (most of a page's check was making
    it), and each language is read afresh from the desktop's width."""
    row = MATRIX[name]
    viewer = _viewer(row)
    if viewer is not None:
        as_person(world.people[viewer], sudo=row.sudo, case_key=row.case_key)
    url = reverse(name, kwargs=row.kwargs(world, extra))
    desktop = page.viewport_size
    for language in LANGUAGES:
        page.set_viewport_size(desktop)
        _set_language(context, live_server, language)
        page.goto(url)
        _check_layout(page, name, language)


def _check_layout(page, name, language):
    assert page.locator("html").get_attribute("lang") == language, f"{name} [{language}]"
    _check(page, f"{name} [{language}]")
    page.set_viewport_size(PHONE)
    _assert_fits(page, PHONE["width"], f"{name} [{language}] at {PHONE['width']} px")
    header = page.evaluate(MEASURE_HEADER)
    limit = HEADER_ROWS[language]
    assert header["rows"] <= limit, f"{name} [{language}]: the header takes {header['rows']} rows"
    assert header["height"] <= limit * header["pitch"] + header["chrome"] + 1, f"{name} [{language}]: {header}"
    if language in PHONE_AXE_LANGUAGES:
        _check(page, f"{name} [{language}] at {PHONE['width']} px")
    if page.locator("main table").count():
        page.set_viewport_size(NARROW_PHONE)
        _assert_fits(page, NARROW_PHONE["width"], f"{name} [{language}] at {NARROW_PHONE['width']} px")
        assert page.evaluate(MEASURE_HEADER)["rows"] <= 3, f"{name} [{language}]: the header at 320 px"


def _assert_fits(page, width, what):
    """Nothing on the page reaches past the screen's width; the failure names the widest elements."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        widest = page.evaluate(
            """(width) => [...document.querySelectorAll('main *, header *')]
                 .filter(e => e.getBoundingClientRect().right > width + 0.5)
                 .slice(-5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""",
            width,
        )
        raise AssertionError(f"{what}: the page is {scroll_width} px wide; too wide: {widest}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_with_errors_and_messages_are_accessible(language, page, context, live_server, world, as_person):
    _set_language(context, live_server, language)
    page.goto(reverse("accounts:signup"))
    page.locator("button[type=submit]").last.click()
    expect(page.locator(".error-summary")).to_have_count(1)
    # The summary has a heading and links each field in error to its input.
    expect(page.locator(".error-summary h2")).to_have_count(1)
    for field in ("email", "display_name", "password"):
        assert page.locator(f".error-summary a[href='#id_{field}']").count() == 1
    _check(page, f"signup with errors [{language}]")
    page.goto(reverse("accounts:login"))
    page.locator("#id_email").fill("nobody@example.org")
    page.locator("#id_password").fill("wrong password")
    page.locator("main button[type=submit]").click()
    _check(page, f"login with error [{language}]")
    page.goto("/no/such/page/")
    _check(page, f"not found [{language}]")
    world.mateo.email_verified_at = None
    world.mateo.save(update_fields=["email_verified_at"])
    as_person(world.mateo)
    page.goto(reverse("site:dashboard"))
    expect(page.locator("#verify-title")).to_have_count(1)
    _check(page, f"dashboard of an unverified address [{language}]")


def test_the_check_itself_catches_a_violation_under_our_policy(page):
    """Guards against a silent pass: axe must run under our CSP and see a missing label."""
    page.goto(reverse("site:landing"))
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')")
    results = axe_results(page)
    assert "label" in {v["id"] for v in results.response["violations"]}


@pytest.mark.parametrize("language", LANGUAGES)
def test_circle_pages_with_errors_are_accessible(language, page, context, live_server, world, as_person):
    from holdspace.circles import sessions
    from tests.circles_helpers import admit, held_session, key_for, make_circle

    circle = make_circle(world, capacity=2)
    admit(circle, world.harry)
    admit(circle, world.rosa)
    held = held_session(circle, days_ago=0)
    sessions.attendance_record(session=held, present={world.harry.pk, world.rosa.pk}, actor=world.felix)
    _set_language(context, live_server, language)
    as_person(world.mateo)
    page.goto(reverse("circles:join", args=[circle.slug]))
    page.locator("main button[type=submit]").click()
    expect(page.locator(".error-summary")).to_have_count(1)
    _check(page, f"join with errors [{language}]")
    page.goto(reverse("inventory:commitments"))
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_have_count(1)
    _check(page, f"commitment with errors [{language}]")
    key_for(world.felix)
    as_person(world.felix, case_key=True)
    page.goto(reverse("circles:session", args=[world.riverside.slug, circle.slug, held.pk]))
    page.locator("form[action$='/act/note/'] button[type=submit]").click()
    expect(page.locator(".error-summary")).to_have_count(1)
    page.locator("form[action$='/act/agenda_add/'] input[type=number]").fill("500")
    page.locator("form[action$='/act/agenda_add/'] button[type=submit]").click()
    expect(page.locator("form[action$='/act/agenda_add/'] .errorlist").first).to_be_visible()
    _check(page, f"session with errors [{language}]")
    page.goto(reverse("circles:agreements", args=[world.riverside.slug, circle.slug]))
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".errorlist").first).to_be_visible()
    _check(page, f"agreements with errors [{language}]")
    page.goto(reverse("circles:exercise_new", args=[world.riverside.slug]))
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_have_count(1)
    _check(page, f"exercise with errors [{language}]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_language_switch_opens_within_the_screen(language, page, context, live_server):
    """Open on a phone, every other language is on the screen, whole, wherever the header's rows put the switch."""
    _set_language(context, live_server, language)
    for size in (NARROW_PHONE, {"width": 360, "height": 740}, PHONE):
        page.set_viewport_size(size)
        page.goto("/")
        page.locator(".language-switch summary").click()
        for button in page.locator(".language-choices button").all():
            box = button.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"], (language, size, box)
        _assert_fits(page, size["width"], f"the open language switch [{language}] at {size['width']} px")
        _check(page, f"the open language switch [{language}] at {size['width']} px")
