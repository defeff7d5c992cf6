"""Complaints to a network about one of its member organisations as a whole: lodged by anyone with an account,
answered by the network's administrators within the days of its concern policy, followed up by the person who
lodged it; a concern of its own kind, out of the partners' register and figures."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from holdspace.accountability.policy import settings_change
from holdspace.audit.models import AuditEntry
from holdspace.concerns import selectors, services
from holdspace.concerns.models import Concern, ConcernEntry
from holdspace.concerns.refusals import REFUSALS
from holdspace.organisations.models import Organisation
from holdspace.organisations.services import network_member_suspend
from holdspace.web.refusals import Refusal

pytestmark = pytest.mark.django_db

WORDS = "At its workshops the facilitators laughed along with sexist jokes, and nobody stopped them."


def _lodge(world, *, person=None, about=None, **more):
    return services.complaint_lodge(network=world.network, about=about or world.riverside,
                                    person=person or world.rosa, title=more.pop("title", "Jokes at the workshop"),
                                    text=more.pop("text", WORDS), **more)


def _refused(code, **kwargs):
    with pytest.raises(Refusal) as refused:
        services.complaint_lodge(**kwargs)
    assert refused.value.code == code and code in REFUSALS


def test_a_complaint_has_the_network_policy_days_and_is_audited_without_its_words(world, clock):
    settings_change(organisation=world.network, actor=world.nadia, public_page=False, concern_response_days=14)
    complaint = _lodge(world)
    assert (complaint.kind, complaint.organisation, complaint.about, complaint.about_name, complaint.raised_by) == (
        Concern.Kind.COMPLAINT, world.network, world.riverside, "Riverside", world.rosa)
    assert complaint.respond_by == timezone.now() + timedelta(days=14)
    # Stored as a partner's concern is: in the clear, read by the network's administrators and the person.
    assert ConcernEntry.objects.get(concern=complaint).text == WORDS
    entry = AuditEntry.objects.get(action="concerns.complaint_lodged")
    assert (entry.organisation_id, entry.actor_id, entry.details) == (
        world.network.pk, world.rosa.pk, {"days": 14, "about": world.riverside.pk})
    assert all("sexist" not in str(e.details) for e in AuditEntry.objects.all())


def test_refusals(world):
    base = {"network": world.network, "person": world.rosa, "title": "t", "text": "x"}
    _refused("not_a_network", **{**base, "network": world.riverside, "about": world.harbour})
    outsider = Organisation.objects.create(name="Elsewhere", slug="elsewhere")
    _refused("complaint_not_member", **base, about=outsider)
    _refused("complaint_not_member", **base, about=world.network)
    _refused("complaint_empty", **{**base, "text": "  "}, about=world.riverside)
    world.rosa.email_verified_at = None
    _refused("email_unconfirmed", **base, about=world.riverside)
    assert not Concern.objects.filter(kind=Concern.Kind.COMPLAINT).exists()


def test_a_suspended_member_can_be_complained_about(world):
    network_member_suspend(network=world.network, organisation=world.riverside, reason="r", actor=world.nadia)
    assert _lodge(world).about == world.riverside


def test_only_the_network_answers_and_only_the_person_who_lodged_it_follows_up(world, clock):
    complaint = _lodge(world)
    for person in (world.ada, world.rosa, world.mateo):  # Riverside's own administrator answers nothing here
        with pytest.raises(Refusal):
            services.concern_answer(concern=complaint, actor=person, text="x")
    for person in (world.nadia, world.harry, world.ada):
        with pytest.raises(Refusal):
            services.concern_follow_up(concern=complaint, partner=person, text="x")
    services.concern_answer(concern=complaint, actor=world.nadia, text="We wrote to Riverside.")
    complaint.refresh_from_db()
    assert (complaint.status, complaint.answered_on_time) == (Concern.Status.ANSWERED, True)
    clock.shift(timedelta(days=3))
    services.concern_follow_up(concern=complaint, partner=world.rosa, text="It happened again.")
    complaint.refresh_from_db()
    assert complaint.status == Concern.Status.WAITING
    assert complaint.respond_by == timezone.now() + timedelta(days=30)
    clock.shift(timedelta(days=31))
    assert selectors.overdue_counts(organisation=world.network)[1] == 1
    assert selectors.complaint_of(world.network, pk=complaint.pk).is_overdue
    services.concern_close(concern=complaint, actor=world.rosa, text="Settled.")
    complaint.refresh_from_db()
    assert complaint.status == Concern.Status.CLOSED


def test_complaints_stay_out_of_the_partners_register_and_figures(world):
    _lodge(world)
    assert list(selectors.register(world.network)) == []
    assert len(selectors.register(world.network, complaints=True)) == 1
    assert selectors.concern_figures(world.network).raised == 0
    assert selectors.concerns_waiting(organisations=[world.network]) == []
    assert not selectors.partner_concerns_exist(organisation=world.network)


def test_lodging_mails_the_network_and_an_answer_mails_the_person_without_the_words(
        world, client_for, mailoutbox, django_capture_on_commit_callbacks):
    rosa = client_for("rosa")
    url = reverse("concerns:complaint_new", args=[world.network.slug])
    page = rosa.get(url).content.decode()
    assert "not for harm done to you" in page and reverse("reports:start", args=[world.network.slug]) in page
    missing = rosa.post(url, {"about": "", "title": "Jokes", "text": WORDS})
    assert missing.status_code == 400 and WORDS in missing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = rosa.post(url, {"about": world.riverside.pk, "title": "Jokes", "text": WORDS})
    complaint = Concern.objects.get(kind=Concern.Kind.COMPLAINT)
    assert response.status_code == 302 and response["Location"] == reverse(
        "concerns:complaint", args=[world.network.slug, complaint.pk])
    assert [mail.to[0] for mail in mailoutbox] == ["nadia@example.org"]
    assert all("sexist" not in mail.subject + mail.body for mail in mailoutbox)
    mailoutbox.clear()
    nadia = client_for("nadia")
    register = nadia.get(reverse("concerns:register", args=[world.network.slug])).content.decode()
    assert "Complaint about Riverside" in register
    answer = reverse("concerns:complaint_answer", args=[world.network.slug, complaint.pk])
    assert nadia.post(answer, {"text": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        assert nadia.post(answer, {"text": "We are meeting Riverside's board."}).status_code == 302
    assert [mail.to[0] for mail in mailoutbox] == ["rosa@example.org"]
    assert "meeting" not in mailoutbox[0].body
    mine = rosa.get(reverse("concerns:complaint", args=[world.network.slug, complaint.pk])).content.decode()
    assert "We are meeting Riverside&#x27;s board." in mine and "Follow up" in mine
    # Riverside's administrators and the network's partner register never show it.
    assert client_for("ada").get(reverse("concerns:complaint", args=[world.network.slug, complaint.pk])
                                 ).status_code == 404
    # Her list of complaints on the form's page.
    assert "Jokes" in rosa.get(url).content.decode()


def test_lodging_is_limited_per_person_and_keeps_what_was_typed(world, client_for):
    rosa = client_for("rosa")
    url = reverse("concerns:complaint_new", args=[world.network.slug])
    for n in range(5):
        assert rosa.post(url, {"about": world.riverside.pk, "title": f"t{n}", "text": "x"}).status_code == 302
    limited = rosa.post(url, {"about": world.riverside.pk, "title": "sixth", "text": WORDS})
    assert limited.status_code == 429 and WORDS in limited.content.decode()


def test_the_service_keeps_the_limit_and_a_refused_complaint_is_not_counted(world):
    base = {"network": world.network, "about": world.riverside, "person": world.rosa, "title": "t"}
    for _n in range(3):
        _refused("complaint_empty", **base, text=" ")
    for _n in range(5):
        _lodge(world)
    _refused("complaint_limit", **base, text=WORDS)
    assert Concern.objects.filter(kind=Concern.Kind.COMPLAINT, raised_by=world.rosa).count() == 5


def test_an_organisation_that_is_no_network_takes_no_complaint(world, client_for):
    assert client_for("rosa").get(reverse("concerns:complaint_new", args=[world.riverside.slug])).status_code == 404


def test_spanish(world, client_for):
    complaint = _lodge(world)
    rosa = client_for("rosa")
    text = rosa.get(reverse("concerns:complaint_new", args=[world.network.slug]),
                    HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Una queja sobre un miembro de Test Network" in text
    text = rosa.get(reverse("concerns:complaint", args=[world.network.slug, complaint.pk]),
                    HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Queja sobre" in text


def test_the_complaint_page_and_register_cost_the_same_queries_however_long(world, client_for, monkeypatch):
    monkeypatch.setattr(services, "COMPLAINT_RATE", "20/d")  # eleven complaints from one person, for the test
    nadia = client_for("nadia")
    complaint = _lodge(world)
    page = reverse("concerns:complaint", args=[world.network.slug, complaint.pk])
    register = reverse("concerns:register", args=[world.network.slug])
    nadia.get(page), nadia.get(register)
    with CaptureQueriesContext(connection) as few_page:
        nadia.get(page)
    with CaptureQueriesContext(connection) as few_register:
        nadia.get(register)
    for n in range(10):
        services.concern_follow_up(concern=complaint, partner=world.rosa, text=f"More {n}")
        _lodge(world, title=f"Another {n}", about=world.harbour)
    with CaptureQueriesContext(connection) as many_page:
        assert nadia.get(page).content.count(b"More ") == 10
    with CaptureQueriesContext(connection) as many_register:
        assert nadia.get(register).content.count(b"Complaint about") == 11
    assert len(many_page.captured_queries) == len(few_page.captured_queries)
    assert len(many_register.captured_queries) == len(few_register.captured_queries)


def test_a_network_administrator_who_runs_the_member_takes_no_part_in_a_complaint_about_it(
        world, client_for, mailoutbox, django_capture_on_commit_callbacks):
    from holdspace.audit.selectors import audit_entries_for_organisation
    from holdspace.organisations.models import Membership, Role

    Membership.objects.create(user=world.ada, organisation=world.network, role=Role.ORG_ADMIN)  # she runs Riverside
    with django_capture_on_commit_callbacks(execute=True):
        complaint = _lodge(world)  # about Riverside
    assert sorted(mail.to[0] for mail in mailoutbox) == [world.nadia.email]
    assert complaint not in selectors.register(world.network, complaints=True, reader=world.ada)
    assert complaint in selectors.register(world.network, complaints=True, reader=world.nadia)
    assert selectors.complaint_of(world.network, pk=complaint.pk, reader=world.ada) is None
    assert client_for("ada").get(reverse("concerns:complaint", args=[world.network.slug, complaint.pk])) \
        .status_code == 404
    with pytest.raises(Refusal) as refused:
        services.concern_answer(concern=complaint, actor=world.ada, text="It was nothing.")
    assert refused.value.code == "complaint_about_own" and "complaint_about_own" in REFUSALS
    shown = [entry.action for entry in audit_entries_for_organisation(organisation_id=world.network.pk)]
    assert "concerns.complaint_lodged" not in shown
