"""`make run`'s conveniences: mail to a folder with a page listing it, Holdspace's own 404 and 500 pages."""
import os
import subprocess
import sys
from pathlib import Path

from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from holdspace.site.dev_mail import mails_written
from holdspace.web.views import server_error

ROOT = Path(__file__).resolve().parent.parent
FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"

_DEMO_SETTINGS = """
from django.conf import settings
from django.test import Client
print("debug", settings.DEBUG, settings.HOLDSPACE_DEBUG)
print("mail", settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH)
page = Client(HTTP_HOST="127.0.0.1").get("/no/such/page/")
print("status", page.status_code)
print("ours", "Where you can go from here" in page.content.decode())
print("technical", "URLconf" in page.content.decode())
print("devmail", Client(HTTP_HOST="127.0.0.1").get("/dev/mail/").status_code)
"""


def _run_settings(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOLDSPACE_", "DJANGO_"))}
    env.update(HOLDSPACE_DEBUG="1", HOLDSPACE_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="holdspace.settings",
               **extra)
    return subprocess.run([sys.executable, "manage.py", "shell", "-c", _DEMO_SETTINGS], cwd=ROOT, env=env,
                          capture_output=True, text=True)


def test_make_run_writes_mail_to_a_folder_and_shows_our_404_not_djangos(tmp_path):
    result = _run_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert lines["debug"] == "False True"
    assert lines["mail"] == f"{FILE_BACKEND} {tmp_path / 'mail'}"
    assert lines["status"] == "404" and lines["ours"] == "True" and lines["technical"] == "False"
    assert lines["devmail"] == "200"


def test_djangos_technical_pages_need_the_development_flag_too(tmp_path):
    result = _run_settings(tmp_path, HOLDSPACE_DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "debug True True" in result.stdout and "technical True" in result.stdout
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOLDSPACE_", "DJANGO_"))}
    alone = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True,
                           env={**env, "HOLDSPACE_DJANGO_DEBUG": "1", "HOLDSPACE_SECRET_KEY": "s" * 60,
                                "HOLDSPACE_KEY_SECRET": "k" * 60, "HOLDSPACE_VAR_DIR": str(tmp_path)})
    assert alone.returncode != 0 and "needs HOLDSPACE_DEBUG=1" in alone.stderr


def test_a_404_shows_our_page_in_both_languages_with_ways_on(db, settings):
    settings.HOLDSPACE_DEBUG = True
    english = Client().get("/no/such/page/")
    assert english.status_code == 404
    page = english.content.decode()
    for where in (reverse("site:landing"), reverse("site:report_harm"), reverse("circles:finder")):
        assert f'href="{where}"' in page
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es").get("/no/such/page/").content.decode()
    assert "Página no encontrada" in spanish and "Where you can go from here" not in spanish


def test_the_500_page_renders_in_both_languages_without_the_database_or_the_person():
    """No database here (the test has none: a query would raise), and the request has no session or user."""
    request = RequestFactory().get("/")
    with translation.override("en"):
        english = server_error(request)
    with translation.override("es"):
        spanish = server_error(request)
    assert english.status_code == spanish.status_code == 500
    english, spanish = english.content.decode(), spanish.content.decode()
    assert "Something went wrong on our side" in english and 'lang="en"' in english
    assert f'href="{reverse("site:report_harm")}"' in english
    assert 'lang="es"' in spanish and "Something went wrong" not in spanish


def test_the_dev_mail_page_lists_written_mails_newest_first_with_links_to_follow(db, settings, tmp_path):
    settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH = FILE_BACKEND, tmp_path / "mail"
    mail.send_mail("First", "Hello.", None, ["one@example.org"])
    older = next((tmp_path / "mail").iterdir())
    os.utime(older, (1_000_000_000, 1_000_000_000))
    mail.send_mail("Confirm your email", "Open http://127.0.0.1:8000/accounts/verify/abc/ to confirm.", None,
                   ["two@example.org"])
    assert [written.subject for written in mails_written(folder=tmp_path / "mail")] == ["Confirm your email", "First"]

    assert Client().get("/dev/mail/").status_code == 404  # no such address outside development
    settings.ROOT_URLCONF = "tests.urls_development"  # the addresses as a development server has them
    assert Client().get("/dev/mail/").status_code == 404  # and the view itself asks for development mode
    settings.HOLDSPACE_DEBUG = True
    page = Client().get("/dev/mail/").content.decode()
    assert page.index("Confirm your email") < page.index("First")
    assert "two@example.org" in page
    assert '<a href="http://127.0.0.1:8000/accounts/verify/abc/"' in page
    # From another device the development server hands out no sign-in links, whatever Host it is sent.
    assert Client(REMOTE_ADDR="192.0.2.10", HTTP_HOST="127.0.0.1").get("/dev/mail/").status_code == 404
    assert Client(REMOTE_ADDR="::1").get("/dev/mail/").status_code == 200


def test_the_demo_mails_hold_no_report_content(db, settings, tmp_path, django_capture_on_commit_callbacks):
    from holdspace.site.demo import DEMO_REPORTS, demo_seed

    settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH = FILE_BACKEND, tmp_path / "mail"
    with django_capture_on_commit_callbacks(execute=True):
        demo_seed()
    written = mails_written(folder=tmp_path / "mail")
    assert len(written) > 5
    text = "\n".join(f"{mail.subject}\n{mail.body}" for mail in written)
    for _pathway, _days, what, when in DEMO_REPORTS:
        assert what[:40] not in text and when not in text
