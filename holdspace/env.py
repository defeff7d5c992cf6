"""Typed readers for environment variables that fail loudly on a bad value."""
import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, *, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default
    return value


def env_bool(name: str, *, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, *, default: int, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def env_list(name: str, *, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_url(name: str, *, default: str) -> str:
    """An absolute http(s) address with a host, such as a page to link to."""
    value = env_str(name, default=default).strip()
    parts = urlsplit(value)
    if parts.scheme not in {"https", "http"} or not parts.netloc or any(ch.isspace() for ch in value):
        raise ImproperlyConfigured(f"{name}={value!r} is not an address; write it in full, e.g. https://example.org/.")
    return value


LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
CONTACT_FIELDS = {"name": 160, "contact": 300, "description": 1000, "language": 20}


def env_contacts(name: str) -> list[dict[str, str]]:
    """Contacts read from the JSON file named by NAME: a list of objects with "name" and "contact" (required),
    "description" and "language" (optional). Not set: none. Anything else stops the server from starting."""
    file_name = os.environ.get(name, "").strip()
    if not file_name:
        return []
    try:
        with open(file_name, encoding="utf-8") as handle:
            found = json.load(handle)
    except OSError as error:
        raise ImproperlyConfigured(f"{name}={file_name!r} cannot be read: {error}") from None
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}={file_name!r} is not valid JSON: {error}") from None
    if not isinstance(found, list):
        raise ImproperlyConfigured(f"{name}={file_name!r} must hold a list of contacts.")
    contacts = []
    for number, entry in enumerate(found, start=1):
        if not isinstance(entry, dict):
            raise ImproperlyConfigured(f"{name}: contact {number} is not an object.")
        unknown = set(entry) - set(CONTACT_FIELDS)
        if unknown:
            raise ImproperlyConfigured(f"{name}: contact {number} has unknown fields {sorted(unknown)}; "
                                       f"use {sorted(CONTACT_FIELDS)}.")
        for field, longest in CONTACT_FIELDS.items():
            value = entry.get(field, "")
            if not isinstance(value, str) or len(value) > longest:
                raise ImproperlyConfigured(f"{name}: contact {number}'s {field} must be text of at most {longest} "
                                           "characters.")
        if not entry.get("name", "").strip() or not entry.get("contact", "").strip():
            raise ImproperlyConfigured(f"{name}: contact {number} needs a name and a contact.")
        if entry.get("language") and not LANGUAGE_TAG.fullmatch(entry["language"]):
            raise ImproperlyConfigured(f"{name}: contact {number}'s language must be a language tag such as es or "
                                       "pt-BR.")
        contacts.append({field: entry.get(field, "").strip() for field in CONTACT_FIELDS})
    return contacts


def env_secret(name: str, *, debug_default: str, debug: bool) -> str:
    """Read a secret from NAME or from the file named by NAME_FILE.

    In development a fixed, clearly unsafe value is allowed; in production a
    missing or short secret stops the server from starting.
    """
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            with open(file_name, encoding="utf-8") as handle:
                value = handle.read().strip()
        except OSError as error:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {error}") from None
    else:
        value = os.environ.get(name, "")
    if not value:
        if debug:
            return debug_default
        raise ImproperlyConfigured(f"{name} (or {name}_FILE) must be set when HOLDSPACE_DEBUG is off.")
    if len(value) < 50 and not debug:
        raise ImproperlyConfigured(f"{name} must be at least 50 characters long.")
    return value


_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """Read a rate such as "5/m" as (5 attempts, 60 seconds)."""
    try:
        count, unit = rate.split("/")
        return int(count), _PERIODS[unit]
    except (ValueError, KeyError):
        raise ImproperlyConfigured(f"{rate!r} is not a rate; write it as a number, a slash and s, m, h, d or w.") from None


def env_rate(name: str, *, default: str) -> str:
    value = env_str(name, default=default)
    parse_rate(value)
    return value


PRIVATE_UMASK = 0o077


def private_files() -> None:
    """Create every later file 0600 and every directory 0700, whoever started the process.

    A process-wide umask rather than a mode at each place: SQLite, Django's storage and collectstatic
    create their files themselves, and a mode passed to one of them would miss the others.
    """
    os.umask(PRIVATE_UMASK)


def private_directory(path: Path) -> None:
    """Make the server's own directory (var/), and make it private to the server's user if it was not.

    A directory made by an older version or by hand (0755) is closed too, when it belongs to this user:
    what lies in it then cannot be read by anyone else, whatever its files' own modes.
    """
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    status = path.stat()
    if status.st_uid == os.getuid() and status.st_mode & 0o077:
        path.chmod(0o700)
