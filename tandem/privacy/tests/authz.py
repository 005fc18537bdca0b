"""The vocabulary of the authorization matrix, shared by every app's rules.

Each app that adds URLs declares them in `tandem/<app>/tests/authz_rules.py`:

    RULES = {"app:url_name": [Rule(expect=only({"coach": OK}), args=("thing_pk",))]}

    def objects(world) -> dict[str, int]:
        # create what the URLs need (and content that could leak); return ids by name
        ...

    def needles(world) -> dict[str, set[str]]:
        # text that must only appear for these actors (optional)
        ...

`tandem/privacy/tests/test_matrix.py` collects them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tandem.privacy.tests.world import ACTORS

OK, DENY, HIDDEN, LOGIN, REDIRECT = "ok", "deny", "hidden", "login", "redirect"
REFUSED = "refused"  # a form that explains why it cannot be saved (400)
UNAVAILABLE = "unavailable"  # /readyz with no worker running (503)
STATUS = {
    OK: {200},
    DENY: {403},
    HIDDEN: {404},
    LOGIN: {302},
    REDIRECT: {302},
    REFUSED: {400},
    UNAVAILABLE: {503},
}

SIGNED_IN = [a for a in ACTORS if a != "anonymous"]


def everyone(outcome: str, anonymous: str = LOGIN) -> dict[str, str]:
    return {"anonymous": anonymous} | {actor: outcome for actor in SIGNED_IN}


def only(allowed: dict[str, str], otherwise: str = DENY) -> dict[str, str]:
    return everyone(otherwise) | allowed


@dataclass(frozen=True)
class Rule:
    expect: dict[str, str]
    args: tuple[str, ...] = ()  # names of world objects, resolved per case
    method: str = "get"
    data: dict[str, object] = field(default_factory=dict)
