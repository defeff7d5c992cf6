"""The mails a development server wrote to its folder (settings.EMAIL_FILE_PATH), newest first.

Only with HOLDSPACE_DEBUG (`make run`) and only to a browser on the same machine: elsewhere the page does
not exist (404). It lets someone trying the demo follow sign-up, verification and password reset links
without a mail server; those links open accounts, so a development server reached from another device (to
try it on a phone, say) does not hand them out.
"""
import email
import ipaddress
import email.policy
from dataclasses import dataclass
from datetime import datetime
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

# Django's file backend writes the messages of one connection into one file, each followed by this line.
SEPARATOR = b"\n" + b"-" * 79 + b"\n"
SHOWN = 100


@dataclass(frozen=True)
class WrittenMail:
    subject: str
    to: str
    sent_at: datetime | None
    body: str


def _read(raw: bytes) -> WrittenMail | None:
    message = email.message_from_bytes(raw.strip(b"\n"), policy=email.policy.default)
    if not message.keys():
        return None
    part = message.get_body(preferencelist=("plain", "html"))
    try:
        body = part.get_content() if part is not None else ""
        sent_at = parsedate_to_datetime(message["Date"]) if message["Date"] else None
    except (LookupError, ValueError, TypeError):
        body, sent_at = "", None
    to = ", ".join(address for _name, address in getaddresses(message.get_all("To", [])))
    return WrittenMail(subject=str(message["Subject"] or ""), to=to, sent_at=sent_at, body=body)


def mails_written(*, folder: Path, limit: int = SHOWN) -> list[WrittenMail]:
    """The mails in the folder, newest first (by the time each says it was sent, then by its file's)."""
    if not folder.is_dir():
        return []
    files = sorted((path for path in folder.iterdir() if path.is_file()), key=lambda path: path.stat().st_mtime,
                   reverse=True)
    mails = []
    for path in files[:limit]:
        for raw in reversed(path.read_bytes().split(SEPARATOR)):
            mail = _read(raw) if raw.strip() else None
            if mail is not None:
                mails.append(mail)
    return mails[:limit]


def _from_this_machine(request: HttpRequest) -> bool:
    """The connection comes from loopback (the address is compared, never kept or logged)."""
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


@login_not_required
@require_GET
def dev_mail(request: HttpRequest) -> HttpResponse:
    if not settings.HOLDSPACE_DEBUG or not _from_this_machine(request):
        raise Http404
    folder = Path(settings.EMAIL_FILE_PATH)
    return render(request, "site/dev_mail.html", {"mails": mails_written(folder=folder), "folder": folder})
