import re
import time
from base64 import b32decode, b32encode

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP

from holdspace.accounts.models import Authenticator, BackupCode, User, backup_code_hash
from holdspace.accounts.views import PENDING_KEY
from holdspace.audit.models import AuditEntry
from tests.conftest import PASSWORD, sign_in, with_sudo

pytestmark = pytest.mark.django_db


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).split("://", 1)[1].split("/", 1)[1]


def key_on(page) -> str:
    """The authenticator's secret as the enrolment page shows it, in hex."""
    shown = re.search(r'<code class="secret">([^<]+)</code>', page.content.decode()).group(1).replace(" ", "")
    return b32decode(shown + "=" * (-len(shown) % 8)).hex()


def totp_now(device: Authenticator) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_signup_sends_a_verification_link_that_confirms_the_address(client):
    response = client.post(
        reverse("accounts:signup"),
        {"email": "New.Person@Example.org", "display_name": "Sam", "password": "quiet river lantern 7"},
    )
    assert response["Location"] == reverse("accounts:signup_sent")
    assert "new.person@example.org" in client.get(response["Location"]).content.decode()
    user = User.objects.get(email="new.person@example.org")
    assert not user.email_verified
    assert user.password.startswith("md5$")  # stored hashed, never in the clear
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.person@example.org"]
    response = client.get("/" + _link(mail.outbox[0]))
    assert response["Location"] == reverse("accounts:login")
    user.refresh_from_db()
    assert user.email_verified
    assert AuditEntry.objects.filter(action="account.email_verified", actor_id=user.pk).exists()
    # A used link does not work again, and says nothing about the account.
    assert client.get("/" + _link(mail.outbox[0])).status_code == 400


def test_signup_with_a_taken_address_looks_the_same_and_tells_its_owner(client, world):
    response = client.post(
        reverse("accounts:signup"), {"email": "Mateo@example.org", "display_name": "Not Mateo", "password": "long enough words 12"}
    )
    assert response["Location"] == reverse("accounts:signup_sent")
    assert User.objects.filter(email="mateo@example.org").count() == 1
    assert User.objects.get(email="mateo@example.org").display_name == "Mateo"
    assert mail.outbox[-1].to == ["mateo@example.org"]
    assert "already has one" in mail.outbox[-1].body


