"""The code of conduct through its services: the starter code, participatory drafting,
versions that everyone signs again, signing for a network's member organisations, and diffs."""
import re
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from holdspace.audit.models import AuditEntry
from holdspace.conduct import services
from holdspace.conduct.models import ClauseComment, CodeVersion, Signature
from holdspace.conduct.refusals import REFUSALS
from holdspace.web.refusals import Refusal, refusal_message

pytestmark = pytest.mark.django_db


@contextmanager
def _refused(code: str):
    """The block is refused, for this reason."""
    with pytest.raises(Refusal) as refused:
        yield refused
    assert refused.value.code == code


def _published(world, organisation=None, language="en"):
    organisation = organisation or world.riverside
    draft = services.draft_start(organisation=organisation, actor=world.ada, language=language)
    return services.publish(draft=draft, actor=world.ada, change_note="First version.")


def test_the_starter_code_is_offered_in_both_languages():
    english, spanish = services.starter_clauses("en"), services.starter_clauses("es")
    assert len(english) == len(spanish) >= 6
    assert all(title and len(text) > 80 for title, text in english + spanish)
    assert english[0][0] != spanish[0][0]
    assert services.starter_clauses("xx") == english


def test_drafting_with_comments_then_publishing_version_one(world):
    draft = services.draft_start(organisation=world.riverside, actor=world.ada, language="es")
    assert [c.title for c in draft.clauses.all()] == [title for title, _ in services.starter_clauses("es")]
    with _refused("draft_open"):
        services.draft_start(organisation=world.riverside, actor=world.ada, language="en")  # one draft at a time
    first = draft.clauses.first()
    with _refused("comments_closed"):
        services.comment_add(clause=first, author=world.mateo, text="Too early")  # comments not open yet
    with _refused("period_past"):
        services.comments_open(draft=draft, actor=world.ada, until=timezone.now() - timedelta(days=1))
    services.comments_open(draft=draft, actor=world.ada, until=timezone.now() + timedelta(days=14))
    comment = services.comment_add(clause=first, author=world.mateo, text="  Name the board explicitly.  ")
    assert comment.text == "Name the board explicitly."
    with _refused("may_not_comment"):
        services.comment_add(clause=first, author=world.harry, text="Not my organisation")
    # The administrator revises: the first clause moves to the end and keeps its comment; the second is
    # removed, with its comment; a clause is added.
    services.comment_add(clause=draft.clauses.get(position=2), author=world.mateo, text="Drop this one.")
    clauses = [services.ClauseText(c.title, c.text, c.pk) for c in draft.clauses.all()]
    moved = services.ClauseText(clauses[0].title, clauses[0].text + " Incluida la junta directiva.", first.pk)
    services.clauses_save(draft=draft, actor=world.ada, clauses=clauses[2:] + [
        moved, services.ClauseText("Revisión", "Lo revisamos cada año.")])
    assert list(draft.clauses.values_list("title", flat=True))[-2:] == [moved.title, "Revisión"]
    assert draft.clauses.get(title=moved.title).comments.get() == comment
    assert not ClauseComment.objects.filter(text="Drop this one.").exists()
    assert AuditEntry.objects.filter(action="conduct.draft_revised").get().details["comments_removed"] == 1
    version = services.publish(draft=draft, actor=world.ada, change_note="Con los comentarios de los miembros.")
    assert (version.number, version.status, version.comments_close_at) == (1, CodeVersion.Status.PUBLISHED, None)
    assert services.in_force(world.riverside) == version and services.draft_of(world.riverside) is None
    with _refused("draft_gone"):
        services.clauses_save(draft=version, actor=world.ada, clauses=[services.ClauseText("x", "y")])  # a published version is fixed
    actions = list(AuditEntry.objects.filter(organisation_id=world.riverside.pk).values_list("action", flat=True))
    assert actions[-6:] == ["conduct.draft_started", "conduct.comments_opened", "conduct.commented",
                            "conduct.commented", "conduct.draft_revised", "conduct.published"]


