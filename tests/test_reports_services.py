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
from tests.reports_helpers import CANARY, handler_keys, make_network_handler, report_file, submit

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
    assert case.stage_due_at - case.received_at == timedelta(days=1)  # she hears from a person within a day


def test_a_report_whose_receipt_was_wrapped_by_argon2_cffi_itself_still_opens(world):
    """Reports made before Argon2id kept its memory (crypto.derivation.argon2id): their receipt box was wrapped
    with argon2-cffi's `hash_secret_raw`, here under parameters of their own as an older row may carry."""
    import nacl.encoding
    import nacl.hash
    from argon2.low_level import Type, hash_secret_raw

    from holdspace.crypto.boxes import lock
    from holdspace.crypto.derivation import Argon2Parameters, new_salt, server_subkey
    from holdspace.crypto.receipts import receipt_normalise

    handler_keys(world, "hana")
    case, receipt = submit(world)
    _, data_key = receipt_open(receipt)
    salt, parameters = new_salt(), Argon2Parameters(2, 128, 1)
    stretched = hash_secret_raw(receipt_normalise(receipt).encode("utf-8"), salt, time_cost=2, memory_cost=128,
                                parallelism=1, hash_len=32, type=Type.ID)
    old_key = nacl.hash.blake2b(stretched, digest_size=32, key=server_subkey(b"hs-wrap-receipt"),
                                encoder=nacl.encoding.RawEncoder)
    Case.objects.filter(pk=case.pk).update(receipt_box=lock(old_key, plaintext=data_key), receipt_salt=salt,
                                           receipt_parameters=parameters.as_text())
    opened, opened_key = receipt_open(receipt)
    assert (opened, opened_key) == (case, data_key)


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
    # Riverside's handler and administrator hold the parts of its recovery ring, which covers every case.
    from holdspace.reports.recovery import is_covered, ring_of

    ring = ring_of(Case.objects.first().handling_organisation)
    assert ring is not None and ring.shares.count() >= 2
    assert all(is_covered(case, ring=ring) for case in Case.objects.all())


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

    for _ in range(5):  # notify, response (his answer in the note), evidence, findings, outcome
        handling.stage_complete(case, actor=world.hana, data_key=key, note="recorded", standard="balance")
    # then the window itself, once it ran out
    handling.stage_complete(case, actor=world.hana, data_key=key, note="", now=case.stage_due_at + timedelta(hours=1))
    case.refresh_from_db()
    assert case.stage == Stage.APPEAL_WINDOW and case.stage_due_at is None
    with pytest.raises(Refusal, match="^no_appeal_now$"):
        handling.appeal_open(case, actor=None, by="reporter", handler=world.hana)


# Issue 15: case work that cannot go wrong quietly.


def _opened(world, *, pathway="formal", now=None):
    from holdspace.reports.content import ReportContent
    from holdspace.reports.submission import Submission, report_submit

    private_key = _hana_key(world)
    case, _ = report_submit(
        organisation=world.riverside, now=now,
        submission=Submission(kind="complaint", pathway=pathway, content=ReportContent(what=f"{CANARY} what"),
                              respondent_consent=True),
    )
    return case, handling.data_key_open(case, user=world.hana, private_key=private_key)


def _hana_key(world):
    """Hana's key: made the first time, unlocked after (a new one would orphan her open cases)."""
    from holdspace.keys.models import PersonalKey
    from holdspace.keys.services import personal_key_unlock
    from tests.conftest import PASSWORD

    if not PersonalKey.objects.filter(user=world.hana).exists():
        return handler_keys(world, "hana")["hana"]
    return personal_key_unlock(world.hana, password=PASSWORD)


def test_a_stale_page_cannot_complete_the_next_stage(world):
    case, key = _opened(world, pathway="informal")
    seen = case.version  # both tabs show the case at this version
    simultaneous = Case.objects.get(pk=case.pk)  # the second tab's request loaded it before the first wrote
    handling.stage_complete(case, actor=world.hana, data_key=key, note="Acknowledged by phone", version=seen)
    assert case.stage == Stage.ASSESS and case.version == seen + 1
    later = Case.objects.get(pk=case.pk)  # the second tab's request, sent after the first
    for stale in (later, simultaneous):
        with pytest.raises(Refusal, match="^case_moved$"):
            handling.stage_complete(stale, actor=world.hana, data_key=key, note="second tab", version=seen)
    case.refresh_from_db()
    assert case.stage == Stage.ASSESS and case.version == seen + 1
    assert case.stages.get(stage=Stage.ASSESS).completed_at is None
    assert case.stages.filter(note__isnull=False).count() == 1  # only the first tab's note
    # Without a page's version (a service's own caller), the case as loaded is the one acted on.
    with pytest.raises(Refusal, match="^case_moved$"):
        handling.stage_complete(simultaneous, actor=world.hana, data_key=key, note="")
    # A refusal later in the same change gives the claim back, in the database and on the object.
    with pytest.raises(Refusal, match="^case_moved$"):
        handling.case_close(later, actor=world.hana, outcome="recorded", version=seen)
    assert later.version == case.version == Case.objects.get(pk=case.pk).version