def test_signup_with_bad_input_keeps_what_was_typed(client):
    response = client.post(
        reverse("accounts:signup"), {"email": "sam@example.org", "display_name": "Sam Q", "password": "short"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Sam Q"' in page and 'value="sam@example.org"' in page
    assert "at least 10 characters" in page


def test_an_address_that_grows_when_lower_cased_is_refused_calmly(client):
    long_address = "a" * 60 + "@" + ("İ" * 60 + ".") * 3 + "org"
    response = client.post(
        reverse("accounts:signup"), {"email": long_address, "display_name": "Long", "password": "long enough words 12"}
    )
    assert response.status_code == 200
    assert not User.objects.filter(display_name="Long").exists()


def test_a_failing_mail_server_loses_nothing(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    response = client.post(
        reverse("accounts:signup"), {"email": "kai@example.org", "display_name": "Kai", "password": "long enough words 12"}
    )
    assert response.status_code == 302
    assert User.objects.filter(email="kai@example.org").exists()


def test_spanish_visitor_sees_spanish_errors(client):
    client.cookies["django_language"] = "es"
    response = client.post(reverse("accounts:signup"), {"email": "no-es-un-correo", "display_name": "", "password": ""})
    page = response.content.decode()
    assert 'lang="es"' in page
    assert "Revisa lo que escribiste" in page and "Escribe una dirección de correo, como nombre@example.org." in page
    assert '<a href="#id_display_name">' in page  # the summary links to the field in error


def test_login_is_throttled_per_address_and_keeps_the_address(client, world):
    url = reverse("accounts:login")
    for _ in range(5):
        assert client.post(url, {"email": "mateo@example.org", "password": "wrong"}).status_code == 200
    response = client.post(url, {"email": "mateo@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    # What happened and when to try again come first, as the summary's heading.
    summary = re.search(r'<div class="error-summary" role="alert">\s*<h2>([^<]*)</h2>', response.content.decode())
    assert summary and summary.group(1) == "Too many attempts to sign in. Please wait a minute and try again."
    assert 'value="mateo@example.org"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_without_two_factor_signs_in_directly(client, world):
    response = client.post(reverse("accounts:login"), {"email": "MATEO@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("site:dashboard")
    assert int(client.session["_auth_user_id"]) == world.mateo.pk


def test_login_with_two_factor_asks_for_a_code_first(client, world):
    response = client.post(reverse("accounts:login"), {"email": "hana@example.org", "password": PASSWORD})
    assert response["Location"] == reverse("accounts:login_verify")
    assert "_auth_user_id" not in client.session  # not signed in yet
    response = client.post(reverse("accounts:login_verify"), {"token": "000000"})
    assert "did not work" in response.content.decode()
    device = Authenticator.objects.get(user=world.hana)
    device.throttle_reset()  # django-otp makes a person wait a second after a wrong code
    response = client.post(reverse("accounts:login_verify"), {"token": totp_now(device)})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == world.hana.pk
    assert client.session["otp_device_id"] == device.persistent_id


def test_a_stolen_session_alone_cannot_replace_the_authenticator(world):
    client = sign_in(Client(), world.ada)  # signed in, but has not re-entered her password
    response = client.get(reverse("accounts:two_factor_enrol"))
    assert response["Location"].startswith(reverse("accounts:sudo"))
    response = client.post(reverse("accounts:two_factor_enrol"), {"token": "123456"})
    assert response["Location"].startswith(reverse("accounts:sudo"))
    assert Authenticator.objects.filter(user=world.ada).count() == 1


def test_two_factor_needs_a_confirmed_address(world):
    world.mateo.email_verified_at = None
    world.mateo.save()
    client = with_sudo(sign_in(Client(), world.mateo))
    response = client.get(reverse("accounts:two_factor_enrol"))
    assert "needs a confirmed address" in response.content.decode()
    assert not Authenticator.objects.filter(user=world.mateo).exists()


def test_two_factor_enrolment_gives_backup_codes_that_sign_in_once(client, world):
    with_sudo(sign_in(client, world.mateo))
    page = client.get(reverse("accounts:two_factor_enrol"))
    assert page.status_code == 200 and b"data:image/svg+xml" in page.content
    assert not Authenticator.objects.filter(user=world.mateo).exists()  # nothing stored before a code matches
    device = Authenticator(key=key_on(page))  # the key the page shows, for people who cannot scan
    response = client.post(reverse("accounts:two_factor_enrol"), {"token": totp_now(device)})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(codes) == 10
    device = Authenticator.objects.get(user=world.mateo)
    assert device.confirmed and device.key == key_on(page)
    assert AuditEntry.objects.filter(action="account.two_factor_enabled", actor_id=world.mateo.pk).exists()

    fresh = Client()
    fresh.post(reverse("accounts:login"), {"email": "mateo@example.org", "password": PASSWORD})
    assert fresh.post(reverse("accounts:login_verify"), {"token": codes[0]}).status_code == 302
    assert not BackupCode.objects.filter(code_hash=backup_code_hash(codes[0])).exists()  # used up


def test_privileged_role_needs_two_factor_before_use(world):
    # Ada is an administrator who signed in without her second factor.
    client = sign_in(Client(), world.ada, verified=False)
    response = client.get(reverse("organisations:people", args=[world.riverside.slug]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sudo"))
    # An administrator with no authenticator at all is sent to set one up.
    Authenticator.objects.filter(user=world.ada).delete()
    response = client.get(reverse("organisations:people", args=[world.riverside.slug]))
    assert response["Location"].startswith(reverse("accounts:two_factor_enrol"))


def test_sudo_window_is_required_and_expires(world, settings):
    client = sign_in(Client(), world.mateo)
    url = reverse("accounts:password_change")
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sudo"))
    response = client.post(reverse("accounts:sudo"), {"password": "wrong", "next": url})
    assert "not right" in response.content.decode()
    response = client.post(reverse("accounts:sudo"), {"password": PASSWORD, "next": url})
    assert response["Location"] == url
    assert client.get(url).status_code == 200
    session = client.session
    session["hs_sudo_until"] = int(time.time()) - 1
    session.save()
    assert client.get(url).status_code == 302


def test_sudo_asks_for_a_code_when_two_factor_is_on(world):
    client = sign_in(Client(), world.hana)
    response = client.post(reverse("accounts:sudo"), {"password": PASSWORD})
    assert response.status_code == 200 and "Please fill this in." in response.content.decode()


def test_idle_session_is_signed_out(world, settings):
    client = sign_in(Client(), world.mateo)
    assert client.get(reverse("site:dashboard")).status_code == 200
    session = client.session
    session["hs_seen"] = int(time.time()) - settings.HOLDSPACE_IDLE_SECONDS - 5
    session.save()
    response = client.get(reverse("site:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_session_ends_at_its_fixed_limit_however_active(world, settings):
    client = sign_in(Client(), world.mateo)
    assert client.get(reverse("site:dashboard")).status_code == 200
    session = client.session
    session["hs_started"] = int(time.time()) - settings.SESSION_COOKIE_AGE - 5
    session.save()
    response = client.get(reverse("site:dashboard"))
    assert response["Location"].startswith(reverse("accounts:login"))


def test_password_reset_mail_leads_to_a_new_password(client, world):
    client.post(reverse("accounts:password_reset"), {"email": "felix@example.org"})
    client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert len(mail.outbox) == 1  # nothing reveals whether an address has an account
    link = "/" + _link(mail.outbox[0])
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "another long passphrase 9", "new_password2": "another long passphrase 9"},
    )
    assert response.status_code == 302
    assert Client().login(email="felix@example.org", password="another long passphrase 9")
    assert AuditEntry.objects.filter(action="account.password_reset", actor_id=world.felix.pk).exists()


def test_password_change_is_audited_and_keeps_the_session(world):
    client = sign_in(Client(), world.mateo)
    session = client.session
    session["hs_sudo_until"] = int(time.time()) + 60
    session.save()
    response = client.post(reverse("accounts:password_change"), {"new_password": "brand new passphrase 42"})
    assert response.status_code == 302
    assert client.get(reverse("site:dashboard")).status_code == 200
    assert AuditEntry.objects.filter(action="account.password_changed", actor_id=world.mateo.pk).exists()


def test_language_choice_sticks_on_the_account_and_at_next_sign_in(world):
    client = sign_in(Client(), world.mateo)
    response = client.post(reverse("site:set_language"), {"language": "es", "next": "/home/"})
    assert response["Location"] == "/home/"
    world.mateo.refresh_from_db()
    assert world.mateo.language == "es"
    assert 'lang="es"' in client.get("/home/").content.decode()
    other_browser = Client()
    response = other_browser.post(reverse("accounts:login"), {"email": "mateo@example.org", "password": PASSWORD})
    assert response.cookies["django_language"].value == "es"


def test_language_switch_refuses_foreign_redirects(client):
    response = client.post(reverse("site:set_language"), {"language": "es", "next": "https://elsewhere.example/"})
    assert response["Location"] == "/"


def test_password_reset_mails_are_capped_per_address(client, world):
    for _ in range(5):
        response = client.post(reverse("accounts:password_reset"), {"email": "felix@example.org"})
        assert response.status_code == 302
    assert len(mail.outbox) == 3


def test_settings_save_name_and_language_in_one_audited_change_and_keep_what_was_typed(world, client_for):
    from holdspace.audit.models import AuditEntry

    mateo = client_for("mateo")
    url = reverse("accounts:settings")
    bad = mateo.post(url, {"display_name": "Mateo R.", "language": "xx"})
    assert bad.status_code == 400 and "Mateo R." in bad.content.decode()
    world.mateo.refresh_from_db()
    assert world.mateo.display_name != "Mateo R."
    saved = mateo.post(url, {"display_name": "Mateo R.", "language": "es"})
    assert saved.status_code == 302 and saved.cookies["django_language"].value == "es"
    world.mateo.refresh_from_db()
    assert (world.mateo.display_name, world.mateo.language) == ("Mateo R.", "es")
    assert AuditEntry.objects.filter(action="account.profile_changed", actor_id=world.mateo.pk).count() == 1


# Issue 15, item 11: wrong passwords sent from elsewhere do not shut out the account's owner.
def test_wrong_passwords_from_elsewhere_leave_the_owner_his_own_tries(world):
    url = reverse("accounts:login")
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(5):
        attacker.post(url, {"email": "mateo@example.org", "password": "wrong"})
    assert attacker.post(url, {"email": "mateo@example.org", "password": "wrong"}).status_code == 429
    owner = Client(REMOTE_ADDR="198.51.100.7")
    response = owner.post(url, {"email": "mateo@example.org", "password": PASSWORD})
    assert response.status_code == 302 and int(owner.session["_auth_user_id"]) == world.mateo.pk


def test_an_account_many_guess_at_opens_with_password_and_code_together(world, settings):
    settings.HOLDSPACE_LOGIN_RATE_ACCOUNT = "20/h"
    url = reverse("accounts:login")
    assert 'name="token"' not in Client().get(url).content.decode()  # asked only while guessed at
    for number in range(4):  # 20 wrong passwords from four addresses
        guesser = Client(REMOTE_ADDR=f"203.0.113.{number}")
        for _ in range(5):
            assert guesser.post(url, {"email": "hana@example.org", "password": "wrong"}).status_code == 200
    owner = Client(REMOTE_ADDR="198.51.100.7")
    alone = owner.post(url, {"email": "hana@example.org", "password": PASSWORD})
    assert alone.status_code == 200 and "_auth_user_id" not in owner.session and PENDING_KEY not in owner.session
    assert 'name="token"' in alone.content.decode()
    # A wrong password with a code, and the right one with a wrong code, get the same answer: no oracle.
    guessed = Client(REMOTE_ADDR="203.0.113.9").post(url, {"email": "hana@example.org", "password": "guess",
                                                          "token": "123456"})
    wrong_code = owner.post(url, {"email": "hana@example.org", "password": PASSWORD, "token": "000000"})
    strip = lambda page: re.sub(r'value="[^"]*"', "", page.content.decode())  # noqa: E731 (tokens, typed values)
    assert strip(guessed) == strip(wrong_code) and "_auth_user_id" not in owner.session
    device = Authenticator.objects.get(user=world.hana)
    device.throttle_reset()  # django-otp makes a person wait a second after a wrong code
    response = owner.post(url, {"email": "hana@example.org", "password": PASSWORD, "token": totp_now(device)})
    assert response.status_code == 302 and int(owner.session["_auth_user_id"]) == world.hana.pk
    assert owner.session["otp_device_id"] == device.persistent_id
    # Someone without two-step sign-in waits out the hour; the form says why.
    for number in range(4):
        for _ in range(5):
            Client(REMOTE_ADDR=f"203.0.113.{number + 10}").post(url, {"email": "mateo@example.org", "password": "x"})
    response = Client(REMOTE_ADDR="198.51.100.8").post(url, {"email": "mateo@example.org", "password": PASSWORD})
    assert "Without two-step sign-in, please try again in an hour" in response.content.decode()


def _every_stored_value() -> str:
    """Every value in every table of the database, as text (binary columns in hex)."""
    from django.db import connection

    seen = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                seen.extend(bytes(value).hex() if isinstance(value, (bytes, memoryview)) else str(value)
                            for value in row)
    return "\n".join(seen).lower()


def test_authenticator_secrets_and_backup_codes_are_not_readable_in_the_database(client, world, settings):
    with_sudo(sign_in(client, world.mateo))
    page = client.get(reverse("accounts:two_factor_enrol"))
    key = key_on(page)
    assert key not in str(dict(client.session))  # waiting for a code, it is kept locked in the session too
    response = client.post(reverse("accounts:two_factor_enrol"), {"token": totp_now(Authenticator(key=key))})
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(codes) == 10

    stored = _every_stored_value()
    assert key not in stored  # neither the secret in hex (as django-otp kept it) ...
    assert b32encode(bytes.fromhex(key)).decode().lower() not in stored  # ... nor in base32 ...
    for code in codes:
        assert code not in stored  # ... nor a backup code
    # The secret opens only with the server's key secret, which is not in the database.
    device = Authenticator.objects.get(user=world.mateo)
    assert device.key == key
    settings.HOLDSPACE_KEY_SECRET = "another server's key secret, as a thief with only the database has"
    from holdspace.crypto.boxes import CannotOpen

    with pytest.raises(CannotOpen):
        device.bin_key


def test_a_backup_code_signs_in_once_however_it_is_typed(client, world):
    from holdspace.accounts.services import backup_codes_renew

    codes = backup_codes_renew(user=world.hana)
    device = world.hana.backupcodes_set.get()
    typed = f" {codes[3][:4].upper()} {codes[3][4:]} "
    assert device.verify_token(typed)
    device.throttle_reset()
    assert not device.verify_token(codes[3])  # used up
    device.throttle_reset()
    assert not device.verify_token("not-a-code")
    assert device.codes.count() == 9
