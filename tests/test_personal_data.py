"""A person's own data: the export of everything he wrote that he can read (JSON and a readable page), and his
account's deletion with everything in it, the consequences shown first."""
import json
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from holdspace.reports.access import respondent_of
from holdspace.accounts.models import User
from holdspace.accounts.personal_data import personal_data
from holdspace.accounts.services import user_delete
from holdspace.audit.models import AuditEntry
from holdspace.circles.models import Circle, Exercise
from holdspace.circles import library
from holdspace.concerns.models import Concern
from holdspace.conduct import services as conduct
from holdspace.inventory.entries import entry_write
from holdspace.inventory.commitments import commitment_check_in, commitment_make
from holdspace.keys.services import personal_key_unlock
from holdspace.keys.views import key_url
from holdspace.organisations.models import Membership, Role
from holdspace.reports.models import Case, CaseKey
from holdspace.stories import search
from holdspace.stories.models import Story
from holdspace.vetting import services as vetting
from holdspace.web.refusals import Refusal
from tests.conftest import PASSWORD, sign_in, unlock_case_key, with_sudo
from tests.stories_helpers import published_story, waiting_story

ENTRY_CANARY = "CANARY-export-entry-9b2e"
SECTIONS = {"account", "key", "organisations", "inventory", "circles", "stories", "conduct", "vetting",
            "assessments", "concerns", "reports"}


def _client(world, name, *, key: bool = False) -> Client:
    client = with_sudo(sign_in(Client(), world.people[name]))
    return unlock_case_key(client, world.people[name]) if key else client


def _json(client) -> dict:
    response = client.get(reverse("accounts:export_json"))
    assert response.status_code == 200
    return json.loads(response.content)


def _section(data: dict, key: str) -> dict:
    return next(section for section in data["sections"] if section["key"] == key)


def _everything_of_mateo(world, extra) -> None:
    """Mateo, beyond `extra`: a canary entry, a commitment of his own with a check-in, a story returned to him,
    a signature and a comment on the draft code, an application to the network, a concern he raised as a partner,
    and an action point he owns."""
    mateo = world.mateo
    entry_write(owner=mateo, private_key=personal_key_unlock(mateo, password=PASSWORD), prompt="",
                title="Free entry", text=f"{ENTRY_CANARY} what I owe her", tags="work")
    own = commitment_make(owner=mateo, text="Ask before I touch anyone's shoulder.", check_in_every="week")
    commitment_check_in(commitment=own, user=mateo, private_key=personal_key_unlock(mateo, password=PASSWORD),
                        outcome="partly", note="Forgot once on Tuesday.")
    from holdspace.stories import moderation

    returned, _secret = waiting_story(author=mateo, title="The group chat", pseudonym="Still learning")
    moderation.decide(story=returned, moderator=world.moses, outcome="returned", note="Please leave out the town.")
    conduct.sign(version=conduct.in_force(world.riverside), person=mateo)
    draft = conduct.draft_of(world.riverside)
    conduct.comment_add(clause=draft.clauses.first(), author=mateo, text="Say who to tell when it happens.")
    vetting.application_submit(
        network=world.network, applicant=mateo, motivation="To learn with other men.", code_number=None,
        declarations=vetting.Declarations(leadership_allegation=False, asked_to_leave=False),
        referees=[vetting.Referee("Women's Shelter", "Ines", "ines@example.org")])
    from holdspace.concerns.services import concern_raise

    Membership.objects.create(user=mateo, organisation=world.harbour, role=Role.PARTNER_REP)
    concern_raise(organisation=world.harbour, partner=mateo, partner_name="Men's Shelter Watch",
                  title="Nobody answered our letter", text="We wrote in May and heard nothing.")
    from holdspace.assessments import services as assessments

    assessments.action_point_create(organisation=world.riverside, actor=world.ada, title="Read the code aloud",
                                    detail="", owner=mateo, due_on=timezone.localdate() + timedelta(days=30),
                                    assessment_round=None)


# The registry.

