"""Data keys, and the boxes that lock content and keys with them."""
from collections.abc import Iterable, Iterator

import nacl.exceptions
import nacl.public
import nacl.secret
import nacl.utils
from nacl._sodium import ffi as _ffi  # PyNaCl's own binding of libsodium, for unlock_each
from nacl._sodium import lib as _sodium

_NONCE = nacl.secret.SecretBox.NONCE_SIZE
_MAC = nacl.secret.SecretBox.MACBYTES


class CannotOpen(Exception):
    """A key did not open a box: wrong key, or the box was altered."""


def new_data_key() -> bytes:
    return nacl.utils.random(nacl.secret.SecretBox.KEY_SIZE)


def lock(key: bytes, *, plaintext: bytes) -> bytes:
    """Encrypt and authenticate with a secret box (XSalsa20-Poly1305, random nonce)."""
    return bytes(nacl.secret.SecretBox(key).encrypt(plaintext))


def unlock(key: bytes, *, box: bytes) -> bytes:
    try:
        return nacl.secret.SecretBox(key).decrypt(box)
    except nacl.exceptions.CryptoError:
        raise CannotOpen from None


def unlock_each(key: bytes, *, boxes: Iterable[bytes | memoryview]) -> Iterator[bytes]:
    """Open many boxes locked with one key, one after the other, as `unlock` opens each.

    A search opens thousands of boxes in one request: libsodium's own secretbox_open_easy, through
    PyNaCl's binding, reads each box where it lies and opens it into one buffer reused for all, instead
    of SecretBox.decrypt's copies and checks for every box (about a third of the time).
    """
    if len(key) != nacl.secret.SecretBox.KEY_SIZE:
        raise CannotOpen
    size = 4096
    opened = _ffi.new("unsigned char[]", size)
    opened_bytes = _ffi.buffer(opened)
    open_easy, where = _sodium.crypto_secretbox_open_easy, _ffi.from_buffer  # looked up once, not per box
    for box in boxes:
        length = len(box) - _NONCE - _MAC
        if length < 0:
            raise CannotOpen
        if length > size:
            size = length
            opened = _ffi.new("unsigned char[]", size)
            opened_bytes = _ffi.buffer(opened)
        sealed = where(box)
        if open_easy(opened, sealed + _NONCE, len(box) - _NONCE, sealed, key) != 0:
            raise CannotOpen
        yield opened_bytes[:length]


def lock_text(key: bytes, *, text: str) -> bytes:
    return lock(key, plaintext=text.encode("utf-8"))


def unlock_text(key: bytes, *, box: bytes) -> str:
    return unlock(key, box=box).decode("utf-8")


def seal_to(public_key: bytes, *, secret: bytes) -> bytes:
    """Seal a secret (a data key) so that only the holder of the matching private key can open it."""
    return bytes(nacl.public.SealedBox(nacl.public.PublicKey(public_key)).encrypt(secret))


def open_sealed(private_key: nacl.public.PrivateKey, *, sealed: bytes) -> bytes:
    try:
        return nacl.public.SealedBox(private_key).decrypt(sealed)
    except nacl.exceptions.CryptoError:
        raise CannotOpen from None


def open_sealed_text(private_key: nacl.public.PrivateKey | None, *, sealed: bytes | memoryview | None) -> str | None:
    """Words sealed to a key, or None when there is no key, nothing sealed, or this key does not open it (a page
    then says the words wait for the right key instead of failing)."""
    if private_key is None or sealed is None:
        return None
    try:
        return open_sealed(private_key, sealed=bytes(sealed)).decode("utf-8")
    except CannotOpen:
        return None
