"""The home page of each role and the role-aware landing redirect."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tandem.coaching.models import Engagement
from tandem.coaching.selectors import (
    coach_learner_rows,
    sessions_later_today,
    sessions_needing_outcome,
)
from tandem.conversation.selectors import unfinished_drafts
from tandem.enrollment.matching.selectors import offers_open_count
from tandem.enrollment.selectors import open_request_of
from tandem.instruments.administration_selectors import (
    administrations_to_fill,
    responses_submitted_by,
)
from tandem.lifecycle.stalled import stalls
from tandem.people.access import person_for, request_roles, role_required
from tandem.people.models import CoachProfile, Person, Role
from tandem.people.selectors import (
    all_reports_ids,
    chain_of_command,
    role_grants,
    runs_supportive_supervision,
    scope_units,
)
from tandem.privacy.categories import Category
from tandem.privacy.policy import (
    Read,
    access_to,
    engagement_counts_by_status,
    engagements_visible_to,
    record_reads_audit,
)
from tandem.web.navigation import landing_for


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    landing = landing_for(request_roles(request))
    if landing is not None:
        return redirect(landing.url_name)
    if request.user.is_staff:
        return redirect("admin:index")
    raise PermissionDenied("Your account has no role in Tandem yet. Ask your administrator.")


@login_required
def baseline(request: HttpRequest) -> HttpResponse:
    """The cheapest page there is: the base template alone. Benchmarks compare against it."""
    return render(request, "web/baseline.html")


@role_required(Role.LEARNER)
def my_coaching(request: HttpRequest) -> HttpResponse:
    person = person_for(request)
    engagements = engagements_visible_to(viewer=person).filter(learner=person)
    return render(
        request,
        "web/my_coaching.html",
        {
            "person": person,
            "chain": chain_of_command(person=person),
            "engagements": engagements,
            "open_request": open_request_of(learner=person),
        },
    )


@role_required(Role.COACH)
def my_learners(request: HttpRequest) -> HttpResponse:
    person = person_for(request)
    profile = (
        CoachProfile.objects.filter(person=person)
        .select_related("office")
        .prefetch_related("practice_areas", "languages", "modalities")
        .first()
    )
    # One query: each engagement with its next session, last session held and sessions held.
    engagements = list(coach_learner_rows(coach=person))
    # The dates shown are attendance: audit them as read (one insert for the page).
    access = access_to(viewer=person, engagements=engagements)
    record_reads_audit(
        reads=[Read(access[e.pk], Category.ATTENDANCE, "engagement", e.pk) for e in engagements],
        via=f"{request.method} {request.path}",
    )
    context = {
        "person": person,
        "profile": profile,
        "engagements": engagements,
        **_coach_today(coach=person, engagements=engagements),
    }
    return render(request, "web/my_learners.html", context)


UNDER_WAY = (Engagement.Status.PLANNED, Engagement.Status.ACTIVE, Engagement.Status.PAUSED)
SHOWN = 5  # rows of each "today" list; the rest are a link away


def _coach_today(*, coach: Person, engagements: list[Engagement]) -> dict[str, object]:
    """What needs the coach today, in six queries whatever the caseload: today's sessions,
    sessions waiting for an outcome, unfinished notes, stalled coaching and offers to answer."""
    # Coaching still under way: a closed or withdrawn engagement asks nothing more of the coach.
    ids = [e.pk for e in engagements if e.status in UNDER_WAY]
    outcomes = sessions_needing_outcome(coach=coach).filter(engagement_id__in=ids)
    drafts = unfinished_drafts(author=coach, engagement_ids=ids)
    return {
        "today": list(sessions_later_today(engagement_ids=ids)),
        "outcomes": list(outcomes[:SHOWN]),
        "outcome_count": outcomes.count(),
        "drafts": drafts,
        "drafts_more": max(0, len(drafts) - SHOWN),
        "stalled": stalls(engagements=Engagement.objects.filter(coach=coach)),
        "offer_count": offers_open_count(coach=coach),
        "shown": SHOWN,
    }


@role_required(Role.OBSERVER)
def my_ratings(request: HttpRequest) -> HttpResponse:
    """The observer's home: fidelity ratings to do and done. The answers themselves open on the
    instrument pages, which decide access again."""
    person = person_for(request)
    context = {
        "to_rate": list(administrations_to_fill(person=person).exclude(subject=None)),
        "rated": list(
            responses_submitted_by(person=person).exclude(administration__subject=None)[:50]
        ),
    }
    return render(request, "web/my_ratings.html", context)


@role_required(Role.SUPERVISOR)
def my_team(request: HttpRequest) -> HttpResponse:
    person = person_for(request)
    direct = (
        Person.objects.filter(supervisor=person, is_active=True)
        .select_related("org_unit")
        .annotate(report_count=Count("direct_reports", filter=Q(direct_reports__is_active=True)))
    )
    team_engagements = engagements_visible_to(viewer=person).filter(learner__supervisor=person)
    return render(
        request,
        "web/my_team.html",
        {
            "person": person,
            "direct": direct,
            "all_reports": len(all_reports_ids(person_id=person.pk)),
            # Only engagements whose disclosure map shares something with the supervisor.
            "shared": team_engagements.exclude(coach=person),
            # Those the supervisor holds themselves (supportive supervision, supervisor as
            # coach) are theirs as coach, not coaching their team shares with them.
            "holding": team_engagements.filter(coach=person).select_related("learner"),
            "runs_supportive_supervision": runs_supportive_supervision(person=person),
        },
    )


@role_required(Role.PROGRAM_LEAD, Role.COACH_SUPERVISOR, Role.LEADERSHIP, Role.EVALUATOR)
def program(request: HttpRequest) -> HttpResponse:
    """Administrative counts for the viewer's scope. No names of learners, no coaching content."""
    person = person_for(request)
    roles = [Role.PROGRAM_LEAD, Role.COACH_SUPERVISOR, Role.LEADERSHIP, Role.EVALUATOR]
    units = scope_units(person=person, roles=roles)
    staff = Person.objects.filter(is_active=True, org_unit__in=units)
    coaches = CoachProfile.objects.filter(person__is_active=True, person__org_unit__in=units)
    by_type = dict(
        coaches.values_list("coach_type").annotate(n=Count("id")).values_list("coach_type", "n")
    )
    by_status = engagement_counts_by_status(viewer=person)
    context = {
        "engagements_by_status": [
            (label, by_status.get(value, 0)) for value, label in Engagement.Status.choices
        ],
        "is_program_lead": Role.PROGRAM_LEAD in request_roles(request),
        "scopes": sorted({g.scope_name for g in role_grants(person=person) if g.role in roles}),
        "staff_count": staff.count(),
        "coach_count": coaches.count(),
        "capacity": coaches.aggregate(total=Sum("capacity"))["total"] or 0,
        "accepting": coaches.filter(accepting_learners=True).count(),
        "by_type": [
            (label, by_type.get(value, 0)) for value, label in CoachProfile.CoachType.choices
        ],
    }
    return render(request, "web/program.html", context)


@role_required(Role.ADMINISTRATOR)
def administration(request: HttpRequest) -> HttpResponse:
    context = {
        "people": Person.objects.count(),
        "active_people": Person.objects.filter(is_active=True).count(),
        "accounts": Person.objects.filter(user__isnull=False).count(),
        "coaches": CoachProfile.objects.count(),
    }
    return render(request, "web/administration.html", context)
