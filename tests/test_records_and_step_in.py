"""Issue 16: a record others can check, and the network stepping in when the organisation does not answer."""
import hashlib
import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from holdspace.audit.models import AuditEntry
from holdspace.organisations.models import Membership, NetworkMembership, ReportingLine, Role
from holdspace.organisations.signing import key_fingerprint, organisation_verify_key, public_key_text
from holdspace.reports import handling, statistics
from holdspace.reports.access import case_policy, cases_visible_to, is_excluded
from holdspace.reports.models import STEP_IN_DAYS_MESSAGE, Case, CaseKey, CaseStage, ReportingPolicy
from holdspace.reports.news import news_address_open, news_address_set
from holdspace.reports.pathways import DEFAULT_DAYS, Stage, deadline_for
from holdspace.reports.stages import stage_start
from holdspace.reports.records import CHANGED, UNKNOWN_KEY, UNREADABLE, record_check, record_sign
from holdspace.reports.stepping_in import (
    case_step_in, cases_handed_on, stage_overdue_enough, step_in_chance,
)
from holdspace.reports.submission import receipt_open
from holdspace.reports.upkeep import escalations_send
from holdspace.web import dates
from holdspace.web.refusals import Refusal
from tests.reports_helpers import CANARY, handler_keys, make_network_handler, submit

pytestmark = pytest.mark.django_db


# A record others can check


def test_a_signed_record_checks_and_any_changed_byte_fails(world, clock):
    signed = record_sign(f"Holdspace: your report\n{CANARY} what happened\n", organisation=world.riverside,
                         now=timezone.now())
    key = public_key_text(organisation_verify_key(world.riverside.pk))
    assert f"Key: {key}" in signed and f"Organisation: {world.riverside.name}" in signed
    assert key_fingerprint(organisation_verify_key(world.riverside.pk)) in signed
    checked = record_check(signed)
    assert checked.organisation == world.riverside and checked.signed_at == timezone.now().replace(microsecond=0)
    # What an editor on another system or a browser's text box does to line endings is not a change.
    assert record_check("\ufeff" + signed.replace("\n", "\r\n")).organisation == world.riverside

    for changed in (signed.replace("what happened", "what happenet"),  # one byte of her words
                    signed.replace("Organisation: Riverside", "Organisation: Harbour"),  # who signed
                    signed.replace("Signed-At: 2026-06-15", "Signed-At: 2026-06-14")):  # when
        with pytest.raises(Refusal) as refused:
            record_check(changed)
        assert refused.value.code == CHANGED
    other = public_key_text(organisation_verify_key(world.harbour.pk))
    for foreign in (signed.replace(key, other), signed.replace(f"Organisation-Id: {world.riverside.pk}",
                                                               f"Organisation-Id: {world.harbour.pk}")):
        with pytest.raises(Refusal) as refused:
            record_check(foreign)
        assert refused.value.code == UNKNOWN_KEY
    for unreadable in ("just some text", signed.split("-----END")[0], signed + "and more after it",
                       signed.replace("Signature: ", "Signature: !!")):
        with pytest.raises(Refusal) as refused:
            record_check(unreadable)
        assert refused.value.code == UNREADABLE
    # Each organisation has its own key.
    assert organisation_verify_key(world.riverside.pk) != organisation_verify_key(world.harbour.pk)


def _reporter(world, receipt) -> Client:
    client = Client()
    assert client.post(reverse("reports:receipt"), {"receipt": receipt}).status_code == 302
    return client


