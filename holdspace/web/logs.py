"""Keeping secrets that travel in a URL out of the logs."""
import logging
import re

# A writer's private link to his story carries its secret in the path; so do a referee's link (vetting) and
# an invitation to be someone's accountability partner (inventory).
SECRET_PATHS = re.compile(r"(/stories/private/|/references/|/partnering/link/)[^/\s\"']+")


class SecretPathFilter(logging.Filter):
    """Replace the secret part of such paths in a log line, whatever logged it (request errors, runserver)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if SECRET_PATHS.search(message):
            record.msg = SECRET_PATHS.sub(r"\1…", message)
            record.args = ()
        return True
