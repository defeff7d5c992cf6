"""Partners' concerns: raised by partner representatives, answered by administrators within the policy's days,
followed up and closed; a register both sides read, with what is overdue flagged and counted."""
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from holdspace.accountability.policy import settings_change
from holdspace.audit.models import AuditEntry
from holdspace.concerns import selectors, services
from holdspace.concerns.models import Concern, ConcernEntry
from holdspace.concerns.refusals import REFUSALS
from holdspace.web.refusals import Refusal

pytestmark = pytest.mark.django_db


def _raise(world, **more):
    return services.concern_raise(organisation=world.riverside, partner=world.priya, partner_name="Women's Voice",
                                  title=more.pop("title", "Training"), text=more.pop("text", "Staff were not told."))


def test_the_deadline_comes_from_the_policy_and_a_first_answer_is_measured_against_it(world):
    assert not selectors.partner_concerns_exist(organisation=world.riverside)
    concern = _raise(world)
    assert selectors.partner_concerns_exist(organisation=world.riverside)
    assert concern.respond_by - concern.raised_at == timedelta(days=30)  # the default
    settings_change(organisation=world.riverside, actor=world.ada, public_page=False, concern_response_days=10)
    sooner = _raise(world, title="Second")
    assert sooner.respond_by - sooner.raised_at == timedelta(days=10)
    assert concern.respond_by - concern.raised_at == timedelta(days=30)  # days already given do not move

    services.concern_answer(concern=concern, actor=world.ada, text="We will train them this month.")
    concern.refresh_from_db()
    assert (concern.status, concern.answered_on_time) == (Concern.Status.ANSWERED, True)
    Concern.objects.filter(pk=sooner.pk).update(respond_by=timezone.now() - timedelta(days=1))
    services.concern_answer(concern=sooner, actor=world.otto, text="Late, and we are sorry for it.")
    sooner.refresh_from_db()
    assert sooner.answered_on_time is False
    actions = list(AuditEntry.objects.filter(action__startswith="concerns.").values_list("action", flat=True))
    assert actions == ["concerns.raised", "concerns.raised", "concerns.answered", "concerns.answered"]
    assert all("Staff" not in str(entry.details) for entry in AuditEntry.objects.all())


def test_only_partners_raise_and_follow_up_and_only_administrators_answer(world):
    for person in (world.mateo, world.ada, world.harry):
        with pytest.raises(Refusal):
            services.concern_raise(organisation=world.riverside, partner=person, partner_name="x", title="x",
                                   text="x")
    concern = _raise(world)
    for person in (world.priya, world.hana, world.nadia):
        with pytest.raises(Refusal):
            services.concern_answer(concern=concern, actor=person, text="x")
    with pytest.raises(Refusal):
        services.concern_follow_up(concern=concern, partner=world.ada, text="x")
    with pytest.raises(Refusal):
        services.concern_close(concern=concern, actor=world.ada, text="Nothing to answer")  # still waiting
    with pytest.raises(Refusal):
        services.concern_close(concern=concern, actor=world.mateo, text="x")


def test_a_follow_up_starts_the_clock_again_and_reopens_a_closed_concern(world):
    concern = _raise(world)
    services.concern_answer(concern=concern, actor=world.ada, text="Done.")
    services.concern_close(concern=concern, actor=world.ada, text="Training held on the 3rd.")
    concern.refresh_from_db()
    assert concern.status == Concern.Status.CLOSED
    with pytest.raises(Refusal):
        services.concern_answer(concern=concern, actor=world.ada, text="More")
    Concern.objects.filter(pk=concern.pk).update(respond_by=timezone.now() - timedelta(days=40))
    services.concern_follow_up(concern=concern, partner=world.priya, text="Two new staff were missed.")
    concern.refresh_from_db()
    assert concern.status == Concern.Status.WAITING and concern.closed_at is None
    assert concern.respond_by > timezone.now() + timedelta(days=29)
    assert concern.answered_on_time is True  # the first answer's measure stays
    assert list(concern.entries.values_list("kind", flat=True)) == [
        ConcernEntry.Kind.CONCERN, ConcernEntry.Kind.ANSWER, ConcernEntry.Kind.CLOSING, ConcernEntry.Kind.FOLLOW_UP]


def test_the_register_puts_overdue_concerns_first_and_the_figures_count_them(world):
    on_time, late, waiting, overdue = (_raise(world, title=title) for title in ("on time", "late", "waiting",
                                                                                  "overdue"))
    services.concern_answer(concern=on_time, actor=world.ada, text="Answer")
    Concern.objects.filter(pk__in=[late.pk, overdue.pk]).update(respond_by=timezone.now() - timedelta(days=2))
    services.concern_answer(concern=late, actor=world.ada, text="Answer")
    titles = [concern.title for concern in selectors.register(world.riverside)]
    assert titles[0] == "overdue" and titles[1] == "waiting"
    figures = selectors.concern_figures(world.riverside)
    assert (figures.raised, figures.answered_on_time, figures.answered_late, figures.late_unanswered,
            figures.pending, figures.settled) == (4, 1, 1, 1, 1, 3)
    assert selectors.overdue_counts(organisation=world.riverside) == (1, 0)


