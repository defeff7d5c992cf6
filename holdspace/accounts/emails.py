"""Building and sending account emails in the recipient's language."""
import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def send_templated_mail(*, to: str, template: str, context: dict, language: str | None = None) -> bool:
    """Render `<template>_subject.txt` and `<template>_body.txt` and send them.

    A mail server that fails is logged (without the address) and reported as
    False: what the person did is already saved, and they can ask again.
    """
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        context = {"site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    except (smtplib.SMTPException, OSError) as error:
        logger.error("Mail %s could not be sent: %s", template, type(error).__name__)
        return False
    return True
