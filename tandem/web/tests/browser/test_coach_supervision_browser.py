"""Coach supervision as a coach supervisor lives it (issue #17): book group supervision with
two of their coaches, hear a situation one of them brings (told without naming anyone), record
the session, then observe a coaching session of one coach with the Coaching Practices Rating
Scale, tied to that session. The coaches read the session; the coach's line manager learns only
that it took place."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tandem.agreements.demo import agreement_in_force_create
from tandem.coaching.models import CoachingSession, Engagement
from tandem.development.models import CoachSupervisorAssignment, SupervisionSession
from tandem.instruments.models import Administration
from tandem.instruments.tests.answering import load
from tandem.people.models import Role
from tandem.people.tests.factories import (
    TEST_PASSWORD,
    CoachProfileFactory,
    make_tree,
    person_with_account,
)
from tandem.web.tests.browser.conftest import screenshot, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

NOTES = "SUPERVISION-NOTE we practised reflecting before giving feedback"
SITUATION = "A learner keeps postponing the observed home visit; how do I reopen it?"


def _sign_in(page, person) -> None:
    sign_in(page, person.work_email, TEST_PASSWORD)


def _tick(scope, label: str) -> None:
    """Tick a USWDS checkbox or radio button by clicking its label, as a person does (the
    input itself is drawn off-screen)."""
    scope.locator("label").filter(has_text=re.compile(rf"^{re.escape(label)}$")).first.click()


def _world():
    tree = make_tree()
    manager = person_with_account(
        roles=(Role.SUPERVISOR,), org_unit=tree["ongoing"], last_name="Linemanager"
    )
    supervisor = person_with_account(
        roles=(Role.COACH_SUPERVISOR,), org_unit=tree["north_office"], last_name="Coachsup"
    )
    coaches = []
    for name in ("Ada", "Ben"):
        coach = person_with_account(
            roles=(Role.COACH,),
            org_unit=tree["ongoing"],
            first_name=name,
            last_name="Coach",
            supervisor=manager,
        )
        CoachProfileFactory(person=coach)
        CoachSupervisorAssignment.objects.create(
            coach=coach, supervisor=supervisor, started_on=timezone.localdate() - timedelta(30)
        )
        coaches.append(coach)
    learner = person_with_account(org_unit=tree["intake"], last_name="Learner")
    engagement = Engagement.objects.create(
        learner=learner,
        coach=coaches[0],
        status=Engagement.Status.ACTIVE,
        focus="Family meetings",
        started_on=timezone.localdate() - timedelta(days=40),
    )
    agreement_in_force_create(engagement=engagement, shares={})
    held = CoachingSession.objects.create(
        engagement=engagement,
        starts_at=timezone.make_aware(
            datetime.combine(timezone.localdate() - timedelta(days=2), time(9, 30))
        ),
        status=CoachingSession.Status.HELD,
    )
    load("coaching-practices-rating")
    return supervisor, coaches, manager, held


def test_coach_supervisor_runs_group_supervision_and_ties_a_rating_to_a_session(page):
    supervisor, (ada, ben), manager, held = _world()
    _sign_in(page, supervisor)
    # A coach supervisor lands on coach development.
    expect(page.locator("h1")).to_have_text("Coach development")
    page.get_by_role("link", name="Supervision sessions").click()
    page.get_by_role("link", name="Book supervision").click()
    _tick(page, "Group supervision")
    _tick(page, "Ada Coach")
    _tick(page, "Ben Coach")
    when = timezone.localtime() - timedelta(hours=2)
    page.get_by_label("Date and time").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Place or link").fill("Training room 2")
    page.get_by_role("button", name="Book the session").click()
    expect(page.locator("main")).to_contain_text("Group supervision")
    session = SupervisionSession.objects.get()
    assert sorted(session.attendees.values_list("coach__first_name", flat=True)) == ["Ada", "Ben"]

    # Ada brings a situation; a name in it draws the warning, and she rephrases.
    sign_out(page)
    _sign_in(page, ada)
    page.goto(f"/development/supervision/{session.pk}/")
    page.get_by_role("link", name="Bring a coaching situation").click()
    page.get_by_label("The coaching situation").fill("Maria Lopez keeps postponing the visit.")
    page.get_by_role("button", name="Add the situation").click()
    expect(page.locator("main")).to_contain_text("“Maria Lopez” looks like a name.")
    situation = page.get_by_label("The coaching situation")
    expect(situation).to_have_value("Maria Lopez keeps postponing the visit.")
    situation.fill(SITUATION)
    page.get_by_role("button", name="Add the situation").click()
    expect(page.locator("main")).to_contain_text(SITUATION)

    # The coach supervisor records the session: held, both came, notes.
    sign_out(page)
    _sign_in(page, supervisor)
    page.goto(f"/development/supervision/{session.pk}/")
    expect(page.locator("main")).to_contain_text(SITUATION)
    page.get_by_role("link", name="Record the session or change it").click()
    _tick(page, "Held")
    _tick(page.locator("fieldset", has_text="Who came"), "Ada Coach")
    _tick(page.locator("fieldset", has_text="Who came"), "Ben Coach")
    page.get_by_label("Notes").fill(NOTES)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text(NOTES)
    screenshot(page, "group-supervision-recorded")

    # Then observes a coaching session of Ada's, rated with the practices scale.
    page.goto(f"/development/fidelity/coaches/{ada.pk}/observe/")
    page.get_by_label("Session observed").select_option(str(held.pk))
    page.get_by_label("Observer").select_option(str(supervisor.pk))
    _tick(page, "The learner agreed to this session being observed")
    page.get_by_role("button", name="Ask for the observation").click()
    expect(page.locator("main")).to_contain_text("Fill in the rating scale")
    administration = Administration.objects.get(subject=ada)
    assert administration.session_id == held.pk
    page.locator("input[type=date]").first.fill(held.starts_at.date().isoformat())
    _tick(page, "Live, in person or by video")
    # The scale comes in parts: each practice "Most of the time", part after part.
    while True:
        for fieldset in page.locator("fieldset.usa-fieldset").all():
            most = fieldset.locator("label", has_text="Most of the time")
            if most.count():
                most.first.click()
        plan = page.get_by_label("What will the coach do differently", exact=False)
        if plan.count():
            plan.fill("Ask for the learner's own reflection before offering feedback.")
        page.wait_for_load_state("networkidle")
        last = page.get_by_role("button", name="Save and review")
        if last.count():
            last.click()
            break
        page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.locator("main")).to_contain_text("your answers are submitted")
    page.goto(f"/development/fidelity/coaches/{ada.pk}/")
    expect(page.locator("main")).to_contain_text("4.00")
    screenshot(page, "fidelity-trend")

    # Ada reads the notes; her line manager learns only that supervision took place.
    sign_out(page)
    _sign_in(page, ben)
    page.goto(f"/development/supervision/{session.pk}/")
    expect(page.locator("main")).to_contain_text(NOTES)
    sign_out(page)
    _sign_in(page, manager)
    response = page.goto(f"/development/supervision/{session.pk}/")
    assert response.status == 404
    page.goto(f"/development/supervision/coaches/{ada.pk}/")
    main = page.locator("main").inner_text()
    assert "Group supervision" in main
    assert NOTES not in main and SITUATION not in main
    # The refused situation (400) and the line manager's refused session (404) are the only
    # failed loads: both are meant.
    assert [e for e in page.console_errors if "status of 400" not in e and "404" not in e] == []
    assert len(page.console_errors) == 2