def test_every_change_to_a_case_moves_its_version_and_refuses_a_stale_one(world):
    from holdspace.organisations.models import Membership, Role
    from holdspace.reports.submission import receipt_open

    Membership.objects.create(user=world.felix, organisation=world.riverside, role=Role.CASE_HANDLER)
    keys = handler_keys(world, "hana", "felix")
    case, receipt = submit(world, pathway="formal")
    key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    hana = dict(actor=world.hana)
    changes = [
        ("stage", lambda v: handling.stage_complete(case, **hana, data_key=key, note="", version=v)),
        ("safety", lambda v: handling.safety_record(case, **hana, data_key=key, risk="low", measures="", version=v)),
        ("assign", lambda v: handling.case_assign(case, **hana, to=world.felix, version=v)),
        ("respondent", lambda v: handling.respondent_link(case, **hana, respondent=world.rick, version=v)),
        ("notify", lambda v: handling.respondent_notify(case, **hana, data_key=key, notice="told", version=v)),
        ("pathway", lambda v: reporter.reporter_pathway_change(case, pathway="formal", respondent_consent=True,
                                                               version=v)),
        ("close", lambda v: handling.case_close(case, **hana, outcome="recorded", version=v)),
        ("hold", lambda v: handling.hold_set(case, **hana, data_key=key, reason="kept", version=v)),
    ]
    for name, change in changes:
        before = case.version
        with pytest.raises(Refusal, match="^case_moved$"):
            change(before - 1 if before else before + 1)
        assert Case.objects.get(pk=case.pk).version == before, name
        change(before)
        assert Case.objects.get(pk=case.pk).version == case.version == before + 1, name
    # The reporter may withdraw whatever her page showed; it still moves the handlers' pages on.
    other, other_receipt = submit(world, pathway="informal")
    opened, _ = receipt_open(other_receipt)
    reporter.reporter_withdraw(opened)
    assert Case.objects.get(pk=other.pk).version == other.version + 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_on_one_version_cannot_both_pass(world):
    """Tab one holds its change open; tab two, on the same version, waits for it and is refused."""
    import threading

    from django.db import connection, connections

    if connection.vendor == "sqlite":
        # The in-memory test database shares one cache and answers a second writer "locked" at
        # once; a file database waits, as PostgreSQL does, which this test checks on PostgreSQL.
        pytest.skip("needs a database where a second writer waits: run on PostgreSQL")
    from holdspace.reports.moves import case_change

    case, key = _opened(world, pathway="informal")
    seen = case.version
    claimed, release, outcome = threading.Event(), threading.Event(), {}

    def tab_one():
        mine = Case.objects.get(pk=case.pk)
        with case_change(mine, version=seen):
            claimed.set()
            release.wait(10)
        connections.close_all()

    def tab_two():
        claimed.wait(10)
        mine = Case.objects.get(pk=case.pk)  # loaded before tab one commits: still at `seen`
        try:
            handling.stage_complete(mine, actor=world.hana, data_key=key, note="tab two", version=seen)
            outcome["two"] = "passed"
        except Refusal as refused:
            outcome["two"] = refused.code
        connections.close_all()

    one, two = threading.Thread(target=tab_one), threading.Thread(target=tab_two)
    one.start(), two.start()
    claimed.wait(10)
    two.join(1)  # tab two is waiting on the row
    assert two.is_alive()
    release.set()
    one.join(10), two.join(10)
    assert outcome == {"two": "case_moved"}
    case.refresh_from_db()
    assert case.version == seen + 1 and case.stage == Stage.ACKNOWLEDGE


