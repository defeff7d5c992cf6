"""A person uses Holdspace in a real browser."""
import re
from base64 import b32decode

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.oath import TOTP
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from holdspace.accounts.models import Authenticator, User
from tests.browser.helpers import assert_accessible, key_set_up
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_confirm_email_and_enrol_two_step(page, live_server):
    page.goto("/")
    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("Name shown to others").fill("Sam")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create my account").click()
    # A too-short password is refused, and what was typed is still there.
    expect(page.get_by_role("alert")).to_contain_text("Please check what you entered")
    # The summary names the field and takes her to it.
    page.get_by_role("alert").get_by_role("link", name="Password: Please choose a longer password").click()
    expect(page.get_by_label("Password")).to_be_focused()
    expect(page.get_by_label("Email address")).to_have_value("sam@example.org")
    page.get_by_label("Password").fill("steady harbour morning 4")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.get_by_role("main")).to_contain_text("sam@example.org")

    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto("/" + link.split("://", 1)[1].split("/", 1)[1])
    expect(page.get_by_role("status")).to_contain_text("email address is confirmed")
    assert User.objects.get(email="sam@example.org").email_verified
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("Password").fill("steady harbour morning 4")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Sam")

    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Set up two-step sign-in").click()
    # Changing how one signs in asks for the password again first.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    page.get_by_label("Password").fill("steady harbour morning 4")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    key_on_page = page.locator("code.secret").inner_text().replace(" ", "")
    assert key_on_page  # the manual key is shown for people who cannot scan
    device = Authenticator(key=b32decode(key_on_page + "=" * (-len(key_on_page) % 8)).hex())
    code = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
    page.get_by_label("Code").fill(f"{code:06d}")
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your backup codes")
    expect(page.locator("ul.codes li")).to_have_count(10)
    assert Axe().run(page).response["violations"] == []
    page.get_by_role("link", name="I have kept them, continue").click()
    expect(page.get_by_text("Two-step sign-in is on.")).to_be_visible()


def test_sign_in_with_code_and_out(page, world):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("hana@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your sign-in code")
    device = Authenticator.objects.get(user=world.hana)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
    page.get_by_label("Code").fill(f"{code:06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Hana")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in")).to_be_visible()


def test_language_switch_sticks_across_pages_and_visits(page, context):
    page.goto("/")
    page.locator(".language-switch summary").click()  # the page's language, which opens the others
    expect(page.get_by_role("button", name="Français")).to_be_visible()
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Un lugar donde los hombres")
    page.get_by_role("link", name="Iniciar sesión").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Iniciar sesión")
    later = context.new_page()
    later.goto("/accounts/signup/")
    expect(later.get_by_role("heading", level=1)).to_have_text("Crear una cuenta")
    later.locator(".language-switch summary").click()
    later.get_by_role("button", name="English").click()
    expect(later.get_by_role("heading", level=1)).to_have_text("Create an account")


def test_admin_invites_and_changes_roles(page, world, as_person):
    as_person(world.ada, sudo=True)
    page.goto("/organisations/riverside/people/")
    page.get_by_label("Email address of the person you invite").fill("lee@example.org")
    page.get_by_label("Facilitator").check()
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_contain_text("We sent an invitation to lee@example.org")
    expect(page.get_by_role("listitem").filter(has_text="lee@example.org")).to_contain_text("Member, Facilitator")
    page.get_by_role("link", name="Change roles of Mateo").click()
    page.get_by_label("Moderator").check()
    page.get_by_role("button", name="Save roles").click()
    expect(page.get_by_role("row", name=re.compile("Mateo"))).to_contain_text("Moderator")
    page.get_by_role("link", name="Record of changes").click()
    expect(page.get_by_role("table")).to_contain_text("A person's roles were changed")


def test_core_flow_works_without_javascript(browser, live_server, world):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("mateo@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Mateo")
    page.locator(".language-switch summary").click()  # a disclosure opens without a script
    page.get_by_role("button", name="Español").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Te damos la bienvenida, Mateo")
    context.close()


def test_a_member_sets_up_his_own_key_from_his_settings_and_locks_it(page, world, as_person):
    from holdspace.keys.selectors import personal_key_exists

    as_person(world.mateo)
    page.goto(reverse("accounts:settings"))
    page.get_by_role("link", name="Your key").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your key")
    key_set_up(page, password="not my password")
    expect(page.get_by_role("main")).to_contain_text("That is not your account password.")
    key_set_up(page, password=PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your key is ready")
    assert personal_key_exists(world.mateo)
    page.goto(reverse("keys:key"))
    assert_accessible(page, "own key page, unlocked")
    page.get_by_role("button", name="Lock my key").click()
    expect(page.get_by_role("status")).to_contain_text("Your key is locked.")
    page.goto(reverse("keys:key"))
    expect(page.get_by_role("button", name="Lock my key")).to_have_count(0)