def test_a_new_version_asks_everyone_to_sign_again_and_keeps_the_old_signatures(world):
    first = _published(world)
    services.sign(version=first, person=world.mateo)
    with _refused("already_signed"):
        services.sign(version=first, person=world.mateo)  # once
    with _refused("not_bound"):
        services.sign(version=first, person=world.harry)  # not a member here
    state = services.signing_state(first)
    assert world.mateo not in state.unsigned_people and world.ada in state.unsigned_people
    assert (state.people_total, state.people_signed) == (7, 1)  # Riverside's seven, partners excluded
    assert world.priya not in state.unsigned_people  # partners sign nothing
    draft = services.draft_start(organisation=world.riverside, actor=world.ada, language="en")
    services.clauses_save(draft=draft, actor=world.ada,
                          clauses=[services.ClauseText(c.title, c.text, c.pk) for c in draft.clauses.all()][:-1])
    second = services.publish(draft=draft, actor=world.ada, change_note="Shorter.")
    first.refresh_from_db()
    assert second.number == 2 and first.status == CodeVersion.Status.SUPERSEDED
    assert world.mateo in services.signing_state(second).unsigned_people
    assert Signature.objects.filter(version=first, person=world.mateo).exists()  # history kept
    with _refused("not_in_force"):
        services.sign(version=first, person=world.ada)  # only the version in force
    changes = services.compare(first, newer=second)
    assert [change.kind for change in changes] == ["same"] * (len(changes) - 1) + ["removed"]


def test_compare_shows_changed_lines(world):
    first = _published(world)
    draft = services.draft_start(organisation=world.riverside, actor=world.ada, language="en")
    clauses = [services.ClauseText(c.title, c.text, c.pk) for c in draft.clauses.all()]
    clauses[1] = services.ClauseText(clauses[1].title, "We never touch anyone without their clear agreement.",
                                     clauses[1].clause_id)
    services.clauses_save(draft=draft, actor=world.ada,
                          clauses=clauses + [services.ClauseText("Review", "We review this code yearly.")])
    second = services.publish(draft=draft, actor=world.ada, change_note="Plainer.")
    changes = {change.title: change for change in services.compare(first, newer=second)}
    changed = changes[clauses[1].title]
    assert changed.kind == "changed"
    assert "+We never touch anyone without their clear agreement." in changed.lines
    assert any(line.startswith("-We do not harass") for line in changed.lines)
    assert changes["Review"].kind == "added"


def test_a_network_code_is_signed_by_each_member_organisation_through_its_administrator(world):
    network_code = _published(world, organisation=world.network)
    with _refused("not_organisation_admin"):
        services.sign_for_organisation(version=network_code, organisation=world.riverside, actor=world.mateo)
    services.sign_for_organisation(version=network_code, organisation=world.riverside, actor=world.ada)
    with _refused("already_signed"):
        services.sign_for_organisation(version=network_code, organisation=world.riverside, actor=world.otto)
    state = services.signing_state(network_code)
    assert state.signed_organisations == [world.riverside] and state.unsigned_organisations == [world.harbour]
    with _refused("not_member_organisation"):
        services.sign_for_organisation(version=_published(world), organisation=world.harbour, actor=world.ada)


def test_the_code_page_shows_the_version_signs_it_and_tells_the_administrator_who_has_not(world, client_for):
    from django.urls import reverse

    version = _published(world)
    page = client_for("mateo").get(reverse("conduct:code", args=[world.riverside.slug])).content.decode()
    assert services.starter_clauses("en")[0][0] in page and "I have read this code and sign it" in page
    assert "Not signed yet" not in page  # only administrators see who has not signed
    stale = client_for("mateo").post(reverse("conduct:sign", args=[world.riverside.slug]), {"version": "99"})
    assert stale.status_code == 302 and not Signature.objects.exists()
    client_for("mateo").post(reverse("conduct:sign", args=[world.riverside.slug]), {"version": str(version.number)})
    assert Signature.objects.get().person == world.mateo
    client_for("priya").post(reverse("conduct:sign", args=[world.riverside.slug]), {"version": str(version.number)})
    assert Signature.objects.count() == 1  # a partner representative is not asked to sign
    admin_page = client_for("ada", sudo=True).get(reverse("conduct:code", args=[world.riverside.slug])).content.decode()
    assert "Not signed yet" in admin_page and "Ada" in admin_page and "Priya" not in admin_page
    assert "1 of 7 people have signed this version." in admin_page  # Riverside's seven, not its partner


