"""Canaries: protected words written through the real pages must appear nowhere in
a raw copy of the database, and nobody without a key can open the case."""
import base64
import io
import os
import re
import shutil
import subprocess
import tempfile

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from holdspace.audit.models import AuditEntry
from holdspace.crypto.boxes import CannotOpen, open_sealed
from holdspace.crypto.keyrings import keypair_new
from holdspace.reports import handling
from holdspace.reports.models import Case, CaseMeasure, CaseTally, KeptReport
from tests.conftest import sign_in, unlock_case_key
from tests.reports_helpers import handler_keys, whole_case

CANARIES = {
    "report": "CANARY-REPORT-b41f",
    "identity": "CANARY-NAME-9d2e",
    "file": "CANARY-FILE-77c0",
    "reply": "CANARY-REPLY-3a5b",
    "handler": "CANARY-HANDLER-e8f1",
    "note": "CANARY-NOTE-0c6d",
    "measures": "CANARY-MEASURES-51aa",
    "checked": "CANARY-CHECKED-6e19",  # text someone pastes on the page that checks records
    "news": "canary-news-5e1d@example.org",
    "evidence": "CANARY-EVIDENCE-6b2e",
    "taken_by": "CANARY-TAKER-0f9d",
    "evidence_file": "CANARY-EVFILE-d3c1",
    "finding": "CANARY-FINDING-8e47",
    "measure": "CANARY-SANCTION-2a90",
    "intake": "CANARY-INTAKE-c5f3",
    "first_answer": "CANARY-FIRST-ANSWER-2b9c",
    "notice": "CANARY-NOTICE-6f0e",
}


def _pdf_with(text: str) -> io.BytesIO:
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 10 10 Td ({text}) Tj ET".encode("ascii"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    out.seek(0)
    out.name = "statement.pdf"
    return out


