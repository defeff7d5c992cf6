"""The circle's key on facilitators' pages: a GET only opens it; sharing it with co-facilitators who wait and
starting a new one are POSTs (a button, unlocking one's key, adding a colleague), each written and audited in
one transaction, and refused to anyone who does not facilitate the circle."""
import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from holdspace.audit.models import AuditEntry
from holdspace.circles import keys
from holdspace.circles.models import Circle, CircleKey
from holdspace.circles.services import facilitator_add
from holdspace.keys.services import personal_key_create
from holdspace.organisations.models import Membership, Role
from holdspace.web.refusals import Refusal
from tests.circles_helpers import circle_world, key_for
from tests.conftest import PASSWORD, sign_in, unlock_case_key
from tests.test_get_writes_nothing import _written

pytestmark = pytest.mark.django_db


def _client(person, *, unlocked=True) -> Client:
    client = sign_in(Client(), person)
    return unlock_case_key(client, person) if unlocked else client


def _pages(world, cw) -> dict[str, str]:
    """Every page of a circle that opens its key, and the circle's own page that offers what to do with it."""
    circle = (world.riverside.slug, cw.circle.slug)
    return {
        "manage": reverse("circles:manage", args=circle),
        "session": reverse("circles:session", args=[*circle, cw.held.pk]),
        "coming": reverse("circles:session", args=[*circle, cw.coming.pk]),
        "room": reverse("circles:room", args=circle),
        "messages": reverse("circles:messages", args=circle),
        "request": reverse("circles:request", args=[*circle, cw.request.pk]),
        "edit": reverse("circles:edit", args=circle),
    }


def _state(circle: Circle):
    """What a write to the circle's keys would change: its key rows, its public key and the audit log."""
    circle.refresh_from_db()
    return (sorted(CircleKey.objects.filter(circle=circle).values_list("user_id", "dropped", "sealed")),
            bytes(circle.public_key), AuditEntry.objects.count())


def _url(name, world, circle):
    return reverse(name, args=[world.riverside.slug, circle.slug])


def _holds(circle, person) -> bool:
    circle.refresh_from_db()  # a new key changes its public half
    return keys.circle_private_key(circle, user=person, personal_key=key_for(person)) is not None


