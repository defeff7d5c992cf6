"""Safety concerns in circles: from the moment, to a steward, to a formal concern or a report to the
organisation; sealed to the stewards, never to the man it concerns, and never naming who raised it to him."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from holdspace.audit.models import AuditEntry
from holdspace.circles import safety
from holdspace.circles.models import SafetyConcern, SafetyConcernKey, SafetyNotice
from holdspace.reports.models import Case
from holdspace.web.refusals import Refusal
from tests.circles_helpers import SAFETY_CANARY, circle_world, key_for, make_steward, safety_concern
from tests.conftest import sign_in, unlock_case_key
from tests.test_reports_canary import _forms, _raw_database

Stage = SafetyConcern.Stage


@pytest.fixture
def circles(world):
    return circle_world(world)


def _opened(concern, steward):
    return safety.safety_data_key(concern, user=steward, private_key=key_for(steward))


@pytest.mark.django_db
def test_a_concern_is_sealed_to_the_stewards_and_never_to_the_man_it_concerns(world, circles):
    make_steward(world, world.hana)  # a second steward
    make_steward(world, world.mateo)  # the man it concerns is a steward too: he is no reader of it
    concern = safety_concern(world, circles)
    readers = set(SafetyConcernKey.objects.filter(concern=concern).values_list("user_id", flat=True))
    assert readers == {world.otto.pk, world.hana.pk}
    assert SAFETY_CANARY.encode() not in bytes(concern.content)
    words = safety.safety_words(concern, data_key=_opened(concern, world.hana))
    assert SAFETY_CANARY in words.what
    assert (words.raised_by_name, words.about_name) == ("Felix", "Mateo")
    assert safety.safety_data_key(concern, user=world.mateo, private_key=key_for(world.mateo)) is None
    # What his steward's pages show him: not this one.
    assert safety.safety_concerns_for(organisation=world.riverside, user=world.mateo) == []
    assert safety.safety_concern_for(organisation=world.riverside, user=world.mateo, concern_id=concern.pk) is None
    assert len(safety.safety_concerns_for(organisation=world.riverside, user=world.otto)) == 1


@pytest.mark.django_db
def test_the_audit_log_holds_no_words_and_not_who_raised_it(world, circles):
    concern = safety_concern(world, circles, told=True)
    entries = list(AuditEntry.objects.filter(target_type="circles.safetyconcern", target_id=str(concern.pk))
                   .order_by("seq"))
    assert [entry.action for entry in entries] == [
        "circle.safety_raised", "circle.safety_acknowledged", "circle.safety_told"]
    assert entries[0].actor_id is None and entries[0].at.minute == 0  # nobody named, to the hour
    assert {entry.actor_id for entry in entries[1:]} == {world.otto.pk}
    for entry in entries:
        assert world.felix.pk not in entry.details.values()
        assert SAFETY_CANARY not in str(entry.details) and "meet me" not in str(entry.details)


@pytest.mark.django_db
def test_the_man_concerned_is_told_only_what_the_steward_chose_never_who_raised_it(world, circles):
    concern = safety_concern(world, circles)
    mateo = unlock_case_key(sign_in(Client(), world.mateo), world.mateo)
    url = reverse("circles:safety_notices")
    assert b"Please meet me" not in mateo.get(url).content  # nothing until the steward chooses
    safety.safety_concern_acknowledge(concern=concern, actor=world.otto)
    safety.safety_concern_tell(concern=concern, actor=world.otto, data_key=_opened(concern, world.otto),
                               message="Please meet me before the next session.")
    page = mateo.get(url).content
    assert b"Please meet me before the next session." in page and b"Tuesday men" in page
    assert b"Felix" not in page and SAFETY_CANARY.encode() not in page
    notice = SafetyNotice.objects.get()
    assert notice.user_id == world.mateo.pk and b"Please meet" not in bytes(notice.sealed)
    # His key locked: he is told there are words for him, and where to unlock them.
    locked = sign_in(Client(), world.mateo).get(url).content
    assert b"Please meet me" not in locked and reverse("keys:key").encode() in locked
    # Felix, who raised it, has no such page about it.
    assert b"Please meet me" not in unlock_case_key(sign_in(Client(), world.felix), world.felix).get(url).content


@pytest.mark.django_db
def test_nobody_to_tell_or_no_key_of_his_is_refused(world, circles):
    concern = safety_concern(world, circles, about=False)
    safety.safety_concern_acknowledge(concern=concern, actor=world.otto)
    with pytest.raises(Refusal) as refused:
        safety.safety_concern_tell(concern=concern, actor=world.otto, data_key=_opened(concern, world.otto),
                                   message="Hello.")
    assert refused.value.code == "nobody_named"


@pytest.mark.django_db
def test_who_may_raise_and_who_may_receive(world, circles):
    from holdspace.organisations.models import Membership, Role

    # No steward yet, and no administrator to receive it in their place (safety_readers).
    admins = list(Membership.objects.filter(organisation=world.riverside, role=Role.ORG_ADMIN))
    Membership.objects.filter(pk__in=[admin.pk for admin in admins]).delete()
    with pytest.raises(Refusal) as refused:
        safety.safety_concern_raise(circle=circles.circle, session=circles.held, raiser=world.mateo, what="x",
                                    about_id=None, urgent=False)
    assert refused.value.code == "no_steward"
    Membership.objects.bulk_create(admins)
    make_steward(world)
    for raiser, about, code in [(world.rosa, None, "not_in_circle"), (world.harry, None, "not_in_circle"),
                                (world.mateo, world.harry.pk, "not_among_men"), (world.mateo, None, "safety_empty")]:
        with pytest.raises(Refusal) as refused:
            safety.safety_concern_raise(circle=circles.circle, session=circles.held, raiser=raiser,
                                        what="" if code == "safety_empty" else "words", about_id=about, urgent=False)
        assert refused.value.code == code
    # The only steward is the man it is about: it goes to the administrators instead (see
    # test_circles_safety_keys for who reads it).
    Membership.objects.filter(role=Role.STEWARD).delete()
    make_steward(world, world.felix)
    concern = safety.safety_concern_raise(circle=circles.circle, session=circles.held, raiser=world.mateo,
                                          what="words", about_id=world.felix.pk, urgent=False)
    assert world.felix.pk not in set(concern.keys.values_list("user_id", flat=True))


@pytest.mark.django_db
def test_each_step_has_its_deadline(world, circles, clock):
    now = timezone.now()
    urgent = safety_concern(world, circles, urgent=True)
    calm = safety_concern(world, circles)
    assert urgent.due_at == now + timedelta(hours=4) and calm.due_at == now + timedelta(days=2)
    later = now + timedelta(days=3)
    assert safety.is_overdue(calm, now=later) and not safety.is_overdue(calm, now=now)
    calm = safety.safety_concern_acknowledge(concern=calm, actor=world.otto, now=later)
    assert calm.stage == Stage.ACKNOWLEDGED and calm.due_at == later + timedelta(days=7)
    assert AuditEntry.objects.filter(action="circle.safety_acknowledged").get().details == {"late": True}
    key = _opened(calm, world.otto)
    for act_by in (later.date() - timedelta(days=1), later.date() + timedelta(days=91)):
        with pytest.raises(Refusal) as refused:
            safety.safety_concern_formalise(concern=calm, actor=world.otto, data_key=key, action="Talk with him.",
                                            act_by=act_by, now=later)
        assert refused.value.code == "act_by"
    formal = safety.safety_concern_formalise(concern=calm, actor=world.otto, data_key=key,
                                             action="Talk with him and with the facilitators.",
                                             act_by=later.date() + timedelta(days=14), now=later)
    assert formal.stage == Stage.FORMAL and formal.due_at.date() == later.date() + timedelta(days=15)
    assert safety.safety_action_words(formal, data_key=key) == "Talk with him and with the facilitators."
    assert b"Talk with him" not in bytes(formal.formal_action)
    with pytest.raises(Refusal) as refused:  # a step already taken
        safety.safety_concern_acknowledge(concern=formal, actor=world.otto, now=later)
    assert refused.value.code == "safety_stage"
    closed = safety.safety_concern_close(concern=formal, actor=world.otto, now=later)
    assert closed.stage == Stage.CLOSED and closed.due_at is None


@pytest.mark.django_db
def test_a_report_to_the_organisation_needs_consent_and_goes_through_the_reports_submission(world, circles):
    from tests.reports_helpers import handler_keys

    handler_keys(world, "hana", "otto")
    concern = safety_concern(world, circles)
    safety.safety_concern_acknowledge(concern=concern, actor=world.otto)
    key = _opened(concern, world.otto)
    with pytest.raises(Refusal) as refused:
        safety.safety_concern_report(concern=concern, actor=world.otto, data_key=key, consent=False,
                                     what="What happened.", pathway="support")
    assert refused.value.code == "safety_consent" and not Case.objects.exists()
    case, receipt = safety.safety_concern_report(concern=concern, actor=world.otto, data_key=key, consent=True,
                                                 what="What happened, in her words.", pathway="support")
    assert receipt and case.on_behalf and case.consent_confirmed and case.pathway == "support"
    assert not [field for field in SafetyConcern._meta.get_fields() if getattr(field, "related_model", None) is Case]
    concern.refresh_from_db()
    assert concern.stage == Stage.REPORTED and concern.due_at is None and concern.reported_at.minute == 0


@pytest.mark.django_db(transaction=True)
def test_the_words_of_a_concern_never_reach_the_database_in_the_clear(world, circles):
    make_steward(world)
    felix = sign_in(Client(), world.felix)
    response = felix.post(reverse("circles:safety_raise", args=[circles.circle.slug, circles.held.pk]),
                          {"what": SAFETY_CANARY, "about": world.mateo.pk, "urgent": "on"})
    assert response.status_code == 302
    otto = unlock_case_key(sign_in(Client(), world.otto), world.otto)
    concern = SafetyConcern.objects.get()
    assert concern.urgent
    page = otto.get(reverse("circles:safety_concern", args=[world.riverside.slug, concern.pk])).content
    assert SAFETY_CANARY.encode() in page and b"Felix" in page  # the steward reads it, and who raised it
    dump = _raw_database()
    assert circles.circle.name.encode() in dump
    for form in _forms(SAFETY_CANARY):
        assert form not in dump


@pytest.mark.django_db
def test_a_refused_concern_keeps_what_was_typed(world, circles):
    page = sign_in(Client(), world.mateo).post(
        reverse("circles:safety_raise", args=[circles.circle.slug, circles.held.pk]),
        {"what": "He shouted at his partner on the phone.", "urgent": "on"})
    assert page.status_code == 503  # no steward yet
    assert b"He shouted at his partner on the phone." in page.content and b"emergency" in page.content


@pytest.mark.django_db
def test_the_stewards_list_and_his_notices_take_the_same_queries_whatever_their_length(world, circles):
    otto = unlock_case_key(sign_in(Client(), world.otto), world.otto)
    mateo = unlock_case_key(sign_in(Client(), world.mateo), world.mateo)
    counts = []
    for total in (1, 6):
        while SafetyConcern.objects.count() < total:
            safety_concern(world, circles, told=True)
        otto.get(reverse("circles:safety_list", args=[world.riverside.slug]))  # warm: sessions, prepared queries
        mateo.get(reverse("circles:safety_notices"))
        with CaptureQueriesContext(connection) as listed:
            assert otto.get(reverse("circles:safety_list", args=[world.riverside.slug])).status_code == 200
        with CaptureQueriesContext(connection) as told:
            assert mateo.get(reverse("circles:safety_notices")).content.count(b"Please meet me") == total
        counts.append((len(listed), len(told)))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_the_limits_of_confidentiality_are_shown_at_intake_and_with_the_agreements_in_spanish(world, circles):
    rosa = sign_in(Client(), world.harry)
    rosa.cookies["django_language"] = "es"
    page = rosa.get(reverse("circles:join", args=[circles.circle.slug]), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Lo que el círculo no mantendrá en confidencialidad" in page
    assert "What the circle will not keep confidential" in sign_in(Client(), world.mateo).get(
        reverse("circles:space", args=[circles.circle.slug])).content.decode()
    felix = sign_in(Client(), world.felix)
    assert "What the circle will not keep confidential" in felix.get(
        reverse("circles:agreements", args=[world.riverside.slug, circles.circle.slug])).content.decode()
    raise_page = felix.get(reverse("circles:safety_raise", args=[circles.circle.slug, circles.held.pk]))
    assert "Mateo" in raise_page.content.decode() and "Felix</option>" not in raise_page.content.decode()


@pytest.mark.django_db
def test_mails_say_there_is_a_concern_and_nothing_of_it(world, circles, mailoutbox,
                                                       django_capture_on_commit_callbacks):
    make_steward(world, world.hana)
    with django_capture_on_commit_callbacks(execute=True):
        concern = safety_concern(world, circles, urgent=True)  # Otto and Hana are its stewards
    assert sorted(m.to[0] for m in mailoutbox) == sorted([world.otto.email, world.hana.email])
    for mail in mailoutbox:
        assert "urgent" in mail.subject and f"/organisations/riverside/safety/{concern.pk}/" in mail.body
        for secret in (SAFETY_CANARY, "Felix", "Mateo", "Tuesday"):
            assert secret not in mail.subject + mail.body
    safety.safety_concern_acknowledge(concern=concern, actor=world.otto)
    with django_capture_on_commit_callbacks(execute=True):
        safety.safety_concern_tell(concern=concern, actor=world.otto, data_key=_opened(concern, world.otto),
                                   message="Please meet me before the next session.")
    told = mailoutbox[-1]
    assert told.to == [world.mateo.email] and "/my-circles/safety/" in told.body
    for secret in ("Please meet", "Felix", "Otto", SAFETY_CANARY):
        assert secret not in told.subject + told.body


@pytest.mark.django_db
def test_nobody_who_reports_to_the_man_it_concerns_receives_it(world, circles):
    from holdspace.organisations.models import ReportingLine

    make_steward(world, world.hana)
    ReportingLine.objects.create(organisation=world.riverside, person=world.hana, manager=world.mateo)
    concern = safety_concern(world, circles)  # about Mateo, to whom Hana reports
    readers = set(SafetyConcernKey.objects.filter(concern=concern).values_list("user_id", flat=True))
    assert readers == {world.otto.pk}


@pytest.mark.django_db
def test_the_organisations_record_of_changes_does_not_show_an_administrator_that_a_concern_exists(world, circles):
    from holdspace.audit.selectors import audit_entries_for_organisation

    concern = safety_concern(world, circles, told=True)  # an administrator could be the man it is about
    raised = AuditEntry.objects.get(action="circle.safety_raised", target_id=str(concern.pk))
    assert "stewards" not in raised.details  # a count one short would tell a steward it is about him
    shown = [entry.action for entry in audit_entries_for_organisation(organisation_id=world.riverside.pk)]
    assert not [action for action in shown if action.startswith("circle.safety_")]


@pytest.mark.django_db
def test_the_first_deadline_counts_from_the_hour_the_concern_is_kept_at(world, circles, clock):
    clock.shift(timedelta(minutes=37, seconds=12))
    concern = safety_concern(world, circles)
    assert concern.raised_at.minute == 0 and concern.due_at == concern.raised_at + safety.ACKNOWLEDGE_WITHIN


@pytest.mark.django_db
def test_what_he_is_told_is_not_tied_to_the_concern_by_a_column_or_a_moment(world, circles, clock):
    clock.shift(timedelta(minutes=23, seconds=5))
    concern = safety_concern(world, circles, told=True)
    notice = SafetyNotice.objects.get(user=world.mateo)
    assert "concern" not in {field.name for field in SafetyNotice._meta.get_fields()}
    assert notice.created_at.minute == 0 and concern.told_at == notice.created_at