def _raw_database() -> bytes:
    """The database's raw bytes: on SQLite its pages as they are, free pages included (what a deleted or
    rewritten row leaves behind), or a copy of the file when it cannot be read whole; on PostgreSQL a dump."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        raw = connection.connection
        if hasattr(raw, "serialize"):
            return raw.serialize()
        with tempfile.TemporaryDirectory() as folder:
            copy = os.path.join(folder, "copy.sqlite3")
            with connection.cursor() as cursor:
                cursor.execute("VACUUM INTO %s", [copy])
            with open(copy, "rb") as file:
                return file.read()
    settings = connection.settings_dict
    pg_dump = shutil.which("pg_dump") or sorted(
        p for p in (f"/usr/lib/postgresql/{v}/bin/pg_dump" for v in os.listdir("/usr/lib/postgresql")) if os.path.exists(p)
    )[-1]
    result = subprocess.run(
        [pg_dump, "--data-only", "-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432),
         "-U", settings["USER"] or "postgres", settings["NAME"]],
        capture_output=True, check=True, env={**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""},
    )
    return result.stdout


def _forms(text: str) -> list[bytes]:
    """The ways a word could sit in a dump: plain, UTF-16, hex, base64."""
    raw = text.encode()
    return [raw, text.encode("utf-16-le"), raw.hex().encode(), base64.b64encode(raw)[:-4]]


@pytest.mark.django_db(transaction=True)
def test_canaries_never_reach_the_database_in_the_clear(world, mailoutbox):
    keys = handler_keys(world, "hana", "rosa")
    # She reports signed in, keeps the report with her account, says what she needs and where to hear of news.
    reporter = unlock_case_key(sign_in(Client(), world.rosa), world.rosa)
    response = reporter.post(
        reverse("reports:write", args=[world.riverside.slug]),
        {
            "kind": "complaint", "on_behalf": "no", "pathway": "formal", "respondent_consent": "on",
            "what": CANARIES["report"], "impact": CANARIES["report"],
            "identity_name": CANARIES["identity"], "identity_contact": "someone@example.org",
            "files": [_pdf_with(CANARIES["file"])],
            "needs": ["no_contact"], "news_email": CANARIES["news"], "keep": "on",
        },
    )
    receipt = re.search(r"<code>([0-9A-Z-]+)</code>", response.content.decode()).group(1)
    case = Case.objects.get()
    assert case.attachments.count() == 1

    reporter.post(reverse("reports:receipt"), {"receipt": receipt})
    reporter.post(reverse("reports:mine_write"), {"body": CANARIES["reply"]})

    hana = unlock_case_key(sign_in(Client(), world.hana), world.hana)
    act = lambda action: reverse(f"reports:case_{action}", args=[world.riverside.slug, case.reference])  # noqa: E731
    hana.post(act("message"), {"message-channel": "reporter", "message-body": CANARIES["handler"]})
    case_url = reverse("reports:case", args=[world.riverside.slug, case.reference])

    def seen(prefix):  # the case's version as the page's form carries it
        return re.search(rf'name="{prefix}-version" value="(\d+)"', whole_case(hana, case_url)).group(1)

    assert hana.post(act("stage"), {"stage-note": CANARIES["note"], "stage-reporter_message": CANARIES["first_answer"],
                                    "stage-version": seen("stage")}).status_code == 302
    assert hana.post(act("safety"), {"safety-risk": "medium", "safety-measures": CANARIES["measures"],
                                     "safety-version": seen("safety")}).status_code == 302
    # Type and severity are sealed like the report: only the organisation's counts, linked to no case, say them.
    assert hana.post(act("classify"), {"classify-case_type": "sexual_violence", "classify-severity": "grave",
                                       "classify-version": seen("classify")}).status_code == 302
    sealed_pair = ('"type": "sexual_violence"', '"severity": "grave"')
    row = " ".join(str(value) for value in Case.objects.filter(pk=case.pk).values().get().values())
    assert "sexual_violence" not in row and "grave" not in row
    assert not AuditEntry.objects.filter(action="case.classified").exclude(details={}).exists()
    assert CaseTally.objects.get(case_type="sexual_violence", severity="grave").count == 1
    # The evidence log, the outcome of the finding and its measures, through their pages.
    assert hana.post(act("evidence_add"), {
        "kind": "interview", "happened_on": "2026-06-01", "text": CANARIES["evidence"],
        "taken_by": CANARIES["taken_by"], "files": [_pdf_with(CANARIES["evidence_file"])],
    }).status_code == 302
    case.refresh_from_db()
    data_key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    for note in ("", "Told him by letter", "He answered by phone", ""):
        handling.stage_complete(case, actor=world.hana, data_key=data_key, note=note)
    handling.stage_complete(case, actor=world.hana, data_key=data_key, note="", standard="balance")
    assert hana.post(act("finding"), {"result": "upheld", "summary": CANARIES["finding"]}).status_code == 302
    assert hana.post(act("measure"), {"kind": "exclusion", "description": CANARIES["measure"],
                                      "follow_up_on": "2026-09-01"}).status_code == 302
    outcome = hana.get(reverse("reports:case_outcome", args=[world.riverside.slug, case.reference])).content
    assert CANARIES["finding"].encode() in outcome and CANARIES["measure"].encode() in outcome
    evidence_page = hana.get(reverse("reports:case_evidence", args=[world.riverside.slug, case.reference])).content
    assert CANARIES["evidence"].encode() in evidence_page and CANARIES["taken_by"].encode() in evidence_page
    # A report a handler records for someone who phoned.
    intake = hana.post(reverse("reports:intake", args=[world.riverside.slug]), {
        "channel": "phone", "consent": "on", "kind": "complaint", "pathway": "support", "what": CANARIES["intake"]})
    assert intake.status_code == 200 and Case.objects.filter(intake="phone").exists()
    # The file really carries its canary to the case, inside the encryption.
    page = whole_case(hana, case_url)
    assert "Sexual violence" in page and "Very serious" in page
    assert CANARIES["report"] in page and CANARIES["handler"] in page
    file_id = case.attachments.get(evidence__isnull=True).pk
    evidence_file = case.attachments.get(evidence__isnull=False).pk
    shown = hana.get(reverse("reports:case_file", args=[world.riverside.slug, case.reference, evidence_file]))
    assert CANARIES["evidence_file"].encode() in shown.content
    download = hana.get(reverse("reports:case_file", args=[world.riverside.slug, case.reference, file_id]))
    assert CANARIES["file"].encode() in download.content

    # Her signed record, checked by someone she gave it to, as it is and changed: nothing of it is kept.
    record = reporter.get(reverse("reports:mine_record")).content.decode()
    assert CANARIES["report"] in record
    checker = Client()
    assert "This record is intact." in checker.post(reverse("reports:record_check"), {"text": record}).content.decode()
    changed = record.replace(CANARIES["report"], CANARIES["checked"])
    assert "not intact" in checker.post(reverse("reports:record_check"), {"text": changed}).content.decode()
    # The news mail went out, to her address alone.
    assert [sent.to for sent in mailoutbox] and all(sent.to == [CANARIES["news"]] for sent in mailoutbox)
    assert KeptReport.objects.filter(user=world.rosa).count() == 1
    # Told before he has a key: the notice waits behind a one-time code that only his email carries.
    from django.core import mail

    from holdspace.keys.services import personal_key_unlock
    from tests.conftest import PASSWORD

    Case.objects.filter(pk=case.pk).update(respondent_consent=True)
    case.refresh_from_db()
    data_key = handling.data_key_open(case, user=world.hana,
                                      private_key=personal_key_unlock(world.hana, password=PASSWORD))
    handling.respondent_link(case, actor=world.hana, respondent=world.rick)
    handling.respondent_notify(case, actor=world.hana, data_key=data_key, notice=CANARIES["notice"])
    code = re.search(r"^ {4}([a-z0-9-]{47})$", mail.outbox[-1].body, flags=re.M).group(1)
    assert CANARIES["first_answer"].encode() in reporter.get(reverse("reports:mine")).content

    dump = _raw_database()
    assert case.reference.encode() in dump  # the copy holds the case: the test could see a leak
    for name, word in CANARIES.items():
        for form in _forms(word):
            assert form not in dump, f"{name} canary found in the database copy"
    assert receipt.replace("-", "").encode() not in dump
    # What she needs is inside the sealed report; the key her kept row holds is only in sealed boxes.
    assert b"no_contact" not in dump and b"No contact with the person" not in dump
    # What was decided about him is locked too: the finding's result and the measure's kind, in their rows, the
    # audit log's details or anywhere else ("exclusion" alone is also a table's name).
    assert b"upheld" not in dump and b"Upheld" not in dump
    assert b'"exclusion"' not in dump and b"Exclusion" not in dump
    assert all(b"exclusion" not in bytes(kind) for kind in CaseMeasure.objects.values_list("kind", flat=True))
    data_key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    for form in (data_key, data_key.hex().encode(), base64.b64encode(data_key)[:-4]):
        assert form not in dump
    for form in _forms(code.replace("-", "")) + _forms(code):
        assert form not in dump, "the respondent's notice code found in the database copy"
    for fragment in sealed_pair:
        assert fragment.encode() not in dump, f"{fragment} found in the database copy"


@pytest.mark.django_db
def test_without_a_handlers_key_the_case_stays_shut(world):
    """The management shell has the database and the settings, but no handler's password."""
    keys = handler_keys(world, "hana")
    from tests.reports_helpers import submit

    case, _ = submit(world)
    stranger = keypair_new()
    for key in case.keys.all():
        with pytest.raises(CannotOpen):
            open_sealed(stranger, sealed=bytes(key.sealed))
    data_key = handling.data_key_open(case, user=world.hana, private_key=keys["hana"])
    stored = b"".join(
        bytes(value) for value in Case.objects.filter(pk=case.pk).values_list(
            "content", "receipt_box", "receipt_salt", named=False
        ).get()
    )
    assert data_key not in stored
