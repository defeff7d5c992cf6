"""Copy buttons for a story's private link and a report's receipt code: with JavaScript a button copies
the text and says so where a screen reader hears it, in the page's language; without it the button is
not shown and the text stays there to select by hand."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible
from tests.reports_helpers import handler_keys
from tests.stories_helpers import PARTS

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "en": {"link": "Copy the link", "code": "Copy the code", "copied": "Copied",
           "copy_over": "copy something else"},
    "es": {"link": "Copiar el enlace", "code": "Copiar el código", "copied": "Copiado",
           "copy_over": "copia otra cosa"},
}


def _set_language(context, live_server, language):
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])


def _save_story(page):
    """Write a story without an account and send it: the page that follows shows the private link."""
    page.goto(reverse("stories:write"))
    for name, text in PARTS.items():
        page.locator(f"#id_{name}").fill(text)
    page.locator("button[name=action][value=submit]").click()
    expect(page.locator("#private-link")).to_be_visible()


def _send_report(page):
    page.goto(reverse("reports:write", args=[page.world.riverside.slug]))
    page.locator("#id_what").fill("Something happened.")
    page.locator("#id_kind_0").check()
    page.locator("#id_pathway_0").check()
    page.locator("main button[type=submit]").click()
    expect(page.locator("#receipt-code")).to_be_visible()


def _clipboard(page):
    return page.evaluate("navigator.clipboard.readText()")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_private_link_and_the_receipt_code_are_copied_with_one_click(language, page, context, live_server,
                                                                         world):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    _set_language(context, live_server, language)
    words = WORDS[language]
    _save_story(page)
    link = page.locator("#private-link").input_value()
    assert "/stories/private/" in link
    # The field is wide enough to show the whole link on a desktop (it was a 175-pixel box).
    assert page.locator("#private-link").evaluate("input => input.scrollWidth <= input.clientWidth")
    status = page.locator("#private-link-copied")
    expect(status).to_have_text("")
    page.get_by_role("button", name=words["link"]).click()
    expect(status).to_have_text(words["copied"])
    assert _clipboard(page) == link
    assert_accessible(page, f"the private link page with its copy button [{language}]")

    handler_keys(world, "hana")
    page.world = world
    _send_report(page)
    receipt = page.locator("#receipt-code").inner_text()
    page.get_by_role("button", name=words["code"]).click()
    expect(page.locator("#receipt-code-copied")).to_contain_text(words["copied"])
    expect(page.locator("#receipt-code-copied")).to_contain_text(words["copy_over"])
    assert _clipboard(page) == receipt
    assert_accessible(page, f"the receipt with its copy button [{language}]")


def test_without_javascript_the_button_is_not_shown_and_the_text_can_be_selected(browser, live_server, world):
    handler_keys(world, "hana")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.world = world
        _send_report(page)
        expect(page.locator("button[data-copy]")).to_be_hidden()
        receipt = page.locator("#receipt-code")
        assert receipt.evaluate("code => getComputedStyle(code).userSelect") != "none"
        receipt.click(click_count=3)
        assert page.evaluate("String(window.getSelection())").strip() == receipt.inner_text()
        _save_story(page)
        expect(page.locator("button[data-copy]")).to_be_hidden()
        field = page.locator("#private-link")
        assert field.get_attribute("readonly") is not None
        field.focus()
        page.keyboard.press("Control+A")
        selected = field.evaluate("input => input.value.slice(input.selectionStart, input.selectionEnd)")
        assert selected == field.input_value() and "/stories/private/" in selected
    finally:
        context.close()
