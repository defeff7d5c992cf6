"""Telling a reporter that there is news on her report, at an address she chose, if she chose one.

Her address says who reported, so it is locked with a key made from both the case's data key and a server sub-key
(keyed BLAKE2b, as the other derived keys in holdspace.crypto.derivation): a handler's key alone, taken out of the
service, does not open it, nor does a copy of the database with the settings. Only the service holding both opens
it: in her own request (with the receipt) and in a handler's request (with the case open), to send the mail. It is
never in the clear at rest, in the audit log or in a log line. The mail says only that there is news, with a link
to the page where a receipt is entered: no organisation, no case, no content.
"""
import json

import nacl.encoding
import nacl.hash
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from holdspace.accounts.emails import send_templated_mail
from holdspace.audit.services import audit_record
from holdspace.crypto.boxes import CannotOpen, lock, unlock
from holdspace.crypto.derivation import KEY_BYTES, server_subkey
from holdspace.reports.models import Case
from holdspace.web.refusals import Refusal


MAX_ADDRESS = 254
NEWS_PURPOSE = b"hs-news-address"


def news_key(data_key: bytes) -> bytes:
    """The key her address is locked with: the data key bound to the server's sub-key for news addresses."""
    return nacl.hash.blake2b(data_key, digest_size=KEY_BYTES, key=server_subkey(NEWS_PURPOSE),
                             encoder=nacl.encoding.RawEncoder)


def news_address_lock(data_key: bytes, *, address: str, language: str) -> bytes:
    return lock(news_key(data_key), plaintext=json.dumps({"address": address, "language": language}).encode("utf-8"))


def news_address_open(case: Case, *, data_key: bytes) -> tuple[str, str] | None:
    """The address she gave and the language she wrote in, or None."""
    if not case.news_address:
        return None
    try:
        raw = json.loads(unlock(news_key(data_key), box=bytes(case.news_address)).decode("utf-8"))
    except (CannotOpen, ValueError):
        return None
    return raw.get("address", ""), raw.get("language", "")


def news_address_set(case: Case, *, data_key: bytes, address: str, language: str = "") -> None:
    """Keep (or change) the address to tell her there is news at; the audit says only that it changed."""
    address = address.strip()
    if not address or len(address) > MAX_ADDRESS or "@" not in address:
        raise Refusal("news_address_invalid")
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    box = news_address_lock(data_key, address=address, language=language)
    had = bool(case.news_address)
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(news_address=box)
        audit_record(action="case.news_address_changed" if had else "case.news_address_given", actor_id=None,
                     organisation_id=case.handling_organisation_id, target=case)
    case.news_address = box


def news_address_remove(case: Case) -> None:
    if not case.news_address:
        raise Refusal("news_address_none")
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(news_address=None)
        audit_record(action="case.news_address_removed", actor_id=None,
                     organisation_id=case.handling_organisation_id, target=case)
    case.news_address = None


def news_tell(case: Case, *, data_key: bytes | None) -> bool:
    """Mail her that there is news, if she gave an address: a neutral subject and body, a link to where a receipt
    is entered. Called by a handler's step; the mail goes once the step is committed (never from inside its
    transaction, where a slow mail server would hold the case's rows locked and a step rolled back would still have
    told her). A mail that fails is logged without the address and changes nothing of the step. Returns whether a
    mail is to go out."""
    if data_key is None:
        return False
    case.refresh_from_db(fields=["news_address"])
    opened = news_address_open(case, data_key=data_key)
    if opened is None or not opened[0]:
        return False
    address, language = opened
    transaction.on_commit(lambda: send_templated_mail(to=address, template="reports/email/news",
                                                      language=language or None,
                                                      context={"link": reverse("reports:receipt")}))
    return True
