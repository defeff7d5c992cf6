"""Issue 19 in vetting: members vetted again on the network's schedule, one appeal of a declined decision heard by
a reviewer with no part in it and no conflict, and referees checked against the network's list of women's rights
organisations; every refusal by its code, every step audited, lists in a fixed number of queries."""
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from holdspace.accounts.models import User
from holdspace.audit.models import AuditEntry
from holdspace.organisations.models import Membership, NetworkMembership, Organisation, Role
from holdspace.vetting import appeals, referees, renewals, services
from holdspace.vetting.models import Appeal, Application, Reference
from holdspace.vetting.refusals import REFUSALS
from holdspace.vetting.services import Declarations, Referee
from holdspace.web.refusals import Refusal

pytestmark = pytest.mark.django_db

CLEAN = Declarations(leadership_allegation=False, asked_to_leave=False)
LENA = Referee("Women's Voices", "Lena", "lena@example.org")


@contextmanager
def _refused(code: str):
    with pytest.raises(Refusal) as refused:
        yield refused
    assert refused.value.code == code and code in REFUSALS


def _admin(world, name: str) -> User:
    person = User.objects.create_user(email=f"{name.lower()}@example.org", password="x" * 20, display_name=name,
                                      email_verified_at=timezone.now())
    Membership.objects.create(user=person, organisation=world.network, role=Role.ORG_ADMIN)
    return person


def _declined(world, *, reviewer=None):
    application, _tokens = services.application_submit(
        network=world.network, applicant=world.rosa, motivation="To learn.", code_number=None,
        declarations=CLEAN, referees=[LENA])
    return services.decide(application=application, reviewer=reviewer or world.nadia, accept=False,
                           reason="Not yet.", no_reference_reason="Lena did not answer.")


# Vetting again -------------------------------------------------------------------------------------------------

