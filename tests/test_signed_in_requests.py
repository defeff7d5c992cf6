"""What every signed-in request reads before its page's own work: the session and the person once each, and
the authenticator of a two-step sign-in; each by one written-out query that reads what the ORM would."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY

from holdspace.accounts.backends import AccountBackend
from holdspace.accounts.models import Authenticator, User
from holdspace.web.rows import row_by_pk

NOWHERE = "/no-such-page/"


def _queries(client) -> list[str]:
    client.get(NOWHERE)  # the session settles (its last-seen time is written at most once a minute)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(NOWHERE).status_code == 404
    return [query["sql"] for query in captured.captured_queries]


def test_a_signed_in_request_reads_the_session_and_the_person_once_each(world, client_for):
    queries = _queries(client_for("mateo"))
    assert len(queries) == 2
    assert "django_session" in queries[0] and "accounts_user" in queries[1]


def test_after_a_two_step_sign_in_it_also_reads_the_authenticator_once(world, client_for):
    queries = _queries(client_for("hana"))
    assert len(queries) == 3
    assert "accounts_authenticator" in queries[2]


def test_the_person_and_the_authenticator_read_are_what_the_orm_reads(world):
    for model, pk in ((User, world.hana.pk), (Authenticator, Authenticator.objects.get(user=world.hana).pk)):
        written_out, orm = row_by_pk(model, pk=pk), model.objects.get(pk=pk)
        assert written_out is not None and not written_out._state.adding
        for field in model._meta.concrete_fields:
            assert getattr(written_out, field.attname) == getattr(orm, field.attname), field.name


@pytest.mark.parametrize("user_id", [None, "", "x", "12abc", 10**9])
def test_a_session_naming_nobody_signs_nobody_in(db, user_id):
    assert AccountBackend().get_user(user_id) is None


def test_a_person_made_inactive_is_signed_out_on_the_next_request(world, client_for):
    client = client_for("mateo")
    User.objects.filter(pk=world.mateo.pk).update(is_active=False)
    assert client.get("/home/").status_code == 302


@pytest.mark.parametrize("change", ["unconfirmed", "someone_else", "gone", "garbled"])
def test_a_two_step_sign_in_holds_only_with_her_own_confirmed_authenticator(world, client_for, change):
    client = client_for("hana")
    device = Authenticator.objects.get(user=world.hana)
    if change == "unconfirmed":
        Authenticator.objects.filter(pk=device.pk).update(confirmed=False)
    elif change == "someone_else":
        Authenticator.objects.filter(pk=device.pk).update(user=world.ada)
    elif change == "gone":
        device.delete()
    else:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = "accounts.authenticator/not-a-number"
        session.save()
    client.get(NOWHERE)
    assert DEVICE_ID_SESSION_KEY not in client.session