def test_every_app_that_holds_a_persons_data_tells_accounts(db):
    assert {part.name for part in personal_data()} == {
        "accounts", "keys", "organisations", "reports", "circles", "inventory", "stories", "conduct", "vetting",
        "assessments", "concerns"}
    assert [part.name for part in personal_data()][0] == "accounts"  # his account comes first


# The export.

def test_the_json_export_holds_every_section_and_opens_his_inventory_only_with_his_key(world, extra, caplog):
    caplog.set_level("DEBUG")
    _everything_of_mateo(world, extra)
    locked = _json(_client(world, "mateo"))
    assert {section["key"] for section in locked["sections"]} == SECTIONS
    inventory = _section(locked, "inventory")
    assert "entries" not in inventory["parts"] and inventory["left_out"]
    assert ENTRY_CANARY not in json.dumps(locked)

    opened = _json(_client(world, "mateo", key=True))
    inventory = _section(opened, "inventory")
    assert inventory["left_out"] == []
    texts = [record["text"] for record in inventory["parts"]["entries"]["records"]]
    assert f"{ENTRY_CANARY} what I owe her" in texts and "What I did, and what it did." in texts
    commitments = inventory["parts"]["commitments"]["records"]
    own = next(c for c in commitments if c["text"] == "Ask before I touch anyone's shoulder.")
    assert own["check_in_every"] == "Every week" and own["status"] == "Keeping it"
    assert own["check_ins"]["records"][0]["note"] == "Forgot once on Tuesday."
    assert any(c["circle"] == "Tuesday men's group" for c in commitments)

    account = _section(opened, "account")["parts"]["account"]["records"][0]
    assert account["email"] == "mateo@example.org" and account["two_step"] is False
    stories = {s["title"]: s for s in _section(opened, "stories")["parts"]["stories"]["records"]}
    assert stories["The group chat"]["moderator_note"] == "Please leave out the town."
    assert stories["The group chat"]["pseudonym"] == "Still learning"
    assert stories["The jokes I made at work"]["status"] == "Published"
    assert stories["The jokes I made at work"]["moderator_note"] == ""
    circles = _section(opened, "circles")
    membership = circles["parts"]["memberships"]["records"][0]
    assert membership["status"] == "Member" and membership["circle"] == "Tuesday men's group"
    assert circles["notes"]  # his intake words are sealed to the circle: said, not exported
    assert _section(opened, "conduct")["parts"]["comments"]["records"][0]["text"] == "Say who to tell when it happens."
    assert len(_section(opened, "conduct")["parts"]["signatures"]["records"]) == 1
    application = _section(opened, "vetting")["parts"]["applications"]["records"][0]
    assert application["motivation"] == "To learn with other men."
    assert application["references"]["records"][0]["contact"] == "Ines"
    concern = _section(opened, "concerns")["parts"]["concerns"]["records"][0]
    assert concern["yours"]["records"][0]["text"] == "We wrote in May and heard nothing."
    assert _section(opened, "assessments")["parts"]["action_points"]["records"][0]["title"] == "Read the code aloud"
    roles = _section(opened, "organisations")["parts"]["roles"]["records"]
    assert {(r["organisation"], tuple(r["roles"])) for r in roles} == {
        ("Harbour", ("Partner representative",)), ("Riverside", ("Member",))}
    assert _section(opened, "reports")["notes"]  # reports are read back with their receipt
    assert opened["not_included"]
    # Read in full, and written nowhere: not in the audit log, not in a log line.
    assert ENTRY_CANARY not in caplog.text
    assert not AuditEntry.objects.filter(details__icontains=ENTRY_CANARY).exists()
    assert ENTRY_CANARY not in json.dumps(list(AuditEntry.objects.values_list("details", flat=True)))


def test_an_export_never_holds_a_secret(world, extra):
    from holdspace.accounts.models import Authenticator

    from holdspace.accounts.services import backup_codes_renew

    codes = backup_codes_renew(user=world.ada)
    body = _client(world, "ada", key=True).get(reverse("accounts:export_json")).content.decode()
    assert json.loads(body)["sections"][0]["parts"]["account"]["records"][0]["two_step"] is True
    ada = User.objects.get(pk=world.ada.pk)
    for secret in [ada.password, Authenticator.objects.get(user=ada).key, *codes]:
        assert secret not in body


