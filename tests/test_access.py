"""Every view against every person, and a walk over every URL the resolver knows."""
import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access_matrix import EVERYONE, MATRIX, client_for_row, mail_link
from tests.conftest import sign_in, unlock_case_key, with_sudo


def _names(resolver: URLResolver, namespace: str = "") -> dict[str, URLPattern]:
    found = {}
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found.update(_names(pattern, inner))
        elif pattern.name:
            found[f"{namespace}{pattern.name}"] = pattern
    return found


ALL_URL_NAMES = _names(get_resolver())


def test_every_url_has_a_row_in_the_role_matrix():
    assert set(ALL_URL_NAMES) == set(MATRIX), "add new views to tests/access_matrix.py"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_matrix(name, world, extra):
    row = MATRIX[name]
    url = reverse(name, kwargs=row.kwargs(world, extra))
    got = {}
    for person in EVERYONE:
        response = getattr(client_for_row(row, world, person), row.method)(url)
        status = response.status_code
        if status == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL)):
            status = "login"
        got[person] = status
    assert got == row.expected


def _sample_kwargs(pattern: URLPattern, world, extra) -> dict:
    samples = {
        "slug": world.riverside.slug,
        "user_id": world.mateo.pk,
        "invitation_id": extra["invitation"].pk,
        "token": mail_link(world) if pattern.name == "partner_link" else extra["token"],
        "uidb64": "MQ",
        "reference": extra["case"].reference,
        "action": "message",
        "file_id": extra["file"].pk,
        "service_id": extra["service"].pk,
        "circle": extra["circle"].slug,
        "session_id": extra["circles"].coming.pk,
        "member_id": extra["circles"].request.pk,
        "exercise_id": extra["circles"].exercise.pk,
        "commitment_id": extra["commitment"].pk,
        "check_in_id": extra["check_in"].pk,
        "entry_id": extra["entry"].pk,
        "plan_id": extra["amends_plan"].pk,
        "public_id": extra["story"].public_id,
        "secret": extra["story_secret"],
        "application_id": extra["application"].pk,
        "reference_token": extra["reference_token"],
        "number": 1,
        "concern_id": extra["concern"].pk,
        "safety_id": extra["safety"].pk,
        "network": world.network.slug,
        "member": world.harbour.slug,
        "round_id": extra["assessment_round"].pk,
        "point_id": extra["action_point"].pk,
        "type_id": 999999,
        "language": "es",  # a version of an organisation's own text in another offered language
        "year": 2026,
        "seat_id": extra["seat"].pk,
        "meeting_id": extra["meeting"].pk,
    }
    return {key: samples[key] for key in pattern.pattern.converters}


@pytest.mark.parametrize("name", sorted(ALL_URL_NAMES))
def test_resolver_walk_anonymous_and_other_organisation(name, world, extra):
    pattern = ALL_URL_NAMES[name]
    url = reverse(name, kwargs=_sample_kwargs(pattern, world, extra))
    if "reference" in pattern.pattern.converters and name.startswith("reports:responding"):
        url = reverse(name, kwargs={"reference": extra["respondent_case"].reference})
    if name in {"circles:circle", "circles:calendar"}:
        url = reverse(name, kwargs={"slug": extra["circle"].slug})
    if name == "accountability:page":
        url = reverse(name, kwargs={"slug": world.network.slug})  # a network publishes its page by default
    anonymous = Client().get(url)
    public = getattr(pattern.callback, "login_required", True) is False
    if public:
        assert anonymous.status_code in {200, 302, 400, 405}
    else:
        # Fails closed: a view nobody marked public asks for a sign-in.
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith(reverse(settings.LOGIN_URL))

    outsider = sign_in(Client(), world.harry).get(url)
    if "slug" in pattern.pattern.converters and not public:
        assert outsider.status_code in {404, 405}, "Riverside's pages must not exist for Harbour's members"
        assert b"Riverside" not in outsider.content


JUNK = {
    "email": "x" * 300 + "@",
    "password": "\x00",
    "new_password": "",
    "display_name": " " * 100,
    "token": "' OR 1=1 --",
    "roles": ["owner", "member"],
    "language": "xx",
    "kind": "galaxy",
    "slug": "../../etc",
    "next": "//elsewhere.example/",
    "name": "",
    "description": "y" * 5000,
    "what": "z" * 30000,
    "pathway": "everything",
    "on_behalf": "maybe",
    "respondent_leader": "-1",
    "receipt": "0" * 64,
    "message-channel": "respondent",
    "message-body": "",
    "person": "abc",
    "appeal-handler": "99999",
    "close-outcome": "banished",
    "decide-release": "x",
    "form": "unlock",
    "unlock-password": "\x00",
    # Row ids as they should never come: a superscript digit, a number too long for an id column.
    "item": "\u00b2",
    "note": "99999999999999999999999",
    "action_id": "\u00b2",
    # An inventory entry far past what one entry holds, and tags past their limits.
    "text": "t" * 30000,
    "tags": ",".join(["a" * 50] * 20),
    "attendance-present": ["\u00b2", "-1"],
    # An amends plan's answers and status as no form offers them, and a source entry id that is no id.
    "who": "w" * 500,
    "wanted": "maybe",
    "harm": ["yes", "no"],
    "status": "forgiven",
    "reason": "r" * 5000,
    "entry": "\u00b2",
}


@pytest.mark.parametrize("name", sorted(ALL_URL_NAMES))
def test_junk_input_never_causes_a_server_error(name, world, extra):
    """Every view, given nonsense by the most privileged person who can reach it, answers calmly."""
    pattern = ALL_URL_NAMES[name]
    url = reverse(name, kwargs=_sample_kwargs(pattern, world, extra))
    for person in ("ada", "hana", "mateo", None):
        client = Client()
        if person:
            with_sudo(sign_in(client, world.people[person]))
            unlock_case_key(client, world.people[person])
        response = client.post(url, JUNK)
        assert response.status_code < 500
        if response.status_code == 302:
            assert not response["Location"].startswith("//elsewhere")
