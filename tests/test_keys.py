"""A person's own key: made, opened, re-wrapped, replaced, kept in the session; and the password change."""
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory

from holdspace.audit.models import AuditEntry
from holdspace.crypto.boxes import new_data_key, open_sealed, seal_to
from holdspace.keys import session as key_session
from holdspace.keys.models import PersonalKey
from holdspace.keys.services import personal_key_create, personal_key_rewrap_password, personal_key_unlock
from holdspace.web.refusals import Refusal
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_handler_opens_sealed_case_keys_with_password_or_recovery_code(world):
    made = personal_key_create(world.hana, password=PASSWORD)
    recovery = made.recovery_code
    assert bytes(made.private_key.public_key) == bytes(PersonalKey.objects.get(user=world.hana).public_key)
    keyring = PersonalKey.objects.get(user=world.hana)
    data_key = new_data_key()
    sealed = seal_to(bytes(keyring.public_key), secret=data_key)
    assert open_sealed(personal_key_unlock(world.hana, password=PASSWORD), sealed=sealed) == data_key
    assert open_sealed(personal_key_unlock(world.hana, recovery_code=recovery.upper()), sealed=sealed) == data_key
    with pytest.raises(Refusal) as refused:
        personal_key_unlock(world.hana, password="not it")
    assert refused.value.code == "wrong_secret"
    with pytest.raises(Refusal) as refused:
        personal_key_unlock(world.omar, password=PASSWORD)  # no key at all
    assert refused.value.code == "wrong_secret"
    assert AuditEntry.objects.filter(action="personal_key.created", actor_id=world.hana.pk).exists()


def test_a_key_needs_the_accounts_password(world):
    with pytest.raises(Refusal) as refused:
        personal_key_create(world.hana, password="guess")
    assert refused.value.code == "wrong_password"
    assert not PersonalKey.objects.filter(user=world.hana).exists()


def test_a_new_password_wraps_the_same_key(world):
    personal_key_create(world.hana, password=PASSWORD)
    private_key = personal_key_unlock(world.hana, password=PASSWORD)
    personal_key_rewrap_password(world.hana, private_key=private_key, password="a brand new passphrase")
    reopened = personal_key_unlock(world.hana, password="a brand new passphrase")
    assert bytes(reopened) == bytes(private_key)
    with pytest.raises(Refusal):
        personal_key_unlock(world.hana, password=PASSWORD)


def test_the_unlocked_key_needs_both_the_session_and_its_cookie(world):
    personal_key_create(world.hana, password=PASSWORD)
    private_key = personal_key_unlock(world.hana, password=PASSWORD)
    request = RequestFactory().get("/")
    request.session = SessionStore()
    response = HttpResponse()
    key_session.unlocked_key_keep(request, response=response, private_key=private_key)
    request.session.save()
    cookie = response.cookies[key_session.UNLOCKED]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"

    stored = Session.objects.get(session_key=request.session.session_key).session_data
    assert bytes(private_key).hex() not in stored

    later = RequestFactory().get("/")
    later.session = SessionStore(session_key=request.session.session_key)
    assert key_session.unlocked_key(later) is None  # session without the cookie
    later.COOKIES[key_session.UNLOCKED] = cookie.value
    assert bytes(key_session.unlocked_key(later)) == bytes(private_key)
    later.COOKIES[key_session.UNLOCKED] = "bm90IGEga2V5"
    assert key_session.unlocked_key(later) is None  # a wrong cookie opens nothing

    key_session.unlocked_key_forget(later, response=HttpResponse())
    later.COOKIES[key_session.UNLOCKED] = cookie.value
    assert key_session.unlocked_key(later) is None


