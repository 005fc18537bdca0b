import pytest
from django.urls import reverse

from tandem.people.models import CoachProfile, Role
from tandem.people.tests.factories import (
    CoachProfileFactory,
    PersonFactory,
    UserFactory,
    person_with_account,
)
from tandem.web.coach_development import PARTS

pytestmark = pytest.mark.django_db

HOME_OF = {
    Role.LEARNER: ("web:my_coaching", "My coaching"),
    Role.COACH: ("web:my_learners", "My learners"),
    Role.SUPERVISOR: ("web:my_team", "My team"),
    Role.PROGRAM_LEAD: ("web:program", "Program"),
    Role.LEADERSHIP: ("evaluation:overview", "Program evaluation"),
    Role.COACH_SUPERVISOR: ("web:coach_development", "Coach development"),
    Role.EVALUATOR: ("evaluation:overview", "Program evaluation"),
    Role.OBSERVER: ("web:my_ratings", "My ratings"),
    Role.ADMINISTRATOR: ("web:administration", "Administration"),
}


def _nav_labels(response):
    """The navigation's top line as shown: "Directory" is a menu of People, Organization and
    Coaches."""
    context = response.context
    labels = [item["label"] for item in context["nav_items"]]
    if context["nav_directory"]:
        assert [i["label"] for i in context["nav_directory"]] == [
            "People",
            "Organization",
            "Coaches",
        ]
        labels.append("Directory")
    return labels + [item["label"] for item in context["nav_after"]]


@pytest.mark.parametrize("role", list(HOME_OF))
def test_each_role_lands_on_its_home(client, tree, role):
    person = person_with_account(roles=(role,), org_unit=tree["intake"])
    client.force_login(person.user)
    url_name, heading = HOME_OF[role]
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse(url_name)
    assert f"<h1>{heading}" in response.content.decode()


def test_a_coach_supervisor_who_is_also_a_learner_lands_on_coach_development(client, tree):
    person = person_with_account(
        roles=(Role.LEARNER, Role.COACH_SUPERVISOR), org_unit=tree["intake"]
    )
    client.force_login(person.user)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("web:coach_development")
    assert _nav_labels(response)[:3] == ["Program", "Evaluation", "My coaching"]


def test_navigation_shows_only_the_homes_of_roles_held(client, tree):
    person = person_with_account(roles=(Role.LEARNER, Role.COACH), org_unit=tree["intake"])
    client.force_login(person.user)
    response = client.get(reverse("web:my_coaching"))
    assert _nav_labels(response) == [
        "My learners",
        "My coaching",
        "Coach development",
        "Engagements",
        "Agreements",
        "Instruments",
        "Directory",
    ]


def test_an_administrators_navigation_leaves_out_the_coaching_pages(client, tree):
    person = person_with_account(roles=(Role.ADMINISTRATOR,), org_unit=tree["intake"])
    client.force_login(person.user)
    response = client.get(reverse("web:administration"))
    assert _nav_labels(response) == ["Administration", "Directory"]


def test_the_observer_sees_ratings_to_do_and_my_coaching_makes_sense(client, tree):
    person = person_with_account(roles=(Role.OBSERVER, Role.LEARNER), org_unit=tree["intake"])
    client.force_login(person.user)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("web:my_ratings")
    assert _nav_labels(response)[:2] == ["My ratings", "My coaching"]
    page = response.content.decode()
    assert "No rating is waiting for you." in page
    coaching = client.get(reverse("web:my_coaching")).content.decode()
    assert "Request coaching</a>" in coaching
    assert "You can ask for coaching whenever you wish" in coaching
    assert "open when your program lead launches enrollment" not in coaching
    assert 'href="/coaching/peers/"' in coaching  # peer coaching is one click from home


def test_navigation_for_administrator_with_admin_rights(client, tree):
    person = person_with_account(roles=(Role.ADMINISTRATOR, Role.LEARNER), org_unit=tree["intake"])
    person.user.is_staff = True
    person.user.save()
    client.force_login(person.user)
    response = client.get(reverse("web:administration"))
    assert _nav_labels(response) == [
        "Administration",
        "My coaching",
        "Engagements",
        "Agreements",
        "Instruments",
        "Directory",
        "Data admin",
    ]


