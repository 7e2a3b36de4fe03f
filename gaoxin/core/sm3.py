"""SM3 (GB/T 32905-2016), the national hash function that GB/T 39786 expects a 等保 level-3 system
to use, from the `cryptography` package (pyca; it calls the OpenSSL it ships, which implements SM3
in C). One place so the audit chain and the password hasher name the algorithm the same way.

`cryptography` rather than `gmssl`: it is maintained by the Python Cryptographic Authority with
security releases every few weeks, its SM3 is OpenSSL's, and PBKDF2-HMAC-SM3 runs at C speed, so
the password hasher can afford a work factor like Django's own. The pure-Python `gmssl` (last
release 2023) needs milliseconds per thousand SM3 blocks, too slow for a key-derivation function.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC


def sm3_hex(data: bytes) -> str:
    """The SM3 digest of `data`, 64 hexadecimal characters."""
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def pbkdf2_sm3(password: bytes, salt: bytes, iterations: int, length: int = 32) -> bytes:
    """PBKDF2 (RFC 8018) with HMAC-SM3 as its pseudo-random function."""
    return PBKDF2HMAC(
        algorithm=hashes.SM3(), length=length, salt=salt, iterations=iterations
    ).derive(password)
