"""Throttling with counters in the database, under keys nobody can trace back.

Counters are rows incremented atomically in SQL, so parallel requests and many
workers share one exact count, and no flood of other keys can evict them.

A row's key is an HMAC of what it counts (a client's address group, an email,
an account) under a secret of its time window: 32 random bytes in a file of
their own, made by whichever worker first needs them and read by the others,
and deleted once the window is over. The secret is in neither the database nor
the settings, so someone holding both cannot test addresses against the keys;
once the window is over nobody can, not even with the server's disk. (Under
the secret key alone, the keys of a whole window's addresses were recovered in
hours: issue 15.)

Guessing a secret code (a receipt) has its own shape, `guess_start` and its
companions: each client has a few tries, and many wrong tries from everywhere
shrink every client's allowance down to a floor instead of refusing everyone.
"""
import hashlib
import hmac
import ipaddress
import os
import random
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, connections, router, transaction
from django.db.models import F
from django.http import HttpRequest

from holdspace.accounts.models import ThrottleBucket
from holdspace.env import parse_rate

# Expired counters are swept on about one increment in this many.
SWEEP_ONE_IN = 50
# IPv6 clients are counted by their /64: one household or device usually holds a whole one.
IPV6_GROUP = 64
SECRET_BYTES = 32

# This process's copy of the window secrets it used: {(directory, period, window): secret}.
_window_secrets: dict[tuple[str, int, int], bytes] = {}


def keyed_hash(*parts: str) -> str:
    message = "\x1f".join(parts).encode("utf-8")
    return hmac.new(settings.SECRET_KEY.encode("utf-8"), message, hashlib.sha256).hexdigest()


def client_address(request: HttpRequest) -> str:
    """The client's address, seen through the number of proxies the settings trust."""
    hops = settings.HOLDSPACE_TRUSTED_PROXIES
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def client_group(address: str) -> str:
    """What one client is counted as: an IPv4 address, or the /64 network of an IPv6 one.

    Anyone with one IPv6 connection can choose among 2**64 addresses, so counting
    addresses would give him a fresh allowance on every request.
    """
    try:
        parsed = ipaddress.ip_address(address.strip().strip("[]").split("%")[0])
    except ValueError:
        return address  # not an address (a test client, a socket): counted as it is
    if parsed.version == 6 and parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_GROUP}", strict=False))
    return str(parsed)


def client_key(request: HttpRequest) -> str:
    """A keyed hash of the client's address group; used only as a throttle bucket."""
    return keyed_hash("client", client_group(client_address(request)))


def _secret_directory() -> Path:
    return Path(settings.HOLDSPACE_THROTTLE_SECRET_DIR)


def throttle_secrets_forget(*, now: float | None = None) -> int:
    """Delete the secrets of windows that are over, from disk and from this process. Returns how many files went."""
    now = time.time() if now is None else now
    directory = _secret_directory()
    for cached in [cached for cached in _window_secrets if (cached[2] + 1) * cached[1] <= now]:
        del _window_secrets[cached]
    forgotten = 0
    if not directory.is_dir():
        return 0
    for path in directory.iterdir():
        try:
            period, window = (int(part) for part in path.name.split("-"))
        except ValueError:
            continue  # a half-made secret (".tmp…") is removed by the worker that made it
        if (window + 1) * period <= now:
            path.unlink(missing_ok=True)
            forgotten += 1
    return forgotten


def _window_secret(period: int, window: int) -> bytes:
    """The secret of one window, the same in every worker: the first to need it writes it, the others read it."""
    directory = _secret_directory()
    cached = (str(directory), period, window)
    if cached in _window_secrets:
        return _window_secrets[cached]
    path = directory / f"{period}-{window}"
    try:
        secret = path.read_bytes()
    except FileNotFoundError:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Written whole under another name and linked into place: no worker reads half a secret,
        # and of two made at once only the first to link counts.
        draft = directory / f".tmp-{secrets.token_hex(8)}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(descriptor, secrets.token_bytes(SECRET_BYTES))
        finally:
            os.close(descriptor)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
        secret = path.read_bytes()
        throttle_secrets_forget()  # a new window began: the secrets of those that are over go now
    if len(secret) != SECRET_BYTES:  # never count under a damaged secret: start the window's again
        path.unlink(missing_ok=True)
        return _window_secret(period, window)
    _window_secrets[cached] = secret
    return secret


def _bucket_key(*, scope: str, bucket: str, period: int, window: int) -> str:
    message = "\x1f".join((scope, bucket, str(period), str(window))).encode("utf-8")
    return hmac.new(_window_secret(period, window), message, hashlib.sha256).hexdigest()


