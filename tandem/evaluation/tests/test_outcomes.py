"""The outcome parts of the evaluation: before and after, fidelity, reaction.

The privacy world gets, in North County: 12 learners (intake) who filled in the coaching
skills self-assessment before (every skill at 2) and after (learner i: i of the 14 skills at 4,
the others at 3, so no two changes are the same) and 5 of them the readiness check twice; 12 coaches with profiles (ongoing services), each coaching one
of those learners, 11 of them rated for fidelity (6 at 4, 5 at 3; one also at 2 some 200 days
ago) and filling in 0, 1 or 2 observation forms; each learner's closing survey (6 at 5, 6 at
3), session feedback form (4 and 8) and a session-page usefulness answer (6 at 5, 6 at 2).
Coaching began in North County 1,000 days ago and in South County 90 days ago, where the other
learner submitted a closing survey (5). Every free-text answer carries FREETEXT.
"""

from __future__ import annotations

import calendar
import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tandem.coaching.models import CoachingSession, Engagement
from tandem.conversation.models import LearnerSessionFeedback
from tandem.evaluation.tests.helpers import page_open as _open
from tandem.evaluation.tests.helpers import page_table as _table
from tandem.instruments.administration_services import (
    administration_assign,
    response_save_draft,
    response_submit,
)
from tandem.instruments.models import Administration, Response
from tandem.instruments.selectors import instrument_version_find, version_definition
from tandem.people.models import Role
from tandem.people.tests.factories import CoachProfileFactory, person_with_account
from tandem.privacy.responses import response_get
from tandem.privacy.tests.world import build_world
from tandem.testing import fresh

pytestmark = pytest.mark.django_db
PRE, POST = Administration.Phase.PRE, Administration.Phase.POST
TOO_FEW = "not shown: too few"
RATED_AGO = 200  # days: the older rating of coach 0, in an earlier quarter
SKILLS = "Coaching skills self-assessment: Average of the 14 skills (1 to 5)"


def _answers(definition, value: int, **overrides) -> dict[str, object]:
    """Every rating item at `value` (kept on its scale), text items and notes with FREETEXT."""
    answers: dict[str, object] = {}
    for item in definition.items:
        if item.type in ("likert", "paired"):
            low, high = min(item.scale.values), max(item.scale.values)
            point = min(max(value, low), high)
            answers[item.key] = point if item.type == "likert" else {"pro": point, "anti": point}
        elif item.type == "yes_no":
            answers[item.key] = not item.red_flag
        elif item.type == "choice":
            answers[item.key] = item.options[0].value
        elif item.type == "number":
            answers[item.key] = int(item.min or 0)
        elif item.type == "date":
            answers[item.key] = timezone.localdate().isoformat()
        else:
            answers[item.key] = f"FREETEXT-{item.key}"
        for note in item.notes:
            answers[f"{item.key}.{note.key}"] = "FREETEXT-note"
    return answers | overrides


def _give(
    slug: str, respondent, value: int, *, days_ago: int = 0, overrides=None, **assign
) -> Administration:
    """Give instrument `slug` and submit it with every rating at `value`."""
    version = instrument_version_find(slug=slug)
    administration = administration_assign(
        assigned_by=assign.pop("assigned_by", respondent),
        version=version,
        respondent=respondent,
        **assign,
    )
    answers = _answers(version_definition(version), value, **(overrides or {}))
    access = response_get(viewer=respondent, administration_id=administration.pk)
    saved = response_save_draft(access=access, answers=answers, revision=0)
    assert saved.problems == {}
    access = response_get(viewer=respondent, administration_id=administration.pk)
    assert response_submit(access=access, revision=saved.response.revision, via="test").saved
    if days_ago:
        Response.objects.filter(administration=administration).update(
            submitted_at=timezone.now() - timedelta(days=days_ago)
        )
    return administration


