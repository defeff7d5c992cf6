"""Throttling with counters in the database, keyed by salted hashes.

Counters are rows incremented atomically in SQL, so parallel requests and many
workers share one exact count, and no flood of other keys can evict them. No
address or email is kept: only a keyed hash of it with the time window.
"""
import hashlib
import hmac
import random
import time
from datetime import datetime, timezone

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest

from holdspace.accounts.models import ThrottleBucket
from holdspace.env import parse_rate

# Expired counters are swept on about one increment in this many.
SWEEP_ONE_IN = 50


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


def client_key(request: HttpRequest) -> str:
    """A keyed hash of the client address; used only as a throttle bucket."""
    return keyed_hash("client", client_address(request))


def throttled(*, scope: str, bucket: str, rate: str) -> bool:
    """Count one attempt in the bucket and say whether it went over the rate."""
    limit, period = parse_rate(rate)
    window = int(time.time() // period)
    key = keyed_hash(scope, bucket, str(window))
    with transaction.atomic():
        if not ThrottleBucket.objects.filter(key=key).update(count=F("count") + 1):
            expires = datetime.fromtimestamp((window + 1) * period, tz=timezone.utc)
            try:
                with transaction.atomic():
                    ThrottleBucket.objects.create(key=key, count=1, expires_at=expires)
            except IntegrityError:  # another request created it first
                ThrottleBucket.objects.filter(key=key).update(count=F("count") + 1)
        count = ThrottleBucket.objects.filter(key=key).values_list("count", flat=True).first() or 0
    if random.randrange(SWEEP_ONE_IN) == 0:
        ThrottleBucket.objects.filter(expires_at__lt=datetime.now(tz=timezone.utc)).delete()
    return count > limit
