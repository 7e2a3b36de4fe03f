"""A password hasher on the national hash function: PBKDF2-HMAC-SM3 (商用密码, GB/T 39786).

Chosen by settings: put it first in PASSWORD_HASHERS (PASSWORD_HASH_ALGORITHM=sm3 does) and
Django stores new passwords with it; a password stored with another listed hasher still logs
in and is re-hashed with this one at that login (Django's `must_update` mechanism).
"""

from __future__ import annotations

import base64

from django.contrib.auth.hashers import PBKDF2PasswordHasher

from gaoxin.core.sm3 import pbkdf2_sm3


class PBKDF2SM3PasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2 with HMAC-SM3, random salt, constant-time comparison (inherited `verify`).

    300 000 iterations take about 0.25 s on one core of the 2-core reference machine, the same
    order as Django 5.2's 1 000 000 iterations of PBKDF2-HMAC-SHA256 (about 0.55 s there).
    Raise it with the hardware: stored hashes with fewer iterations are upgraded at login.
    """

    algorithm = "pbkdf2_sm3"
    iterations = 300_000

    def encode(self, password, salt, iterations=None):
        self._check_encode_args(password, salt)
        iterations = iterations or self.iterations
        derived = pbkdf2_sm3(password.encode(), salt.encode(), iterations)
        encoded = base64.b64encode(derived).decode("ascii").strip()
        return f"{self.algorithm}${iterations}${salt}${encoded}"