def test_a_stage_that_waits_for_someone_cannot_complete_before_they_could_answer(world):
    from holdspace.reports.respondent import channel_key_for_respondent, respondent_write
    from holdspace.reports.stages import stage_start
    from holdspace.reports.submission import receipt_open

    case, key = _opened(world)
    for _ in range(2):
        handling.stage_complete(case, actor=world.hana, data_key=key, note="")
    # The engine put at his response a case whose respondent nobody told: it cannot be completed.
    elsewhere, elsewhere_key = _opened(world)
    stage_start(elsewhere, stage=Stage.RESPONSE)
    with pytest.raises(Refusal, match="^response_before_notice$"):
        handling.stage_complete(elsewhere, actor=world.hana, data_key=elsewhere_key, note="He said nothing")

    rick_key = handler_keys(world, "rick")["rick"]
    handling.respondent_link(case, actor=world.hana, respondent=world.rick)
    handling.respondent_notify(case, actor=world.hana, data_key=key, notice="You are told")
    handling.stage_complete(case, actor=world.hana, data_key=key, note="")
    assert case.stage == Stage.RESPONSE
    with pytest.raises(Refusal, match="^respondent_not_answered$"):  # told a moment ago, no answer yet
        handling.stage_complete(case, actor=world.hana, data_key=key, note="")
    # He answered here (or the note says what he said, or his time ran out): it completes.
    channel_key = channel_key_for_respondent(case, private_key=rick_key)
    respondent_write(case, user=world.rick, channel_key=channel_key, body="My side of it")
    assert handling.stage_complete(case, actor=world.hana, data_key=key, note="") == Stage.EVIDENCE

    informal, receipt = submit(world, pathway="informal")
    informal_key = handling.data_key_open(informal, user=world.hana, private_key=_hana_key(world))
    for _ in range(3):
        handling.stage_complete(informal, actor=world.hana, data_key=informal_key, note="talked")
    assert informal.stage == Stage.REPORTER_VIEW
    with pytest.raises(Refusal, match="^reporter_not_answered$"):
        handling.stage_complete(informal, actor=world.hana, data_key=informal_key, note="")
    silent, _ = submit(world, pathway="informal")  # a reporter who does not come back
    silent_key = handling.data_key_open(silent, user=world.hana, private_key=_hana_key(world))
    for _ in range(3):
        handling.stage_complete(silent, actor=world.hana, data_key=silent_key, note="talked")
    assert handling.stage_complete(silent, actor=world.hana, data_key=silent_key, note="",
                                   now=silent.stage_due_at) is None  # their time ran out
    opened, reporter_key = receipt_open(receipt)
    reporter.reporter_write(opened, data_key=reporter_key, body="It helped.")
    assert handling.stage_complete(informal, actor=world.hana, data_key=informal_key, note="") is None


def test_a_respondent_is_told_another_way_only_with_the_reporters_agreement(world):
    case, key = _opened(world)
    Case.objects.filter(pk=case.pk).update(respondent_consent=False)
    case.refresh_from_db()
    for _ in range(2):
        handling.stage_complete(case, actor=world.hana, data_key=key, note="")
    with pytest.raises(Refusal, match="^no_consent$"):  # no account here, and no agreement to tell him
        handling.stage_complete(case, actor=world.hana, data_key=key, note="Told him by letter on 3 May")
    assert case.stage == Stage.NOTIFY


def test_the_time_to_appeal_runs_out_before_its_stage_completes(world):
    case, key = _opened(world)
    handling.respondent_link(case, actor=world.hana, respondent=world.rick)
    for _ in range(2):
        handling.stage_complete(case, actor=world.hana, data_key=key, note="")
    handling.respondent_notify(case, actor=world.hana, data_key=key, notice="told")
    for _ in range(5):
        handling.stage_complete(case, actor=world.hana, data_key=key, note="done", standard="balance")
    assert case.stage == Stage.APPEAL_WINDOW
    with pytest.raises(Refusal, match="^appeal_time_running$"):
        handling.stage_complete(case, actor=world.hana, data_key=key, note="nobody appealed")
    ends = case.stage_due_at
    with pytest.raises(Refusal, match="^appeal_time_running$"):
        handling.stage_complete(case, actor=world.hana, data_key=key, note="", now=ends - timedelta(minutes=1))
    assert handling.stage_complete(case, actor=world.hana, data_key=key, note="", now=ends) is None
    assert case.is_open  # the pathway is done; closing stays the handler's own decision


def test_a_later_stage_is_never_due_before_the_one_before_it(world):
    from holdspace.reports.policy import policy_update

    start = timezone.now().replace(microsecond=0) - timedelta(days=100)
    # A policy that gives later stages fewer days than the ones before them.
    policy_update(organisation=world.riverside, actor=world.ada, retention_days=365, reminder_days_before=1,
                  respondent_notice_required=False, route_leaders_to_network=True,
                  stage_days={"acknowledge": 10, "assess": 1, "notify": 30, "response": 2, "evidence": 1})
    case, key = _opened(world, now=start)
    acknowledge_due = case.stage_due_at
    assert acknowledge_due == start + timedelta(days=10)
    handling.stage_complete(case, actor=world.hana, data_key=key, note="", now=start + timedelta(hours=1))
    assert case.stage_due_at == acknowledge_due  # not start + 1 hour + 1 day
    handling.stage_complete(case, actor=world.hana, data_key=key, note="", now=start + timedelta(days=2))
    notify_due = case.stage_due_at
    assert notify_due == start + timedelta(days=32)
    handling.stage_complete(case, actor=world.hana, data_key=key, note="Told him in person on 2 June",
                            now=start + timedelta(days=3))
    assert case.stage == Stage.RESPONSE and case.stage_due_at == notify_due
    dues = list(case.stages.order_by("started_at", "pk").values_list("due_at", flat=True))
    assert dues == sorted(dues)
    # A pathway changed mid-way starts its stage no earlier than the one it replaces.
    reporter.reporter_pathway_change(case, pathway="informal", respondent_consent=True,
                                     now=start + timedelta(days=4))
    assert case.stage == Stage.CONVERSATION and case.stage_due_at == notify_due


