"""Data keys, and the boxes that lock content and keys with them."""
from collections.abc import Iterable, Iterator

import nacl.exceptions
import nacl.public
import nacl.secret
import nacl.utils


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


def unlock_each(key: bytes, *, boxes: Iterable[bytes]) -> Iterator[bytes]:
    """Open many boxes locked with one key, one after the other (the key is set up once)."""
    secret_box = nacl.secret.SecretBox(key)
    for box in boxes:
        try:
            yield secret_box.decrypt(box)
        except nacl.exceptions.CryptoError:
            raise CannotOpen from None


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