def test_her_record_is_signed_and_checked_on_a_page_that_keeps_nothing(world, caplog):
    caplog.set_level(logging.DEBUG)
    handler_keys(world, "hana")
    case, receipt = submit(world)
    reporter = _reporter(world, receipt)
    record = reporter.get(reverse("reports:mine_record")).content.decode()
    assert CANARY in record and "SHA-256 of the text above" in record
    assert reverse("reports:record_check") in record and record.rstrip().endswith("-----END HOLDSPACE SIGNATURE-----")

    public = Client()  # someone she gives it to, with no account
    page = public.get(reverse("reports:record_check"))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    audit_before, caplog_before = AuditEntry.objects.count(), len(caplog.records)
    cache.clear()
    pasted = public.post(reverse("reports:record_check"), {"text": record.replace("\n", "\r\n")},
                         REMOTE_ADDR="203.0.113.91")
    body = pasted.content.decode()
    assert pasted.status_code == 200 and "This record is intact." in body and world.riverside.name in body
    assert "no-store" in pasted["Cache-Control"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    changed = record.replace(CANARY, CANARY.replace("river", "rivet"))
    uploaded = public.post(reverse("reports:record_check"),
                           {"file": SimpleUploadedFile("record.txt", changed.encode(), "text/plain")})
    assert "This record is not intact" in uploaded.content.decode()
    empty = public.post(reverse("reports:record_check"), {"text": "  "})
    assert empty.status_code == 400 and "Choose the record file" in empty.content.decode()

    # Nothing of what was checked went anywhere: no audit entry, no log line, nothing cached, no address.
    assert AuditEntry.objects.count() == audit_before
    logged = " ".join(record.getMessage() for record in caplog.records[caplog_before:])
    assert CANARY not in logged and "rivet" not in logged and "203.0.113.91" not in logged
    kept = " ".join(repr(value) for value in getattr(cache, "_cache", {}).values())
    assert CANARY not in kept and "rivet" not in kept


def test_the_accountability_page_shows_the_key_that_signs(world, client_for):

    key = organisation_verify_key(world.riverside.pk)
    page = client_for("ada").get(reverse("accountability:page", args=[world.riverside.slug])).content.decode()
    assert public_key_text(key) in page and key_fingerprint(key) in page
    assert reverse("reports:record_check") in page


# When the organisation does not answer


def _world_with_network_handlers(world):
    keys = handler_keys(world, "hana")
    make_network_handler(world)  # Nadia handles the network's cases
    keys.update(handler_keys(world, "nadia"))
    return keys


def test_the_overdue_rule_counts_the_policys_days_past_the_current_due_date(world, clock):
    _world_with_network_handlers(world)
    case, _receipt = submit(world)
    assert case_policy(case)["step_in_after_days"] == 14
    due = case.stage_due_at
    assert not stage_overdue_enough(case, now=due + timedelta(days=14))
    assert stage_overdue_enough(case, now=due + timedelta(days=14, seconds=1))
    chance = step_in_chance(case, now=due)
    assert chance.network == world.network and not chance.open_now and chance.from_date == due + timedelta(days=14)
    assert step_in_chance(case, now=due + timedelta(days=15)).open_now
    # A case received before cases kept this value reads the default; one kept under another policy keeps its own.
    case.policy = {key: value for key, value in case.policy.items() if key != "step_in_after_days"}
    assert case_policy(case)["step_in_after_days"] == 14
    case.policy["step_in_after_days"] = 3
    assert stage_overdue_enough(case, now=due + timedelta(days=3, seconds=1))
    # A stage done and waiting for closing has no due date; a closed case is never overdue.
    case.stage_due_at = None
    assert not stage_overdue_enough(case, now=due + timedelta(days=400))
    assert step_in_chance(case, now=due + timedelta(days=400)) is None
    NetworkMembership.objects.filter(organisation=world.riverside).delete()
    case.stage_due_at = due
    assert step_in_chance(case, now=due + timedelta(days=30)) is None


def test_the_network_steps_in_with_her_consent_and_the_organisation_sees_it(world, clock,
                                                                           django_capture_on_commit_callbacks):
    keys = _world_with_network_handlers(world)
    # Rick is named; at the network, Omar reports to him and Rick handles cases too: neither may get it.
    for person in (world.rick, world.omar):
        Membership.objects.create(user=person, organisation=world.network, role=Role.CASE_HANDLER)
    handler_keys(world, "rick", "omar")
    ReportingLine.objects.create(organisation=world.network, person=world.omar, manager=world.rick)
    case, receipt = submit(world, pathway="support")
    handling.respondent_link(case, actor=world.hana, respondent=world.rick)
    case.refresh_from_db()
    opened, data_key = receipt_open(receipt)
    news_address_set(opened, data_key=data_key, address="her.news@example.org")

    with pytest.raises(Refusal) as refused:
        case_step_in(opened, data_key=data_key)
    assert refused.value.code == "not_overdue"
    clock.shift(case.stage_due_at - timezone.now() + timedelta(days=15))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert case_step_in(opened, data_key=data_key) == world.network

    case.refresh_from_db()
    assert case.handling_organisation == world.network and case.stepped_in_from == world.riverside
    assert case.stepped_in_at == timezone.now() and case.unread_for_handlers >= 1
    holders = set(CaseKey.objects.filter(case=case).values_list("user_id", flat=True))
    assert holders == {world.nadia.pk}
    assert is_excluded(case, user=world.omar) and is_excluded(case, user=world.rick)
    assert list(cases_visible_to(world.nadia, organisation=world.network)) == [case]
    assert not cases_visible_to(world.hana, organisation=world.riverside).exists()
    # Nadia opens it with her own key; the network's ring covers it.
    assert handling.data_key_open(case, user=world.nadia, private_key=keys["nadia"]) == data_key
    # She still hears of news: her address opens in the network handler's request as before.
    assert news_address_open(case, data_key=data_key)[0] == "her.news@example.org"
    actions = AuditEntry.objects.filter(action="case.network_stepped_in")
    assert sorted(actions.values_list("organisation_id", flat=True)) == sorted([world.riverside.pk, world.network.pk])
    assert CANARY not in str(list(actions.values_list("details", flat=True)))
    assert [message.to for message in mail.outbox] == [[world.nadia.email]]
    assert case.reference in mail.outbox[0].subject and CANARY not in mail.outbox[0].body
    assert world.riverside.name not in mail.outbox[0].body
    assert cases_handed_on(world.hana, organisation=world.riverside) == [case]
    assert cases_handed_on(world.rick, organisation=world.riverside) == []  # never a case about him

    with pytest.raises(Refusal) as refused:
        case_step_in(case, data_key=data_key)
    assert refused.value.code == "already_stepped_in"


def test_a_network_nobody_can_read_for_refuses_and_keeps_the_case_where_it_is(world, clock):
    handler_keys(world, "hana")
    case, receipt = submit(world)
    opened, data_key = receipt_open(receipt)
    clock.shift(timedelta(days=60))
    assert step_in_chance(opened, now=timezone.now()) is None  # not offered: nobody there could read it
    with pytest.raises(Refusal) as refused:
        case_step_in(opened, data_key=data_key)
    assert refused.value.code == "network_cannot_receive"
    NetworkMembership.objects.filter(organisation=world.riverside).delete()
    with pytest.raises(Refusal) as refused:
        case_step_in(opened, data_key=data_key)
    assert refused.value.code == "no_network"
    case.refresh_from_db()
    assert case.handling_organisation == world.riverside and case.stepped_in_at is None


def test_she_asks_from_her_page_and_a_network_handler_opens_the_case(world, clock, client_for):
    _world_with_network_handlers(world)
    case, receipt = submit(world)
    reporter = _reporter(world, receipt)
    page = reporter.get(reverse("reports:mine")).content.decode()
    assert "If nobody answers" in page and "Ask the network to step in" not in page
    early = reporter.post(reverse("reports:mine_step_in"), {"step_in-confirm": "on"})  # a page kept from before
    assert early.status_code == 400 and "once a stage has been overdue" in early.content.decode()
    clock.shift(case.stage_due_at - timezone.now() + timedelta(days=15))
    reporter = _reporter(world, receipt)  # weeks later, she opens it again
    page = reporter.get(reverse("reports:mine")).content.decode()
    assert "Ask the network to step in" in page and "will be able to read your report" in page

    unconfirmed = reporter.post(reverse("reports:mine_step_in"), {})
    assert unconfirmed.status_code == 400 and "Please tick the box" in unconfirmed.content.decode()
    assert Case.objects.get(pk=case.pk).stepped_in_at is None
    done = reporter.post(reverse("reports:mine_step_in"), {"step_in-confirm": "on"})
    assert done.status_code == 302
    assert "stepped in" in reporter.get(reverse("reports:mine")).content.decode()

    nadia = client_for("nadia", case_key=True)
    opened = nadia.get(reverse("reports:case_report", args=[world.network.slug, case.reference]))
    assert opened.status_code == 200 and CANARY in opened.content.decode()
    hana = client_for("hana", case_key=True)
    assert hana.get(reverse("reports:case", args=[world.riverside.slug, case.reference])).status_code == 404
    listing = hana.get(reverse("reports:cases", args=[world.riverside.slug])).content.decode()
    assert "Cases your network took over" in listing and case.reference in listing


def test_the_policy_sets_the_days_and_a_new_case_keeps_them(world, client_for):
    handler_keys(world, "hana")
    form = {"policy-retention_days": "365", "policy-reminder_days_before": "1", "policy-step_in_after_days": "5",
            "policy-route_leaders_to_network": "on",
            **{f"policy-days_{stage}": str(days) for stage, days in DEFAULT_DAYS.items()}}
    admin = client_for("ada", sudo=True)
    assert admin.post(reverse("reports:policy", args=[world.riverside.slug]), form).status_code == 302
    case, _receipt = submit(world)
    assert case_policy(case)["step_in_after_days"] == 5
    # Left empty, the value stays as it was; out of range, it is refused with what was typed kept.
    form["policy-step_in_after_days"] = ""
    assert admin.post(reverse("reports:policy", args=[world.riverside.slug]), form).status_code == 302
    assert ReportingPolicy.objects.get(organisation=world.riverside).step_in_after_days == 5
    form["policy-step_in_after_days"] = "0"
    refused = admin.post(reverse("reports:policy", args=[world.riverside.slug]), form)
    assert refused.status_code == 400 and 'value="0"' in refused.content.decode()


# What the review found (issue 16, fixer 2)


FAKE_HEADER = "2026-06-14 09:30 · Case handler"  # a day before, in the same shape


def test_what_people_wrote_is_quoted_and_the_record_hashes_as_it_is_sent(world, clock):
    """A line she or a handler wrote never passes for the system's own, and text typed in a browser's text box
    (CRLF) hashes the same as the file she gets."""
    keys = handler_keys(world, "hana")
    what = f"{CANARY} what happened\r\n\r\n{FAKE_HEADER}\r\nStatus: Closed\r\nWhat happened"
    case, receipt = submit(world, what=what, impact=f"{CANARY} impact\u2028Kind: made up")
    data_key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    handling.message_send(case, actor=world.hana, data_key=data_key, channel="reporter",
                          body=f"Thank you.\r\n{FAKE_HEADER.replace('Case handler', 'You')}\r\nI take it back.")
    response = _reporter(world, receipt).get(reverse("reports:mine_record"))
    record = response.content.decode()
    assert "\r" not in record and "\u2028" not in record

    lines = record.split("\n")
    written = [line[2:] for line in lines if line.startswith("> ")]
    stated = [line for line in lines if not line.startswith(">")]
    # Every line she wrote is there, quoted, and none of them stands as a line of the system's own.
    for line in (FAKE_HEADER, "Status: Closed", "What happened", "Kind: made up", f"{CANARY} what happened",
                 "2026-06-14 09:30 · You", "I take it back."):
        assert line in written
    assert FAKE_HEADER not in stated and "2026-06-14 09:30 · You" not in stated
    assert stated.count("What happened") == 1 and "Status: Closed" not in stated and "Kind: made up" not in stated
    assert [line for line in stated if line.endswith("· Case handler")] == [
        f"{dates.moment(timezone.now())} · Case handler"]  # the one message a handler sent
    assert 'Lines that start with ">" are what people wrote' in record

    # The SHA-256 line and the header match the text above it, byte for byte, as it was sent.
    text = record[:record.index("\n\nSHA-256 of the text above") + 1]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert response["X-Content-SHA256"] == digest and f"SHA-256 of the text above: {digest}" in record
    assert record_check(record).organisation == world.riverside

    page = Client().get(reverse("reports:record_check")).content.decode()
    assert "every line that starts with" in page and "are what Holdspace states" in page


def test_her_own_time_or_his_is_never_the_organisation_being_late(world, clock):
    _world_with_network_handlers(world)
    case, receipt = submit(world, pathway="informal")
    opened, data_key = receipt_open(receipt)
    stage_start(opened, stage=Stage.REPORTER_VIEW, now=timezone.now())  # the handlers wait for her view
    late = opened.stage_due_at + timedelta(days=15)
    assert not stage_overdue_enough(opened, now=late)
    assert step_in_chance(opened, now=late) is None
    with pytest.raises(Refusal) as refused:
        case_step_in(opened, data_key=data_key, now=late)
    assert refused.value.code == "not_overdue"
    clock.shift(late - timezone.now())
    page = _reporter(world, receipt).get(reverse("reports:mine")).content.decode()
    assert "is late with your report" not in page and "Ask the network to step in" not in page


def test_the_network_gets_its_own_deadline_and_is_escalated_like_any_case(world, clock, monkeypatch):
    _world_with_network_handlers(world)
    case, receipt = submit(world, pathway="support")
    opened, data_key = receipt_open(receipt)
    first = CaseStage.objects.get(case=case, completed_at__isnull=True)
    # The organisation's stage was escalated to it while it was late.
    assert escalations_send(now=first.due_at + timedelta(days=2)).escalated == 1
    now = first.due_at + timedelta(days=15)
    case_step_in(opened, data_key=data_key, now=now)

    first.refresh_from_db()
    assert first.completed_at == now and first.completed_at > first.due_at  # it stays recorded as late
    current = CaseStage.objects.get(case=case, completed_at__isnull=True)
    due = deadline_for(first.stage, started_at=now, overrides=case_policy(case)["stage_days"]).due_at
    assert (current.stage, current.started_at, current.due_at, current.escalated_at) == (first.stage, now, due, None)
    case.refresh_from_db()
    assert (case.stage, case.stage_due_at) == (first.stage, due)
    assert step_in_chance(case, now=due + timedelta(days=30)) is None  # handed on once

    # The public figures count the late stage as the organisation's, the network's from when it stepped in.
    monkeypatch.setattr(statistics, "MIN_CASES", 1)
    assert statistics.stages_on_time(world.riverside, now=now).percent_on_time == 0
    assert statistics.stages_on_time(world.network, now=now) is None
    # The network is reminded and escalated like any case, to its own people.
    assert escalations_send(now=due).escalated == 0
    assert escalations_send(now=due + timedelta(days=2)).escalated == 1
    escalated = AuditEntry.objects.filter(action="case.stage_escalated").order_by("pk")
    assert list(escalated.values_list("organisation_id", flat=True)) == [world.riverside.pk, world.network.pk]


def test_the_record_verdicts_and_the_policy_help_are_in_her_language(world):
    from holdspace.reports.forms import PolicyForm
    from holdspace.reports.views.reporter import RECORD_VERDICTS

    with translation.override("es"):
        spanish = {code: str(words) for code, words in RECORD_VERDICTS.items()}
        help_text = str(PolicyForm().fields["step_in_after_days"].help_text)
    with translation.override("en"):
        english = {code: str(words) for code, words in RECORD_VERDICTS.items()}
        assert str(PolicyForm().fields["step_in_after_days"].help_text) == "Default: 14 days. At most 30."
    assert spanish[CHANGED] != english[CHANGED] and "intacto" in spanish[CHANGED]
    assert spanish[UNKNOWN_KEY] != english[UNKNOWN_KEY]
    assert help_text.startswith("Por defecto") and "30" in help_text


def test_the_policy_cannot_push_her_remedy_out_past_a_month(world, client_for):
    form = {"policy-retention_days": "365", "policy-reminder_days_before": "1", "policy-step_in_after_days": "31",
            "policy-route_leaders_to_network": "on",
            **{f"policy-days_{stage}": str(days) for stage, days in DEFAULT_DAYS.items()}}
    admin = client_for("ada", sudo=True)
    refused = admin.post(reverse("reports:policy", args=[world.riverside.slug]), form, HTTP_ACCEPT_LANGUAGE="es")
    assert refused.status_code == 400 and 'value="31"' in refused.content.decode()
    with translation.override("es"):
        assert str(STEP_IN_DAYS_MESSAGE) in refused.content.decode()
    assert not ReportingPolicy.objects.filter(organisation=world.riverside, step_in_after_days=31).exists()
    form["policy-step_in_after_days"] = "30"
    assert admin.post(reverse("reports:policy", args=[world.riverside.slug]), form).status_code == 302
    policy = ReportingPolicy.objects.get(organisation=world.riverside)
    assert policy.step_in_after_days == 30
    policy.step_in_after_days = 365
    with pytest.raises(ValidationError) as invalid:
        policy.full_clean()
    assert invalid.value.message_dict["step_in_after_days"] == ["Choose between 1 and 30 days."]
