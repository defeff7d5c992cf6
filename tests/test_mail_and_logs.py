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
