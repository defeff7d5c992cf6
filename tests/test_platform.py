"""Settings, security headers, migrations, translations and deployment checks."""
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

from holdspace.env import env_bool, env_int, env_secret

ROOT = Path(__file__).resolve().parent.parent


def test_bad_environment_values_fail_loudly(monkeypatch):
    monkeypatch.setenv("HOLDSPACE_X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        env_bool("HOLDSPACE_X", default=False)
    monkeypatch.setenv("HOLDSPACE_X", "ten")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("HOLDSPACE_X", default=1)
    monkeypatch.delenv("HOLDSPACE_S", raising=False)
    with pytest.raises(ImproperlyConfigured, match="must be set"):
        env_secret("HOLDSPACE_S", debug_default="dev", debug=False)
    monkeypatch.setenv("HOLDSPACE_S_FILE", "/nonexistent/secret")
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        env_secret("HOLDSPACE_S", debug_default="dev", debug=False)


def _production_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOLDSPACE_", "DJANGO_"))}
    env.update(
        HOLDSPACE_SECRET_KEY=secrets.token_urlsafe(50),
        HOLDSPACE_KEY_SECRET=secrets.token_urlsafe(50),
        HOLDSPACE_ALLOWED_HOSTS="holdspace.example.org",
        HOLDSPACE_SITE_URL="https://holdspace.example.org",
        HOLDSPACE_VAR_DIR=os.environ["HOLDSPACE_VAR_DIR"],
        DJANGO_SETTINGS_MODULE="holdspace.settings",
    )
    env.update(extra)
    return env


def test_deploy_check_passes_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=_production_env(), capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret():
    env = _production_env()
    del env["HOLDSPACE_SECRET_KEY"]
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "HOLDSPACE_SECRET_KEY" in result.stderr


def test_a_typo_in_a_boolean_stops_the_server():
    env = _production_env(HOLDSPACE_DEBUG="ture")
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "not a boolean" in result.stderr


@pytest.mark.django_db
def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get(reverse("site:landing"), secure=True)
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_pages_have_no_inline_script_or_third_party_assets(client):
    page = client.get(reverse("site:landing")).content.decode()
    assert "<script>" not in page and "<script " not in page.replace('<script src="/static/', "")
    assert " style=" not in page
    for attribute in ("src=", "href="):
        for value in page.split(attribute)[1:]:
            link = value[1:].split(value[0], 1)[0]
            assert not link.startswith(("http://", "https://", "//")), link


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_strict(client, world):
    form = client.get(reverse("accounts:login"))
    assert form.cookies["csrftoken"]["samesite"] == "Strict"
    response = client.post(reverse("accounts:login"), {"email": "mateo@example.org", "password": "a long test password 2026"})
    cookie = response.cookies["sessionid"]
    assert cookie["samesite"] == "Lax" and cookie["httponly"]


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def _msgfmt_statistics(po: Path) -> str:
    result = subprocess.run(["msgfmt", "--statistics", "-o", os.devnull, str(po)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_every_translation_is_complete_and_up_to_date(tmp_path):
    """Extract every string from a copy of the code and check each language the site offers has all of them,
    none fuzzy."""
    assert shutil.which("msgfmt"), "gettext is needed: apt-get install gettext"
    from django.conf import settings

    languages = [code for code, _name in settings.LANGUAGES if code != "en"]
    assert languages == ["es", "fr", "pt"]
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", ".git", "var", "bench", "__pycache__", "*.mo"))
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", *(f"-l{code}" for code in languages), "--no-obsolete",
         "--ignore=tests/*", "-v0"],
        cwd=copy, env={**os.environ, "PYTHONPATH": str(copy)}, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    for code in languages:
        statistics = _msgfmt_statistics(copy / f"locale/{code}/LC_MESSAGES/django.po")
        assert "fuzzy" not in statistics and "untranslated" not in statistics, (code, statistics)
        assert "translated message" in statistics, code


def test_sqlite_runs_in_wal_mode_by_default(tmp_path):
    env = _production_env(HOLDSPACE_DEBUG="1", HOLDSPACE_VAR_DIR=str(tmp_path))
    env.pop("DATABASE_URL", None)
    script = "from django.db import connection; c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip().splitlines()[-1] == "wal", result.stderr
    assert (tmp_path / "holdspace.sqlite3").exists()


_FILE_MODES = """
import os, stat
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS probe (n integer)")
    cursor.execute("INSERT INTO probe VALUES (1)")
    # While the connection is open, the write-ahead log and the shared memory lie beside the database.
    from django.conf import settings
    var = settings.VAR_DIR
    for path in [var, *sorted(var.iterdir())]:
        print("mode", path.name, oct(stat.S_IMODE(path.stat().st_mode)))
"""


@pytest.mark.parametrize("existing", [False, True], ids=["fresh", "made-open-before"])
def test_the_server_creates_its_files_private_to_its_user(tmp_path, existing):
    var = tmp_path / "var"
    if existing:  # a var/ an older version made, open to everyone
        var.mkdir(mode=0o755)
        var.chmod(0o755)
    env = _production_env(HOLDSPACE_DEBUG="1", HOLDSPACE_VAR_DIR=str(var))
    env.pop("DATABASE_URL", None)
    # Started as a login shell would start it (umask 022), so nothing is inherited from the test runner.
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", _FILE_MODES], cwd=ROOT, env=env,
                            capture_output=True, text=True, umask=0o022)
    assert result.returncode == 0, result.stderr
    modes = dict(line.split()[1:] for line in result.stdout.splitlines() if line.startswith("mode "))
    assert {"var", "holdspace.sqlite3", "holdspace.sqlite3-wal", "holdspace.sqlite3-shm"} <= set(modes), modes
    assert modes.pop("var") == "0o700"
    assert set(modes.values()) == {"0o600"}, modes


def test_a_sqlite_too_old_to_count_in_one_statement_is_named_at_start(monkeypatch):
    import types

    from holdspace import settings as holdspace_settings

    assert holdspace_settings._database("sqlite:///x.sqlite3")["ENGINE"] == "django.db.backends.sqlite3"
    monkeypatch.setattr(holdspace_settings, "sqlite3", types.SimpleNamespace(sqlite_version_info=(3, 34, 1),
                                                                             sqlite_version="3.34.1"))
    with pytest.raises(ImproperlyConfigured, match="needs SQLite 3.35 or later .* has 3.34.1"):
        holdspace_settings._database("sqlite:///x.sqlite3")
