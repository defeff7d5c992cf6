"""Throttling keyed by salted hashes, so no address or email is kept in the clear."""
import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited


def keyed_hash(*parts: str) -> str:
    message = "\x1f".join(parts).encode("utf-8")
    return hmac.new(settings.SECRET_KEY.encode("utf-8"), message, hashlib.sha256).hexdigest()


def client_key(request: HttpRequest) -> str:
    """A keyed hash of the client address; used only as a throttle bucket."""
    return keyed_hash("client", request.META.get("REMOTE_ADDR", ""))


def throttled(request: HttpRequest, *, scope: str, bucket: str, rate: str) -> bool:
    """Count one attempt in the bucket and say whether it is over the rate."""
    return is_ratelimited(
        request,
        group=f"holdspace.{scope}",
        key=lambda group, req: keyed_hash(scope, bucket),
        rate=rate,
        increment=True,
    )
