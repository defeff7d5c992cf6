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

from holdspace.crypto.boxes import CannotOpen, open_sealed
from holdspace.crypto.keyrings import keypair_new
from holdspace.reports import handling
from holdspace.audit.models import AuditEntry
from holdspace.reports.models import Case, CaseTally
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
def test_canaries_never_reach_the_database_in_the_clear(world):
    handler_keys(world, "hana")
    reporter = Client()
    response = reporter.post(
        reverse("reports:write", args=[world.riverside.slug]),
        {
            "kind": "complaint", "on_behalf": "no", "pathway": "formal",
            "what": CANARIES["report"], "impact": CANARIES["report"],
            "identity_name": CANARIES["identity"], "identity_contact": "someone@example.org",
            "files": [_pdf_with(CANARIES["file"])],
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

    assert hana.post(act("stage"), {"stage-note": CANARIES["note"], "stage-version": seen("stage")}).status_code == 302
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
    # The file really carries its canary to the case, inside the encryption.
    page = whole_case(hana, case_url)
    assert "Sexual violence" in page and "Very serious" in page
    assert CANARIES["report"] in page and CANARIES["handler"] in page
    file_id = case.attachments.get().pk
    download = hana.get(reverse("reports:case_file", args=[world.riverside.slug, case.reference, file_id]))
    assert CANARIES["file"].encode() in download.content

    dump = _raw_database()
    assert case.reference.encode() in dump  # the copy holds the case: the test could see a leak
    for name, word in CANARIES.items():
        for form in _forms(word):
            assert form not in dump, f"{name} canary found in the database copy"
    assert receipt.replace("-", "").encode() not in dump
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