@pytest.mark.parametrize(
    "url_name,role",
    [
        ("web:my_learners", Role.LEARNER),
        ("web:my_team", Role.COACH),
        ("web:program", Role.SUPERVISOR),
        ("web:administration", Role.PROGRAM_LEAD),
        ("web:coach_development", Role.LEARNER),
        ("web:coach_development", Role.SUPERVISOR),
    ],
)
def test_home_of_another_role_is_forbidden(client, tree, url_name, role):
    person = person_with_account(roles=(role,), org_unit=tree["intake"])
    client.force_login(person.user)
    assert client.get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize(
    "roles,headings",
    [
        ((Role.COACH,), ["Your own development as a coach"]),
        ((Role.COACH_SUPERVISOR,), ["The coaches you supervise"]),
        (
            (Role.PROGRAM_LEAD, Role.COACH_SUPERVISOR),
            ["The coaches you supervise", "Running coach development for the program"],
        ),
    ],
)
def test_coach_development_shows_the_part_of_each_role_held(client, tree, roles, headings):
    person = person_with_account(roles=roles, org_unit=tree["intake"])
    client.force_login(person.user)
    page = client.get(reverse("web:coach_development")).content.decode()
    shown = [h for h in (part.heading for part in PARTS) if f">{h}</h2>" in page]
    assert shown == headings


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(reverse("web:my_coaching"))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/my-coaching/"


def test_account_without_staff_record_is_turned_away(client, tree):
    client.force_login(UserFactory())
    assert client.get(reverse("web:my_coaching")).status_code == 403
    assert client.get("/").status_code == 403


def test_separated_staff_member_cannot_use_their_account(client, tree):
    person = person_with_account(roles=(Role.LEARNER,), org_unit=tree["intake"])
    person.is_active = False
    person.save()
    client.force_login(person.user)
    assert client.get(reverse("web:my_coaching")).status_code == 403


def test_my_team_lists_direct_reports_and_counts_everyone_below(client, tree):
    boss = person_with_account(roles=(Role.SUPERVISOR,), org_unit=tree["intake"])
    lead = PersonFactory(
        first_name="Ana", last_name="Lopez", supervisor=boss, org_unit=tree["intake"]
    )
    PersonFactory(first_name="Ben", last_name="Ng", supervisor=lead, org_unit=tree["intake"])
    PersonFactory(first_name="Cy", last_name="Ott", supervisor=boss, is_active=False)
    client.force_login(boss.user)
    response = client.get(reverse("web:my_team"))
    assert [p.full_name for p in response.context["direct"]] == ["Ana Lopez"]
    assert response.context["all_reports"] == 3
    assert "Ben Ng" not in response.content.decode()


def test_program_counts_only_the_program_leads_scope(client, tree):
    lead = person_with_account(roles=(Role.PROGRAM_LEAD,), org_unit=tree["intake"])
    CoachProfileFactory(person__org_unit=tree["ongoing"], capacity=4)
    CoachProfileFactory(
        person__org_unit=tree["intake"], capacity=3, coach_type=CoachProfile.CoachType.PEER
    )
    CoachProfileFactory(person__org_unit=tree["permanency"], capacity=9)  # other county
    client.force_login(lead.user)
    response = client.get(reverse("web:program"))
    assert response.context["coach_count"] == 2
    assert response.context["capacity"] == 7
    assert response.context["staff_count"] == 3
    assert dict(response.context["by_type"])["Peer coach"] == 1


def test_my_learners_shows_the_coach_profile(client, tree):
    profile = CoachProfileFactory(person__org_unit=tree["intake"], capacity=5)
    person = profile.person
    person.user = UserFactory(email=person.work_email)
    person.save()
    person.role_assignments.create(role=Role.COACH, scope=tree["north"])
    client.force_login(person.user)
    page = client.get(reverse("web:my_learners")).content.decode()
    assert "You take up to 5 learners at a time" in page


def test_baseline_page_renders_the_shell(client, tree):
    person = person_with_account(roles=(Role.LEARNER,), org_unit=tree["intake"])
    client.force_login(person.user)
    page = client.get(reverse("web:baseline")).content.decode()
    assert 'class="usa-skipnav" href="#main-content"' in page
    assert '<main id="main-content"' in page


def test_navigation_marks_only_the_most_specific_section_current(client, tree):
    person = person_with_account(roles=(Role.LEARNER,), org_unit=tree["intake"])
    client.force_login(person.user)
    response = client.get(reverse("people:coach_list"))
    context = response.context
    items = context["nav_items"] + context["nav_directory"] + context["nav_after"]
    assert [item["label"] for item in items if item["current"]] == ["Coaches"]
    assert context["nav_directory_current"] is True
    html = response.content.decode()
    assert 'class="usa-accordion__button usa-nav__link usa-current"' in html
    assert '<a href="/people/coaches/" aria-current="page"><span>Coaches</span></a>' in html