def _pair(
    slug: str, person, before: int, after: int, *, after_days_ago: int = 0, overrides=None
) -> None:
    pre = _give(slug, person, before, phase=PRE)
    _give(slug, person, after, phase=POST, pre=pre, days_ago=after_days_ago, overrides=overrides)


def _build():
    call_command("load_instruments", verbosity=0, stdout=io.StringIO())
    world = build_world()
    tree, people = world.tree, world.people
    today = timezone.localdate()
    world.learners, world.coaches = [], []
    skills = [i.key for i in version_definition(instrument_version_find(slug="coach-skills")).items]
    for i in range(12):
        learner = person_with_account(org_unit=tree["intake"], last_name=f"Outcomename{i}")
        coach = person_with_account(
            roles=(Role.COACH,), org_unit=tree["ongoing"], last_name=f"Outcomecoach{i}"
        )
        CoachProfileFactory(person=coach)
        world.learners.append(learner)
        world.coaches.append(coach)
        _pair("coach-skills", learner, 2, 3, overrides=dict.fromkeys(skills[:i], 4))
        if i < 5:
            _pair("coaching-readiness", learner, 1, 1)
        engagement = Engagement.objects.create(
            learner=learner,
            coach=coach,
            status=Engagement.Status.ACTIVE,
            started_on=today - timedelta(days=60),
        )
        for _ in range(i % 3):
            _give("formal-observation-fe-sf", coach, 3, engagement=engagement)
        _give("closing-survey", learner, 5 if i < 6 else 3, engagement=engagement)
        _give("session-feedback", learner, 4, overrides={"confidence-next-step": 8})
        session = CoachingSession.objects.create(
            engagement=engagement,
            starts_at=timezone.now() - timedelta(days=20),
            status=CoachingSession.Status.HELD,
        )
        LearnerSessionFeedback.objects.create(
            session=session, learner=learner, usefulness=5 if i < 6 else 2, helped="FREETEXT-help"
        )
        if i < 11:
            _give(
                "coaching-practices-rating",
                people["coach_supervisor"],
                4 if i < 6 else 3,
                assigned_by=people["coach_supervisor"],
                subject=coach,
            )
    # Coach 0's older, lower rating; coach 11 rates themselves (not an observation).
    _give(
        "coaching-practices-rating",
        people["coach_supervisor"],
        2,
        subject=world.coaches[0],
        days_ago=RATED_AGO,
    )
    _give("coaching-practices-rating", world.coaches[11], 5, subject=world.coaches[11])
    # Left out of North's figures: an 'after' long ago, an 'after' still a draft.
    _pair("coach-skills", world.learners[0], 1, 5, after_days_ago=700)
    late = world.learners[1]
    pre = _give("coach-skills", late, 1, phase=PRE)
    administration_assign(
        assigned_by=late,
        version=instrument_version_find(slug="coach-skills"),
        respondent=late,
        phase=POST,
        pre=pre,
    )
    # South County: one more pair (2 to 5) and a closing survey in coaching's first year.
    _pair("coach-skills", people["other_learner"], 2, 5)
    _give("closing-survey", people["other_learner"], 5, engagement=world.e2)
    # Coaching began in North County long ago.
    Engagement.objects.create(
        learner=people["learner"],
        coach=people["coach"],
        status=Engagement.Status.CLOSED,
        started_on=today - timedelta(days=1000),
        ended_on=today - timedelta(days=900),
    )
    return world


@pytest.fixture(scope="module")
def outcomes_world_once(module_db):
    return module_db(_build)


@pytest.fixture
def oworld(outcomes_world_once, db):
    return fresh(outcomes_world_once)


def _page(client, world, actor: str, section: str, **params) -> str:
    response = _open(client, world, actor, "evaluation:section", section, **params)
    assert response.status_code == 200
    return response.content.decode()