def _message(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_a_get_of_a_circles_pages_writes_nothing_while_a_co_facilitator_waits_for_its_key(world):
    cw = circle_world(world)
    facilitator_add(circle=cw.circle, user=world.rick, actor=world.felix)  # Felix's key is not at hand here
    key_for(world.rick)  # Rick's first key: he waits for the circle's
    felix = _client(world.felix)
    before = _state(cw.circle)
    for name, url in _pages(world, cw).items():
        with CaptureQueriesContext(connection) as captured:
            response = felix.get(url)
        assert response.status_code == 200, name
        assert _written(captured.captured_queries) == set(), name
        assert not any(query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
                       and "audit" in query["sql"] for query in captured.captured_queries), name
        if name != "edit":  # the details page offers sharing with a new key after a check, not this
            assert "Share the circle's key with 1 co-facilitator" in response.content.decode(), name
    assert _state(cw.circle) == before and not _holds(cw.circle, world.rick)
    # Rick, without the circle's key, is told who shares it with him; his pages write nothing either.
    rick = _client(world.rick)
    page = rick.get(_pages(world, cw)["session"]).content.decode()
    assert "You do not hold this circle&#x27;s key yet" in page or "You do not hold this circle's key yet" in page
    assert "Share the circle's key with" not in page and _state(cw.circle) == before


def test_a_get_writes_nothing_when_nobody_holds_the_circles_key_and_offers_to_start_one(world):
    cw = circle_world(world)
    facilitator_add(circle=cw.circle, user=world.rick, actor=world.felix)
    personal_key_create(world.felix, password=PASSWORD)  # the circle's only holder made a new key pair
    key_for(world.rick)
    felix = _client(world.felix)
    before = _state(cw.circle)
    for name, url in _pages(world, cw).items():
        with CaptureQueriesContext(connection) as captured:
            response = felix.get(url)
        assert response.status_code == 200 and _written(captured.captured_queries) == set(), name
        if name != "edit":
            assert "Start a new key for this circle" in response.content.decode(), name
    assert _state(cw.circle) == before
    assert not CircleKey.objects.filter(circle=cw.circle, dropped=False).exists()


def test_a_holder_shares_the_circles_key_with_the_co_facilitators_who_wait_by_post(world):
    cw = circle_world(world)
    circle = cw.circle
    facilitator_add(circle=circle, user=world.rick, actor=world.felix)
    key_for(world.rick)
    felix = _client(world.felix)
    session = _pages(world, cw)["session"]
    audited = AuditEntry.objects.count()
    response = felix.post(_url("circles:key_share", world, circle), {"next": session})
    assert response.status_code == 302 and response["Location"] == session
    assert "shared with 1 co-facilitator" in _message(response)
    assert _holds(circle, world.rick)
    shared = AuditEntry.objects.filter(action="circle.key_shared").get()
    assert shared.actor_id == world.felix.pk and shared.details == {"with": world.rick.pk}
    assert AuditEntry.objects.count() == audited + 1
    assert "Share the circle's key with" not in felix.get(session).content.decode()
    # Again: nobody waits any more; refused with its reason, nothing written, back where it came from.
    before = _state(circle)
    again = felix.post(_url("circles:key_share", world, circle), {"next": session})
    assert again["Location"] == session and "holds the circle's key already" in _message(again)
    assert _state(circle) == before
    # Only back to this site's pages.
    elsewhere = felix.post(_url("circles:key_share", world, circle), {"next": "https://example.com/"})
    assert elsewhere["Location"] == reverse("circles:manage", args=[world.riverside.slug, circle.slug])


def test_sharing_and_starting_are_refused_to_whoever_does_not_hold_or_facilitate(world):
    cw = circle_world(world)
    circle = cw.circle
    facilitator_add(circle=circle, user=world.rick, actor=world.felix)
    key_for(world.rick)
    key_for(world.mateo)
    # A facilitator of another organisation, with a key of his own.
    from holdspace.accounts.models import User

    olga = User.objects.create_user(email="olga@example.org", password=PASSWORD, display_name="Olga")
    Membership.objects.create(user=olga, organisation=world.harbour, role=Role.FACILITATOR)
    key_for(olga)
    share, start = _url("circles:key_share", world, circle), _url("circles:key_start", world, circle)
    before = _state(circle)
    for url in (share, start):
        assert Client().post(url).status_code == 302 and Client().post(url)["Location"].startswith(
            reverse("accounts:login"))  # signed out
        assert _client(world.mateo).post(url).status_code == 404  # a member of the circle's organisation
        assert _client(olga).post(url).status_code == 404  # a facilitator of another organisation
        assert _client(world.hana).post(url).status_code == 404  # a handler here
        assert _client(world.felix).get(url).status_code == 405  # a GET never writes
    assert _state(circle) == before
    # Felix with his key locked: told why, nothing written.
    locked = _client(world.felix, unlocked=False).post(share)
    assert locked.status_code == 302 and "Only a facilitator who holds the circle's key" in _message(locked)
    # Rick facilitates the circle but does not hold its key yet: he cannot share it, nor start another.
    rick = _client(world.rick)
    refused = rick.post(share)
    assert refused.status_code == 302 and "Only a facilitator who holds the circle's key" in _message(refused)
    held = rick.post(start)
    assert held.status_code == 302 and "still holds this circle's key" in _message(held)
    assert _state(circle) == before
    with pytest.raises(Refusal) as refused_service:
        keys.circle_key_start(circle=circle, actor=world.felix, personal_key=key_for(world.felix))
    assert refused_service.value.code == "key_held"  # he holds it himself
    with pytest.raises(Refusal) as refused_service:
        keys.circle_keys_share(circle=circle, circle_key=keys.circle_private_key(
            circle, user=world.felix, personal_key=key_for(world.felix)), actor=world.mateo)
    assert refused_service.value.code == "not_a_facilitator"
    assert _state(circle) == before


def test_a_facilitator_starts_a_new_key_when_nobody_holds_the_circles_and_it_reaches_his_colleague(world):
    cw = circle_world(world)
    circle = cw.circle
    facilitator_add(circle=circle, user=world.rick, actor=world.felix)
    key_for(world.rick)  # waits for the circle's key
    personal_key_create(world.felix, password=PASSWORD)  # ...which nobody holds any more
    old_public = bytes(circle.public_key)
    start = _url("circles:key_start", world, circle)
    room = _pages(world, cw)["room"]
    locked = _client(world.felix, unlocked=False).post(start, {"next": room})
    assert locked["Location"] == room and "Unlock your own key first" in _message(locked)
    assert not CircleKey.objects.filter(circle=circle, dropped=False).exists()
    felix = _client(world.felix)
    response = felix.post(start, {"next": room})
    assert response["Location"] == room and "The circle has a new key" in _message(response)
    circle.refresh_from_db()
    assert bytes(circle.public_key) != old_public
    assert _holds(circle, world.felix) and _holds(circle, world.rick)  # shared with Rick in the same step
    actions = list(AuditEntry.objects.filter(action__startswith="circle.key_").order_by("pk")
                   .values_list("action", "actor_id"))
    assert actions[-2:] == [("circle.key_created", world.felix.pk), ("circle.key_shared", world.felix.pk)]
    again = felix.post(start, {"next": room})
    assert "still holds this circle's key" in _message(again)
    circle.refresh_from_db()
    assert _holds(circle, world.felix)  # the second click changed nothing


def test_unlocking_his_key_shares_the_circles_key_with_first_keys_only(world):
    cw = circle_world(world)
    circle = cw.circle
    facilitator_add(circle=circle, user=world.rick, actor=world.felix)
    key_for(world.rick)
    # On the key page: the unlock is a POST, and what waited is done with it.
    felix = sign_in(Client(), world.felix)
    unlocked = felix.post(reverse("keys:key"), {"form": "unlock", "unlock-password": PASSWORD, "next": "/"})
    assert unlocked.status_code == 302
    assert _holds(circle, world.rick)
    assert AuditEntry.objects.filter(action="circle.key_shared", actor_id=world.felix.pk).count() == 1
    # A copy that went with a key pair Rick replaced waits for a colleague who checked with him: never on unlock.
    personal_key_create(world.rick, password=PASSWORD)
    signed_in = Client().post(reverse("accounts:login"), {"email": "felix@example.org", "password": PASSWORD})
    assert signed_in.status_code == 302
    assert not _holds(circle, world.rick)
    assert AuditEntry.objects.filter(action="circle.key_shared").count() == 1


def test_signing_in_shares_the_circles_key_with_a_co_facilitator_who_waits(world):
    cw = circle_world(world)
    circle = cw.circle
    facilitator_add(circle=circle, user=world.rick, actor=world.felix)
    key_for(world.rick)
    before = _state(circle)
    wrong = Client().post(reverse("accounts:login"), {"email": "felix@example.org", "password": "not his"})
    assert wrong.status_code != 302 and _state(circle) == before
    Client().post(reverse("accounts:login"), {"email": "felix@example.org", "password": PASSWORD})
    assert _holds(circle, world.rick)
    # Rick signing in holds nothing to share: nothing more is written.
    after = _state(circle)
    Client().post(reverse("accounts:login"), {"email": "rick@example.org", "password": PASSWORD})
    assert _state(circle)[:2] == after[:2]


def test_adding_a_colleague_with_a_key_shares_the_circles_key_at_once(world):
    cw = circle_world(world)
    circle = cw.circle
    key_for(world.rick)
    felix = _client(world.felix)
    added = felix.post(_url("circles:facilitator_add", world, circle), {"add-person": world.rick.pk})
    assert added.status_code == 302 and "Rick now facilitates this circle and holds its key." in _message(added)
    assert _holds(circle, world.rick)
    assert AuditEntry.objects.filter(action="circle.key_shared", details__with=world.rick.pk).count() == 1


def test_a_facilitator_who_takes_on_a_circle_nobody_runs_any_more_is_offered_a_new_key(world):
    from holdspace.organisations.services import roles_set

    cw = circle_world(world)
    circle = cw.circle
    roles_set(organisation=world.riverside, user=world.felix, roles={Role.MEMBER}, actor=world.ada)
    assert not CircleKey.objects.filter(circle=circle).exists()  # his copy went with his role
    key_for(world.rick)
    rick = _client(world.rick)
    taken = rick.post(_url("circles:take_on", world, circle))
    manage = reverse("circles:manage", args=[world.riverside.slug, circle.slug])
    assert taken["Location"] == manage
    before = _state(circle)
    assert "Start a new key for this circle" in rick.get(manage).content.decode()
    assert _state(circle) == before  # offered, not done
    rick.post(_url("circles:key_start", world, circle), {"next": manage})
    assert _holds(circle, world.rick)
