"""Her record, signed by the organisation's key so that anyone can check it, and the check itself.

A signed record is a text, then a signature block. In the text, every line a person wrote (her report, each
message) starts with "> " (record_quote): a line that does not is what the organisation's system states, so nobody
can write a line that passes for a heading, a date or a case handler's message.


    -----BEGIN HOLDSPACE SIGNATURE-----
    Format: holdspace-record-1
    Organisation: <name when signed>
    Organisation-Id: <id>
    Signed-At: <ISO 8601, UTC, seconds>
    Key: <the organisation's Ed25519 public key, base64>
    Fingerprint: <the key's short fingerprint>
    Signature: <Ed25519 signature, base64>
    -----END HOLDSPACE SIGNATURE-----

The signed bytes are the lines "holdspace-record-1", "organisation-id:<id>", "organisation:<name>",
"signed-at:<time>" and "key:<key>", each ended by a newline, then the text before the block exactly as
written (UTF-8). Line endings count as newlines whatever an editor or a browser's text box turned them into;
every other byte counts. Checking reads only: nothing of the record is stored, logged or cached.
"""
import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime

import nacl.exceptions
import nacl.signing

from holdspace.organisations.models import Organisation
from holdspace.organisations.signing import (
    key_fingerprint, organisation_signing_key, organisation_verify_key, public_key_text,
)
from holdspace.web.refusals import Refusal

FORMAT = "holdspace-record-1"
BEGIN = "-----BEGIN HOLDSPACE SIGNATURE-----"
END = "-----END HOLDSPACE SIGNATURE-----"
# A record is her report and its messages: a few hundred kilobytes at the very most.
MAX_CHARS = 2_000_000

# Why a text does not check out (the Refusal's code).
UNREADABLE = "unreadable"  # no signature block, or one that is not whole
UNKNOWN_KEY = "unknown_key"  # no organisation here signs with the key it names
CHANGED = "changed"  # the signature does not match the text: something changed since it was signed



@dataclass(frozen=True)
class RecordChecked:
    organisation: Organisation
    name_when_signed: str
    signed_at: datetime


def _payload(*, organisation_id: int, name: str, signed_at: str, key: str, body: str) -> bytes:
    head = f"{FORMAT}\norganisation-id:{organisation_id}\norganisation:{name}\nsigned-at:{signed_at}\nkey:{key}\n"
    return head.encode("utf-8") + body.encode("utf-8")


def lines_normalised(text: str) -> str:
    """The text as it is signed and checked: no byte order mark, every line ended by a newline alone."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def record_quote(words: str) -> list[str]:
    """What a person wrote, as record lines that each start with "> ". Every kind of line break counts (an editor
    may show a line separator as a new line). Nothing written, no line."""
    return [f"> {line}" if line else ">" for line in lines_normalised(words).splitlines()]


def record_one_line(words: str) -> str:
    """A name someone chose (an organisation's, a file's) on one line of the system's own."""
    return " ".join(words.split())


def record_sign(text: str, *, organisation: Organisation, now: datetime) -> str:
    """The text with the organisation's signature block after it."""
    body = lines_normalised(text)
    if not body.endswith("\n"):
        body += "\n"
    signed_at = now.astimezone(UTC).replace(microsecond=0).isoformat()
    name = " ".join(organisation.name.split())
    public_key = organisation_verify_key(organisation.pk)
    key = public_key_text(public_key)
    signature = organisation_signing_key(organisation.pk).sign(
        _payload(organisation_id=organisation.pk, name=name, signed_at=signed_at, key=key, body=body)).signature
    block = [
        BEGIN,
        f"Format: {FORMAT}",
        f"Organisation: {name}",
        f"Organisation-Id: {organisation.pk}",
        f"Signed-At: {signed_at}",
        f"Key: {key}",
        f"Fingerprint: {key_fingerprint(public_key)}",
        f"Signature: {base64.b64encode(signature).decode('ascii')}",
        END,
    ]
    return body + "\n".join(block) + "\n"


def _block_fields(lines: list[str]) -> dict[str, str]:
    fields = {}
    for line in lines:
        name, colon, value = line.partition(":")
        if not colon or name in fields:
            raise Refusal(UNREADABLE)
        fields[name.strip()] = value.strip()
    return fields


def record_check(text: str) -> RecordChecked:
    """Whether a record is intact and which organisation signed it, when. Refuses with one of the codes above."""
    if len(text) > MAX_CHARS:
        raise Refusal(UNREADABLE)
    text = lines_normalised(text)
    start = text.rfind("\n" + BEGIN + "\n")
    if start < 0:
        raise Refusal(UNREADABLE)
    body, rest = text[:start + 1], text[start + 1 + len(BEGIN) + 1:]
    block, end, after = rest.partition(END)
    if not end or after.strip():
        raise Refusal(UNREADABLE)
    fields = _block_fields([line for line in block.split("\n") if line.strip()])
    try:
        organisation_id = int(fields["Organisation-Id"])
        signed_at = datetime.fromisoformat(fields["Signed-At"])
        signature = base64.b64decode(fields["Signature"], validate=True)
        key = fields["Key"]
        name = fields["Organisation"]
        if fields["Format"] != FORMAT or signed_at.tzinfo is None:
            raise ValueError
    except (KeyError, ValueError, binascii.Error):
        raise Refusal(UNREADABLE) from None
    organisation = Organisation.objects.filter(pk=organisation_id).first() if 0 < organisation_id < 2**63 else None
    if organisation is None or key != public_key_text(organisation_verify_key(organisation.pk)):
        raise Refusal(UNKNOWN_KEY)
    payload = _payload(organisation_id=organisation_id, name=name, signed_at=fields["Signed-At"], key=key, body=body)
    try:
        nacl.signing.VerifyKey(organisation_verify_key(organisation.pk)).verify(payload, signature)
    except (nacl.exceptions.BadSignatureError, nacl.exceptions.ValueError, nacl.exceptions.TypeError):
        raise Refusal(CHANGED) from None
    return RecordChecked(organisation=organisation, name_when_signed=name, signed_at=signed_at)
