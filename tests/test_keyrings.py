"""Handlers' keyrings and the unlocked key's place in the session."""
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory

from holdspace.audit.models import AuditEntry
from holdspace.crypto.boxes import new_data_key, open_sealed, seal_to
from holdspace.reports import key_session
from holdspace.reports.keyrings import WrongSecret, keyring_create, keyring_rewrap_password, keyring_unlock
from holdspace.reports.models import HandlerKeyring
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_handler_opens_sealed_case_keys_with_password_or_recovery_code(world):
    recovery = keyring_create(user=world.hana, password=PASSWORD)
    keyring = HandlerKeyring.objects.get(user=world.hana)
    data_key = new_data_key()
    sealed = seal_to(bytes(keyring.public_key), data_key)
    assert open_sealed(keyring_unlock(user=world.hana, password=PASSWORD), sealed) == data_key
    assert open_sealed(keyring_unlock(user=world.hana, recovery_code=recovery.upper()), sealed) == data_key
    with pytest.raises(WrongSecret):
        keyring_unlock(user=world.hana, password="not it")
    with pytest.raises(WrongSecret):
        keyring_unlock(user=world.omar, password=PASSWORD)  # no keyring at all
    assert AuditEntry.objects.filter(action="keyring.created", actor_id=world.hana.pk).exists()


def test_a_keyring_needs_the_accounts_password(world):
    with pytest.raises(WrongSecret):
        keyring_create(user=world.hana, password="guess")
    assert not HandlerKeyring.objects.filter(user=world.hana).exists()


def test_a_new_password_wraps_the_same_key(world):
    keyring_create(user=world.hana, password=PASSWORD)
    private_key = keyring_unlock(user=world.hana, password=PASSWORD)
    keyring_rewrap_password(user=world.hana, private_key=private_key, password="a brand new passphrase")
    reopened = keyring_unlock(user=world.hana, password="a brand new passphrase")
    assert bytes(reopened) == bytes(private_key)
    with pytest.raises(WrongSecret):
        keyring_unlock(user=world.hana, password=PASSWORD)


def test_the_unlocked_key_needs_both_the_session_and_its_cookie(world):
    keyring_create(user=world.hana, password=PASSWORD)
    private_key = keyring_unlock(user=world.hana, password=PASSWORD)
    request = RequestFactory().get("/")
    request.session = SessionStore()
    response = HttpResponse()
    key_session.unlocked_key_keep(request, response, private_key)
    request.session.save()
    cookie = response.cookies[key_session.HANDLER]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"

    stored = Session.objects.get(session_key=request.session.session_key).session_data
    assert bytes(private_key).hex() not in stored

    later = RequestFactory().get("/")
    later.session = SessionStore(session_key=request.session.session_key)
    assert key_session.unlocked_key(later) is None  # session without the cookie
    later.COOKIES[key_session.HANDLER] = cookie.value
    assert bytes(key_session.unlocked_key(later)) == bytes(private_key)
    later.COOKIES[key_session.HANDLER] = "bm90IGEga2V5"
    assert key_session.unlocked_key(later) is None  # a wrong cookie opens nothing

    key_session.unlocked_key_forget(later, HttpResponse())
    later.COOKIES[key_session.HANDLER] = cookie.value
    assert key_session.unlocked_key(later) is None


def test_changing_the_password_locks_the_case_key_with_the_new_one(world, client_for):
    from django.urls import reverse

    keyring_create(user=world.hana, password=PASSWORD)
    url = reverse("accounts:password_change")
    hana = client_for("hana", sudo=True)
    missing = hana.post(url, {"new_password": "a fresh long passphrase 7"})
    assert "current_password" in missing.context["form"].errors
    wrong = hana.post(url, {"new_password": "a fresh long passphrase 7", "current_password": "nope"})
    assert wrong.status_code == 400
    hana.post(url, {"new_password": "a fresh long passphrase 7", "current_password": PASSWORD})
    assert keyring_unlock(user=world.hana, password="a fresh long passphrase 7")


def test_with_the_key_unlocked_the_current_password_is_not_asked_again(world, client_for):
    from django.urls import reverse

    keyring_create(user=world.hana, password=PASSWORD)
    url = reverse("accounts:password_change")
    hana = client_for("hana", sudo=True, case_key=True)
    assert "current_password" not in hana.get(url).context["form"].fields
    hana.post(url, {"new_password": "another long passphrase 8"})
    assert keyring_unlock(user=world.hana, password="another long passphrase 8")


def test_after_a_password_reset_the_recovery_code_relocks_the_key(world, client_for):
    from django.urls import reverse

    recovery = keyring_create(user=world.hana, password=PASSWORD)
    world.hana.set_password("reset by email 2026 ok")
    world.hana.save()
    hana = client_for("hana")
    hana.post(
        reverse("reports:key", args=[world.riverside.slug]),
        {"form": "unlock", "unlock-recovery_code": recovery, "unlock-password": "reset by email 2026 ok"},
    )
    assert keyring_unlock(user=world.hana, password="reset by email 2026 ok")
