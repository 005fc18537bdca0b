"""Password hashing: Argon2id at OWASP's recommended minimum (19 MiB of memory, two passes,
one lane) instead of Django's heavier default (100 MiB, two passes, eight lanes).

Why: Django's default cost about 1.3 s of CPU per sign-in on a 2-core server, so a morning
burst of 74 people signing in at once queued for 20 s. At OWASP's minimum a hash still costs an
attacker 19 MiB of memory per guess, and a sign-in costs tens of milliseconds (the figures are
in docs/SECURITY.md, "Passwords"). Existing hashes with the old parameters still verify, and are
re-hashed with these the next time their owner signs in (Django's must_update)."""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class TandemArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
