"""A man's words reach neither the SQLite file nor its write-ahead log: a server of its own, on a database
file of its own, takes entries, an amends plan and commitments through the pages, then its file and WAL
are read as they lie on disk, with the server's connection still open (so the WAL is there to read).

The same server then handles a case through its pages: an evidence entry with a file, the outcome of the finding
and a measure, each with words of its own, and the case record downloaded as a PDF. None of those words is in the
file or its WAL, and the PDF was made in memory: no file is left in the server's own folder or its temporary one."""
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CANARIES = ["CANARY-RAW-ENTRY-3b1f", "CANARY-RAW-PLAN-9d0e", "CANARY-RAW-COMMIT-77c2", "CANARY-RAW-NOTE-1a4d",
            "canary.raw.partner.5c3e@example.org", "CANARY-RAW-EVIDENCE-4e8a", "CANARY-RAW-SANCTION-b7d2"]

SCRIPT = textwrap.dedent('''
    import json, sys
    import django
    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from django.db import connection
    from django.http import HttpResponse
    from django.test import Client, RequestFactory
    from django.urls import reverse
    from holdspace.accounts.models import User
    from holdspace.inventory.models import Commitment, Entry
    from holdspace.keys.services import personal_key_create
    from holdspace.keys.session import UNLOCKED, unlocked_key_keep

    text, plan, commitment, note, address, evidence, sanction = json.loads(sys.argv[1])
    user = User.objects.create_user(email="raw@example.org", password="a long raw password", display_name="Raw")
    key = personal_key_create(user, password="a long raw password").private_key
    client = Client()
    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    response = HttpResponse()
    unlocked_key_keep(request, response=response, private_key=key)
    request.session.save()
    client.cookies[UNLOCKED] = response.cookies[UNLOCKED].value
    statuses = [client.post(reverse("inventory:entry_new"), {"prompt": "", "title": text, "text": text,
                                                              "tags": text}).status_code]
    entry = Entry.objects.get()
    statuses.append(client.post(reverse("inventory:amends_new"), {"entry": entry.pk, "who": plan, "what": plan,
                                                                  "impact": plan, "repair": plan}).status_code)
    statuses.append(client.post(reverse("inventory:commitments"), {"text": commitment,
                                                                   "check_in_every": "week"}).status_code)
    made = Commitment.objects.get()
    statuses.append(client.post(reverse("inventory:commitment", args=[made.pk]),
                                {"outcome": "kept", "note": note}).status_code)
    statuses.append(client.post(reverse("inventory:partner_invite", args=[made.pk]), {"email": address}).status_code)
    page = client.get(reverse("inventory:commitment", args=[made.pk])).content.decode()

    # The same person handles a case at an organisation of his own, with his two-step sign-in given.
    import io
    from django_otp import DEVICE_ID_SESSION_KEY
    from pypdf import PdfReader
    from holdspace.accounts.models import Authenticator
    from holdspace.organisations.models import Membership, Organisation, Role
    from holdspace.reports import handling
    from holdspace.reports.content import ReportContent
    from holdspace.reports.submission import Submission, report_submit
    organisation = Organisation.objects.create(name="Raw", slug="raw")
    Membership.objects.create(user=user, organisation=organisation, role=Role.CASE_HANDLER)
    device = Authenticator.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    case, _ = report_submit(organisation=organisation, submission=Submission(
        kind="complaint", pathway="formal", respondent_consent=True, content=ReportContent(what="Something happened")))
    data_key = handling.data_key_open(case, user=user, private_key=key)
    for stage_note in ("", "", "Told him by letter", "He answered by phone", ""):
        handling.stage_complete(case, actor=user, data_key=data_key, note=stage_note)
    handling.stage_complete(case, actor=user, data_key=data_key, note="", standard="balance")
    act = lambda name: reverse(f"reports:case_{name}", args=["raw", case.reference])
    from PIL import Image
    image = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(image, format="PNG")
    image.seek(0)
    image.name = "photo.png"
    statuses.append(client.post(act("evidence_add"), {"kind": "interview", "happened_on": "2026-01-05",
                                                      "text": evidence, "taken_by": evidence,
                                                      "files": [image]}).status_code)
    statuses.append(client.post(act("finding"), {"result": "upheld", "summary": sanction}).status_code)
    statuses.append(client.post(act("measure"), {"kind": "training", "description": sanction,
                                                 "follow_up_on": "2099-01-01"}).status_code)
    pdf = client.get(act("record_pdf"))
    statuses.append(pdf.status_code)
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    connection.ensure_connection()  # still open: the WAL has not been folded back and removed
    name = connection.settings_dict["NAME"]
    raw = open(name, "rb").read()
    wal = open(f"{name}-wal", "rb").read()
    print(json.dumps({
        "statuses": statuses,
        "shown": [word in page for word in (commitment, note, address)] + [word in pdf_text
                                                                              for word in (evidence, sanction)],
        "sizes": [len(raw), len(wal)],
        "found": [word for word in json.loads(sys.argv[1]) for blob in (raw, wal)
                  if word.encode() in blob or word.encode("utf-16-le") in blob],
    }))
''')


def test_his_words_are_in_neither_the_sqlite_file_nor_its_write_ahead_log(tmp_path):
    temporary = tmp_path / "tmp"  # the server's temporary folder: the PDF must never be written there
    temporary.mkdir()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'raw.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "holdspace.settings", "HOLDSPACE_VAR_DIR": str(tmp_path),
           "TMPDIR": str(temporary)}
    (tmp_path / "static").mkdir()
    result = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(CANARIES)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["statuses"] == [302] * 8 + [200]  # each went through the real pages
    assert outcome["shown"] == [True] * 5  # and reads back for him (the case's words in its PDF): a leak could be seen
    assert min(outcome["sizes"]) > 0  # the file and its WAL were both there to read
    assert outcome["found"] == []
    # Nothing else is on disk: no PDF, no file holding a canary, in the server's folders or its temporary one.
    left = [path for path in tmp_path.rglob("*") if path.is_file() and not path.name.startswith("raw.sqlite3")]
    assert not [path for path in left if path.read_bytes().startswith(b"%PDF")]
    assert not [path for path in left for word in CANARIES if word.encode() in path.read_bytes()]
    assert not list(temporary.iterdir())
