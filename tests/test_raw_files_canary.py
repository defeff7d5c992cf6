"""A man's words reach neither the SQLite file nor its write-ahead log: a server of its own, on a database
file of its own, takes entries, an amends plan and commitments through the pages, then its file and WAL
are read as they lie on disk, with the server's connection still open (so the WAL is there to read)."""
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CANARIES = ["CANARY-RAW-ENTRY-3b1f", "CANARY-RAW-PLAN-9d0e", "CANARY-RAW-COMMIT-77c2", "CANARY-RAW-NOTE-1a4d",
            "canary.raw.partner.5c3e@example.org"]

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

    text, plan, commitment, note, address = json.loads(sys.argv[1])
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
    connection.ensure_connection()  # still open: the WAL has not been folded back and removed
    name = connection.settings_dict["NAME"]
    raw = open(name, "rb").read()
    wal = open(f"{name}-wal", "rb").read()
    print(json.dumps({
        "statuses": statuses,
        "shown": [word in page for word in (commitment, note, address)],
        "sizes": [len(raw), len(wal)],
        "found": [word for word in json.loads(sys.argv[1]) for blob in (raw, wal)
                  if word.encode() in blob or word.encode("utf-16-le") in blob],
    }))
''')


def test_his_words_are_in_neither_the_sqlite_file_nor_its_write_ahead_log(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'raw.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "holdspace.settings", "HOLDSPACE_VAR_DIR": str(tmp_path)}
    (tmp_path / "static").mkdir()
    result = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(CANARIES)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["statuses"] == [302, 302, 302, 302, 302]  # each went through the real pages
    assert outcome["shown"] == [True, True, True]  # and reads back for him: the test could see a leak
    assert min(outcome["sizes"]) > 0  # the file and its WAL were both there to read
    assert outcome["found"] == []
