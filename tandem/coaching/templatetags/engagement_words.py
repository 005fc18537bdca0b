"""What to call an engagement and its meetings on a page (issue #16 item 11).

Supportive supervision (seed 002) is supervision, not coaching: a supervisor holds it with the
people they supervise, inside regular supervision. Wherever an engagement or one of its
sessions is named, these filters give the words, so a page never calls it coaching.

    {% load engagement_words %}
    {{ engagement|practice }}        Coaching / Supportive supervision
    {{ engagement|guide }}           coach / supervisor
    {{ engagement|guided }}          learner / supervisee
    {{ session|meeting }}            Coaching session / Supportive supervision session / ...
    {{ session|meeting:engagement }} the same, with the engagement the page already holds
"""

from __future__ import annotations

from typing import Any

from django import template

from tandem.coaching.models import CoachingSession, Engagement

register = template.Library()


def is_supportive(engagement: Any) -> bool:
    return getattr(engagement, "kind", None) == Engagement.Kind.SUPPORTIVE_SUPERVISION


@register.filter
def practice(engagement: Any) -> str:
    return "Supportive supervision" if is_supportive(engagement) else "Coaching"


@register.filter
def guide(engagement: Any) -> str:
    return "supervisor" if is_supportive(engagement) else "coach"


@register.filter
def guided(engagement: Any) -> str:
    return "supervisee" if is_supportive(engagement) else "learner"


@register.filter
def meeting(session: CoachingSession, engagement: Any = None) -> str:
    """The session's purpose, named for its engagement: a regular session of supportive
    supervision is a "Supportive supervision session", not a "Coaching session"."""
    engagement = engagement if engagement is not None else session.engagement
    if session.purpose == CoachingSession.Purpose.COACHING and is_supportive(engagement):
        return "Supportive supervision session"
    return str(session.get_purpose_display())
