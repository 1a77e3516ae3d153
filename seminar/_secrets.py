"""Facilitator secrets, participant tokens and join codes.

Secrets and tokens
------------------
The facilitator secret and every participant token are ``secrets.token_urlsafe(32)``:
32 random bytes = 256 bits (43 URL-safe characters), far above the 128 bits asked for.
The database keeps only their SHA-256 digests, so a copy of the database does not let
anyone act as a facilitator or participant. No salt or slow hash is needed: salts and key
stretching protect *guessable* passwords, and a 256-bit random value is not guessable.
Digests are compared with :func:`hmac.compare_digest`, which takes the same time
wherever the first difference is.

Join codes
----------
A join code is 8 characters from a 32-character alphabet without the look-alikes
0/O and 1/I (digits 2–9 and the 24 other capital letters): short enough to read off a
projector and type on a phone. Its entropy is ``8 × log2(32) = 40`` bits, i.e.
``32**8 = 2**40 ≈ 1.1 × 10**12`` codes.

What that means against guessing, with ``R`` rooms open at the same time:

* one random guess hits *some* open room with probability ``R / 2**40``; with
  ``R = 1,000`` that is about ``9.1 × 10**-10``;
* unthrottled, a script making 1,000 guesses a second would expect a hit after
  ``2**40 / (1,000 × 1,000)`` s ≈ 1.1 × 10**6 s ≈ 13 days: 40 bits alone are not enough;
* so wrong codes are rate limited per client (see ``JoinLimits``: by default 10 wrong codes
  per 15 minutes, i.e. at most 960 guesses a day). One client then expects a hit after
  ``2**40 / (1,000 × 960)`` ≈ 1.1 × 10**6 days ≈ 3,100 years; an attacker with 1,000
  addresses still needs about 3 years, and rooms are closed after a seminar, which
  shrinks ``R``.

The failure counts live in the database, so every app server behind a load balancer
enforces the same limit.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SECRET_BYTES = 32
"""Random bytes in a facilitator secret or participant token (256 bits)."""

MAX_SECRET_LENGTH = 200
"""Longer strings are refused before hashing: no real secret is that long."""

JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
"""32 symbols: no 0/O and no 1/I, so a code read off a screen is typed right."""

JOIN_CODE_LENGTH = 8

assert len(JOIN_CODE_ALPHABET) == 32 and len(set(JOIN_CODE_ALPHABET)) == 32


def new_secret() -> str:
    """A fresh facilitator secret or participant token (256 random bits, URL-safe)."""
    return secrets.token_urlsafe(SECRET_BYTES)


def hash_secret(secret: str) -> str:
    """The SHA-256 hex digest stored in place of ``secret``."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    """Whether ``secret`` hashes to ``stored_hash``, compared in constant time."""
    return hmac.compare_digest(hash_secret(secret).encode(), stored_hash.encode())


def new_join_code() -> str:
    """A fresh join code: 8 symbols of :data:`JOIN_CODE_ALPHABET` (40 bits)."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(typed: str) -> str | None:
    """The stored form of a code as a person typed it, or ``None`` if it cannot be one.

    Case, spaces and hyphens are ignored, so ``"k7qp-3mxd"`` and ``"K7QP 3MXD"`` both
    give ``"K7QP3MXD"``.
    """
    code = "".join(ch for ch in typed.upper() if ch not in " -\t")
    if len(code) != JOIN_CODE_LENGTH or any(ch not in JOIN_CODE_ALPHABET for ch in code):
        return None
    return code


def format_join_code(code: str) -> str:
    """A code as shown to people: two groups of four, ``"K7QP-3MXD"``."""
    half = JOIN_CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"