def _quarter_label(day) -> str:
    first = 3 * ((day.month - 1) // 3) + 1
    return f"{calendar.month_abbr[first]}–{calendar.month_abbr[first + 2]} {day.year}"


# --- Who sees them, and what never appears ------------------------------------------------


@pytest.mark.parametrize("section", ["before-after", "fidelity", "reaction"])
@pytest.mark.parametrize("actor", ["program_lead", "coach_supervisor", "leadership", "evaluator"])
def test_outcome_pages_show_no_names_answers_or_content(client, oworld, actor, section):
    html = _page(client, oworld, actor, section)
    assert "Outcomename" not in html and "Outcomecoach" not in html
    assert "FREETEXT" not in html
    assert not oworld.markers_in(html)


@pytest.mark.parametrize("section", ["before-after", "fidelity", "reaction"])
@pytest.mark.parametrize("actor", ["supervisor", "coach", "learner"])
def test_outcome_pages_are_refused_to_people_without_a_program_level_role(
    client, oworld, actor, section
):
    assert _open(client, oworld, actor, "evaluation:section", section).status_code == 403
    csv_args = {"before-after": "before-after", "fidelity": "fidelity-coaches"}
    table = csv_args.get(section, "closing-survey")
    response = _open(client, oworld, actor, "evaluation:table_csv", section, table)
    assert response.status_code == 403


# --- Before and after ---------------------------------------------------------------------


def test_before_after_change_of_the_skills_self_assessment(client, oworld):
    html = _page(client, oworld, "program_lead", "before-after")
    table = _table(html, "before-after")
    # Differences 1 + i/14, i = 0..11: mean 1 + 5.5/14 = 1.393; SD √13 / 14 = 0.2575;
    # d_z = 1.393 / 0.2575 = 5.41; 95% CI 1.393 ± t(0.975, 11) · 0.2575 / √12
    # = 1.393 ± 2.201 · 0.07435 = 1.23 to 1.56.
    assert table[SKILLS][:7] == [
        "12",
        "2.00",
        "3.39",
        "1.39",
        "1.23 to 1.56",
        "5.41",
        "Wilcoxon signed-rank test",  # answers on a rating scale
    ]
    # Every difference positive and distinct: exact two-sided p = 2 / 2¹² = 0.0005.
    assert table[SKILLS][7] == "&lt; 0.001"
    # Built from the 12 pairs shown, not the readiness check's 5 (the difference would tell).
    assert "Built from 12 before-and-after pairs" in html


def test_before_after_with_fewer_pairs_than_the_threshold_shows_no_statistic(client, oworld):
    table = _table(_page(client, oworld, "program_lead", "before-after"), "before-after")
    readiness = [cells for name, cells in table.items() if name.startswith("Coaching readiness")]
    assert readiness  # yes/no answers: a t-test, but five pairs are too few to show anything
    for cells in readiness:
        assert cells == ["fewer than 11", *[TOO_FEW] * 5, "paired t-test", TOO_FEW]


def test_before_after_counts_each_scope_and_period(client, oworld):
    html = _page(client, oworld, "evaluator", "before-after")
    # South's pair too: after (12 · 3.393 + 5) / 13 = 3.52, change (12 · 1.393 + 3) / 13 = 1.52.
    assert _table(html, "before-after")[SKILLS][:4] == ["13", "2.00", "3.52", "1.52"]
    long_ago = (timezone.localdate() - timedelta(days=720)).isoformat()
    html = _page(client, oworld, "program_lead", "before-after", start=long_ago)
    # Learner 0's pair of 700 days ago (1 to 7) is in this period too, but each person counts
    # once, with their latest pair: the figures do not change.
    assert _table(html, "before-after")[SKILLS][:4] == ["12", "2.00", "3.39", "1.39"]
    html = _page(client, oworld, "program_lead", "before-after", unit=oworld.tree["ongoing"].pk)
    assert "No instrument was given before and after in the period." in html


# --- Fidelity -----------------------------------------------------------------------------


FOUR_OR_MORE = "Rated, latest score 4 or more: most or all of the time"
THREE_TO_FOUR = "Rated, latest score 3 to under 4: about half to most of the time"


def test_fidelity_hides_small_counts_and_their_complements(client, oworld):
    html = _page(client, oworld, "coach_supervisor", "fidelity")
    coaches = _table(html, "fidelity-coaches")
    # 12 coaches: 6 rated 4 or more (latest), 5 from 3 to 4, 1 not rated: all below 11.
    assert coaches == {
        "Rated at least once in the period": ["not shown", "not shown"],
        FOUR_OR_MORE: ["not shown", "not shown"],
        THREE_TO_FOUR: ["not shown", "not shown"],
        "Rated, latest score 2 to under 3: some of the time": ["0", "0%"],
        "Rated, latest score under 2: practices used rarely": ["0", "0%"],
        "Rated, no score (no practice could be observed)": ["0", "0%"],
        "Not rated in the period": ["not shown", "not shown"],
    }
    assert "Built from 12 coaches in scope" in html
    assert "Built from 11 coaches" not in html  # the number rated is nowhere
    quarters = _table(html, "fidelity-quarters")
    assert all(len(cells) == 2 for cells in quarters.values())  # ratings and mean only


def test_fidelity_with_a_lower_threshold_shows_the_counts(client, oworld, settings):
    settings.PRIVACY_MIN_COUNT = 5
    coaches = _table(_page(client, oworld, "program_lead", "fidelity"), "fidelity-coaches")
    # The 1 not rated is hidden, and the 5 with it (the smallest shown), and so the 11 rated.
    assert coaches[FOUR_OR_MORE] == ["6", "50%"]  # coach 0 counts by the latest rating
    assert coaches[THREE_TO_FOUR] == ["not shown", "not shown"]
    assert coaches["Not rated in the period"] == ["not shown", "not shown"]
    assert coaches["Rated at least once in the period"] == ["not shown", "not shown"]
    settings.PRIVACY_MIN_COUNT = 1
    coaches = _table(_page(client, oworld, "program_lead", "fidelity"), "fidelity-coaches")
    assert coaches["Rated at least once in the period"] == ["11", "92%"]
    assert coaches[THREE_TO_FOUR] == ["5", "42%"]
    assert coaches["Not rated in the period"] == ["1", "8%"]


def test_fidelity_over_time_and_observations(client, oworld):
    html = _page(client, oworld, "program_lead", "fidelity")
    quarters = _table(html, "fidelity-quarters")
    # This quarter: 11 coaches, (6 · 4 + 5 · 3) / 11 = 3.55.
    assert quarters[_quarter_label(timezone.localdate())] == ["11", "3.55"]
    earlier = timezone.localdate(timezone.now() - timedelta(days=RATED_AGO))
    assert quarters[_quarter_label(earlier)] == [TOO_FEW, TOO_FEW]  # coach 0 alone
    assert "Built from 11 ratings in the quarters shown" in html
    observations = _table(html, "observations")
    # Forms per coach: four each of 0, 1 and 2; eight coaches filled some in (hidden, and so
    # is the total of forms, which would tell how few they were).
    assert observations["Coaches in scope"] == ["12"]
    assert observations["Median forms per coach"] == ["1.0"]
    assert observations["90th percentile of forms per coach"] == ["2.0"]
    assert observations["Coaches who filled in at least one"] == ["not shown"]
    assert observations["Observation forms filled in"] == [TOO_FEW]


# --- Reaction -----------------------------------------------------------------------------


def test_reaction_surveys_and_session_feedback(client, oworld):
    html = _page(client, oworld, "program_lead", "reaction")
    closing = _table(html, "closing-survey")
    name = "Average satisfaction (1 = strongly disagree, 5 = strongly agree)"
    assert closing[name] == ["12", "12", "4.00", "50%"]
    feedback = _table(html, "session-feedback")
    assert feedback[
        "Average rating of the session (1 = strongly disagree, 5 = strongly agree)"
    ] == ["12", "12", "4.00", "100%"]
    confidence = (
        "Confidence to try the next step (0 = not confident at all, 10 = completely confident)"
    )
    assert feedback[confidence] == ["12", "12", "8.00", "–"]
    usefulness = _table(html, "session-usefulness")
    assert usefulness["How useful the session was (1 to 5)"] == ["12", "12", "3.50", "50%"]


def test_satisfaction_by_the_program_age_in_the_county(client, oworld):
    html = _page(client, oworld, "program_lead", "reaction")
    by_age = _table(html, "satisfaction-by-program-age")
    assert by_age["Third year and later"] == ["1", "12", "4.00", "50%"]
    assert by_age["First year"] == ["0", "0", "–", "–"]
    assert by_age["Second year"] == ["0", "0", "–", "–"]
    # The evaluator also sees South County's one survey, in coaching's first year there: it
    # is hidden, and North's 12 with it (the total is shown), means included.
    by_age = _table(_page(client, oworld, "evaluator", "reaction"), "satisfaction-by-program-age")
    assert by_age["First year"] == ["1", "not shown", TOO_FEW, TOO_FEW]
    assert by_age["Third year and later"] == ["1", "not shown", "not shown", "not shown"]


def test_satisfaction_moves_to_the_second_year_with_the_survey_date(client, oworld, settings):
    settings.PRIVACY_MIN_COUNT = 1
    Response.objects.filter(
        version__instrument__slug="closing-survey", respondent__in=oworld.learners[6:]
    ).update(submitted_at=timezone.now() - timedelta(days=500))  # 500 days after it began
    start = (timezone.localdate() - timedelta(days=600)).isoformat()
    html = _page(client, oworld, "evaluator", "reaction", start=start)
    by_age = _table(html, "satisfaction-by-program-age")
    assert by_age["First year"] == ["1", "1", "5.00", "100%"]
    assert by_age["Second year"] == ["1", "6", "3.00", "0%"]
    assert by_age["Third year and later"] == ["1", "6", "5.00", "100%"]


def test_narrowing_to_a_small_unit_hides_the_reaction_figures(client, oworld):
    html = _page(client, oworld, "evaluator", "reaction", unit=oworld.tree["permanency"].pk)
    name = "Average satisfaction (1 = strongly disagree, 5 = strongly agree)"
    assert _table(html, "closing-survey")[name] == [TOO_FEW] * 4  # South's one survey
    assert "Built from fewer than 11 closing surveys" in html
    assert "Built from 1 " not in html


def test_the_csv_is_exactly_the_table(client, oworld):
    page = _page(client, oworld, "program_lead", "reaction")
    response = _open(
        client, oworld, "program_lead", "evaluation:table_csv", "reaction", "closing-survey"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Closing survey: how satisfied learners were"]
    assert {row[0]: row[1:] for row in rows[6:]} == _table(page, "closing-survey")
    assert "FREETEXT" not in response.content.decode()


def test_other_filters_narrow_to_matching_engagements(client, oworld):
    html = _page(client, oworld, "program_lead", "reaction", kind=Engagement.Kind.GROUP)
    assert _table(html, "session-usefulness")["How useful the session was (1 to 5)"][1] == "0"
    html = _page(client, oworld, "program_lead", "before-after", kind=Engagement.Kind.GROUP)
    assert "No instrument was given before and after in the period." in html


def test_query_count_does_not_grow_with_the_rows(client, oworld, page_queries):
    client.force_login(oworld.people["evaluator"].user)
    for section in ("before-after", "fidelity", "reaction"):
        url = reverse("evaluation:section", args=[section])
        one = page_queries(url, {"unit": oworld.tree["permanency"].pk})  # South: one of each
        many = page_queries(url, {"unit": oworld.tree["north"].pk})  # the 12 learners and coaches
        everything = page_queries(url, {"unit": oworld.tree["state"].pk})  # both counties
        assert one == many == everything, section