def test_changing_the_password_locks_the_case_key_with_the_new_one(world, client_for):
    from django.urls import reverse

    personal_key_create(world.hana, password=PASSWORD)
    url = reverse("accounts:password_change")
    hana = client_for("hana", sudo=True)
    missing = hana.post(url, {"new_password": "a fresh long passphrase 7"})
    assert "current_password" in missing.context["form"].errors
    wrong = hana.post(url, {"new_password": "a fresh long passphrase 7", "current_password": "nope"})
    assert wrong.status_code == 400
    hana.post(url, {"new_password": "a fresh long passphrase 7", "current_password": PASSWORD})
    assert personal_key_unlock(world.hana, password="a fresh long passphrase 7")


def test_with_the_key_unlocked_the_current_password_is_not_asked_again(world, client_for):
    from django.urls import reverse

    personal_key_create(world.hana, password=PASSWORD)
    url = reverse("accounts:password_change")
    hana = client_for("hana", sudo=True, case_key=True)
    assert "current_password" not in hana.get(url).context["form"].fields
    hana.post(url, {"new_password": "another long passphrase 8"})
    assert personal_key_unlock(world.hana, password="another long passphrase 8")


def test_after_a_password_reset_the_recovery_code_relocks_the_key(world, client_for):
    from django.urls import reverse

    recovery = personal_key_create(world.hana, password=PASSWORD).recovery_code
    world.hana.set_password("reset by email 2026 ok")
    world.hana.save()
    hana = client_for("hana")
    hana.post(
        reverse("reports:key", args=[world.riverside.slug]),
        {"form": "unlock", "unlock-recovery_code": recovery, "unlock-password": "reset by email 2026 ok"},
    )
    assert personal_key_unlock(world.hana, password="reset by email 2026 ok")


def test_the_own_key_page_sets_up_unlocks_and_locks_the_key_for_anyone(world, client_for):
    from django.urls import reverse

    from holdspace.keys.selectors import personal_key_exists

    mateo = client_for("mateo")  # a member with no role that needs a key
    page = mateo.get(reverse("keys:key"))
    assert page.status_code == 200 and b"Set up my key" in page.content
    wrong = mateo.post(reverse("keys:key"), {"form": "create", "create-password": "not it"})
    assert wrong.status_code == 400 and b"That is not your account password." in wrong.content
    made = mateo.post(reverse("keys:key") + "?next=/home/", {"form": "create", "create-password": PASSWORD,
                                                          "next": "/home/"})
    assert made.status_code == 200 and personal_key_exists(world.mateo)
    assert key_session.UNLOCKED in made.cookies
    locked = mateo.post(reverse("keys:lock"))
    assert locked.status_code == 302 and locked.cookies[key_session.UNLOCKED].value == ""
    unlocked = mateo.post(reverse("keys:key"), {"form": "unlock", "unlock-password": PASSWORD, "next": "/home/"})
    assert unlocked.status_code == 302 and unlocked["Location"] == "/home/"


def test_after_a_password_reset_the_recovery_code_opens_the_key_and_the_new_password_locks_it_again(
        world, client_for):
    from django.urls import reverse

    made = personal_key_create(world.mateo, password=PASSWORD)
    world.mateo.set_password("a new password after the reset")  # what the reset link does; the key is not told
    world.mateo.save()
    mateo = client_for("mateo")
    url = reverse("keys:key") + "?next=/home/"
    wrong = mateo.post(url, {"form": "unlock", "unlock-recovery_code": "not it", "unlock-password": "x"})
    assert wrong.status_code == 400 and b"That does not open your key." in wrong.content
    opened = mateo.post(url, {"form": "unlock", "unlock-recovery_code": made.recovery_code,
                              "unlock-password": "a new password after the reset"}, follow=True)
    assert b"Your key now opens with your current password." in opened.content
    assert mateo.cookies[key_session.UNLOCKED].value  # unlocked in this browser
    assert personal_key_unlock(world.mateo, password="a new password after the reset").public_key == \
        made.private_key.public_key
    assert AuditEntry.objects.filter(action="personal_key.password_rewrapped", actor_id=world.mateo.pk).count() == 1