def test_two_administrators_starting_a_draft_at_once_get_one_draft_and_a_clear_message(world, monkeypatch):
    # The second one checked before the first one's draft existed: the database's constraint decides.
    monkeypatch.setattr(services, "draft_of", lambda organisation: None)
    services.draft_start(organisation=world.riverside, actor=world.ada, language="en")
    with _refused("draft_open") as refused:
        services.draft_start(organisation=world.riverside, actor=world.otto, language="en")
    assert "A draft is already open" in refusal_message(refused.value, messages=REFUSALS)
    assert CodeVersion.objects.filter(organisation=world.riverside).count() == 1


def test_administrators_read_the_first_names_of_who_has_not_signed_and_how_many_more(world, monkeypatch):
    version = _published(world)
    monkeypatch.setattr(services, "UNSIGNED_SHOWN", 3)
    services.sign(version=version, person=world.ada)
    state = services.signing_state(version)
    assert [user.display_name for user in state.unsigned_people] == ["Felix", "Hana", "Mateo"]
    assert (state.people_total, state.people_signed, state.unsigned_not_shown) == (7, 1, 3)


def test_a_partner_trying_to_sign_is_told_his_signature_is_not_needed(world, client_for):
    from django.urls import reverse

    version = _published(world)
    refused = client_for("priya").post(reverse("conduct:sign", args=[world.riverside.slug]),
                                       {"version": str(version.number)}, follow=True)
    assert "Your signature is not needed" in refused.content.decode() and not Signature.objects.exists()


def test_every_refusal_of_the_conduct_services_has_words():
    source = "".join(path.read_text() for path in Path(services.__file__).parent.glob("*.py"))
    codes = set(re.findall(r'Refusal\(\s*"(\w+)"', source))
    assert codes and codes <= set(REFUSALS)


def test_the_home_lists_codes_to_sign_by_organisation_and_network_with_the_organisations_it_was_given(world):
    from holdspace.organisations.models import Membership, NetworkMembership, Organisation, Role

    alpha = Organisation.objects.create(name="Alpha Network", slug="alpha", kind=Organisation.Kind.NETWORK)
    aardvark = Organisation.objects.create(name="Aardvark", slug="aardvark")
    Membership.objects.create(user=world.ada, organisation=aardvark, role=Role.ORG_ADMIN)
    for network in (alpha, world.network):
        NetworkMembership.objects.get_or_create(network=network, organisation=aardvark)
    NetworkMembership.objects.create(network=alpha, organisation=world.riverside)
    for organisation in (alpha, world.network, aardvark, world.riverside):
        _published(world, organisation)
    administered = [aardvark, world.riverside]  # as the home reads them: by name
    links = services.organisations_awaiting_signature(organisations=administered)
    assert [(link.network.name, link.organisation.name) for link in links] == [
        ("Alpha Network", "Aardvark"), ("Alpha Network", "Riverside"), ("Test Network", "Aardvark"),
        ("Test Network", "Riverside")]
    assert all(link.organisation in administered for link in links)  # no second read of them
    services.sign_for_organisation(version=services.in_force(alpha), organisation=world.riverside, actor=world.ada)
    assert [(link.network.name, link.organisation.name) for link in services.organisations_awaiting_signature(
        organisations=administered)] == [("Alpha Network", "Aardvark"), ("Test Network", "Aardvark"),
                                         ("Test Network", "Riverside")]
    versions = services.awaiting_signature(person=world.ada, organisations=administered)
    assert [version.organisation.name for version in versions] == ["Aardvark", "Riverside"]
    services.sign(version=versions[1], person=world.ada)
    assert [v.organisation for v in services.awaiting_signature(person=world.ada, organisations=administered)] \
        == [aardvark]
    assert services.awaiting_signature(person=world.ada, organisations=[]) == []
    assert services.organisations_awaiting_signature(organisations=[]) == []
