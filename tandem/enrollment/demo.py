"""Made-up enrollment for the seeded organization: a request (with its status history and an
accepted match) behind every seeded engagement, requests waiting at every step, readiness
checks, supervisors' suggestions and one outreach campaign. Deterministic for a seed; bulk
inserts only, so it stays a few seconds at state scale (20,000 staff)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import OuterRef, Subquery

from tandem.coaching.models import Engagement
from tandem.enrollment.models import (
    Campaign,
    CoachingRequest,
    Intake,
    Invitation,
    Match,
    StatusChange,
    Suggestion,
)
from tandem.instruments.models import Administration, InstrumentVersion, Response
from tandem.instruments.scoring import score
from tandem.instruments.selectors import instrument_version_find, version_definition
from tandem.people.models import (
    CoachProfile,
    Language,
    Modality,
    OrgUnit,
    Person,
    PracticeArea,
    Role,
    RoleAssignment,
)
from tandem.rows import db_value, own_timestamps, rows_insert

S = CoachingRequest.Status
Source = CoachingRequest.Source
BATCH = 1000

# Plain, made-up words a learner might write; nothing about any real case or family.
FOCUS = (
    "I want to get more comfortable asking families about safety without sounding scripted.",
    "Preparing for court takes me too long; I would like a calmer routine for reports.",
    "I am new to supervising and want to run better case staffings.",
    "I would like to use solution-focused questions more in home visits.",
    "Managing my caseload so that visits do not slip when a crisis comes in.",
)
GOALS = (
    "Feel confident in the first visit with a family.",
    "Finish court reports two days before the hearing.",
    "Staffings that end with clear next steps.",
    "Families tell me what is going well before we plan.",
    "",
)
TIMES = ("Tuesday or Thursday mornings", "Early afternoons", "Any day before 10", "")
FOR_COACH = ("", "", "I work four ten-hour days.", "I would prefer to meet away from my office.")
REASONS = ("", "", "My caseload doubled this month.", "I am moving to another unit.")

# The program lead's note of the intake conversation, by decision: plain made-up words.
INTAKE_NOTES: dict[str, tuple[str, ...]] = {
    "fits": (
        "Clear about what to work on; knows coaching is voluntary and what it asks each month.",
        "Keen to start. Mornings suit best; prefers to meet away from the office.",
        "Wants help with first visits. Talked through confidentiality and the agreement.",
    ),
    "not_now": (
        "Starting certification training next month; will talk again once it ends.",
        "Caseload is at its peak this quarter; we agreed to meet again in six weeks.",
    ),
    "other_support": (
        "What helps now is a caseload review with the supervisor; pointed to the EAP as well.",
        "Asked for help with the case system: booked the next training instead of coaching.",
    ),
}

# Pending requests (people without an engagement), by status, per 1,000 staff.
PENDING_PER_THOUSAND = 15
Path = list[tuple[str, date]]
PENDING_MIX = (
    (S.REQUESTED, 0.2),
    (S.READINESS, 0.2),
    (S.MATCHING, 0.38),
    (S.WITHDRAWN, 0.22),
)
PATH_TO: dict[str, list[str]] = {
    S.REQUESTED: [S.REQUESTED],
    S.READINESS: [S.REQUESTED, S.READINESS],
    S.MATCHING: [S.REQUESTED, S.READINESS, S.MATCHING],
    S.WITHDRAWN: [S.REQUESTED, S.READINESS, S.WITHDRAWN],
}


def _db_time(value: datetime) -> object:
    return connection.ops.adapt_datetimefield_value(value)


def _at(day: date, zone: ZoneInfo, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zone)


def _readiness_answers(definition, rng: random.Random) -> dict[str, object]:
    answers: dict[str, object] = {}
    for item in definition.items:
        answers[item.key] = rng.random() < (0.15 if item.red_flag else 0.75)
    return answers


def enrollment_seed(*, seed: int, today: date | None = None) -> int:
    """Create requests, status changes, matches, readiness checks, suggestions and a campaign.
    Returns how many requests were made."""
    rng = random.Random(seed * 7919 + 5)
    today = today or date(2026, 11, 1)
    zone = ZoneInfo(settings.TIME_ZONE)
    areas = list(PracticeArea.objects.values_list("pk", flat=True))
    languages = list(Language.objects.values_list("pk", flat=True))
    modalities = list(Modality.objects.values_list("pk", flat=True))
    lead_ids = list(
        RoleAssignment.objects.filter(role=Role.PROGRAM_LEAD)
        .order_by("pk")
        .values_list("person_id", flat=True)
    )
    demo_learner = Person.objects.filter(user__email__startswith="learner@").first()

    requests: list[CoachingRequest] = []
    paths: list[Path] = []

    def add(request: CoachingRequest, path: Path) -> None:
        request.status, last = path[-1]
        request.status_changed_at = _at(last, zone)
        requests.append(request)
        paths.append(path)

    def words(request: CoachingRequest) -> CoachingRequest:
        request.focus = rng.choice(FOCUS)
        request.goals = rng.choice(GOALS)
        request.preferred_times = rng.choice(TIMES)
        request.for_coach = rng.choice(FOR_COACH)
        request.practice_area_id = rng.choice(areas) if areas and rng.random() < 0.8 else None
        request.language_id = rng.choice(languages) if languages and rng.random() < 0.3 else None
        request.supervisor_informed = rng.random() < 0.6
        return request

    # 1. A request behind every engagement, with the path it took to get there.
    engagements = list(
        Engagement.objects.order_by("pk").values_list(
            "pk", "learner_id", "coach_id", "status", "started_on", "ended_on"
        )
    )
    engaged = set()
    for pk, learner_id, _coach, status, started, ended in engagements:
        engaged.add(learner_id)
        started = started or today
        asked = started - timedelta(days=rng.randint(25, 60))
        path: Path = [
            (S.REQUESTED, asked),
            (S.READINESS, asked + timedelta(days=2)),
            (S.MATCHING, asked + timedelta(days=rng.randint(5, 12))),
            (S.AGREEMENT, started - timedelta(days=7)),
        ]
        if status in (Engagement.Status.ACTIVE, Engagement.Status.CLOSED, Engagement.Status.PAUSED):
            path.append((S.ACTIVE, started))
        if status == Engagement.Status.PAUSED:
            path.append((S.PAUSED, min(today, started + timedelta(days=30))))
        if status == Engagement.Status.CLOSED:
            path.append((S.CLOSED, ended or today))
        if status == Engagement.Status.WITHDRAWN:
            path.append((S.WITHDRAWN, ended or today))
        source = Source.SELF if learner_id == getattr(demo_learner, "pk", None) else None
        add(
            words(
                CoachingRequest(
                    learner_id=learner_id,
                    engagement_id=pk,
                    source=source or rng.choice((Source.SELF, Source.SELF, Source.SUPERVISOR)),
                )
            ),
            path,
        )

    # 2. Requests still on their way, from staff without coaching.
    coach_ids = set(CoachProfile.objects.values_list("person_id", flat=True))
    people = list(
        Person.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("pk", "supervisor_id", "hire_date", "org_unit__path")
    )
    free = [p for p in people if p[0] not in engaged and p[0] not in coach_ids]
    if demo_learner is not None:
        free = [p for p in free if p[0] != demo_learner.pk]
    count = max(8, len(people) * PENDING_PER_THOUSAND // 1000)
    chosen = rng.sample(free, min(count, len(free)))
    statuses = [s for s, _ in PENDING_MIX]
    weights = [w for _, w in PENDING_MIX]
    pending_start = len(requests)
    waitlisted: list[int] = []
    for index, (person_id, _sup, _hired, _path) in enumerate(chosen):
        # Every status at least once, then by the mix.
        status = statuses[index] if index < len(statuses) else rng.choices(statuses, weights)[0]
        asked = today - timedelta(days=rng.randint(1, 75))
        path = [
            (s, min(today, asked + timedelta(days=3 * i))) for i, s in enumerate(PATH_TO[status])
        ]
        source = rng.choices((Source.SELF, Source.SUPERVISOR, Source.MANDATED), (0.75, 0.17, 0.08))[
            0
        ]
        request = words(CoachingRequest(learner_id=person_id, source=source))
        if status == S.WITHDRAWN:
            request.withdrawal_reason = rng.choice(REASONS)
        if status == S.MATCHING and rng.random() < 0.4:
            waitlisted.append(len(requests))
        add(request, path)
    for index in waitlisted:
        request = requests[index]
        request.waitlisted_at = request.status_changed_at + timedelta(hours=rng.randint(1, 48))

    # 3. An outreach campaign: new hires of the first agency, some of whom accepted.
    agency = OrgUnit.objects.filter(kind=OrgUnit.Kind.AGENCY).order_by("path").first()
    campaign = None
    invitations: list[Invitation] = []
    in_agency = [p for p in free if agency is not None and p[3].startswith(agency.path)]
    latest = max((p[2] for p in in_agency if p[2] is not None), default=None)
    if agency is not None and lead_ids and latest is not None:
        # The agency's most recent six months of hires (made-up hire dates vary by scale).
        hired_from = latest - timedelta(days=182)
        opens_on = today - timedelta(days=35)
        with own_timestamps(Campaign):
            campaign = Campaign.objects.create(
                name="Recent hires",
                kind=Campaign.Kind.OUTREACH,
                description=(
                    "Coaching offered to everyone who joined the agency in the last half year."
                ),
                scope=agency,
                hired_from=hired_from,
                hired_to=latest,
                opens_on=opens_on,
                closes_on=today + timedelta(days=55),
                created_by_id=lead_ids[0],
                created_at=_at(opens_on - timedelta(days=3), zone),
            )
        busy = {r.learner_id for r in requests}
        hires = [
            p
            for p in in_agency
            if p[2] is not None and hired_from <= p[2] <= latest and p[0] not in busy
        ][:300]
        for person_id, _sup, _hired, _path in hires:
            answer = rng.random()
            invitation = Invitation(
                campaign=campaign, person_id=person_id, created_at=_at(opens_on, zone, 9)
            )
            if answer < 0.3:
                invitation.status = Invitation.Status.ACCEPTED
                asked = today - timedelta(days=rng.randint(7, 33))
                invitation.responded_at = _at(asked, zone)
                status = rng.choice((S.REQUESTED, S.READINESS, S.MATCHING))
                path = [(s, asked + timedelta(days=2 * i)) for i, s in enumerate(PATH_TO[status])]
                request = words(CoachingRequest(learner_id=person_id, source=Source.OUTREACH))
                request.campaign = campaign
                add(request, path)
                invitation.request = request  # linked after the requests are saved
            elif answer < 0.45:
                invitation.status = Invitation.Status.DECLINED
                invitation.responded_at = _at(today - timedelta(days=rng.randint(7, 33)), zone)
            invitations.append(invitation)

    CoachingRequest.objects.bulk_create(requests, batch_size=BATCH)
    if campaign is not None:
        for invitation in invitations:
            if invitation.request is not None:
                invitation.request_id = invitation.request.pk
        with own_timestamps(Invitation):
            Invitation.objects.bulk_create(invitations, batch_size=BATCH)

    # Status history, modalities, accepted matches for engagement requests.
    changes = []
    for request, path in zip(requests, paths, strict=True):
        previous = ""
        for status, day in path:
            by = request.learner_id if status in (S.REQUESTED, S.WITHDRAWN) else None
            changes.append((request.pk, previous, status, _db_time(_at(day, zone)), by))
            previous = status
    rows_insert(
        StatusChange._meta.db_table,
        ("request_id", "from_status", "to_status", "at", "by_id"),
        changes,
    )
    # created_at is set on insert; give each request the day it was really asked (one UPDATE).
    if requests:
        first = StatusChange.objects.filter(request=OuterRef("pk")).order_by("at", "pk")
        CoachingRequest.objects.filter(pk__gte=requests[0].pk).update(
            created_at=Subquery(first.values("at")[:1])
        )
    through = CoachingRequest.modalities.through
    links = []
    if modalities:
        for request in requests:
            for modality_id in rng.sample(modalities, rng.randint(0, min(2, len(modalities)))):
                links.append((request.pk, modality_id))
    rows_insert(through._meta.db_table, ("coachingrequest_id", "modality_id"), links)
    coach_of = {pk: coach_id for pk, _l, coach_id, *_ in engagements}
    if lead_ids:
        # Built as models, not raw rows: the matching engine owns Match and may add fields.
        matches = []
        for request, path in zip(requests, paths, strict=True):
            if request.engagement_id is None:
                continue
            accepted = _at(dict(path)[S.AGREEMENT], zone)
            matches.append(
                Match(
                    request_id=request.pk,
                    coach_id=coach_of[request.engagement_id],
                    status=Match.Status.ACCEPTED,
                    suggested_rank=1,
                    proposed_by_id=lead_ids[0],
                    # Offered two days before the coach accepted it, in matching.
                    created_at=accepted - timedelta(days=2),
                    decided_at=accepted,
                )
            )
        with own_timestamps(Match):
            Match.objects.bulk_create(matches, batch_size=BATCH)

    # 4. Intake conversations with the program lead, before matching (seed 001).
    if lead_ids:
        # Its own generator, so the intakes leave every other seeded value as it was.
        _intakes_seed(random.Random(seed * 31 + 7), requests, paths, lead_ids[0], today, zone)

    # 5. Readiness checks: drafts at the readiness step, answers for most further along.
    _readiness_seed(rng, requests[pending_start:], zone)
    if demo_learner is not None:
        _link_demo_readiness(demo_learner)

    # 6. Supervisors' suggestions: the accepted ones behind "supervisor" requests, and a few
    # still open or declined.
    suggestions: list[tuple[object, ...]] = []
    supervisor_of = {p[0]: p[1] for p in people}
    for request, path in zip(requests, paths, strict=True):
        supervisor_id = supervisor_of.get(request.learner_id)
        if request.source == Source.SUPERVISOR and supervisor_id is not None:
            asked = _at(path[0][1], zone)
            suggested = _db_time(asked - timedelta(days=rng.randint(2, 10)))
            answered = _db_time(asked)
            suggestions.append(
                (supervisor_id, request.learner_id, "", "accepted", request.pk, suggested, answered)
            )
    taken = {r.learner_id for r in requests} | {i.person_id for i in invitations}
    others = [p for p in free if p[0] not in taken and p[1] is not None]
    message = "I think coaching could help with the new caseload. Your call."
    for person_id, supervisor_id, _h, _p in rng.sample(others, min(len(others), count // 3)):
        suggested = _db_time(_at(today - timedelta(days=rng.randint(1, 30)), zone))
        answered = _db_time(_at(today, zone)) if rng.random() < 0.3 else None
        status = Suggestion.Status.DECLINED if answered else Suggestion.Status.OPEN
        suggestions.append(
            (supervisor_id, person_id, message, status.value, None, suggested, answered)
        )
    columns = (
        "supervisor_id",
        "learner_id",
        "message",
        "status",
        "request_id",
        "created_at",
        "responded_at",
    )
    rows_insert(Suggestion._meta.db_table, columns, suggestions)
    return len(requests)


def _intakes_seed(
    rng: random.Random,
    requests: list[CoachingRequest],
    paths: list[Path],
    lead_id: int,
    today: date,
    zone: ZoneInfo,
) -> None:
    """The lead's intake conversation, a day or two before the request went to matching: every
    request that reached a coach found that coaching fits. Of those waiting, a few still wait
    for their conversation and a few heard "not now"; some withdrawn ones found other support."""
    rows = []
    met_first = False  # the first request waiting in matching always waits for its intake
    for request, path in zip(requests, paths, strict=True):
        steps = dict(path)
        asked = path[0][1]
        if request.engagement_id is not None:
            decision = Intake.Decision.FITS
        elif request.status == S.MATCHING:
            roll = rng.random()
            if roll < 0.1 or not met_first:
                met_first = True
                continue  # the lead has yet to meet them
            decision = Intake.Decision.NOT_NOW if roll < 0.2 else Intake.Decision.FITS
        elif request.status == S.WITHDRAWN and rng.random() < 0.5:
            decision = Intake.Decision.OTHER_SUPPORT
        elif request.status in (S.REQUESTED, S.READINESS) and rng.random() < 0.25:
            decision = rng.choice((Intake.Decision.FITS, Intake.Decision.NOT_NOW))
        else:
            continue
        before = steps.get(S.MATCHING, min(today, asked + timedelta(days=4)))
        held_on = max(asked, before - timedelta(days=rng.randint(0, 2)))
        note = rng.choice(INTAKE_NOTES[decision])
        recorded = _db_time(_at(held_on, zone, 15))
        rows.append((request.pk, held_on, decision.value, note, lead_id, recorded))
    rows_insert(
        Intake._meta.db_table,
        ("request_id", "held_on", "decision", "note", "recorded_by_id", "recorded_at"),
        [(r[0], db_value(r[1]), *r[2:]) for r in rows],
    )


def _readiness_seed(rng: random.Random, requests: list[CoachingRequest], zone: ZoneInfo) -> None:
    try:
        version = instrument_version_find(slug="coaching-readiness")
    except InstrumentVersion.DoesNotExist:  # instruments not loaded: no readiness checks
        return
    definition = version_definition(version)
    chosen = [
        r
        for r in requests
        if r.status == S.READINESS or (r.status == S.MATCHING and rng.random() < 0.7)
    ]
    administrations = [
        Administration(
            version=version,
            kind=Administration.Kind.SELF,
            respondent_id=r.learner_id,
            assigned_by_id=r.learner_id,
            note="Readiness check for a coaching request.",
        )
        for r in chosen
    ]
    Administration.objects.bulk_create(administrations, batch_size=BATCH)
    responses = []
    for request, administration in zip(chosen, administrations, strict=True):
        request.readiness_administration_id = administration.pk
        response = Response(
            version=version,
            respondent_id=request.learner_id,
            administration_id=administration.pk,
            started_at=request.status_changed_at,
            updated_at=request.status_changed_at,
        )
        if request.status == S.MATCHING:
            answers = _readiness_answers(definition, rng)
            report = score(definition, answers)
            response.answers = answers
            response.scores = report.scores
            response.status = Response.Status.SUBMITTED
            response.submitted_at = request.status_changed_at
            response.revision = 1
        responses.append(response)
    Response.objects.bulk_create(responses, batch_size=BATCH)
    CoachingRequest.objects.bulk_update(chosen, ["readiness_administration"], batch_size=BATCH)


def _link_demo_readiness(learner: Person) -> None:
    """The demo learner's readiness check (made by the instruments demo) is their request's."""
    request = CoachingRequest.objects.filter(learner=learner, engagement__isnull=False).first()
    administration = (
        Administration.objects.filter(
            respondent=learner, version__instrument__slug="coaching-readiness"
        )
        .order_by("pk")
        .first()
    )
    if request is not None and administration is not None:
        request.readiness_administration = administration
        request.save(update_fields=["readiness_administration"])
