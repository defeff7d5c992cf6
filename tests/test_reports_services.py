"""Reports and cases through their services: encryption, access, routing, stages."""
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from holdspace.reports.access import is_excluded
from holdspace.audit.models import AuditEntry
from holdspace.audit.selectors import audit_chain_verify
from holdspace.organisations.models import ReportingLine
from holdspace.reports import handling, reporter
from holdspace.reports.access import cases_visible_to
from holdspace.reports.attachments import attachment_clean
from holdspace.reports.content import ReporterIdentity
from holdspace.reports.models import Case, CaseKey
from holdspace.reports.pathways import Stage, stages_of
from holdspace.reports.submission import receipt_open
from holdspace.web.refusals import Refusal
from tests.reports_helpers import CANARY, handler_keys, make_network_handler, submit

pytestmark = pytest.mark.django_db


def test_a_report_opens_with_its_receipt_and_with_a_handlers_key(world):
    keys = handler_keys(world, "hana")
    case, receipt = submit(world)
    assert len(receipt.replace("-", "")) == 21
    opened, data_key = receipt_open(receipt.lower())
    assert opened == case
    assert handling.case_read(case, user=world.hana, data_key=handling.data_key_open(case, user=world.hana, private_key=keys["hana"])).content.what.startswith(CANARY)
    assert handling.data_key_open(case, user=world.hana, private_key=keys["hana"]) == data_key
    with pytest.raises(Refusal, match="^receipt_does_not_open$"):
        receipt_open("0000-0000-0000-0000-0000-0")
    with pytest.raises(Refusal, match="^receipt_does_not_open$"):
        receipt_open("not a code")
    assert case.stage == Stage.ACKNOWLEDGE
    assert case.stage_due_at - case.received_at == timedelta(days=3)


def test_nobody_receives_when_no_handler_holds_a_key(world):
    with pytest.raises(Refusal, match="^nobody_can_receive$"):
        submit(world)
    assert not Case.objects.exists()


def test_other_organisations_handlers_and_non_handlers_cannot_open(world):
    keys = handler_keys(world, "hana", "omar")
    case, _ = submit(world)
    assert list(cases_visible_to(world.hana, organisation=world.riverside)) == [case]
    assert not cases_visible_to(world.omar, organisation=world.riverside).exists()
    assert not cases_visible_to(world.ada, organisation=world.riverside).exists()  # admin without the handler role
    with pytest.raises(Refusal, match="^no_access$"):
        handling.data_key_open(case, user=world.omar, private_key=keys["omar"])


def test_a_report_about_a_leader_goes_to_the_network_and_he_never_holds_a_key(world):
    make_network_handler(world)
    from holdspace.organisations.models import Membership, Role

    Membership.objects.create(user=world.ada, organisation=world.riverside, role=Role.CASE_HANDLER)
    handler_keys(world, "hana", "ada", "nadia")
    case, _ = submit(world, respondent=world.ada)
    assert case.handling_organisation == world.network
    assert set(case.keys.values_list("user__email", flat=True)) == {"nadia@example.org"}
    assert not cases_visible_to(world.ada, organisation=world.riverside).exists()
    assert is_excluded(case, user=world.ada)


def test_naming_the_respondent_removes_him_and_those_below_him(world):
    from holdspace.organisations.models import Membership, Role

    Membership.objects.create(user=world.felix, organisation=world.riverside, role=Role.CASE_HANDLER)
    ReportingLine.objects.create(organisation=world.riverside, person=world.felix, manager=world.rick)
    handler_keys(world, "hana", "felix")
    case, _ = submit(world)
    assert case.keys.count() == 2
    handling.respondent_link(case, actor=world.hana, respondent=world.rick)
    assert list(case.keys.values_list("user", flat=True)) == [world.hana.pk]
    assert not cases_visible_to(world.felix, organisation=world.riverside).exists()
    with pytest.raises(Refusal, match="^excluded$"):
        handling.case_grant(case, actor=world.hana, data_key=b"k" * 32, to=world.felix)


