"""The code of conduct's pages: drafting with members' comments, publishing, versions and what changed, signing
for a network's member organisation, and bad input that keeps what was typed."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from holdspace.conduct import services
from holdspace.conduct.models import ClauseComment, CodeVersion, Signature

pytestmark = pytest.mark.django_db


def _clauses_post(pairs, *, initial=0, order=None, ids=()):
    data = {"form-TOTAL_FORMS": str(len(pairs)), "form-INITIAL_FORMS": str(initial),
            "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000"}
    for index, (title, text) in enumerate(pairs):
        data[f"form-{index}-clause_id"] = str(ids[index]) if index < len(ids) else ""
        data[f"form-{index}-title"] = title
        data[f"form-{index}-text"] = text
        data[f"form-{index}-ORDER"] = str(order[index] if order else index + 1)
    return data


def test_an_administrator_drafts_from_the_starter_asks_for_comments_and_publishes(world, client_for):
    admin = client_for("ada")
    draft_url = reverse("conduct:draft", args=[world.riverside.slug])
    page = admin.get(draft_url)
    assert b"Start the draft" in page.content and b"start_from" not in page.content  # nothing to revise yet
    admin.post(reverse("conduct:draft_start", args=[world.riverside.slug]), {"language": "en"})
    draft = services.draft_of(world.riverside)
    starter = services.starter_clauses("en")
    assert draft.clauses.count() == len(starter)

    # Reordered, one clause rewritten, one added in the empty row at the end.
    pairs = [(title, text) for title, text in starter]
    pairs[0] = (pairs[0][0], pairs[0][1] + " This includes the board.")
    order = list(range(1, len(pairs) + 1))
    order[0], order[1] = 2, 1
    pairs.append(("Reviewing this code", "We read this code together every year and change what did not work."))
    order.append(len(pairs))
    response = admin.post(draft_url, _clauses_post(pairs, initial=len(starter), order=order))
    assert response.status_code == 302
    titles = list(draft.clauses.values_list("title", flat=True))
    assert titles[:2] == [starter[1][0], starter[0][0]] and titles[-1] == "Reviewing this code"
    assert draft.clauses.get(title=starter[0][0]).text.endswith("This includes the board.")

    period = reverse("conduct:draft_comments", args=[world.riverside.slug])
    past = admin.post(period, {"until": (timezone.localdate() - timedelta(days=1)).isoformat()})
    assert past.status_code == 400 and b"Choose a day after today." in past.content
    admin.post(period, {"until": (timezone.localdate() + timedelta(days=10)).isoformat()})
    draft.refresh_from_db()
    assert services.comments_are_open(draft)

    # A member comments on the second clause; an empty comment is refused without losing the other clauses.
    member = client_for("mateo")
    comments_url = reverse("conduct:comments", args=[world.riverside.slug])
    assert starter[0][0].encode() in member.get(comments_url).content
    empty = member.post(comments_url, {"clause": "2", "c2-text": "   "})
    assert empty.status_code == 400 and b"Please fill this in." in empty.content
    member.post(comments_url, {"clause": "2", "c2-text": "Say who to go to when the problem is the director."})
    comment = ClauseComment.objects.get()
    assert (comment.clause.position, comment.author) == (2, world.mateo)
    assert b"Say who to go to when the problem is the director." in admin.get(draft_url).content

    publish = reverse("conduct:draft_publish", args=[world.riverside.slug])
    no_note = admin.post(publish, {"change_note": ""})
    assert no_note.status_code == 400 and services.in_force(world.riverside) is None
    admin.post(publish, {"change_note": "Written with everyone's comments."})
    version = services.in_force(world.riverside)
    assert (version.number, version.change_note) == (1, "Written with everyone's comments.")
    assert b"Version 1" in member.get(reverse("conduct:versions", args=[world.riverside.slug])).content


def test_clauses_with_errors_come_back_as_typed(world, client_for):
    services.draft_start(organisation=world.riverside, actor=world.ada, language="en")
    admin = client_for("ada")
    url = reverse("conduct:draft", args=[world.riverside.slug])
    pairs = [("", "A clause whose title was forgotten, with words worth keeping."), ("Respect", "x" * 5000)]
    response = admin.post(url, _clauses_post(pairs, initial=2))
    assert response.status_code == 400
    assert b"A clause whose title was forgotten, with words worth keeping." in response.content
    assert b"Please fill this in." in response.content
    assert b"This can be at most 4000 characters long, and it has 5000." in response.content
    assert services.draft_of(world.riverside).clauses.count() == len(services.starter_clauses("en"))
    everything_deleted = _clauses_post([("One", "Text")], initial=1)
    everything_deleted["form-0-DELETE"] = "on"
    refused = admin.post(url, everything_deleted)
    assert refused.status_code == 400 and b"A code needs at least one clause." in refused.content


def test_an_expired_draft_form_comes_back_filled_in(world):
    from django.test import Client

    from tests.conftest import sign_in

    services.draft_start(organisation=world.riverside, actor=world.ada, language="en")
    client = sign_in(Client(enforce_csrf_checks=True), world.ada)
    response = client.post(reverse("conduct:draft", args=[world.riverside.slug]),
                           _clauses_post([("Care", "Words written over a long afternoon.")], initial=1))
    assert response.status_code == 403
    assert b"Words written over a long afternoon." in response.content
    assert b"was not saved" in response.content


def test_a_version_page_shows_what_changed_since_the_one_before(world, client_for):
    first = services.publish(draft=services.draft_start(organisation=world.riverside, actor=world.ada,
                                                        language="en"), actor=world.ada, change_note="First.")
    draft = services.draft_start(organisation=world.riverside, actor=world.ada, language="en")
    clauses = [services.ClauseText(c.title, c.text, c.pk) for c in draft.clauses.all()]
    clauses[0] = services.ClauseText(clauses[0].title, "An entirely new first clause text.", clauses[0].clause_id)
    services.clauses_save(draft=draft, actor=world.ada, clauses=clauses[:-1])
    services.publish(draft=draft, actor=world.ada, change_note="Second.")
    page = client_for("mateo").get(reverse("conduct:version", args=[world.riverside.slug, 2]))
    assert b"What changed since version 1" in page.content
    assert b"<ins>+An entirely new first clause text.</ins>" in page.content
    assert b"clause removed" in page.content
    first.refresh_from_db()
    assert first.status == CodeVersion.Status.SUPERSEDED
    assert client_for("mateo").get(reverse("conduct:version", args=[world.riverside.slug, 3])).status_code == 404
    assert client_for("harry").get(reverse("conduct:version", args=[world.riverside.slug, 1])).status_code == 404


def test_a_member_organisation_signs_its_networks_code_through_an_administrator(world, client_for):
    network_code = services.publish(draft=services.draft_start(organisation=world.network, actor=world.nadia,
                                                               language="en"), actor=world.nadia, change_note="")
    admin = client_for("ada")
    page = admin.get(reverse("conduct:network_codes", args=[world.riverside.slug]))
    assert b"Test Network" in page.content and b"Sign on behalf of Riverside" in page.content
    sign = reverse("conduct:sign_for_network", args=[world.riverside.slug, world.network.slug])
    admin.post(sign, {"version": "7"})  # a page showing another version signs nothing
    assert not Signature.objects.exists()
    admin.post(sign, {"version": str(network_code.number)})
    signature = Signature.objects.get()
    assert (signature.on_behalf_of, signature.signed_by, signature.person) == (world.riverside, world.ada, None)
    assert b"Signed on" in admin.get(reverse("conduct:network_codes", args=[world.riverside.slug])).content
    # The network's administrator sees which member organisations have signed.
    network_page = client_for("nadia").get(reverse("conduct:code", args=[world.network.slug]))
    assert b"Riverside: signed" in network_page.content and b"Harbour: not signed yet" in network_page.content
    other = reverse("conduct:sign_for_network", args=[world.riverside.slug, "harbour"])
    assert admin.post(other, {"version": "1"}).status_code == 404  # not a network Riverside belongs to


def test_the_dashboard_asks_to_sign_a_new_version(world, client_for):
    services.publish(draft=services.draft_start(organisation=world.riverside, actor=world.ada, language="en"),
                     actor=world.ada, change_note="")
    assert b"A code of conduct to sign" in client_for("mateo").get(reverse("site:dashboard")).content
    assert b"A code of conduct to sign" not in client_for("priya").get(reverse("site:dashboard")).content
    services.sign(version=services.in_force(world.riverside), person=world.mateo)
    assert b"A code of conduct to sign" not in client_for("mateo").get(reverse("site:dashboard")).content


def test_comments_are_closed_to_members_before_the_period_and_after_it(world, client_for):
    draft = services.draft_start(organisation=world.riverside, actor=world.ada, language="en")
    url = reverse("conduct:comments", args=[world.riverside.slug])
    assert client_for("mateo").get(url).status_code == 404  # still the administrators' work in progress
    services.comments_open(draft=draft, actor=world.ada, until=timezone.now() + timedelta(days=3))
    CodeVersion.objects.filter(pk=draft.pk).update(comments_close_at=timezone.now() - timedelta(minutes=1))
    closed = client_for("mateo").post(url, {"clause": "1", "c1-text": "Late words"})
    assert closed.status_code == 400 and b"Comments on this draft are closed." in closed.content
    assert b"Late words" in closed.content and not ClauseComment.objects.exists()
    assert client_for("mateo").post(url, {"clause": "99", "c99-text": "x"}).status_code == 404


def test_a_comment_follows_its_clause_when_the_administrator_reorders_and_removes_clauses(world, client_for):
    draft = services.draft_start(organisation=world.riverside, actor=world.ada, language="en")
    services.comments_open(draft=draft, actor=world.ada, until=timezone.now() + timedelta(days=5))
    clauses = list(draft.clauses.all())
    services.comment_add(clause=clauses[2], author=world.mateo, text="About the third clause.")
    # The first clause is deleted and the third moved to the top; a junk id makes a row a new clause.
    pairs = [(c.title, c.text) for c in clauses]
    data = _clauses_post(pairs, initial=len(pairs), order=[9, 2, 1, *range(3, len(pairs))],
                         ids=[c.pk for c in clauses[:-1]] + ["x1"])
    data["form-0-DELETE"] = "on"
    response = client_for("ada").post(reverse("conduct:draft", args=[world.riverside.slug]), data)
    assert response.status_code == 302
    third = draft.clauses.get(position=1)
    assert third.title == clauses[2].title and third.comments.get().text == "About the third clause."
    assert not draft.clauses.filter(title=clauses[0].title).exists()
    assert draft.clauses.get(title=clauses[-1].title).pk != clauses[-1].pk  # the junk id made it new
    page = client_for("ada").get(reverse("conduct:draft", args=[world.riverside.slug])).content.decode()
    assert page.index("About the third clause.") < page.index(clauses[1].text[:40])


def test_member_organisations_administrators_comment_on_a_networks_draft_and_are_asked_to_sign(world, client_for):
    draft = services.draft_start(organisation=world.network, actor=world.nadia, language="en")
    services.comments_open(draft=draft, actor=world.nadia, until=timezone.now() + timedelta(days=5))
    url = reverse("conduct:comments", args=[world.network.slug])
    assert client_for("mateo").get(url).status_code == 404  # a member of a member organisation, not its admin
    assert client_for("rosa").get(url).status_code == 404
    admin = client_for("ada")
    assert b"is drafting a new version" in admin.get(reverse("conduct:network_codes",
                                                             args=[world.riverside.slug])).content
    assert b"as an administrator of one of its member organisations" in admin.get(url).content
    admin.post(url, {"clause": "1", "c1-text": "Say how member organisations report a leader."})
    assert ClauseComment.objects.get().author == world.ada
    services.publish(draft=draft, actor=world.nadia, change_note="")
    dashboard = admin.get(reverse("site:dashboard")).content.decode()
    assert "Test Network's code of conduct, to sign on behalf of Riverside" in dashboard
    services.sign_for_organisation(version=services.in_force(world.network), organisation=world.riverside,
                                   actor=world.otto)
    assert "to sign on behalf of" not in admin.get(reverse("site:dashboard")).content.decode()


def test_a_comment_sent_after_the_form_expired_comes_back_under_its_clause(world):
    from django.test import Client

    from tests.conftest import sign_in

    draft = services.draft_start(organisation=world.riverside, actor=world.ada, language="en")
    services.comments_open(draft=draft, actor=world.ada, until=timezone.now() + timedelta(days=5))
    client = sign_in(Client(enforce_csrf_checks=True), world.mateo)
    response = client.post(reverse("conduct:comments", args=[world.riverside.slug]),
                           {"clause": "3", "c3-text": "Words about the third clause."})
    assert response.status_code == 403
    page = response.content.decode()
    assert 'id="clause-3"' in page and "Words about the third clause." in page.split('id="clause-3"')[1]
    assert not ClauseComment.objects.exists()
