"""The review of issue 19's vetting: a granted appeal turns the decision round everywhere it is shown, a renewal
decided without the member's answer reaches its administrators, and what renewals and applications share is
written once."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.organisations.models import Membership, Organisation, Role
from holdspace.vetting import appeals, renewals, services
from holdspace.vetting.forms import ScheduleForm
from holdspace.vetting.models import Application
from holdspace.vetting.services import Declarations, Referee
from holdspace.web.refusals import Refusal

pytestmark = pytest.mark.django_db

CLEAN = Declarations(leadership_allegation=False, asked_to_leave=False)
LENA = Referee("Women's Voices", "Lena", "lena@example.org")


def _noor(world) -> User:
    """A network administrator who took no part in any first decision."""
    noor = User.objects.create_user(email="noor@example.org", password="x" * 20, display_name="Noor",
                                    email_verified_at=timezone.now())
    Membership.objects.create(user=noor, organisation=world.network, role=Role.ORG_ADMIN)
    return noor


def _renewal_not_renewed(world, *, answered: bool):
    renewals.schedule_set(network=world.network, actor=world.nadia, every_months=1, now=timezone.now())
    renewal = renewals.renewal_open(network=world.network, organisation_id=world.riverside.pk, actor=world.nadia,
                                    now=timezone.now() + timedelta(days=40))
    when = renewal.answer_by
    if answered:
        renewal, _tokens = renewals.renewal_answer(
            application=renewal, person=world.ada, motivation="A new safeguarding lead.", code_number=None,
            declarations=CLEAN, referees=[], now=renewal.created_at)
        when = renewal.created_at
    return services.decide(application=renewal, reviewer=world.nadia, accept=False, reason="No policy in use.",
                           no_reference_reason="None named.", now=when)


# 1. A granted appeal --------------------------------------------------------------------------------------------

def test_a_granted_appeal_accepts_the_application_on_every_page_that_shows_it(world, client_for, clock):
    # Riverside and Harbour are members already: a third organisation, administered by Rosa, applies.
    lakeside = Organisation.objects.create(name="Lakeside", slug="lakeside")
    Membership.objects.create(user=world.rosa, organisation=lakeside, role=Role.ORG_ADMIN)
    application, _ = services.application_submit(
        network=world.network, applicant=world.rosa, organisation=lakeside, motivation="To learn.",
        code_number=None, declarations=CLEAN, referees=[LENA])
    declined = services.decide(application=application, reviewer=world.nadia, accept=False, reason="Not yet.",
                               no_reference_reason="Lena did not answer.")
    appeal = appeals.appeal_make(application=declined, person=world.rosa, reasons="Lena was away.",
                                 now=timezone.now())
    clock.shift(timedelta(days=3))
    appeals.appeal_decide(appeal=appeal, reviewer=_noor(world), grant=True, reason="Lena vouches now.",
                          now=timezone.now())
    accepted = Application.objects.get(pk=application.pk)
    assert (accepted.status, accepted.status_words, accepted.is_open) == (Application.Status.ACCEPTED, "Accepted",
                                                                          False)
    # The first decision and its reason stay as they were written.
    assert (accepted.decision_reason, accepted.decided_at) == ("Not yet.", declined.decided_at)
    mine = client_for("rosa").get(reverse("vetting:mine")).content.decode()
    assert '<span class="tag">Accepted</span>' in mine and '<span class="tag">Declined</span>' not in mine
    nadia = client_for("nadia", sudo=True)
    review = nadia.get(reverse("vetting:review", args=[world.network.slug, application.pk])).content.decode()
    assert '<span class="tag">Accepted</span>' in review and '<span class="tag">Declined</span>' not in review
    listed = nadia.get(reverse("vetting:review_list", args=[world.network.slug])).content.decode()
    assert '<span class="tag">Accepted</span>' in listed and '<span class="tag">Declined</span>' not in listed
    overview = nadia.get(reverse("accountability:network_overview", args=[world.network.slug])).content.decode()
    # Accepted from the day the appeal was granted.
    assert "Accepted on 18 June 2026" in overview and "Declined" not in overview


def test_a_renewal_granted_on_appeal_is_renewed_and_the_overview_says_so_from_that_day(world, client_for, clock):
    decided = _renewal_not_renewed(world, answered=True)
    appeal = appeals.appeal_make(application=decided, person=world.ada, reasons="We have a lead now.",
                                 now=timezone.now())
    appeals.appeal_decide(appeal=appeal, reviewer=_noor(world), grant=True, reason="Renewed.", now=timezone.now())
    renewed = Application.objects.get(pk=decided.pk)
    assert (renewed.status, renewed.status_words) == (Application.Status.ACCEPTED, "Renewed")
    overview = client_for("nadia", sudo=True).get(reverse("accountability:network_overview", args=[world.network.slug]))
    assert "Renewed on" in overview.content.decode() and "Not renewed" not in overview.content.decode()


def test_an_appeal_not_granted_leaves_the_decision_as_it_was(world):
    decided = _renewal_not_renewed(world, answered=True)
    appeal = appeals.appeal_make(application=decided, person=world.ada, reasons="Please.", now=timezone.now())
    appeals.appeal_decide(appeal=appeal, reviewer=_noor(world), grant=False, reason="Still none.",
                          now=timezone.now())
    assert Application.objects.get(pk=decided.pk).status_words == "Not renewed"


# 4. Defined once ------------------------------------------------------------------------------------------------

def test_open_statuses_and_the_schedules_limit_are_each_defined_once():
    from holdspace.vetting.models import EVERY_MONTHS_MAX

    assert {status for status in Application.Status if Application(status=status).is_open} == set(Application.OPEN)
    assert renewals.EVERY_MONTHS_MAX == EVERY_MONTHS_MAX
    form = ScheduleForm({"every_months": str(EVERY_MONTHS_MAX + 1)})
    assert not form.is_valid()
    assert form.errors["every_months"] == [
        f"Please give a number of months between 1 and {EVERY_MONTHS_MAX}, or leave it empty."]
    assert ScheduleForm({"every_months": str(EVERY_MONTHS_MAX)}).is_valid()


# 2. A renewal decided without the member's answer ---------------------------------------------------------------

def test_a_renewal_decided_without_an_answer_is_told_to_the_members_administrators(
        world, client_for, clock, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _renewal_not_renewed(world, answered=False)
    told = [m for m in mailoutbox if "decided on vetting Riverside again" in m.subject]
    assert sorted(m.to[0] for m in told) == ["ada@example.org", "otto@example.org"]
    assert reverse("vetting:mine") in told[0].body and "No policy in use." not in told[0].body
    for name in ("ada", "otto"):
        page = client_for(name).get(reverse("vetting:mine")).content.decode()
        assert '<span class="tag">Not renewed</span>' in page and "No policy in use." in page
        assert "No answer came, so the reviewers decided without it." in page
        assert reverse("vetting:mine") in client_for(name).get(reverse("site:dashboard")).content.decode()
    # Not to anyone else: a member who does not administer Riverside, another organisation's administrator.
    assert "No policy in use." not in client_for("mateo").get(reverse("vetting:mine")).content.decode()
    assert reverse("vetting:mine") not in client_for("mateo").get(reverse("site:dashboard")).content.decode()


def test_a_renewal_answered_and_decided_is_told_to_the_administrator_who_answered_only(
        world, client_for, clock, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _renewal_not_renewed(world, answered=True)
    assert [m.to for m in mailoutbox if "answered your application" in m.subject] == [["ada@example.org"]]
    assert "No policy in use." not in client_for("otto").get(reverse("vetting:mine")).content.decode()


# 3. One path for what applying and answering a renewal share ---------------------------------------------------

def test_applying_and_answering_a_renewal_check_and_record_their_answers_through_one_path(
        world, clock, monkeypatch, mailoutbox, django_capture_on_commit_callbacks):
    from holdspace.conduct import services as conduct

    calls = []
    for name in ("answers_check", "answers_columns", "referees_ask"):
        shared = getattr(services, name)
        monkeypatch.setattr(services, name, lambda *args, _shared=shared, _name=name, **kwargs: (
            calls.append(_name), _shared(*args, **kwargs))[1])
    code = conduct.publish(draft=conduct.draft_start(organisation=world.network, actor=world.nadia, language="en"),
                           actor=world.nadia, change_note="First.")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(network=world.network, applicant=world.rosa, motivation="To learn.",
                                    code_number=code.number, declarations=CLEAN, referees=[LENA])
    assert calls == ["answers_check", "answers_columns", "referees_ask"]
    renewals.schedule_set(network=world.network, actor=world.nadia, every_months=1, now=timezone.now())
    renewal = renewals.renewal_open(network=world.network, organisation_id=world.riverside.pk, actor=world.nadia,
                                    now=timezone.now() + timedelta(days=40))
    answer = {"application": renewal, "person": world.ada, "motivation": "A new lead.", "code_number": code.number,
              "referees": [Referee("Casa", "Ana", "ana@example.org")], "now": renewal.created_at}
    calls.clear()
    # The same refusals, in the same order, as an application's, with the renewal's own word for the motivation.
    with pytest.raises(Refusal) as refused:
        renewals.renewal_answer(**{**answer, "code_number": None, "motivation": " "}, declarations=CLEAN)
    assert (refused.value.code, refused.value.details) == ("code_changed", {"number": code.number})
    with pytest.raises(Refusal) as refused:
        renewals.renewal_answer(**{**answer, "referees": [LENA] * 4}, declarations=CLEAN)
    assert refused.value.code == "references_count"
    with pytest.raises(Refusal) as refused:
        renewals.renewal_answer(**{**answer, "referees": [Referee("Casa", "Ada", "ADA@example.org")]},
                                declarations=CLEAN)
    assert refused.value.code == "own_reference"
    calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answered, tokens = renewals.renewal_answer(**answer, declarations=Declarations(
            leadership_allegation=False, asked_to_leave=True, leadership_allegation_explanation="Kept only with yes.",
            asked_to_leave_explanation=" In 2019, by a coalition. "))
    assert calls == ["answers_check", "answers_columns", "referees_ask"]
    assert (answered.code_number, answered.leadership_allegation_explanation, answered.asked_to_leave_explanation,
            len(tokens)) == (code.number, "", "In 2019, by a coalition.", 1)
    assert [m.to for m in mailoutbox if "reference" in m.subject.lower()][-1] == ["ana@example.org"]


# 5. The clauses of the code on both pages -------------------------------------------------------------------------

def test_the_renewal_page_shows_the_codes_clauses_as_the_application_page_does(world, client_for, clock):
    from holdspace.conduct import services as conduct

    code = conduct.publish(draft=conduct.draft_start(organisation=world.network, actor=world.nadia, language="en"),
                           actor=world.nadia, change_note="First.")
    titles = [clause.title for clause in code.clauses.all()]
    assert titles
    renewals.schedule_set(network=world.network, actor=world.nadia, every_months=1, now=timezone.now())
    clock.shift(timedelta(days=40))
    renewal = renewals.renewal_open(network=world.network, organisation_id=world.riverside.pk, actor=world.nadia,
                                    now=timezone.now())
    pages = {"apply": client_for("rosa").get(reverse("vetting:apply", args=[world.network.slug])),
             "renewal": client_for("ada").get(reverse("vetting:renewal", args=[renewal.pk]))}
    for name, response in pages.items():
        page = response.content.decode()
        assert f"Read the code of conduct (version {code.number})" in page, name
        assert all(escape(title) in page for title in titles), name
        assert 'name="adheres"' in page and 'name="leadership_allegation"' in page, name
    # Only an application to join requires a reference.
    assert "Reference 1 (required)" in pages["apply"].content.decode()
    assert "Reference 1 (required)" not in pages["renewal"].content.decode()
    assert "Reference 1 (optional)" in pages["renewal"].content.decode()


def test_the_renewal_page_of_a_renewal_decided_without_an_answer_says_so(world, client_for, clock):
    decided = _renewal_not_renewed(world, answered=False)
    page = client_for("ada").get(reverse("vetting:renewal", args=[decided.pk])).content.decode()
    assert "No answer came by the day asked" in page and "This has been answered." not in page


def test_a_renewal_decided_without_an_answer_can_be_appealed_by_one_of_the_members_administrators(
        world, client_for, clock):
    renewal = _renewal_not_renewed(world, answered=False)
    url = reverse("vetting:appeal", args=[renewal.pk])
    assert "appeal-" in client_for("ada").get(reverse("vetting:mine")).content.decode()
    # Not a member who does not administer Riverside, nor another organisation's administrator.
    assert client_for("mateo").post(url, {f"appeal-{renewal.pk}-reasons": "x"}).status_code == 404
    assert not appeals.can_appeal(renewal, person=world.mateo, now=timezone.now())
    with pytest.raises(Refusal) as refused:
        appeals.appeal_make(application=renewal, person=world.mateo, reasons="x", now=timezone.now())
    assert refused.value.code == "not_appellant"
    sent = client_for("ada").post(url, {f"appeal-{renewal.pk}-reasons": "We adopted a policy last month."})
    assert sent.status_code == 302
    renewal.refresh_from_db()
    assert renewal.appeal.appellant_id == world.ada.pk
    # Once: Otto, also an administrator, cannot appeal it again.
    assert not appeals.can_appeal(renewal, person=world.otto, now=timezone.now())