def test_a_later_handler_gets_a_case_only_when_granted(world):
    from holdspace.organisations.models import Membership, Role

    keys = handler_keys(world, "hana")
    case, _ = submit(world)
    Membership.objects.create(user=world.felix, organisation=world.riverside, role=Role.CASE_HANDLER)
    keys.update(handler_keys(world, "felix"))
    assert not cases_visible_to(world.felix, organisation=world.riverside).exists()
    data_key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    handling.case_grant(case, actor=world.hana, data_key=data_key, to=world.felix)
    assert handling.data_key_open(case, user=world.felix, private_key=keys["felix"]) == data_key
    assert AuditEntry.objects.filter(action="case.granted", actor_id=world.hana.pk).exists()


def test_identity_is_released_only_after_another_handler_approves(world):
    from holdspace.organisations.models import Membership, Role

    Membership.objects.create(user=world.felix, organisation=world.riverside, role=Role.CASE_HANDLER)
    keys = handler_keys(world, "hana", "felix")
    case, _ = submit(world, identity=ReporterIdentity(name=f"{CANARY} name", contact="reporter@example.org"))
    assert handling.identity_read(case, user=world.hana, private_key=keys["hana"]) is None
    hana_key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    release = handling.identity_request(case, actor=world.hana, data_key=hana_key, reason=f"{CANARY} to arrange a meeting",
                                        private_key=keys["hana"])
    assert CANARY.encode() not in bytes(release.reason)
    assert handling.release_reason(release, data_key=hana_key).startswith(CANARY)
    with pytest.raises(Refusal, match="^own_request$"):
        handling.identity_decide(case, actor=world.hana, release_id=release.pk, approve=True, private_key=keys["hana"])
    handling.identity_decide(case, actor=world.felix, release_id=release.pk, approve=True, private_key=keys["felix"])
    assert handling.identity_read(case, user=world.hana, private_key=keys["hana"]).name.startswith(CANARY)
    assert handling.identity_read(case, user=world.felix, private_key=keys["felix"]) is None  # he did not ask
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"case.identity_requested", "case.identity_approved", "case.identity_read"} <= actions


def test_a_formal_pathway_runs_to_an_appeal_by_a_different_handler(world):
    from holdspace.organisations.models import Membership, Role

    Membership.objects.create(user=world.felix, organisation=world.riverside, role=Role.CASE_HANDLER)
    keys = handler_keys(world, "hana", "felix")
    case, _ = submit(world, pathway="formal")
    key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    assert handling.stage_complete(case, actor=world.hana, data_key=key, note="Thank you") == Stage.ASSESS
    assert handling.stage_complete(case, actor=world.hana, data_key=key, note="") == Stage.NOTIFY
    with pytest.raises(Refusal, match="^notify_first$"):  # nobody was told yet
        handling.stage_complete(case, actor=world.hana, data_key=key, note="")
    other, _ = submit(world, pathway="formal")  # a respondent without an account is told another way
    other_key = handling.data_key_open(other, user=world.hana, private_key=keys["hana"])
    handling.stage_complete(other, actor=world.hana, data_key=other_key, note="")
    handling.stage_complete(other, actor=world.hana, data_key=other_key, note="")
    assert handling.stage_complete(other, actor=world.hana, data_key=other_key, note="Told him by letter on 3 May") == Stage.RESPONSE
    with pytest.raises(Refusal, match="^no_respondent$"):  # no respondent named
        handling.respondent_notify(case, actor=world.hana, data_key=key, notice="You are told")
    handling.respondent_link(case, actor=world.hana, respondent=world.rick)
    handling.respondent_notify(case, actor=world.hana, data_key=key, notice="You are told")
    for expected in (Stage.RESPONSE, Stage.EVIDENCE, Stage.FINDINGS):
        assert handling.stage_complete(case, actor=world.hana, data_key=key, note="done") == expected
    with pytest.raises(Refusal, match="^standard_needed$"):  # findings say on which standard they were made
        handling.stage_complete(case, actor=world.hana, data_key=key, note="found")
    assert handling.stage_complete(case, actor=world.hana, data_key=key, note="found", standard="balance") == Stage.OUTCOME
    assert case.standard_of_proof == "balance"
    assert handling.stage_complete(case, actor=world.hana, data_key=key, note="measures") == Stage.APPEAL_WINDOW
    with pytest.raises(Refusal, match="^same_handler$"):
        handling.appeal_open(case, actor=world.hana, by="respondent", handler=world.hana)
    handling.appeal_open(case, actor=None, by="respondent", handler=world.felix)
    assert case.stage == Stage.APPEAL
    assert handling.stage_complete(case, actor=world.felix, data_key=key, note="appeal decided") is None
    handling.case_close(case, actor=world.felix, outcome=Case.Outcome.UPHELD)
    assert case.status == Case.Status.CLOSED and case.purge_after > case.closed_at
    assert audit_chain_verify().intact


