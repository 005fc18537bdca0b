"""Demo administrations for `make demo`: a few instruments given, answered and scored, so the
"My instruments" and results pages have something to show. Called by the seed command after
instruments are loaded (`call_command("load_instruments")`) and engagements exist."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from tandem.coaching.models import Engagement
from tandem.instruments.administration_services import (
    administration_assign,
    response_save_draft,
    response_share_with_coach,
    response_submit,
)
from tandem.instruments.models import Administration, Response
from tandem.instruments.selectors import instrument_version_find, version_definition
from tandem.people.models import Person
from tandem.privacy.responses import response_get

VIA = "demo seed"


def _answer(administration: Administration, *, level: int, share: bool = False) -> None:
    """Answer every item at the `level`-th point of its scale (0 = lowest) and submit."""
    respondent = administration.respondent
    definition = version_definition(administration.version)
    answers: dict[str, object] = {}
    for item in definition.items:
        if item.type in ("likert", "paired") and item.scale is not None:
            values = sorted(item.scale.values)
            point = values[min(level, len(values) - 1)]
            answers[item.key] = point if item.type == "likert" else {"pro": point, "anti": 2}
        elif item.type == "yes_no":
            answers[item.key] = not item.red_flag
        elif item.type == "choice":
            answers[item.key] = item.options[0].value
        elif item.type == "number":
            answers[item.key] = int(item.min or 0)
        elif item.type == "date":
            answers[item.key] = "2026-10-01"
        elif item.required:
            answers[item.key] = "Listening more before suggesting a plan."
    access = response_get(viewer=respondent, administration_id=administration.pk)
    saved = response_save_draft(access=access, answers=answers, revision=0)
    access = response_get(viewer=respondent, administration_id=administration.pk)
    response_submit(access=access, revision=saved.response.revision, via=VIA)
    if share:
        access = response_get(viewer=respondent, administration_id=administration.pk)
        response_share_with_coach(access=access, via=VIA)


def instruments_demo_seed(*, engagement: Engagement, coach_supervisor: Person) -> int:
    """For one active engagement: the learner's readiness check (shared with the coach), a
    before/after pair of the coaching-skills self-assessment for the coach (the 'after' left
    as a draft to fill in), and a practice rating of the coach. Returns how many were made."""
    learner, coach = engagement.learner, engagement.coach
    readiness = administration_assign(
        assigned_by=coach,
        version=instrument_version_find(slug="coaching-readiness"),
        respondent=learner,
        engagement=engagement,
        period_start=engagement.started_on,
    )
    _answer(readiness, level=1, share=True)
    skills = instrument_version_find(slug="coach-skills")
    before = administration_assign(
        assigned_by=coach, version=skills, respondent=coach, phase=Administration.Phase.PRE
    )
    _answer(before, level=1)
    administration_assign(
        assigned_by=coach,
        version=skills,
        respondent=coach,
        phase=Administration.Phase.POST,
        pre=before,
    )
    rating = administration_assign(
        assigned_by=coach_supervisor,
        version=instrument_version_find(slug="coaching-practices-rating"),
        respondent=coach_supervisor,
        subject=coach,
        engagement=engagement,
    )
    _answer(rating, level=3)
    return 4


def _dated(administration: Administration, day: datetime.date) -> None:
    """Date a demo answer on the day it would have been given (submitted today otherwise)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(11)))
    Response.objects.filter(administration=administration).update(
        started_at=moment, submitted_at=moment, updated_at=moment
    )


def past_cohort_instruments_seed(
    *, engagement_ids: list[int], coach_supervisor: Person, seed: int
) -> int:
    """For the demo's past cohort (tandem/demo/coaching.py), what evaluation reads: trust in
    the supervisor or coach before and after coaching, the closing survey, and practice ratings
    of their coaches through the year. Answers are whole scale points chosen at random, the
    'after' mostly a point or two higher. Returns how many responses were made."""
    rng = random.Random(seed * 7_927 + 11)
    trust = instrument_version_find(slug="organizational-trust")
    closing = instrument_version_find(slug="closing-survey")
    practice = instrument_version_find(slug="coaching-practices-rating")
    made = 0
    engagements = Engagement.objects.filter(pk__in=engagement_ids).select_related(
        "learner", "coach"
    )
    for engagement in engagements.order_by("pk"):
        learner, coach = engagement.learner, engagement.coach
        start = engagement.started_on or datetime.date(2026, 1, 5)
        end = engagement.ended_on or start + datetime.timedelta(days=90)
        before = administration_assign(
            assigned_by=learner,  # their own: the coaching has closed
            version=trust,
            respondent=learner,
            engagement=engagement,
            phase=Administration.Phase.PRE,
        )
        level = rng.randint(1, 2)
        _answer(before, level=level)
        _dated(before, start)
        after = administration_assign(
            assigned_by=learner,  # their own: the coaching has closed
            version=trust,
            respondent=learner,
            engagement=engagement,
            phase=Administration.Phase.POST,
            pre=before,
        )
        _answer(after, level=level + rng.choice((0, 1, 1, 2)))
        _dated(after, end)
        survey = administration_assign(
            assigned_by=learner, version=closing, respondent=learner, engagement=engagement
        )
        _answer(survey, level=rng.choice((2, 3, 3, 4)))
        _dated(survey, end)
        rating = administration_assign(
            assigned_by=coach_supervisor,
            version=practice,
            respondent=coach_supervisor,
            subject=coach,
            engagement=engagement,
        )
        _answer(rating, level=rng.choice((2, 3, 3, 4)))
        _dated(rating, start + (end - start) / 2)
        made += 4
    return made
