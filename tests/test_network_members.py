"""A network acts on a member organisation: it suspends one (listed and marked, with a reason its administrators
read, until the network lifts it) or ends its membership (the link goes, the record of when, by whom and why
stays). Either way its people keep their data and can still report."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from holdspace.accountability.overview import NOT_SIGNED, network_overview
from holdspace.audit.models import AuditEntry
from holdspace.conduct import services as conduct
from holdspace.organisations import selectors, services
from holdspace.organisations.models import NetworkMembership, NetworkSanction, Organisation
from holdspace.organisations.refusals import REFUSALS
from holdspace.web.refusals import Refusal

pytestmark = pytest.mark.django_db

REASON = "Two members of its staff made sexist remarks at the regional meeting; it has not answered our letter."


def _suspend(world, organisation=None, **more):
    return services.network_member_suspend(network=world.network, organisation=organisation or world.riverside,
                                           reason=more.pop("reason", REASON), actor=more.pop("actor", world.nadia),
                                           **more)


def _refused(code, act, *args, **kwargs):
    with pytest.raises(Refusal) as refused:
        act(*args, **kwargs)
    assert refused.value.code == code
    assert code in REFUSALS


def test_a_suspension_keeps_the_member_listed_and_marked_with_its_reason_until_it_is_lifted(world, clock):
    sanction = _suspend(world)
    link = NetworkMembership.objects.get(network=world.network, organisation=world.riverside)
    assert link.suspension == sanction and link.is_suspended
    assert (sanction.kind, sanction.reason, sanction.decided_by, sanction.decided_at) == (
        NetworkSanction.Kind.SUSPENSION, REASON, world.nadia, timezone.now())
    assert sanction.member_since == link.joined_at
    listed = {link.organisation.slug: link for link in selectors.network_member_organisations(network=world.network)}
    assert set(listed) == {"riverside", "harbour"}
    assert listed["riverside"].suspension.reason == REASON and listed["harbour"].suspension is None
    assert [s.pk for s in selectors.sanctions_of_member(organisation=world.riverside)] == [sanction.pk]
    assert selectors.sanctions_of_member(organisation=world.harbour) == []

    clock.shift(timedelta(days=10))
    lifted = services.network_member_suspension_lift(network=world.network, organisation=world.riverside,
                                                     actor=world.nadia)
    link.refresh_from_db()
    assert link.suspension is None
    assert (lifted.ended_at, lifted.ended_by) == (timezone.now(), world.nadia)
    assert selectors.sanctions_of_member(organisation=world.riverside) == []
    # The record stays: the network's history shows the suspension, with when it ended.
    assert [s.pk for s in selectors.network_sanctions(network=world.network)] == [sanction.pk]
    # Suspended again later: a new record, the old one kept.
    again = _suspend(world, reason="Again.")
    assert NetworkSanction.objects.filter(organisation=world.riverside).count() == 2 and again.pk != sanction.pk


def test_refusals_each_with_its_code_and_nothing_written(world):
    _refused("reason_missing", _suspend, world, reason="   ")
    _refused("reason_too_long", _suspend, world, reason="x" * 4001)
    _refused("not_network_admin", _suspend, world, actor=world.ada)  # the member's own administrator
    _refused("not_network_admin", _suspend, world, actor=world.mateo)
    outsider = Organisation.objects.create(name="Elsewhere", slug="elsewhere")
    _refused("not_a_member", _suspend, world, organisation=outsider)
    _refused("not_a_network", services.network_member_suspend, network=world.riverside,
             organisation=world.harbour, reason=REASON, actor=world.ada)
    _refused("not_suspended", services.network_member_suspension_lift, network=world.network,
             organisation=world.riverside, actor=world.nadia)
    assert not NetworkSanction.objects.exists() and not AuditEntry.objects.filter(
        action__startswith="network.member_").exists()
    _suspend(world)
    _refused("already_suspended", _suspend, world)
    _refused("reason_missing", services.network_member_expel, network=world.network, organisation=world.riverside,
             reason="", actor=world.nadia)
    services.network_member_expel(network=world.network, organisation=world.riverside, reason=REASON,
                                  actor=world.nadia)
    _refused("not_a_member", _suspend, world)
    _refused("not_a_member", services.network_member_expel, network=world.network, organisation=world.riverside,
             reason=REASON, actor=world.nadia)


def test_an_expulsion_ends_the_membership_and_keeps_the_record(world, clock):
    joined = NetworkMembership.objects.get(organisation=world.riverside).joined_at
    suspension = _suspend(world)
    clock.shift(timedelta(days=30))
    expulsion = services.network_member_expel(network=world.network, organisation=world.riverside,
                                              reason="It did not answer in thirty days.", actor=world.nadia)
    assert not NetworkMembership.objects.filter(network=world.network, organisation=world.riverside).exists()
    suspension.refresh_from_db()
    assert (suspension.ended_at, suspension.ended_by) == (timezone.now(), world.nadia)
    assert (expulsion.kind, expulsion.member_since, expulsion.decided_by, expulsion.reason) == (
        NetworkSanction.Kind.EXPULSION, joined, world.nadia, "It did not answer in thirty days.")
    assert [s.pk for s in selectors.network_sanctions(network=world.network)] == [expulsion.pk, suspension.pk]
    assert [s.pk for s in selectors.sanctions_of_member(organisation=world.riverside)] == [expulsion.pk]
    # Its people keep their roles and its own organisation stays whole.
    assert world.riverside.memberships.count() > 0 and Organisation.objects.filter(pk=world.riverside.pk).exists()
    # Taken back later (after a new application): the old expulsion no longer shows on its home.
    services.network_member_add(network=world.network, organisation=world.riverside, actor=world.nadia)
    assert selectors.sanctions_of_member(organisation=world.riverside) == []
    assert NetworkSanction.objects.filter(organisation=world.riverside).count() == 2


def test_every_step_is_audited_without_its_reason(world):
    _suspend(world)
    services.network_member_suspension_lift(network=world.network, organisation=world.riverside, actor=world.nadia)
    services.network_member_expel(network=world.network, organisation=world.harbour, reason=REASON,
                                  actor=world.nadia)
    entries = list(AuditEntry.objects.filter(action__startswith="network.member_").order_by("seq"))
    assert [(e.action, e.organisation_id, e.actor_id, e.target_id) for e in entries] == [
        ("network.member_suspended", world.network.pk, world.nadia.pk, str(world.riverside.pk)),
        ("network.member_suspension_lifted", world.network.pk, world.nadia.pk, str(world.riverside.pk)),
        ("network.member_expelled", world.network.pk, world.nadia.pk, str(world.harbour.pk)),
    ]
    assert all("sexist" not in str(entry.details) for entry in AuditEntry.objects.all())


def test_the_member_administrators_are_told_by_mail_without_the_reason(world, mailoutbox,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _suspend(world)
    assert sorted(mail.to[0] for mail in mailoutbox) == ["ada@example.org", "otto@example.org"]
    assert all("sexist" not in mail.body and "Test Network" in mail.subject for mail in mailoutbox)
    assert all(reverse("organisations:home", args=["riverside"]) in mail.body for mail in mailoutbox)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.network_member_suspension_lift(network=world.network, organisation=world.riverside,
                                                actor=world.nadia)
        services.network_member_expel(network=world.network, organisation=world.harbour, reason=REASON,
                                      actor=world.nadia)
    # Riverside's administrators hear of the lift; Harbour has no administrator in the test world to tell.
    assert sorted(mail.to[0] for mail in mailoutbox) == ["ada@example.org", "otto@example.org"]
    assert all("lifted" in mail.subject for mail in mailoutbox)


def test_a_suspended_member_is_not_counted_as_signing_and_cannot_sign_until_lifted(world):
    code = conduct.publish(draft=conduct.draft_start(organisation=world.network, actor=world.nadia, language="en"),
                           actor=world.nadia, change_note="First.")
    conduct.sign_for_organisation(version=code, organisation=world.riverside, actor=world.ada)
    assert conduct.signing_figures(code).organisations_signed == 1
    _suspend(world)
    figures = conduct.signing_figures(code)
    assert (figures.organisations, figures.organisations_signed) == (1, 0)  # Harbour only, unsigned
    state = conduct.signing_state(code)
    assert world.riverside not in state.signed_organisations + state.unsigned_organisations
    with pytest.raises(Refusal) as refused:
        conduct.sign_for_organisation(version=code, organisation=world.riverside, actor=world.ada)
    assert refused.value.code == "member_suspended"
    # The home's nudge to sign is not shown to a suspended member, and its administrators cannot comment.
    assert conduct.organisations_awaiting_signature(organisations=[world.riverside]) == []
    assert not conduct.may_comment(world.ada, organisation_id=world.network.pk)
    codes = conduct.network_codes(world.riverside)
    assert codes[0].suspended
    services.network_member_suspension_lift(network=world.network, organisation=world.riverside, actor=world.nadia)
    assert conduct.signing_figures(code).organisations_signed == 1
    assert conduct.may_comment(world.ada, organisation_id=world.network.pk)


def test_a_suspended_member_never_signed_is_refused_with_its_own_code(world):
    code = conduct.publish(draft=conduct.draft_start(organisation=world.network, actor=world.nadia, language="en"),
                           actor=world.nadia, change_note="First.")
    _suspend(world)
    with pytest.raises(Refusal) as refused:
        conduct.sign_for_organisation(version=code, organisation=world.riverside, actor=world.ada)
    assert refused.value.code == "member_suspended"
    from holdspace.conduct.refusals import REFUSALS as CONDUCT_REFUSALS
    assert "member_suspended" in CONDUCT_REFUSALS


def test_the_overview_marks_a_suspended_member_and_leaves_out_an_expelled_one(world):
    conduct.publish(draft=conduct.draft_start(organisation=world.network, actor=world.nadia, language="en"),
                    actor=world.nadia, change_note="First.")
    _suspend(world)
    standing = {m.organisation.slug: m for m in network_overview(network=world.network).members}
    assert standing["riverside"].suspended and not standing["harbour"].suspended
    assert NOT_SIGNED not in standing["riverside"].attention and NOT_SIGNED in standing["harbour"].attention
    services.network_member_expel(network=world.network, organisation=world.harbour, reason=REASON,
                                  actor=world.nadia)
    assert [m.organisation.slug for m in network_overview(network=world.network).members] == ["riverside"]


def test_a_network_administrator_suspends_from_the_member_page_and_the_member_reads_why(world, client_for):
    nadia = client_for("nadia")
    page = reverse("organisations:network_member", args=[world.network.slug, world.riverside.slug])
    assert nadia.get(page).status_code == 200
    suspend = reverse("organisations:network_member_suspend", args=[world.network.slug, world.riverside.slug])
    empty = nadia.post(suspend, {"suspend-reason": "  "})
    assert empty.status_code == 400 and b"Please write the reason" in empty.content
    assert nadia.post(suspend, {"suspend-reason": REASON}).status_code == 302
    listing = nadia.get(reverse("organisations:network_members", args=[world.network.slug])).content.decode()
    assert "Suspended" in listing and "sexist remarks" in listing
    # Riverside's administrator reads it on her home; its members do not see the reason.
    home = reverse("organisations:home", args=[world.riverside.slug])
    assert "sexist remarks" in client_for("ada").get(home).content.decode()
    member_home = client_for("mateo").get(home).content.decode()
    assert "sexist remarks" not in member_home and "suspended by the network" in member_home
    # The public pages mark it, without the reason.
    public = client_for(None).get(reverse("organisations:public", args=[world.network.slug])).content.decode()
    assert "suspended by the network" in public and "sexist" not in public
    # Reporting to Riverside and to the network stays open.
    for slug in (world.riverside.slug, world.network.slug):
        assert client_for(None).get(reverse("reports:start", args=[slug])).status_code == 200
    lift = reverse("organisations:network_member_lift", args=[world.network.slug, world.riverside.slug])
    assert nadia.post(lift).status_code == 302
    assert "suspended by the network" not in client_for("mateo").get(home).content.decode()


def test_ending_a_membership_from_the_page_keeps_it_in_the_history(world, client_for):
    nadia = client_for("nadia")
    expel = reverse("organisations:network_member_expel", args=[world.network.slug, world.harbour.slug])
    assert nadia.post(expel, {"expel-reason": "It refused the assessment twice."}).status_code == 302
    listing = nadia.get(reverse("organisations:network_members", args=[world.network.slug])).content.decode()
    assert "It refused the assessment twice." in listing and "Expulsion" in listing
    # No longer a member: its page in the network is gone, and its administrators read why on their home.
    gone = reverse("organisations:network_member", args=[world.network.slug, world.harbour.slug])
    assert nadia.get(gone).status_code == 404
    assert selectors.sanctions_of_member(organisation=world.harbour)[0].reason == "It refused the assessment twice."


def test_the_pages_speak_spanish(world, client_for):
    _suspend(world)
    nadia = client_for("nadia")
    nadia.cookies["django_language"] = "es"
    for url in (reverse("organisations:network_members", args=[world.network.slug]),
                reverse("organisations:network_member", args=[world.network.slug, world.riverside.slug])):
        text = nadia.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
        assert "Suspendida" in text or "suspendida" in text
    ada = client_for("ada")
    ada.cookies["django_language"] = "es"
    text = ada.get(reverse("organisations:home", args=[world.riverside.slug]), HTTP_ACCEPT_LANGUAGE="es")
    assert "suspendió" in text.content.decode()


def test_the_member_list_costs_the_same_queries_for_two_or_twenty_members(world, client_for):
    nadia = client_for("nadia")
    url = reverse("organisations:network_members", args=[world.network.slug])
    _suspend(world)
    nadia.get(url)
    with CaptureQueriesContext(connection) as few:
        nadia.get(url)
    for n in range(18):
        member = Organisation.objects.create(name=f"Member {n}", slug=f"member-{n}")
        services.network_member_add(network=world.network, organisation=member, actor=world.nadia)
        if n % 2:
            _suspend(world, organisation=member)
        if n % 3 == 0:
            services.network_member_expel(network=world.network, organisation=member, reason="Gone.",
                                          actor=world.nadia)
    with CaptureQueriesContext(connection) as many:
        response = nadia.get(url)
    assert response.content.count(b"Gone.") == 6
    assert len(many.captured_queries) == len(few.captured_queries)
