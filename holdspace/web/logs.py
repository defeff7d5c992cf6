"""Keeping secrets that travel in a URL, and every network address, out of the logs."""
import ipaddress
import logging
import re

# A writer's private link to his story carries its secret in the path; so do a referee's link (vetting) and
# an invitation to be someone's accountability partner (inventory).
SECRET_PATHS = re.compile(r"(/stories/private/|/references/|/partnering/link/)[^/\s\"']+")
# What might be an address; each is checked with `ipaddress`, so a time such as 10:00:00 stays.
ADDRESS_LIKE = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:%[\w.]+)?(?![\w:])"
    r"|(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.]|\.\d)"
)
NO_ADDRESS = "[address]"


class SecretPathFilter(logging.Filter):
    """Replace the secret part of such paths in a log line, whatever logged it (request errors, runserver)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if SECRET_PATHS.search(message):
            record.msg = SECRET_PATHS.sub(r"\1…", message)
            record.args = ()
        return True


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text.split("%")[0])
    except ValueError:
        return False
    return True


def addresses_removed(text: str) -> str:
    """The text with every IPv4 and IPv6 address in it replaced."""
    return ADDRESS_LIKE.sub(lambda found: NO_ADDRESS if _is_address(found.group()) else found.group(), text)


class AddressFilter(logging.Filter):
    """Remove network addresses from a log line and its traceback, whoever logged it.

    Nothing in the logs may tie a person to an address (reporters above all). The
    client's address is what matters, but a Host header or a proxy's line can
    carry any address, so every one goes.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = addresses_removed(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = addresses_removed(record.exc_text)
        return True