def test_downloads_are_files_to_keep_never_cached(world, extra):
    client = _client(world, "mateo", key=True)
    for name, kind in (("accounts:export_json", "application/json"), ("accounts:export_html", "text/html")):
        response = client.get(reverse(name))
        assert response["Content-Type"].startswith(kind)
        assert response["Content-Disposition"].startswith("attachment; filename=\"holdspace-2026-06-15.")
        assert "no-store" in response["Cache-Control"]


def test_the_export_asks_first_to_confirm_it_is_him(world, extra):
    client = sign_in(Client(), world.mateo)
    for name in ("accounts:your_data", "accounts:export_json", "accounts:export_html"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sudo"))


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_the_html_download_stands_alone_and_escapes_what_he_wrote(world, extra):
    waiting_story(author=world.mateo, title="<script>alert('x')</script> and <b>bold</b>")
    body = _client(world, "mateo", key=True).get(reverse("accounts:export_html")).content.decode()
    assert body.startswith("<!doctype html>") and '<html lang="en">' in body and '<meta charset="utf-8">' in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; and &lt;b&gt;bold&lt;/b&gt;" in body
    parser = _Tags()
    parser.feed(body)
    assert "script" not in parser.tags and "b" not in parser.tags
    # Nothing is fetched from anywhere when it is opened: no script, stylesheet, image or frame, and a policy
    # that allows only its own inline style.
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(parser.tags)
    assert "default-src 'none'; style-src 'unsafe-inline'" in body
    assert "What I did, and what it did." in body  # his inventory, opened with his key
    assert "Let colleagues finish speaking." in body  # his commitment, with its circle


def test_the_page_says_what_is_left_out_and_offers_to_unlock_his_key(world, extra):
    page = _client(world, "mateo").get(reverse("accounts:your_data"))
    content = page.content.decode()
    assert page.status_code == 200
    assert "Your key is locked, so your inventory is left out" in content
    assert key_url(next_path=reverse("accounts:your_data")).replace("&", "&amp;") in content
    assert "not yours to read" in content  # what is sealed to others, in one sentence
    assert "receipt code" in content  # reports are read back with their receipt
    unlocked = _client(world, "mateo", key=True).get(reverse("accounts:your_data")).content.decode()
    assert "Your key is locked" not in unlocked


def test_the_export_reads_in_spanish(world, extra):
    client = _client(world, "mateo", key=True)
    client.cookies["django_language"] = "es"
    data = _json(client)
    assert data["language"] == "es"
    assert _section(data, "account")["title"] == "Tu cuenta"
    page = client.get(reverse("accounts:your_data")).content.decode()
    assert "Tus datos" in page
    assert "Tu cuenta" in client.get(reverse("accounts:export_html")).content.decode()


def _queries(client, name) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(name)).status_code == 200
    return len(captured)


def test_the_export_costs_the_same_queries_however_much_he_wrote(world, extra):
    _everything_of_mateo(world, extra)  # something of every kind, so every query is made already
    client = _client(world, "mateo", key=True)
    names = ("accounts:your_data", "accounts:export_json", "accounts:export_html")
    before = {name: _queries(client, name) for name in names * 2}  # the second time round, as a page is read again
    private_key = personal_key_unlock(world.mateo, password=PASSWORD)
    for number in range(5):
        entry_write(owner=world.mateo, private_key=private_key, prompt="one-harm", title=f"Entry {number}",
                    text="Another thing I did.", tags="more")
        commitment = commitment_make(owner=world.mateo, text=f"Commitment {number}", check_in_every="week")
        commitment_check_in(commitment=commitment, user=world.mateo, private_key=private_key, outcome="kept",
                            note="")
        published_story(world, author=world.mateo, title=f"Story number {number}")
    after = {name: _queries(client, name) for name in names}
    assert after == before
    assert max(after.values()) <= 32  # one query for each kind of thing kept of him


