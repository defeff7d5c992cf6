"""Receipt codes: what a reporter writes down to come back, with or without an account.

A code is 20 random Crockford base32 symbols and one check symbol (the value
modulo 37, as Crockford defines it), shown in groups of four. Codes whose check
would fall outside the 32 plain symbols are drawn again, so nobody has to write
`*` or `~`; that costs 0.2 of the 100 random bits. Crockford's alphabet leaves
out I, L, O and U, and reading forgives the usual slips: lower case, I or L for
1, O for 0, spaces and hyphens. The check catches a mistyped symbol before a
guess is spent.
"""
import secrets

from holdspace.crypto.derivation import lookup_hash

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SYMBOLS = 20
BITS = SYMBOLS * 5
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})


class NotAReceipt(ValueError):
    """The text cannot be a receipt code (wrong length, symbol or check)."""


def _check_symbol(symbols: str) -> str | None:
    value = 0
    for symbol in symbols:
        value = value * 32 + ALPHABET.index(symbol)
    remainder = value % 37
    return ALPHABET[remainder] if remainder < len(ALPHABET) else None


def receipt_new() -> str:
    """A fresh code in its display form, e.g. `7KQ2-M9XD-…-R4T`."""
    while True:
        symbols = "".join(secrets.choice(ALPHABET) for _ in range(SYMBOLS))
        check = _check_symbol(symbols)
        if check is not None:
            break
    full = symbols + check
    return "-".join(full[i : i + 4] for i in range(0, len(full), 4))


def receipt_normalise(text: str) -> str:
    """The canonical 20 symbols of a code as typed, or NotAReceipt."""
    cleaned = "".join(text.split()).replace("-", "").upper().translate(_READ_AS)
    if len(cleaned) != SYMBOLS + 1:
        raise NotAReceipt("length")
    symbols, check = cleaned[:SYMBOLS], cleaned[SYMBOLS]
    if any(symbol not in ALPHABET for symbol in symbols):
        raise NotAReceipt("symbol")
    if _check_symbol(symbols) != check:
        raise NotAReceipt("check")
    return symbols


def receipt_lookup_hash(symbols: str) -> str:
    """Where a report is found by its code: a keyed hash, never the code itself."""
    return lookup_hash(symbols, purpose=b"hs-lookup")