def test_pages_keep_what_was_typed_and_mail_the_other_side_without_the_words(
        world, client_for, mailoutbox, django_capture_on_commit_callbacks):
    partner = client_for("priya")
    url = reverse("concerns:new", args=[world.riverside.slug])
    missing = partner.post(url, {"partner_name": "Women's Voice", "title": "",
                                 "text": "A long account of what we heard at the last gathering."})
    assert missing.status_code == 400
    assert b"A long account of what we heard at the last gathering." in missing.content
    with django_capture_on_commit_callbacks(execute=True):
        response = partner.post(url, {"partner_name": "Women's Voice", "title": "What we heard",
                                      "text": "A long account of what we heard at the last gathering."})
    concern = Concern.objects.get()
    assert response.status_code == 302
    assert sorted(mail.to[0] for mail in mailoutbox) == ["ada@example.org", "otto@example.org"]
    assert all("what we heard" not in (mail.subject + mail.body).lower() for mail in mailoutbox)

    admin = client_for("ada")
    answer = reverse("concerns:answer", args=[world.riverside.slug, concern.pk])
    assert admin.post(answer, {"text": " "}).status_code == 400
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(answer, {"text": "Thank you. We are meeting the team on Monday."})
    assert [mail.to[0] for mail in mailoutbox] == ["priya@example.org"]
    page = partner.get(reverse("concerns:concern", args=[world.riverside.slug, concern.pk]))
    assert b"We are meeting the team on Monday." in page.content and b"on time" in page.content
    # Another organisation's concern is not reachable through Riverside, and members see no register.
    assert client_for("mateo").get(reverse("concerns:register", args=[world.riverside.slug])).status_code == 404
    assert admin.get(reverse("concerns:concern", args=[world.harbour.slug, concern.pk])).status_code == 404


def test_the_register_costs_the_same_queries_for_three_or_thirty_concerns(world, client_for,
                                                                           django_assert_max_num_queries):
    admin = client_for("ada")
    url = reverse("concerns:register", args=[world.riverside.slug])
    for n in range(3):
        _raise(world, title=f"c{n}")
    admin.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        admin.get(url)
    for n in range(27):
        _raise(world, title=f"more {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert admin.get(url).content.count(b"Women&#x27;s Voice") == 30


def test_administrators_see_overdue_concerns_on_the_organisations_page(world, client_for):
    concern = _raise(world)
    home = reverse("organisations:home", args=[world.riverside.slug])
    assert b"waiting past the day" not in client_for("ada").get(home).content
    Concern.objects.filter(pk=concern.pk).update(respond_by=timezone.now() - timedelta(hours=1))
    assert b"1 partner's concern is waiting past the day it was due." in client_for("ada").get(home).content
    assert b"waiting past the day" not in client_for("mateo").get(home).content


def test_only_the_partner_who_raised_a_concern_follows_it_up_or_closes_it(world, client_for):
    from holdspace.accounts.models import User
    from holdspace.organisations.models import Membership, Role

    other = User.objects.create_user(email="lena@example.org", password=None, display_name="Lena")
    Membership.objects.create(user=other, organisation=world.riverside, role=Role.PARTNER_REP)
    concern = _raise(world)
    for act in (lambda: services.concern_follow_up(concern=concern, partner=other, text="x"),
                lambda: services.concern_close(concern=concern, actor=other, text="x")):
        with pytest.raises(Refusal):
            act()
    concern.refresh_from_db()
    assert concern.status == Concern.Status.WAITING  # the clock keeps running
    page = client_for("priya").get(reverse("concerns:concern", args=[world.riverside.slug, concern.pk]))
    assert b"Send the follow-up" in page.content
    world.priya.delete()  # she left Holdspace: another representative of the partners carries it on
    concern.refresh_from_db()
    services.concern_follow_up(concern=concern, partner=other, text="We still wait for an answer.")


def test_an_answer_sent_after_the_form_expired_comes_back_as_typed(world):
    from django.test import Client

    from tests.conftest import sign_in

    concern = _raise(world)
    client = sign_in(Client(enforce_csrf_checks=True), world.ada)
    response = client.post(reverse("concerns:answer", args=[world.riverside.slug, concern.pk]),
                           {"text": "A long answer written over an afternoon."})
    assert response.status_code == 403 and b"A long answer written over an afternoon." in response.content
    assert not ConcernEntry.objects.filter(kind=ConcernEntry.Kind.ANSWER).exists()
    closing = sign_in(Client(enforce_csrf_checks=True), world.priya).post(
        reverse("concerns:close", args=[world.riverside.slug, concern.pk]), {"close-text": "Settled for us."})
    assert closing.status_code == 403 and b"Settled for us." in closing.content


def test_every_refusal_of_the_concerns_services_has_words():
    source = "".join(path.read_text() for path in Path(services.__file__).parent.glob("*.py"))
    codes = set(re.findall(r'Refusal\(\s*"(\w+)"', source))
    assert codes and codes <= set(REFUSALS)