# Deleting an account.

def _delete(client, *, password=PASSWORD, confirm=True):
    data = {"password": password}
    if confirm:
        data["confirm"] = "on"
    return client.post(reverse("accounts:delete"), data)


def test_the_page_lists_what_deleting_would_do_with_counts_and_flags_what_stays_behind(world, extra):
    felix = world.felix
    library.exercise_create(organisation=world.riverside, actor=felix, draft=library.ExerciseDraft(
        title="Kept to myself", kind="reflection", duration_minutes=10, language="en", purpose="", materials="",
        steps="", notes="", shared=False))
    content = sign_in(Client(), felix).get(reverse("accounts:delete")).content.decode()
    assert "You alone facilitate Tuesday men&#x27;s group" in content
    assert "Only you hold the key of Tuesday men&#x27;s group" in content
    assert "The exercise you shared stays in your organisation&#x27;s library" in content
    assert "The exercise you kept to yourself is deleted." in content
    assert "The action point you own stays with its organisation" in content
    assert "Your roles in 1 organisation end: Riverside." in content
    assert 'name="password"' in content and 'name="confirm"' in content


@pytest.mark.parametrize(("name", "words"), [
    ("nadia", "An organisation needs at least one administrator."),  # the network's only administrator
    ("hana", "You hold the only key to some open cases"),  # the case about Otto is sealed to her alone
])
def test_what_must_be_settled_first_is_said_and_the_account_stays(world, extra, name, words):
    client = sign_in(Client(), world.people[name])
    page = client.get(reverse("accounts:delete")).content.decode()
    assert words in page and 'name="password"' not in page
    refused = _delete(client)
    assert refused.status_code == 400 and words in refused.content.decode()
    assert User.objects.filter(pk=world.people[name].pk).exists()
    assert not AuditEntry.objects.filter(action="account.deleted").exists()
    with pytest.raises(Refusal):
        user_delete(world.people[name], password=PASSWORD)


def test_an_administrator_leaving_meanwhile_is_caught_when_the_rows_go(world, extra):
    """The check before deleting is made again with the organisations locked, inside the deletion."""
    from holdspace.organisations.personal_data import PART

    with pytest.raises(Refusal) as refused:
        PART.before_delete(world.nadia)
    assert refused.value.code == "last_administrator"


def test_password_tries_are_limited(world, extra):
    client = sign_in(Client(), world.mateo)
    statuses = [_delete(client, password="guess").status_code for _ in range(6)]
    assert statuses == [400] * 5 + [429]
    assert "Too many attempts." in _delete(client).content.decode()  # even the right one waits now
    assert User.objects.filter(pk=world.mateo.pk).exists()


def test_the_confirmation_is_only_for_the_browser_that_deleted_an_account(world, extra):
    assert Client().get(reverse("accounts:deleted"))["Location"] == reverse("site:landing")
    assert sign_in(Client(), world.rosa).get(reverse("accounts:deleted")).status_code == 302


def test_a_wrong_password_or_no_tick_deletes_nothing(world, extra):
    client = sign_in(Client(), world.mateo)
    wrong = _delete(client, password="not my password")
    assert wrong.status_code == 400 and "That is not your password. Nothing was deleted." in wrong.content.decode()
    unticked = _delete(client, confirm=False)
    assert unticked.status_code == 400 and "Tick the box to delete your account for good." in unticked.content.decode()
    assert User.objects.filter(pk=world.mateo.pk).exists()


def _rows_of(user_id: int) -> dict[str, int]:
    """Every row any model ties to this person by a foreign key."""
    found = {}
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (field.concrete and field.is_relation and (field.many_to_one or field.one_to_one)
                    and field.related_model is user_model):
                count = model._default_manager.filter(**{field.name: user_id}).count()
                if count:
                    found[f"{model._meta.label}.{field.name}"] = count
    return found