def test_someone_with_two_step_sign_in_confirms_it_before_the_key_page(world, client_for):
    from django.urls import reverse

    hana = client_for("hana", verified=False)
    response = hana.get(reverse("keys:key"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sudo"))


def test_a_new_key_pair_lets_every_app_forget_what_was_sealed_to_the_old_one(world):
    from holdspace.keys.registry import key_uses

    personal_key_create(world.hana, password=PASSWORD)
    assert {use.name for use in key_uses()} >= {"reports", "circles"}
    personal_key_create(world.hana, password=PASSWORD)
    entry = AuditEntry.objects.filter(action="personal_key.created", actor_id=world.hana.pk).order_by("pk").last()
    assert entry.details["replaced"] is True
    assert entry.details["stale_case_keys"] == 0 and entry.details["stale_circle_keys"] == 0


def test_a_key_unlocked_before_a_new_one_was_made_does_not_spare_the_current_password(world, client_for):
    from django.urls import reverse

    personal_key_create(world.hana, password=PASSWORD)
    hana = client_for("hana", sudo=True, case_key=True)  # this browser holds the key of that moment
    personal_key_create(world.hana, password=PASSWORD)  # a new one, made elsewhere
    url = reverse("accounts:password_change")
    assert "current_password" in hana.get(url).context["form"].fields
    hana.post(url, {"new_password": "a third long passphrase 9", "current_password": PASSWORD})
    assert personal_key_unlock(world.hana, password="a third long passphrase 9")


def test_re_wrapping_a_key_that_is_no_longer_his_changes_nothing(world):
    personal_key_create(world.hana, password=PASSWORD)
    old = personal_key_unlock(world.hana, password=PASSWORD)
    personal_key_create(world.hana, password=PASSWORD)
    with pytest.raises(Refusal) as refused:
        personal_key_rewrap_password(world.hana, private_key=old, password="never used passphrase 1")
    assert refused.value.code == "not_current_key"
    assert personal_key_unlock(world.hana, password=PASSWORD)


def test_a_handler_without_two_step_sign_in_sets_it_up_before_his_key_page(world, client_for):
    from django.urls import reverse

    from holdspace.organisations.models import Membership, Role

    Membership.objects.create(user=world.felix, organisation=world.riverside, role=Role.CASE_HANDLER)
    felix = client_for("felix", verified=False)  # he has no authenticator yet
    response = felix.get(reverse("keys:key"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two_factor_enrol"))
    posted = felix.post(reverse("keys:key"), {"form": "create", "create-password": PASSWORD})
    assert posted.status_code == 302 and not PersonalKey.objects.filter(user=world.felix).exists()


def test_a_daily_job_queued_under_its_old_path_is_pointed_at_the_new_one(world):
    import importlib

    from django.apps import apps
    from django_tasks_db.models import DBTaskResult

    from holdspace.site.tasks import daily_upkeep

    daily_upkeep.enqueue()
    DBTaskResult.objects.update(task_path="holdspace.reports.tasks.daily_upkeep")
    migration = importlib.import_module("holdspace.site.migrations.0001_daily_job_moves_to_site")
    migration.forwards(apps, None)
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == ["holdspace.site.tasks.daily_upkeep"]
    assert DBTaskResult.objects.get().task is daily_upkeep or DBTaskResult.objects.get().task.name == daily_upkeep.name


# The key opens at sign-in: the password he signs in with opens it for the session, so his inventory,
# cases and circles open without the key page.

def _stretchings(monkeypatch) -> list[int]:
    """Count each Argon2id key stretching from now on (the tests' password hasher is not Argon2)."""
    from holdspace.crypto import derivation

    counted: list[int] = []
    stretch = derivation.argon2id

    def counting(*args, **kwargs):
        counted.append(1)
        return stretch(*args, **kwargs)

    monkeypatch.setattr(derivation, "argon2id", counting)
    return counted


def _with_entry(user) -> None:
    from holdspace.inventory.entries import entry_write

    made = personal_key_create(user, password=PASSWORD)
    entry_write(owner=user, private_key=made.private_key, prompt="", title="Only mine", text="What I did.", tags="")


def _code(user) -> str:
    from django_otp.oath import TOTP
    from holdspace.accounts.models import Authenticator

    device = Authenticator.objects.get(user=user)
    device.throttle_reset()  # django-otp makes a person wait after a wrong code
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def _inventory(client):
    from django.urls import reverse

    return client.get(reverse("inventory:entries"))


def test_signing_in_through_the_form_opens_his_key_and_his_inventory_without_the_key_page(world, monkeypatch):
    from django.test import Client
    from django.urls import reverse

    _with_entry(world.mateo)
    stretched = _stretchings(monkeypatch)
    browser = Client()
    signed_in = browser.post(reverse("accounts:login"), {"email": "mateo@example.org", "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"] == reverse("site:dashboard")
    assert len(stretched) == 1  # one Argon2id stretching opens his key, no more
    assert signed_in.cookies[key_session.UNLOCKED]["samesite"] == "Strict"
    page = _inventory(browser)
    assert page.status_code == 200 and b"Only mine" in page.content
    stored = Session.objects.get(session_key=browser.session.session_key).session_data
    assert bytes(personal_key_unlock(world.mateo, password=PASSWORD)).hex() not in stored


# The sign-in POST of someone with a key and nothing waiting for it, beside the throttle's own counting (11 when
# his key was read again to check it was his current one).
SIGN_IN_QUERIES = 10


def test_signing_in_reads_his_key_once_and_what_waited_for_it_in_few_queries(world):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    _with_entry(world.mateo)
    with CaptureQueriesContext(connection) as captured:
        signed_in = Client().post(reverse("accounts:login"), {"email": "mateo@example.org", "password": PASSWORD})
    assert signed_in.status_code == 302 and key_session.UNLOCKED in signed_in.cookies
    queries = [q["sql"] for q in captured.captured_queries
               if "accounts_throttlebucket" not in q["sql"] and "SAVEPOINT" not in q["sql"]]
    # His key is read once: to open it, which also says it is his current one.
    assert len([sql for sql in queries if 'FROM "keys_personalkey"' in sql]) == 1
    assert len(queries) == SIGN_IN_QUERIES, "\n".join(queries)


def test_someone_without_a_key_signs_in_as_before_with_no_key_stretching(world, monkeypatch):
    from django.test import Client
    from django.urls import reverse

    stretched = _stretchings(monkeypatch)
    browser = Client()
    signed_in = browser.post(reverse("accounts:login"), {"email": "mateo@example.org", "password": PASSWORD})
    assert signed_in.status_code == 302 and int(browser.session["_auth_user_id"]) == world.mateo.pk
    assert stretched == [] and key_session.UNLOCKED not in signed_in.cookies
    assert key_session.UNLOCKED not in browser.session
    assert _inventory(browser)["Location"].startswith(reverse("keys:key"))


def test_a_password_that_signs_him_in_but_does_not_open_his_key_blocks_nothing(world, monkeypatch):
    from django.test import Client
    from django.urls import reverse

    _with_entry(world.mateo)
    world.mateo.set_password("set by the reset link 2026")  # the key is not told
    world.mateo.save()
    stretched = _stretchings(monkeypatch)
    browser = Client()
    signed_in = browser.post(reverse("accounts:login"), {"email": "mateo@example.org",
                                                         "password": "set by the reset link 2026"})
    assert signed_in.status_code == 302 and int(browser.session["_auth_user_id"]) == world.mateo.pk
    assert len(stretched) == 1 and key_session.UNLOCKED not in browser.session
    # His inventory sends him to the key page, which asks for his recovery code as before.
    key_page = browser.get(_inventory(browser)["Location"])
    assert key_page.status_code == 200 and b"recovery code" in key_page.content


def test_with_two_step_sign_in_the_key_opens_at_the_password_but_is_usable_only_after_the_code(
        world, monkeypatch):
    from django.test import Client
    from django.urls import reverse

    _with_entry(world.hana)
    her_key = bytes(personal_key_unlock(world.hana, password=PASSWORD))
    stretched = _stretchings(monkeypatch)
    browser = Client()
    asked = browser.post(reverse("accounts:login"), {"email": "hana@example.org", "password": PASSWORD})
    assert asked["Location"] == reverse("accounts:login_verify") and len(stretched) == 1
    # Waiting for the code: locked in the session by this browser's cookie, not yet her unlocked key.
    assert key_session.UNLOCKED not in browser.session and "hs_pending_personal_key" in browser.session
    assert asked.cookies["hs_pending_personal_key"]["httponly"]
    stored = Session.objects.get(session_key=browser.session.session_key).session_data
    assert her_key.hex() not in stored
    assert _inventory(browser)["Location"].startswith(reverse("accounts:login"))  # not signed in yet

    verified = browser.post(reverse("accounts:login_verify"), {"token": _code(world.hana)})
    assert verified.status_code == 302 and len(stretched) == 1  # the code step stretches nothing
    assert "hs_pending_personal_key" not in browser.session and verified.cookies["hs_pending_personal_key"].value == ""
    page = _inventory(browser)
    assert page.status_code == 200 and b"Only mine" in page.content


def test_a_wrong_second_code_leaves_nothing_of_the_key_usable(world):
    from django.test import Client
    from django.urls import reverse

    from holdspace.web.session_secrets import secret_get

    _with_entry(world.hana)
    browser = Client()
    browser.post(reverse("accounts:login"), {"email": "hana@example.org", "password": PASSWORD})
    pending_cookie = browser.cookies["hs_pending_personal_key"].value
    wrong = browser.post(reverse("accounts:login_verify"), {"token": "000000"})
    assert b"did not work" in wrong.content
    assert "hs_pending_personal_key" not in browser.session and key_session.UNLOCKED not in browser.session
    assert wrong.cookies["hs_pending_personal_key"].value == ""
    # Even with the cookie it had, nothing is left in her session to open.
    request = RequestFactory().get("/")
    request.session = SessionStore(session_key=browser.session.session_key)
    request.COOKIES["hs_pending_personal_key"] = pending_cookie
    assert secret_get(request, name="hs_pending_personal_key") is None
    # The right code still signs her in; her key then waits for the key page.
    browser.post(reverse("accounts:login_verify"), {"token": _code(world.hana)})
    assert int(browser.session["_auth_user_id"]) == world.hana.pk
    assert _inventory(browser)["Location"].startswith(reverse("keys:key"))


def test_a_pending_sign_in_that_expired_drops_what_the_password_opened(world, clock):
    from datetime import timedelta

    from django.test import Client
    from django.urls import reverse

    _with_entry(world.hana)
    browser = Client()
    browser.post(reverse("accounts:login"), {"email": "hana@example.org", "password": PASSWORD})
    assert "hs_pending_personal_key" in browser.session
    clock.shift(timedelta(minutes=6))
    expired = browser.get(reverse("accounts:login_verify"))
    assert expired["Location"] == reverse("accounts:login")
    assert "hs_pending_personal_key" not in browser.session and expired.cookies["hs_pending_personal_key"].value == ""


def test_what_waits_for_one_persons_code_never_opens_for_another(world):
    from django.test import Client
    from django.urls import reverse

    _with_entry(world.hana)
    _with_entry(world.ada)
    browser = Client()
    browser.post(reverse("accounts:login"), {"email": "hana@example.org", "password": PASSWORD})
    browser.post(reverse("accounts:login"), {"email": "ada@example.org", "password": PASSWORD})
    browser.post(reverse("accounts:login_verify"), {"token": _code(world.ada)})
    assert int(browser.session["_auth_user_id"]) == world.ada.pk
    request = RequestFactory().get("/")
    request.session = browser.session
    request.COOKIES = {name: morsel.value for name, morsel in browser.cookies.items()}
    opened = key_session.unlocked_key(request)
    assert bytes(opened.public_key) == bytes(PersonalKey.objects.get(user=world.ada).public_key)
