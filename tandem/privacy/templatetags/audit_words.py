"""The access record in plain words (issue #16 item 8).

Audit rows keep what the machine knows: the request (`GET /goals/12/`) and, for research
exports, each file's row count by table name (`goal_ratings`). People reading their own record
or a program's access counts see where it happened and what it was in words."""

from __future__ import annotations

from django import template
from django.urls import Resolver404, resolve

register = template.Library()

# Where in Tandem, by the URL's namespace (and, for the home pages, its name).
PLACES = {
    "coaching": "the engagement's pages",
    "goals": "the goals pages",
    "agreements": "the coaching agreement",
    "instruments": "the instruments pages",
    "conversation": "sessions and journals",
    "lifecycle": "closing and next steps",
    "enrollment": "the request for coaching",
    "matching": "coach matching",
    "privacy": "the privacy pages",
    "evaluation": "the program evaluation",
    "people": "the staff directory",
    "questionbank": "the question bank",
}
HOMES = {
    "my_learners": "the coach's home page",
    "my_team": "the supervisor's home page",
    "my_coaching": "the learner's home page",
    "my_ratings": "the observer's home page",
    "program": "the program page",
}
DOING = {"GET": "Opened", "HEAD": "Opened", "POST": "Saved on", "PUT": "Saved on"}


@register.filter
def page_in_words(via: str) -> str:
    """`GET /goals/12/` reads "Opened the goals pages"; anything else reads as it was
    recorded, unless it looks like a request to an unknown address."""
    method, _, path = (via or "").partition(" ")
    if not path.startswith("/"):
        return via or "—"
    try:
        match = resolve(path.split("?", 1)[0])
    except Resolver404:
        return f"{DOING.get(method, 'Used')} a page that no longer exists"
    name = match.url_name or ""
    place = PLACES.get(match.namespace) or HOMES.get(name) or "a Tandem page"
    if name.endswith(("_ics", "calendar", "feed")):
        place = "a calendar"
    return f"{DOING.get(method, 'Used')} {place}"


@register.filter
def table_in_words(name: str) -> str:
    """An export table's name as words: `goal_ratings` reads "Goal ratings"."""
    return (name or "").replace("_", " ").capitalize()