def test_months_are_added_to_the_same_day_or_the_last_of_a_shorter_month():
    assert renewals.add_months(datetime(2026, 1, 31, tzinfo=UTC), months=1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert renewals.add_months(datetime(2026, 11, 15, tzinfo=UTC), months=14) == datetime(2028, 1, 15, tzinfo=UTC)


def test_the_schedule_is_set_by_the_network_administrators_only_within_bounds_and_audited(world, clock):
    now = timezone.now()
    with _refused("not_reviewer"):
        renewals.schedule_set(network=world.network, actor=world.ada, every_months=12, now=now)
    for months in (0, 121):
        with _refused("schedule_out_of_range"):
            renewals.schedule_set(network=world.network, actor=world.nadia, every_months=months, now=now)
    assert renewals.schedule_of(network=world.network) is None
    renewals.schedule_set(network=world.network, actor=world.nadia, every_months=12, now=now)
    assert renewals.schedule_of(network=world.network) == 12
    renewals.schedule_set(network=world.network, actor=world.nadia, every_months=None, now=now)
    assert renewals.schedule_of(network=world.network) is None
    assert [e.details for e in AuditEntry.objects.filter(action="vetting.schedule_set").order_by("seq")] == [
        {"every_months": 12}, {"every_months": None}]


def test_a_member_is_due_months_after_it_joined_or_after_the_last_decision_on_it(world, clock):
    joined = timezone.now()
    assert renewals.members_due(network=world.network, now=joined + timedelta(days=5000)) == []  # never
    renewals.schedule_set(network=world.network, actor=world.nadia, every_months=12, now=joined)
    assert renewals.members_due(network=world.network, now=joined + timedelta(days=364)) == []
    due = renewals.members_due(network=world.network, now=joined + timedelta(days=366))
    assert {m.organisation for m in due} == {world.harbour, world.riverside}
    harbour = next(m for m in due if m.organisation == world.harbour)
    assert harbour.due_at == renewals.add_months(NetworkMembership.objects.get(organisation=world.harbour).joined_at,
                                                 months=12) and harbour.last_decided_at is None
    # Riverside was decided on later (a renewal, renewed): it is due a year after that decision.
    later = joined + timedelta(days=400)
    renewal = renewals.renewal_open(network=world.network, organisation_id=world.riverside.pk, actor=world.nadia,
                                    now=later)
    assert [m.organisation for m in renewals.members_due(network=world.network, now=later)] == [world.harbour]
    services.decide(application=renewal, reviewer=world.nadia, accept=True, reason="No answer, but well known.",
                    no_reference_reason="No answer came.", now=later + timedelta(days=61))
    assert [m.organisation for m in renewals.members_due(network=world.network, now=later + timedelta(days=200))
            ] == [world.harbour]
    again = renewals.members_due(network=world.network, now=later + timedelta(days=61 + 366))
    assert [m.organisation for m in again] == [world.harbour, world.riverside]  # longest due first
    assert again[1].last_decided_at == later + timedelta(days=61)


def test_opening_a_renewal_is_refused_by_code_and_tells_the_members_administrators(
        world, clock, mailoutbox, django_capture_on_commit_callbacks):
    now = timezone.now()
    renewals.schedule_set(network=world.network, actor=world.nadia, every_months=6, now=now)
    with _refused("renewal_not_due"):
        renewals.renewal_open(network=world.network, organisation_id=world.riverside.pk, actor=world.nadia, now=now)
    due = now + timedelta(days=200)
    with _refused("not_reviewer"):
        renewals.renewal_open(network=world.network, organisation_id=world.riverside.pk, actor=world.ada, now=due)
    lakeside = Organisation.objects.create(name="Lakeside", slug="lakeside")
    with _refused("not_a_member"):
        renewals.renewal_open(network=world.network, organisation_id=lakeside.pk, actor=world.nadia, now=due)
    # A network administrator who also administers the member does not open its renewal.
    Membership.objects.create(user=world.otto, organisation=world.network, role=Role.ORG_ADMIN)
    with _refused("excluded"):
        renewals.renewal_open(network=world.network, organisation_id=world.riverside.pk, actor=world.otto, now=due)
    with django_capture_on_commit_callbacks(execute=True):
        renewal = renewals.renewal_open(network=world.network, organisation_id=world.riverside.pk,
                                        actor=world.nadia, now=due)
    assert (renewal.kind, renewal.status, renewal.applicant, renewal.answer_by) == (
        Application.Kind.RENEWAL, Application.Status.ASKED, None, due + timedelta(days=renewals.ANSWER_DAYS))
    assert sorted(m.to[0] for m in mailoutbox) == ["ada@example.org", "otto@example.org"]
    assert f"/renewals/{renewal.pk}/" in mailoutbox[0].body
    with _refused("renewal_open_already"):
        renewals.renewal_open(network=world.network, organisation_id=world.riverside.pk, actor=world.nadia, now=due)
    assert AuditEntry.objects.get(action="vetting.renewal_opened").details == {"organisation": world.riverside.pk}
    assert renewals.renewals_asked_of(person=world.ada) == [renewal]
    assert renewals.renewals_asked_of(person=world.mateo) == []


def test_the_member_answers_its_renewal_and_the_reviewers_renew_it_or_not(world, clock):
    now = timezone.now()
    renewals.schedule_set(network=world.network, actor=world.nadia, every_months=1, now=now)
    later = now + timedelta(days=40)
    renewal = renewals.renewal_open(network=world.network, organisation_id=world.riverside.pk, actor=world.nadia,
                                    now=later)
    # Before it answers, and before its day has passed, no decision.
    with _refused("renewal_not_answered"):
        services.decide(application=renewal, reviewer=world.nadia, accept=True, reason="x", no_reference_reason="y",
                        now=later + timedelta(days=1))
    answer = {"motivation": "We adopted a safeguarding policy.", "code_number": None, "declarations": CLEAN,
              "referees": [], "now": later + timedelta(days=2)}
    with _refused("not_member_admin"):
        renewals.renewal_answer(application=renewal, person=world.mateo, **answer)
    with _refused("renewal_motivation_missing"):
        renewals.renewal_answer(application=renewal, person=world.ada, **{**answer, "motivation": " "})
    with _refused("allegation_unexplained"):
        renewals.renewal_answer(application=renewal, person=world.ada, **{
            **answer, "declarations": Declarations(leadership_allegation=True, asked_to_leave=False)})
    answered, tokens = renewals.renewal_answer(application=renewal, person=world.ada, **answer)
    assert (answered.status, answered.applicant, answered.motivation, tokens) == (
        Application.Status.WAITING, world.ada, "We adopted a safeguarding policy.", [])
    with _refused("renewal_not_asked"):
        renewals.renewal_answer(application=renewal, person=world.otto, **answer)
    with _refused("renewal_not_withdrawn"):
        services.withdraw(application=answered, person=world.ada)
    with _refused("reference_missing"):
        services.decide(application=answered, reviewer=world.nadia, accept=False, reason="No policy in use.")
    decided = services.decide(application=answered, reviewer=world.nadia, accept=False, reason="No policy in use.",
                              no_reference_reason="They named none; we know their work.")
    assert decided.status_words == "Not renewed"
    # Not renewed is a decision the member may appeal; its membership is not touched here.
    assert NetworkMembership.objects.filter(network=world.network, organisation=world.riverside).exists()
    assert appeals.can_appeal(decided, person=world.ada, now=timezone.now())
    assert AuditEntry.objects.get(action="vetting.renewal_answered").details == {"code_number": None,
                                                                                  "references": 0}


def test_a_renewal_not_answered_in_time_may_be_decided_without_the_answer(world, clock):
    now = timezone.now()
    renewals.schedule_set(network=world.network, actor=world.nadia, every_months=1, now=now)
    renewal = renewals.renewal_open(network=world.network, organisation_id=world.harbour.pk, actor=world.nadia,
                                    now=now + timedelta(days=40))
    deadline = renewal.answer_by
    decided = services.decide(application=renewal, reviewer=world.nadia, accept=True, reason="Renewed.",
                              no_reference_reason="No answer came.", now=deadline)
    assert decided.status_words == "Renewed" and decided.decided_at == deadline


# Appeals -------------------------------------------------------------------------------------------------------

def test_an_appeal_is_made_once_by_the_applicant_within_the_time_limit(world, clock):
    declined = _declined(world)
    now = timezone.now()
    with _refused("not_appellant"):
        appeals.appeal_make(application=declined, person=world.mateo, reasons="Please.", now=now)
    with _refused("appeal_reasons_missing"):
        appeals.appeal_make(application=declined, person=world.rosa, reasons=" ", now=now)
    late = declined.decided_at + timedelta(days=appeals.APPEAL_DAYS, seconds=1)
    with _refused("appeal_late") as refused:
        appeals.appeal_make(application=declined, person=world.rosa, reasons="Please.", now=late)
    assert refused.value.details == {"days": appeals.APPEAL_DAYS}
    last_moment = declined.decided_at + timedelta(days=appeals.APPEAL_DAYS)
    appeal = appeals.appeal_make(application=declined, person=world.rosa, reasons="Lena was away.", now=last_moment)
    assert (appeal.status, appeal.reasons, appeal.created_at) == (Appeal.Status.WAITING, "Lena was away.",
                                                                 last_moment)
    with _refused("appeal_made_already"):
        appeals.appeal_make(application=declined, person=world.rosa, reasons="Again.", now=last_moment)
    assert AuditEntry.objects.get(action="vetting.appealed").details == {"appeal": appeal.pk}
    # An accepted application has nothing to appeal.
    accepted, _ = services.application_submit(network=world.network, applicant=world.mateo, motivation="m",
                                              code_number=None, declarations=CLEAN,
                                              referees=[Referee("W", "L", "l@example.org")])
    services.decide(application=accepted, reviewer=world.nadia, accept=True, reason="Welcome.",
                    no_reference_reason="Known.")
    with _refused("appeal_not_declined"):
        appeals.appeal_make(application=Application.objects.get(pk=accepted.pk), person=world.mateo,
                            reasons="?", now=now)


def test_an_appeal_is_heard_only_by_a_reviewer_with_no_part_in_the_decision_and_no_conflict(
        world, clock, mailoutbox, django_capture_on_commit_callbacks):
    nina, noor, ines = _admin(world, "Nina"), _admin(world, "Noor"), _admin(world, "Ines")
    application, _ = services.application_submit(network=world.network, applicant=world.rosa, motivation="m",
                                                 code_number=None, declarations=CLEAN, referees=[LENA])
    services.note_add(application=application, reviewer=ines, text="I know too little of her work.")
    declined = services.decide(application=application, reviewer=world.nadia, accept=False, reason="Not yet.",
                               no_reference_reason="No answer.")
    services.conflict_declare(application=declined, reviewer=nina, reason="My cousin.")
    appeal = appeals.appeal_make(application=declined, person=world.rosa, reasons="Please.", now=timezone.now())
    now = timezone.now()
    with _refused("appeal_reason_missing"):
        appeals.appeal_decide(appeal=appeal, reviewer=noor, grant=True, reason=" ", now=now)
    with _refused("not_reviewer"):
        appeals.appeal_decide(appeal=appeal, reviewer=world.ada, grant=True, reason="Yes.", now=now)
    with _refused("appeal_took_part"):  # she decided it
        appeals.appeal_decide(appeal=appeal, reviewer=world.nadia, grant=True, reason="Yes.", now=now)
    with _refused("appeal_took_part"):  # she noted on it before it was decided
        appeals.appeal_decide(appeal=appeal, reviewer=ines, grant=True, reason="Yes.", now=now)
    with _refused("excluded"):  # she declared a conflict
        appeals.appeal_decide(appeal=appeal, reviewer=nina, grant=True, reason="Yes.", now=now)
    assert not Membership.objects.filter(user=world.rosa, organisation=world.network).exists()
    with django_capture_on_commit_callbacks(execute=True):
        granted = appeals.appeal_decide(appeal=appeal, reviewer=noor, grant=True, reason="Another referee vouches.",
                                        now=now)
    assert (granted.status, granted.decided_by, granted.decided_at) == (Appeal.Status.GRANTED, noor, now)
    assert Membership.objects.filter(user=world.rosa, organisation=world.network, role=Role.MEMBER).exists()
    assert [m.to for m in mailoutbox] == [["rosa@example.org"]] and "vouches" not in mailoutbox[0].body
    with _refused("appeal_decided_already"):
        appeals.appeal_decide(appeal=appeal, reviewer=noor, grant=False, reason="No.", now=now)
    assert AuditEntry.objects.get(action="vetting.appeal_decided").details == {"appeal": appeal.pk,
                                                                                "status": "granted"}


# Referees ------------------------------------------------------------------------------------------------------

def test_the_network_keeps_a_list_of_womens_rights_organisations(world):
    with _refused("not_reviewer"):
        referees.referee_organisation_add(network=world.network, actor=world.ada, name="Casa", country="Nicaragua")
    with _refused("referee_organisation_incomplete"):
        referees.referee_organisation_add(network=world.network, actor=world.nadia, name="Casa", country=" ")
    casa = referees.referee_organisation_add(network=world.network, actor=world.nadia, name=" Casa de  la Mujer ",
                                             country="Nicaragua", city="Managua")
    assert casa.name == "Casa de la Mujer"
    with _refused("referee_organisation_listed"):
        referees.referee_organisation_add(network=world.network, actor=world.nadia, name="CASA DE LA MUJER",
                                          country="Nicaragua")
    with _refused("referee_organisation_unknown"):
        referees.referee_organisation_remove(network=world.network, actor=world.nadia,
                                             referee_organisation_id=casa.pk + 100)
    referees.referee_organisation_remove(network=world.network, actor=world.nadia, referee_organisation_id=casa.pk)
    assert referees.referee_organisations_of(network=world.network) == []
    assert [e.action for e in AuditEntry.objects.filter(action__startswith="vetting.referee_").order_by("seq")] == [
        "vetting.referee_listed", "vetting.referee_unlisted"]


def test_a_reference_is_matched_to_the_list_or_flagged_when_the_network_keeps_one(world):
    # No list: nothing to check against, nothing flagged.
    first, _ = services.application_submit(network=world.network, applicant=world.rosa, motivation="m",
                                           code_number=None, declarations=CLEAN, referees=[LENA])
    assert [(r.listed, r.off_list) for r in first.references.all()] == [(None, False)]
    services.withdraw(application=first, person=world.rosa)
    voices = referees.referee_organisation_add(network=world.network, actor=world.nadia, name="Women's Voices",
                                               country="Kenya")
    second, _ = services.application_submit(
        network=world.network, applicant=world.rosa, motivation="m", code_number=None, declarations=CLEAN,
        referees=[Referee("women's   VOICES", "Lena", "lena@example.org"),
                  Referee("A Friend's Club", "Sam", "sam@example.org")])
    listed, typed = second.references.all()
    assert (listed.listed, listed.off_list, listed.organisation_name) == (voices, False, "Women's Voices")
    assert (typed.listed, typed.off_list, typed.organisation_name) == (None, True, "A Friend's Club")


# Pages ---------------------------------------------------------------------------------------------------------

def test_the_reviewers_list_shows_members_due_in_the_same_queries_however_many(world, client_for, clock):
    renewals.schedule_set(network=world.network, actor=world.nadia, every_months=1, now=timezone.now())
    clock.shift(timedelta(days=40))
    nadia = client_for("nadia")
    url = reverse("vetting:review_list", args=[world.network.slug])

    def queries() -> tuple[int, str]:
        nadia.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = nadia.get(url)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    _declined(world)
    few, page = queries()
    assert "Ask Riverside to be vetted again" in page and "Ask Harbour to be vetted again" in page
    for n in range(12):
        member = Organisation.objects.create(name=f"Member {n}", slug=f"member-{n}")
        NetworkMembership.objects.create(network=world.network, organisation=member)
        NetworkMembership.objects.filter(organisation=member).update(joined_at=timezone.now() - timedelta(days=40))
    appeals.appeal_make(application=Application.objects.get(applicant=world.rosa), person=world.rosa,
                        reasons="Please.", now=timezone.now())
    many, page = queries()
    assert many == few and "Ask Member 11 to be vetted again" in page and "Appeal waiting for a decision" in page
    response = nadia.post(reverse("vetting:renewal_open", args=[world.network.slug]),
                          {"organisation": world.harbour.pk}, follow=True)
    assert "Harbour is asked to answer by" in response.content.decode()
    assert "Ask Harbour to be vetted again" not in response.content.decode()


def test_the_applicants_page_offers_the_appeal_and_keeps_what_was_typed(world, client_for, clock):
    declined = _declined(world)
    rosa = client_for("rosa")
    page = rosa.get(reverse("vetting:mine")).content.decode()
    assert "Appeal this decision" in page and "Lena did not answer" not in page
    url = reverse("vetting:appeal", args=[declined.pk])
    assert rosa.post(url, {f"appeal-{declined.pk}-reasons": ""}).status_code == 400
    Application.objects.filter(pk=declined.pk).update(
        decided_at=timezone.now() - timedelta(days=appeals.APPEAL_DAYS, seconds=1))
    late = rosa.post(url, {f"appeal-{declined.pk}-reasons": "Please look again."})
    assert late.status_code == 400 and "Please look again." in late.content.decode()
    assert "that time has passed" in late.content.decode()
    assert not Appeal.objects.exists()
    assert client_for("mateo").post(url, {f"appeal-{declined.pk}-reasons": "x"}).status_code == 404


def test_a_decision_without_an_answered_reference_asks_why_on_the_page(world, client_for):
    application, _ = services.application_submit(network=world.network, applicant=world.rosa, motivation="m",
                                                 code_number=None, declarations=CLEAN, referees=[LENA])
    nadia = client_for("nadia", sudo=True)
    url = reverse("vetting:review_decide", args=[world.network.slug, application.pk])
    response = nadia.post(url, {"decide-outcome": "accept", "decide-reason": "Welcome."})
    assert response.status_code == 400
    assert "To decide without one, please write why." in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == Application.Status.WAITING
    nadia.post(url, {"decide-outcome": "accept", "decide-reason": "Welcome.",
                     "decide-no_reference_reason": "We have worked with her for years."})
    decided = Application.objects.get(pk=application.pk)
    assert (decided.status, decided.no_reference_reason) == (Application.Status.ACCEPTED,
                                                             "We have worked with her for years.")
    assert "We have worked with her" not in client_for("rosa").get(reverse("vetting:mine")).content.decode()


def test_the_referees_page_lists_in_one_query_and_adds_and_removes(world, client_for):
    nadia = client_for("nadia")
    url = reverse("vetting:referees", args=[world.network.slug])
    response = nadia.post(url, {"name": "Casa de la Mujer", "country": "Nicaragua", "city": "Managua"}, follow=True)
    assert "Casa de la Mujer is on the list." in response.content.decode()
    again = nadia.post(url, {"name": "casa de la mujer", "country": "Nicaragua"})
    assert again.status_code == 400 and "already on the list" in again.content.decode()

    def queries() -> int:
        nadia.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert nadia.get(url).status_code == 200
        return len(captured)

    few = queries()
    for n in range(10):
        referees.referee_organisation_add(network=world.network, actor=world.nadia, name=f"Org {n}", country="Peru")
    assert queries() == few
    listed = referees.referee_organisations_of(network=world.network)[0]
    nadia.post(reverse("vetting:referee_remove", args=[world.network.slug]), {"listed": listed.pk})
    assert len(referees.referee_organisations_of(network=world.network)) == 10


def test_a_members_administrator_answers_its_renewal_on_its_page(world, client_for, clock):
    renewals.schedule_set(network=world.network, actor=world.nadia, every_months=1, now=timezone.now())
    clock.shift(timedelta(days=40))
    renewal = renewals.renewal_open(network=world.network, organisation_id=world.riverside.pk, actor=world.nadia,
                                    now=timezone.now())
    ada = client_for("ada")
    assert "Riverside to answer by" in ada.get(reverse("vetting:mine")).content.decode()
    url = reverse("vetting:renewal", args=[renewal.pk])
    typed = {"motivation": "", "leadership_allegation": "no", "asked_to_leave": "no"}
    response = ada.post(url, typed)
    assert response.status_code == 400 and "what has changed" in response.content.decode()
    ada.post(url, {**typed, "motivation": "A new safeguarding lead."})
    answered = Application.objects.get(pk=renewal.pk)
    assert (answered.status, answered.applicant, answered.motivation) == (Application.Status.WAITING, world.ada,
                                                                          "A new safeguarding lead.")
    assert client_for("mateo").get(url).status_code == 404
    assert not Reference.objects.filter(application=answered).exists()


def test_a_members_administrator_finds_the_renewal_from_his_home(world, client_for, clock):
    home = reverse("site:dashboard")
    assert reverse("vetting:mine") not in client_for("ada").get(home).content.decode()
    renewals.schedule_set(network=world.network, actor=world.nadia, every_months=1, now=timezone.now())
    clock.shift(timedelta(days=40))
    renewals.renewal_open(network=world.network, organisation_id=world.riverside.pk, actor=world.nadia,
                          now=timezone.now())
    assert reverse("vetting:mine") in client_for("ada").get(home).content.decode()
    assert reverse("vetting:mine") not in client_for("mateo").get(home).content.decode()


def test_the_applicants_export_holds_his_appeal_and_its_answer(world, rf):
    from holdspace.vetting.personal_data import vetting_export

    declined = _declined(world)
    appeal = appeals.appeal_make(application=declined, person=world.rosa, reasons="Lena was away.",
                                 now=timezone.now())
    appeals.appeal_decide(appeal=appeal, reviewer=_admin(world, "Noor"), grant=False, reason="Still too early.",
                          now=timezone.now())
    request = rf.get("/")
    request.user = world.rosa
    (record,) = vetting_export(request).parts[0].records
    assert (record["appeal_reasons"], record["appeal_status"], record["appeal_decision_reason"]) == (
        "Lena was away.", "Appeal not granted", "Still too early.")


def test_the_applicants_page_runs_the_same_queries_for_few_or_many_decisions_and_appeals(world, client_for):
    rosa = client_for("rosa")
    url = reverse("vetting:mine")

    def queries() -> int:
        rosa.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert rosa.get(url).status_code == 200
        return len(captured)

    appeals.appeal_make(application=_declined(world), person=world.rosa, reasons="Please.", now=timezone.now())
    few = queries()
    for n in range(8):
        network = Organisation.objects.create(name=f"Network {n}", slug=f"network-{n}",
                                              kind=Organisation.Kind.NETWORK)
        # Made directly: the applicant's rate of applications is not what is measured here.
        declined = Application.objects.create(
            network=network, applicant=world.rosa, motivation="m", status=Application.Status.DECLINED,
            decided_at=timezone.now(), decided_by=world.nadia, decision_reason="No.")
        if n % 2:
            appeals.appeal_make(application=declined, person=world.rosa, reasons="Please.", now=timezone.now())
    assert queries() == few
