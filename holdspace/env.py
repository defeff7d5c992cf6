"""Typed readers for environment variables that fail loudly on a bad value."""
import os

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