def test_the_reporter_writes_changes_pathway_stops_and_downloads(world):
    handler_keys(world, "hana")
    case, receipt = submit(world, pathway="restorative")
    case, key = receipt_open(receipt)
    reporter.reporter_write(case, data_key=key, body=f"{CANARY} more", information=True)
    reporter.reporter_pathway_change(case, pathway="informal", respondent_consent=False)
    case.refresh_from_db()
    assert case.pathway == "informal" and case.stage == Stage.ACKNOWLEDGE
    record = reporter.reporter_record(case, data_key=key)
    assert record.content.what.startswith(CANARY) and any(CANARY in m["body"] for m in record.messages)
    reporter.reporter_pathway_change(case, pathway="restorative", respondent_consent=False)
    reporter.reporter_restorative_stop(case)
    assert case.outcome == Case.Outcome.RESTORATIVE_STOPPED and not case.is_open
    with pytest.raises(Refusal, match="^case_closed$"):
        reporter.reporter_pathway_change(case, pathway="formal", respondent_consent=True)
    reporter.reporter_write(case, data_key=key, body="a word after closing")  # still heard
    reporter.reporter_delete(case)
    assert not Case.objects.exists() and not CaseKey.objects.exists()


def test_every_pathway_starts_with_acknowledgement():
    for pathway in ("record", "support", "informal", "restorative", "formal"):
        assert stages_of(pathway)[:2] == (Stage.ACKNOWLEDGE, Stage.ASSESS)


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (8, 6), "orange")
    exif = Image.Exif()
    exif[0x010F] = "CANARYCAM"  # camera maker
    exif[0x0112] = 6  # rotated: the cleaned picture must come out upright
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_images_lose_their_metadata_and_stay_upright():
    raw = _jpeg_with_exif()
    assert b"CANARYCAM" in raw
    clean = attachment_clean(SimpleUploadedFile("IMG_1.JPG", raw, content_type="image/jpeg"))
    assert b"CANARYCAM" not in clean.data and b"Exif" not in clean.data
    assert Image.open(io.BytesIO(clean.data)).size == (6, 8)
    assert clean.name == "IMG_1.jpg"


def test_pdfs_lose_their_metadata():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_metadata({"/Author": "CANARYAUTHOR"})
    out = io.BytesIO()
    writer.write(out)
    clean = attachment_clean(SimpleUploadedFile("statement.pdf", out.getvalue()))
    assert b"CANARYAUTHOR" not in clean.data and clean.content_type == "application/pdf"


@pytest.mark.parametrize(
    "name,data,code",
    [("notes.txt", b"plain text", "file_type"), ("fake.png", b"\x89PNG\r\n\x1a\nnot really", "image_unreadable"),
     ("broken.pdf", b"%PDF-1.7 junk", "pdf_unreadable")],
)
def test_wrong_or_damaged_files_are_refused(name, data, code):
    with pytest.raises(Refusal, match=f"^{code}$"):
        attachment_clean(SimpleUploadedFile(name, data))


def test_the_demo_gives_handlers_keys_and_three_fictional_reports(db):
    from holdspace.keys.services import personal_key_unlock
    from holdspace.site.demo import DEMO_PASSWORD, demo_seed

    demo_seed()
    demo_seed()  # running it again adds nothing
    assert Case.objects.count() == 3
    hana = Case.objects.first().keys.get().user
    private_key = personal_key_unlock(hana, password=DEMO_PASSWORD)
    assert all(handling.data_key_open(case, user=hana, private_key=private_key) for case in Case.objects.all())
    assert Case.objects.filter(stage_due_at__lt=timezone.now()).exists()  # one is overdue, as in real life


def test_time_to_close_is_shown_only_over_enough_cases(world):
    from holdspace.reports.statistics import MIN_CASES, time_to_close

    handler_keys(world, "hana")
    start = timezone.now() - timedelta(days=200)
    from holdspace.reports.content import ReportContent
    from holdspace.reports.submission import Submission, report_submit

    for days in (10, 20, 30, 40, 150):
        case, _ = report_submit(
            organisation=world.riverside,
            submission=Submission(kind="complaint", pathway="record", content=ReportContent(what="x")),
            now=start,
        )
        handling.case_close(case, actor=world.hana, outcome=Case.Outcome.RECORDED, now=start + timedelta(days=days))
        if days == 40:
            assert time_to_close(world.riverside) is None  # four cases could point at someone
    figures = time_to_close(world.riverside)
    assert figures.cases == MIN_CASES == 5
    assert figures.median_days == 30.0 and figures.p90_days == 150.0 and figures.share_over_100_days == 0.2


