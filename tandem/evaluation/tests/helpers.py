"""The world the evaluation page tests share: the privacy world (tandem/privacy/tests/world.py)
with a cohort of 13 more learners in North County's intake unit, each with a request that went
through to a closed engagement, two held sessions and a rated goal, and three learners in its
ongoing services unit. Plus helpers to open a page and read a table off it."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tandem.agreements.demo import agreement_in_force_create
from tandem.coaching.models import CoachingSession, Engagement
from tandem.enrollment.models import CoachingRequest
from tandem.enrollment.tests.helpers import make_request, walk
from tandem.goals.tests.helpers import make_goal, rate
from tandem.people.tests.factories import person_with_account
from tandem.privacy.tests.world import build_world

S = CoachingRequest.Status
COHORT = 13


def closed_engagement(learner, coach, level: int) -> Engagement:
    today = timezone.localdate()
    engagement = Engagement.objects.create(
        learner=learner,
        coach=coach,
        status=Engagement.Status.CLOSED,
        started_on=today - timedelta(days=120),
        ended_on=today - timedelta(days=10),
    )
    for days in (100, 60):
        CoachingSession.objects.create(
            engagement=engagement,
            starts_at=timezone.now() - timedelta(days=days),
            status=CoachingSession.Status.HELD,
            duration_minutes=90,
        )
    goal = make_goal(engagement, f"COHORT-{learner.pk}")
    rate(goal, today - timedelta(days=110), -1, baseline=True)
    rate(goal, today - timedelta(days=20), level)
    return engagement


def evaluation_world_build():
    world = build_world()
    coach = world.people["coach"]
    world.cohort = []
    for i in range(COHORT):
        learner = person_with_account(org_unit=world.tree["intake"], last_name=f"Cohortname{i}")
        engagement = closed_engagement(learner, coach, level=1 if i % 2 else 0)
        # The agreement's frequency: "Every two weeks" (the internal coach template).
        agreement_in_force_create(engagement=engagement, shares={})
        request = make_request(learner, source=CoachingRequest.Source.SELF)
        walk(request, S.READINESS, S.MATCHING)
        request.engagement = engagement
        request.save(update_fields=["engagement"])
        walk(request, S.AGREEMENT, S.ACTIVE, S.CLOSED)
        world.cohort.append(learner)
    for i in range(3):
        learner = person_with_account(org_unit=world.tree["ongoing"], last_name=f"Ongoingname{i}")
        closed_engagement(learner, coach, level=2)
    return world


def page_open(client, world, actor: str, name: str = "evaluation:overview", *args, **params):
    client.force_login(world.people[actor].user)
    return client.get(reverse(name, args=args), params)


def page_table(html: str, slug: str) -> dict[str, list[str]]:
    """The rows of one table on the page: row label -> the other cells' text."""
    section = html.split(f'id="t-{slug}"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in section.split("<tr>")[2:]:
        cells = [
            part.split(">", 1)[1].split("</", 1)[0].strip()
            for part in row.split("<t")[1:]
            if part.startswith(("h", "d"))
        ]
        rows[cells[0]] = cells[1:]
    return rows