def test_deleting_him_leaves_none_of_his_rows_and_touches_nobody_elses(world, extra):
    _everything_of_mateo(world, extra)
    harrys_story, _ = published_story(world, author=world.harry, title="What I laughed at")
    mateo_id, stories = world.mateo.pk, list(Story.objects.filter(author=world.mateo).values_list("pk", flat=True))
    assert len(_rows_of(mateo_id)) >= 12  # he has something in every app
    cases, case_keys = Case.objects.count(), CaseKey.objects.count()
    client = sign_in(Client(), world.mateo)
    done = _delete(client)
    assert done.status_code == 302 and done["Location"] == reverse("accounts:deleted")
    assert "Your account is deleted" in client.get(done["Location"]).content.decode()
    assert client.get(reverse("site:dashboard"))["Location"].startswith(reverse("accounts:login"))

    assert not User.objects.filter(pk=mateo_id).exists()
    assert _rows_of(mateo_id) == {}
    assert not User.objects.filter(email="mateo@example.org").exists()
    assert not set(search.matching_ids("jokes")) & set(stories)  # his published story left the search too
    # Nobody else's: cases and their keys, Harry's story, Rosa's request and application, Felix's circle.
    assert (Case.objects.count(), CaseKey.objects.count()) == (cases, case_keys)
    assert Story.objects.filter(pk=harrys_story.pk, status=Story.Status.PUBLISHED).exists()
    assert harrys_story.pk in search.matching_ids("laughed")
    assert world.rosa.circle_memberships.count() == 1 and world.rosa.network_applications.count() == 1
    assert Circle.objects.get(pk=extra["circle"].pk).facilitators.get() == world.felix
    entry = AuditEntry.objects.get(action="account.deleted")
    assert (entry.actor_id, entry.target_id) == (mateo_id, str(mateo_id))
    assert entry.details["inventory_entries"] == 2 and entry.details["commitments"] == 3  # two in the test world
    assert "mateo" not in json.dumps(entry.details).lower()
    from holdspace.audit.selectors import audit_chain_verify

    assert audit_chain_verify().intact


def test_deleting_a_facilitator_leaves_his_circle_and_shared_work_without_him(world, extra):
    felix, felix_id = world.felix, world.felix.pk
    kept = library.exercise_create(organisation=world.riverside, actor=felix, draft=library.ExerciseDraft(
        title="Kept to myself", kind="reflection", duration_minutes=10, language="en", purpose="", materials="",
        steps="", notes="", shared=False))
    user_delete(felix, password=PASSWORD)
    circle = Circle.objects.get(pk=extra["circle"].pk)
    assert not circle.facilitators.exists() and not circle.keys.exists()
    assert circle.members.filter(user=world.mateo).exists()
    assert Exercise.objects.get(pk=extra["circles"].exercise.pk).author is None  # shared: stays in the library
    assert not Exercise.objects.filter(pk=kept.pk).exists()
    point = extra["action_point"]
    point.refresh_from_db()
    assert point.owner is None  # stays with Riverside, waiting for a new owner
    assert _rows_of(felix_id) == {}


def test_deleting_a_handler_who_shares_his_cases_lets_his_colleagues_keep_them(world, extra):
    otto_id = world.otto.pk
    about_rick, about_otto = extra["respondent_case"], extra["case"]
    user_delete(world.otto, password=PASSWORD)
    assert set(CaseKey.objects.filter(case=about_rick).values_list("user_id", flat=True)) == {world.hana.pk}
    about_otto.refresh_from_db()
    assert about_otto.has_respondent and respondent_of(about_otto) is None  # his tag names no account now
    assert _rows_of(otto_id) == {}
    ended = AuditEntry.objects.get(action="membership.roles_changed", actor_id=otto_id)
    assert ended.organisation_id == world.riverside.pk and ended.details["account_deleted"] is True
    assert ended.details["removed"] == ["case_handler", "member", "org_admin"]


def test_deleting_a_partner_leaves_her_concern_on_the_register(world, extra):
    concern = extra["concern"]
    user_delete(world.priya, password=PASSWORD)
    concern = Concern.objects.get(pk=concern.pk)
    assert concern.raised_by is None and concern.entries.get().author is None