def _window(period: int) -> int:
    return int(time.time() // period)


def throttle_count(*, scope: str, bucket: str, period: int) -> int:
    """How many attempts the bucket counted in this window; writes nothing."""
    key = _bucket_key(scope=scope, bucket=bucket, period=period, window=_window(period))
    return ThrottleBucket.objects.filter(key=key).values_list("count", flat=True).first() or 0


def _bucket_add(key: str, *, amount: int) -> int | None:
    """Add to a counter and read its new count in one statement (UPDATE ... RETURNING, on SQLite as on PostgreSQL),
    where the ORM takes a transaction, an update and a read; None when the counter has no row yet."""
    connection = connections[router.db_for_write(ThrottleBucket)]
    quote = connection.ops.quote_name
    count = quote(ThrottleBucket._meta.get_field("count").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(ThrottleBucket._meta.db_table)} SET {count} = {count} + %s "
            f"WHERE {quote(ThrottleBucket._meta.get_field('key').column)} = %s RETURNING {count}",
            [amount, key],
        )
        found = cursor.fetchone()
    return found[0] if found is not None else None


def throttle_add(*, scope: str, bucket: str, period: int, amount: int = 1) -> int:
    """Add to the bucket's count in this window (a negative amount gives back); returns the new count."""
    window = _window(period)
    # The first count of a window in this process also deletes the counts of windows that are over,
    # so they go with their secrets rather than on some later sweep.
    first_here = (str(_secret_directory()), period, window) not in _window_secrets
    key = _bucket_key(scope=scope, bucket=bucket, period=period, window=window)
    if first_here:
        throttle_sweep()
    if amount < 0:
        with transaction.atomic():
            ThrottleBucket.objects.filter(key=key, count__gte=-amount).update(count=F("count") + amount)
            count = ThrottleBucket.objects.filter(key=key).values_list("count", flat=True).first() or 0
    else:
        count = _bucket_add(key, amount=amount)
        if count is None:
            expires = datetime.fromtimestamp((window + 1) * period, tz=timezone.utc)
            try:
                with transaction.atomic():
                    ThrottleBucket.objects.create(key=key, count=amount, expires_at=expires)
                count = amount
            except IntegrityError:  # another request created it first
                count = _bucket_add(key, amount=amount) or 0
    if random.randrange(SWEEP_ONE_IN) == 0:
        throttle_sweep()
    return count


def throttle_sweep() -> int:
    """Delete the counters of windows that are over; returns how many."""
    now = datetime.fromtimestamp(time.time(), tz=timezone.utc)
    deleted, _ = ThrottleBucket.objects.filter(expires_at__lte=now).delete()
    return deleted


def throttled(*, scope: str, bucket: str, rate: str) -> bool:
    """Count one attempt in the bucket and say whether it went over the rate."""
    limit, period = parse_rate(rate)
    return throttle_add(scope=scope, bucket=bucket, period=period) > limit


@dataclass(frozen=True)
class Guessing:
    """How many tries at a secret code each client gets.

    Each client has `client_rate` tries; a try that opens something is given back.
    Wrong tries are also counted for everyone together: past `global_rate` of
    them in a window, each client's allowance shrinks in proportion, but never
    below `floor`, so someone with the right code and a fresh address always
    gets in, whatever others did. A distributed guesser with N clients gets at
    most `client_rate` × N tries a window, and `floor` × N under a long attack.
    """

    scope: str
    client_rate: str
    global_rate: str
    floor: int

    def allowance(self) -> int:
        limit, period = parse_rate(self.client_rate)
        budget, global_period = parse_rate(self.global_rate)
        wrong = throttle_count(scope=f"{self.scope}-wrong", bucket="all", period=global_period)
        if wrong <= budget:
            return limit
        return max(min(self.floor, limit), limit * budget // wrong)


def guess_spent(guessing: Guessing, *, client: str) -> bool:
    """Whether this client has no try left now; counts nothing (ask it before reading a request's body)."""
    _, period = parse_rate(guessing.client_rate)
    return throttle_count(scope=guessing.scope, bucket=client, period=period) >= guessing.allowance()


def guess_start(guessing: Guessing, *, client: str) -> bool:
    """Take one try for this client; False when it has none left (the refused try is not given back)."""
    _, period = parse_rate(guessing.client_rate)
    return throttle_add(scope=guessing.scope, bucket=client, period=period) <= guessing.allowance()


def guess_right(guessing: Guessing, *, client: str) -> None:
    """The try opened something: it costs the client nothing."""
    _, period = parse_rate(guessing.client_rate)
    throttle_add(scope=guessing.scope, bucket=client, period=period, amount=-1)


def guess_wrong(guessing: Guessing) -> None:
    """The try opened nothing: count it for everyone together."""
    _, period = parse_rate(guessing.global_rate)
    throttle_add(scope=f"{guessing.scope}-wrong", bucket="all", period=period)