def test_the_audit_log_records_reads_grants_stage_changes_and_exports_without_content(world):
    import json

    from holdspace.organisations.models import Membership, Role

    Membership.objects.create(user=world.felix, organisation=world.riverside, role=Role.CASE_HANDLER)
    keys = handler_keys(world, "hana")
    case, receipt = submit(world, identity=ReporterIdentity(name=f"{CANARY} name"))
    key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    handling.case_read(case, user=world.hana, data_key=key)
    keys.update(handler_keys(world, "felix"))
    handling.case_grant(case, actor=world.hana, data_key=key, to=world.felix)
    handling.stage_complete(case, actor=world.hana, data_key=key, note=f"{CANARY} note")
    handling.message_send(case, actor=world.hana, data_key=key, channel="reporter", body=f"{CANARY} message")
    opened, reporter_key = receipt_open(receipt)
    reporter.reporter_record(opened, data_key=reporter_key)
    entries = AuditEntry.objects.filter(target_id=str(case.pk))
    actions = set(entries.values_list("action", flat=True))
    assert {"case.received", "case.read", "case.granted", "case.stage_completed", "case.message_sent",
            "case.record_downloaded"} <= actions
    assert CANARY not in json.dumps(list(entries.values("details", "action", "target_type")))
    assert audit_chain_verify().intact


def test_what_the_review_found_stays_fixed(world):
    """Case entries stay out of the organisation's record; exclusions follow the whole
    reporting chain; a told respondent is not swapped; a lost role drops keys; a sole
    key holder cannot throw his key away; an appeal needs a running window."""
    from holdspace.audit.selectors import audit_entries_for_organisation
    from holdspace.keys.services import personal_key_create
    from holdspace.organisations.models import Membership, Role
    from holdspace.organisations.services import reporting_line_set, roles_set
    from tests.conftest import PASSWORD

    Membership.objects.create(user=world.felix, organisation=world.riverside, role=Role.CASE_HANDLER)
    keys = handler_keys(world, "hana", "felix")
    case, _ = submit(world, pathway="formal")
    assert not [e for e in audit_entries_for_organisation(organisation_id=world.riverside.pk)
                if e.action.startswith("case.")]

    handling.respondent_link(case, actor=world.hana, respondent=world.rick)
    reporting_line_set(organisation=world.riverside, person=world.mateo, manager=world.rick, actor=world.ada)
    reporting_line_set(organisation=world.riverside, person=world.felix, manager=world.mateo, actor=world.ada)
    assert is_excluded(case, user=world.felix)  # below Rick, two steps down
    assert not case.keys.filter(user=world.felix).exists()

    key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    handling.stage_complete(case, actor=world.hana, data_key=key, note="")
    handling.stage_complete(case, actor=world.hana, data_key=key, note="")
    handling.respondent_notify(case, actor=world.hana, data_key=key, notice="told")
    with pytest.raises(Refusal, match="^already_told$"):
        handling.respondent_link(case, actor=world.hana, respondent=world.moses)

    with pytest.raises(Refusal) as refused:  # Hana holds the only key now
        personal_key_create(world.hana, password=PASSWORD)
    assert refused.value.code == "last_key_holder"

    other, _ = submit(world)
    assert other.keys.filter(user=world.felix).exists()
    roles_set(organisation=world.riverside, user=world.felix, roles={Role.MEMBER}, actor=world.ada)
    assert not other.keys.filter(user=world.felix).exists()

    for _ in range(6):  # notify, response, evidence, findings, outcome, then the window itself
        handling.stage_complete(case, actor=world.hana, data_key=key, note="", standard="balance")
    case.refresh_from_db()
    assert case.stage == Stage.APPEAL_WINDOW and case.stage_due_at is None
    with pytest.raises(Refusal, match="^no_appeal_now$"):
        handling.appeal_open(case, actor=None, by="reporter", handler=world.hana)
