"""Holdspace's cryptography, built only from PyNaCl (libsodium) and argon2-cffi.

- `derivation`: Argon2id for secrets people hold (receipt codes, passwords,
  recovery codes) and BLAKE2b-keyed sub-keys of the server's secret.
- `boxes`: random data keys, secret boxes for content, sealed boxes to handlers.
- `receipts`: receipt codes a reporter writes down, and their keyed lookup hash.
- `keyrings`: wrapping a person's X25519 private key by a secret (password or recovery code).
"""