def test_the_acknowledgment_carries_a_persons_first_message_to_her(world):
    keys = handler_keys(world, "hana")
    case, receipt = submit(world, pathway="support")
    key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    moment = case.received_at + timedelta(hours=5)
    written = f"{CANARY} I have read your report; I will write again by Friday."
    assert handling.stage_complete(case, actor=world.hana, data_key=key, note="", now=moment,
                                   reporter_message=written) == Stage.ASSESS
    case.refresh_from_db()
    assert case.acknowledged_at == moment and case.unread_for_reporter == 1
    opened, data_key = receipt_open(receipt)
    [message] = reporter.reporter_messages(opened, data_key=data_key)
    assert message["body"] == written and message["author"] == "handler" and message["created_at"] == moment
    assert CANARY.encode() not in bytes(case.messages.get().body)  # sealed like every message


def test_a_notice_code_opens_only_his_new_key_and_only_once(world, django_capture_on_commit_callbacks):
    import re

    from django.core import mail

    from holdspace.keys.services import personal_key_create
    from holdspace.reports import respondent
    from tests.conftest import PASSWORD

    keys = handler_keys(world, "hana")
    case, _ = submit(world, pathway="formal")
    key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    handling.respondent_link(case, actor=world.hana, respondent=world.rick)
    with django_capture_on_commit_callbacks(execute=True):
        handling.respondent_notify(case, actor=world.hana, data_key=key, notice="You are told")
    code = re.search(r"^ {4}([a-z0-9-]{47})$", mail.outbox[0].body, flags=re.M).group(1)
    case.refresh_from_db()
    assert respondent.channel_code_waits(case)
    with pytest.raises(Refusal, match="^key_first$"):  # the code opens it to his key: he makes one first
        respondent.channel_code_use(case, user=world.rick, code=code)
    made = personal_key_create(world.rick, password=PASSWORD)
    with pytest.raises(Refusal, match="^notice_code_does_not_open$"):  # the code is his, not anyone's who has it
        respondent.channel_code_use(case, user=world.mateo, code=code)
    respondent.channel_code_use(case, user=world.rick, code=code)
    channel_key = respondent.channel_key_for_respondent(case, private_key=made.private_key)
    assert [m["body"] for m in respondent.respondent_messages(case, channel_key=channel_key)] == ["You are told"]
    with pytest.raises(Refusal, match="^notice_code_used$"):
        respondent.channel_code_use(Case.objects.get(pk=case.pk), user=world.rick, code=code)

    # One who has a key when he is told gets no code and no email: it is sealed to his key at once.
    mail.outbox.clear()
    other, _ = submit(world, pathway="formal")
    other_key = handling.data_key_open(other, user=world.hana, private_key=keys["hana"])
    handling.respondent_link(other, actor=world.hana, respondent=world.rick)
    with django_capture_on_commit_callbacks(execute=True):
        handling.respondent_notify(other, actor=world.hana, data_key=other_key, notice="Told again")
    other.refresh_from_db()
    assert other.respondent_sealed and other.respondent_code_box is None and mail.outbox == []


def test_a_report_is_received_in_a_fixed_number_of_queries(world, django_assert_num_queries):
    # Its keyholders (read once; the network only when nobody here holds a key), the ring with who holds its parts
    # (one read); then in one transaction (on PostgreSQL, references checked at once) the ring locked, the policy,
    # the case, its first stage, keys and file, and its audit entry (head read, entry, head moved).
    from django.db import connection

    from holdspace.organisations.models import Organisation

    handler_keys(world, "hana", "otto")
    submit(world)  # the policy row and the audit head exist, as they do after the first report
    riverside = Organisation.objects.get(pk=world.riverside.pk)  # as a request reads it: its policy not read yet
    with django_assert_num_queries(13 + (connection.vendor == "postgresql")):
        case, _receipt = submit(world, riverside, identity=ReporterIdentity(name=f"{CANARY} name"),
                                files=[report_file()])
    assert case.identity_ring_sealed is not None  # on the ring: no seal of who reported for each handler
    assert case.stage == Stage.ACKNOWLEDGE and case.stages.get().due_at == case.stage_due_at
