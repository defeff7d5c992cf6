"""Mail goes out through a real SMTP conversation; logs carry no client address."""
import email
import email.policy
import logging
import re
import socket

import pytest
from aiosmtpd.controller import Controller
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.original_content))
        return "250 Message accepted"


@pytest.fixture
def smtp_server(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    yield inbox
    controller.stop()


def test_verification_mail_travels_over_smtp_in_the_persons_language(smtp_server):
    client = Client()
    client.cookies["django_language"] = "es"
    client.post(
        reverse("accounts:signup"),
        {"email": "lucia@example.org", "display_name": "Lucía", "password": "camino tranquilo de tarde 5"},
    )
    assert len(smtp_server.messages) == 1
    recipients, content = smtp_server.messages[0]
    message = email.message_from_bytes(content, policy=email.policy.default)
    assert recipients == ["lucia@example.org"]
    assert message["Subject"] == "Confirma tu correo electrónico para Holdspace"
    body = message.get_content()
    assert "Hola, Lucía:" in body
    assert re.search(r"http://127.0.0.1:8000/accounts/verify/\w+/[\w-]+/", body)


def test_no_client_address_reaches_the_logs(caplog, world):
    caplog.set_level(logging.DEBUG)
    address = "203.0.113.77"
    client = Client(REMOTE_ADDR=address, enforce_csrf_checks=True)
    client.get("/missing/page/")
    client.post(reverse("accounts:login"), {"email": "mateo@example.org", "password": "x"})  # CSRF refusal
    for _ in range(7):
        Client(REMOTE_ADDR=address).post(reverse("accounts:login"), {"email": "mateo@example.org", "password": "x"})
    assert caplog.records, "the requests above should have logged something"
    assert all(address not in record.getMessage() for record in caplog.records)


@pytest.fixture
def console_log():
    """What the configured console handler (the server's log) writes, filters and all."""
    import io

    handler = next(handler for handler in logging.getLogger().handlers if handler.get_name() == "console")
    written = io.StringIO()
    before = handler.setStream(written)
    yield written
    handler.setStream(before)


# Issue 15, item 18: no log line names an address, even when a request carries one where Django logs it.
def test_a_bad_host_and_other_errors_log_no_address(console_log, world):
    from holdspace.web.logs import addresses_removed

    client_address, v6_address = "203.0.113.78", "2001:db8:4:5::77"
    for host in ("198.51.100.99", "[2001:db8::5]:8000"):
        assert Client(REMOTE_ADDR=client_address, HTTP_HOST=host).get("/").status_code == 400
    Client(REMOTE_ADDR=v6_address).get("/missing/page/")
    Client(REMOTE_ADDR=client_address, enforce_csrf_checks=True).post(reverse("accounts:login"), {"email": "a@b.org"})
    written = console_log.getvalue()
    assert "Invalid HTTP_HOST header" in written and "Not Found" in written and "Forbidden (CSRF" in written
    for address in (client_address, v6_address, "198.51.100.99", "2001:db8::5"):
        assert address not in written
    assert "[address]" in written and "10:00:00" in addresses_removed("at 10:00:00 from ::1")


def test_the_readme_runs_gunicorn_with_a_config_that_logs_no_address(tmp_path):
    """Start gunicorn as the README says, send it a malformed request and a bad Host: no address in its output."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text()
    assert "gunicorn -c gunicorn.conf.py" in readme and "%(h)s" not in readme
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, HOLDSPACE_ALLOWED_HOSTS="holdspace.example.org", DJANGO_SETTINGS_MODULE="holdspace.settings")
    env.pop("HOLDSPACE_DEBUG", None)
    # Even an access log asked for on the command line writes nothing.
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--access-logfile", "-", "--log-level", "debug"],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        for raw in (b"NOT AN HTTP REQUEST\r\n\r\n",
                    b"GET / HTTP/1.1\r\nHost: 198.51.100.99\r\nConnection: close\r\n\r\n",
                    b"GET / HTTP/1.1\r\nHost: holdspace.example.org\r\nConnection: close\r\n\r\n"):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
                connection.sendall(raw)
                while connection.recv(65536):
                    pass
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Invalid request from ip=" in output and "Invalid HTTP_HOST header" in output, output
    assert "127.0.0.1" not in output and "198.51.100.99" not in output, output
