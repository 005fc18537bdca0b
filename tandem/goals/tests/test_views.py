"""Goal pages: who may open them, what they show (and never show), and their query counts."""

from datetime import date

import pytest
from django.urls import reverse

from tandem.coaching.models import Engagement
from tandem.goals.models import CHECKLIST, Goal
from tandem.goals.tests.helpers import make_goal, rate, share
from tandem.people.tests.html import parse
from tandem.privacy.categories import Category, Party
from tandem.privacy.models import AccessEvent


@pytest.fixture
def e3(world):
    """The same learner and coach, in an engagement that shares what each test says."""
    return Engagement.objects.create(
        learner=world.people["learner"], coach=world.people["coach"], status="active"
    )


def rated_goal(engagement, label):
    goal = make_goal(engagement, label)
    rate(goal, date(2026, 10, 1), -1, f"RATING-{label}", baseline=True)
    rate(goal, date(2026, 11, 1), 1, f"RATING-{label}-later")
    return goal


def progress(client, engagement):
    return client.get(reverse("goals:progress", args=[engagement.pk]))


def test_learner_sees_goals_scale_ratings_and_t_score(as_actor, world):
    rated_goal(world.e1, "E1")
    page = progress(as_actor("learner"), world.e1)
    html = page.content.decode()
    assert page.status_code == 200
    assert ("GOAL-E1" in html, "SCALE-E1" in html, "RATING-E1-later" in html) == (True, True, True)
    # One goal rated +1 after baseline: T = 50 + 10 · 1 / √(0.7 + 0.3) = 60.
    assert page.context["found"].t_score == 60.0
    assert '<p class="tandem-stat" data-testid="t-score">60</p>' in html


def test_each_goal_shows_its_own_t_score_to_learner_and_coach(as_actor, world):
    rated_goal(world.e1, "E1")  # +1 after a -1 baseline: T = 60
    second = make_goal(world.e1, "E1-second")
    rate(second, date(2026, 10, 1), 0, baseline=True)
    rate(second, date(2026, 11, 2), -2)  # T = 50 + 10 · (-2) = 30
    unrated = make_goal(world.e1, "E1-unrated")
    for actor in ("learner", "coach"):
        html = progress(as_actor(actor), world.e1).content.decode()
        shown = parse(html).texts("p", **{"data-testid": "goal-t-score"})
        assert shown == [
            "This goal's T-score: 60 (latest rating +1, Nov 1, 2026).",
            "This goal's T-score: 30 (latest rating -2, Nov 2, 2026).",
        ], actor
        assert f'id="goal-{unrated.pk}"' in html  # listed, with no T-score of its own
    # Over both goals: T = 50 + 10 · (1 − 2) / √(0.7 · 2 + 0.3 · 4) = 43.8 (shown rounded).
    assert '<p class="tandem-stat" data-testid="t-score">44</p>' in html


def test_a_supervisor_shown_goals_but_not_ratings_sees_no_goal_t_score(as_actor, world, e3):
    share(e3, {Party.SUPERVISOR: [Category.GOALS]})
    rated_goal(e3, "E3")
    html = progress(as_actor("supervisor"), e3).content.decode()
    assert "GOAL-E3" in html and "T-score" not in html


def test_progress_shows_a_chart_and_a_table_of_the_same_ratings(as_actor, world):
    goal = make_goal(world.e1, "E1")
    rate(goal, date(2026, 10, 1), "-1.5", "<script>alert(1)</script>", baseline=True)
    rate(goal, date(2026, 11, 1), 1)
    html = progress(as_actor("learner"), world.e1).content.decode()
    article = parse(html).find("article", id=f"goal-{goal.pk}")
    svg = article.find("svg", role="img")
    assert svg.find("title", id=f"goal-{goal.pk}-chart-title").text == "Ratings of goal 1 over time"
    circles = svg.find_all("circle")
    assert [c.find("title").text for c in circles] == [
        "Oct 1, 2026 (baseline): -1.5 Between much less than expected and somewhat less than expected",
        "Nov 1, 2026: +1 Somewhat more than expected",
    ]
    assert [c.attrs["fill"] for c in circles] == ["#ffffff", "#005ea2"]  # the baseline is open
    table = article.find("table", class_="usa-table--compact")
    assert table.find("caption").text == "Ratings of goal 1"
    assert [row.texts("th") + row.texts("td") for row in table.find("tbody").find_all("tr")] == [
        [
            "Oct 1, 2026 (baseline)",
            "-1.5 Between much less than expected and somewhat less than expected",
            "<script>alert(1)</script>",
        ],
        ["Nov 1, 2026", "+1 Somewhat more than expected", "—"],
    ]
    assert "<script>alert" not in html


def test_supervisor_without_goals_shared_is_refused_and_sees_nothing(as_actor, world):
    rated_goal(world.e1, "E1")  # E1 shares attendance and progress summaries, not goals
    page = progress(as_actor("supervisor"), world.e1)
    assert page.status_code == 403
    assert "GOAL-E1" not in page.content.decode()
    team = as_actor("supervisor").get(reverse("goals:supervisor_view")).content.decode()
    assert ("GOAL-E1" in team, "RATING-E1" in team) == (False, False)


def test_supervisor_with_goals_and_ratings_shared_sees_them_and_is_audited(as_actor, world, e3):
    share(e3, {Party.SUPERVISOR: [Category.GOALS, Category.GOAL_RATINGS]})
    goal = rated_goal(e3, "E3")
    html = progress(as_actor("supervisor"), e3).content.decode()
    assert ("GOAL-E3" in html, "RATING-E3-later" in html) == (True, True)
    assert "Record a rating" not in html and "Add a goal" not in html
    seen = set(
        AccessEvent.objects.filter(viewer=world.people["supervisor"]).values_list(
            "record_type", "action"
        )
    )
    assert seen >= {("goal", "view"), ("goal_rating", "view")}
    team = as_actor("supervisor").get(reverse("goals:supervisor_view"))
    assert [row.access.engagement.pk for row in team.context["rows"]] == [e3.pk]
    assert goal.behavior in team.content.decode()


def test_supervisor_with_ratings_only_sees_ratings_without_the_goals_words(as_actor, world, e3):
    share(e3, {Party.SUPERVISOR: [Category.GOAL_RATINGS]})
    rated_goal(e3, "E3")
    html = progress(as_actor("supervisor"), e3).content.decode()
    assert ("GOAL-E3" in html, "SCALE-E3" in html, "RATING-E3-later" in html) == (
        False,
        False,
        True,
    )
    assert "Goal 1" in html


def test_supervisor_with_goals_only_sees_no_ratings(as_actor, world, e3):
    share(e3, {Party.SUPERVISOR: [Category.GOALS]})
    rated_goal(e3, "E3")
    html = progress(as_actor("supervisor"), e3).content.decode()
    assert ("GOAL-E3" in html, "RATING-E3" in html, "Overall goal attainment" in html) == (
        True,
        False,
        False,
    )


@pytest.mark.parametrize("actor", ["other_learner", "other_coach", "leadership", "evaluator"])
def test_progress_page_is_not_found_for_strangers(as_actor, world, actor):
    rated_goal(world.e1, "E1")
    assert progress(as_actor(actor), world.e1).status_code == 404


def test_smart_check_returns_advice_as_a_partial(as_actor, world):
    url = reverse("goals:smart_check", args=[world.e1.pk])
    page = as_actor("learner").post(
        url, {"behavior": "Learn and understand MI", "due_on": "2012-07-31"}
    )
    rules = [a.rule for a in page.context["advice"]]
    assert rules == [
        "number",
        "date_passed",
        "two_behaviors",
        "vague_verb",
        "measure",
        "worthwhile",
    ]
    assert "<html" not in page.content.decode()
    assert as_actor("supervisor").post(url, {"behavior": "x"}).status_code == 403


def test_goal_builder_saves_with_advice_and_keeps_input_on_errors(as_actor, world):
    client = as_actor("learner")
    url = reverse("goals:goal_new", args=[world.e1.pk])
    bad = client.post(
        url, {"behavior": "Learn MI", "weight": "0", "reporting_frequency": "monthly"}
    )
    html = bad.content.decode()
    assert bad.status_code == 400
    assert "A weight must be more than 0." in html and 'value="Learn MI"' in html
    ok = client.post(url, {"behavior": "Learn MI", "reporting_frequency": "monthly"})
    goal = Goal.objects.get()
    assert ok["Location"] == reverse("goals:scale_edit", args=[world.e1.pk, goal.pk])


def test_rating_out_of_range_gets_a_clear_message(as_actor, world):
    goal = make_goal(world.e1, "E1")
    url = reverse("goals:rating_add", args=[world.e1.pk, goal.pk])
    page = as_actor("coach").post(url, {"rated_on": "2026-11-01", "level": "3", "note": "kept"})
    html = page.content.decode()
    assert page.status_code == 400
    assert "Choose a level from −2 to +2.<" in html
    assert "kept</textarea>" in html


def test_scale_editor_flags_anchors_by_level(as_actor, world):
    goal = make_goal(world.e1, "E1")
    url = reverse("goals:scale_edit", args=[world.e1.pk, goal.pk])
    data = {
        "anchor_plus2": "All",
        "anchor_plus1": "All",
        "anchor_0": "Most",
        "anchor_minus2": "A few",
    }
    page = as_actor("learner").post(url, data | {"finalize": "1"})
    form = page.context["form"]
    assert page.status_code == 400
    assert form.errors["anchor_plus1"] == [
        "This is the same as the description for level +2. Each level needs its own "
        "description, so a rating can only fit one level."
    ]
    assert form.errors["anchor_minus1"] == [
        "Describe what “somewhat less than expected” (-1) looks like."
    ]
    assert form.errors["check_one_behavior"] == [
        "Answer this question before you finish the scale."
    ]


@pytest.mark.parametrize("doubts", [(), ("no_gaps", "measurable")])
def test_finishing_a_scale_with_a_no_on_the_checklist_gets_a_warning(as_actor, world, doubts):
    goal = make_goal(world.e1, "E1")
    url = reverse("goals:scale_edit", args=[world.e1.pk, goal.pk])
    anchors = {
        "anchor_plus2": "Every staffing",
        "anchor_plus1": "Nine in ten",
        "anchor_0": "Three in four",
        "anchor_minus1": "Half",
        "anchor_minus2": "A quarter",
    }
    answers = {f"check_{key}": "no" if key in doubts else "yes" for key, _ in CHECKLIST}
    data = anchors | answers | {"finalize": "1", "base_version": goal.version}
    page = as_actor("learner").post(url, data, follow=True)
    html = page.content.decode()
    goal.refresh_from_db()
    assert goal.scale_finalized_on is not None  # finished either way: the learner decided
    if doubts:
        assert "usa-alert--warning" in html
        assert "The scale is finished, but you answered No to:" in html
        questions = dict(CHECKLIST)
        assert all(questions[key] in html for key in doubts)
        assert questions["one_behavior"] not in html.split("answered No to:")[1].split("</p>")[0]
    else:
        assert "The scale is finished." in html and "answered No" not in html


def test_progress_page_query_count_does_not_grow_with_goals(as_actor, world, page_queries):
    client = as_actor("learner")
    url = reverse("goals:progress", args=[world.e1.pk])
    rated_goal(world.e1, "A")
    one = page_queries(url, client=client)
    rated_goal(world.e1, "B")
    rated_goal(world.e1, "C")
    assert page_queries(url, client=client) == one


@pytest.mark.parametrize(
    "actor,url_name", [("coach", "goals:coach_overview"), ("supervisor", "goals:supervisor_view")]
)
def test_overview_query_count_does_not_grow_with_learners(
    as_actor, world, page_queries, actor, url_name
):
    def engagement():
        e = Engagement.objects.create(learner=world.people["learner"], coach=world.people["coach"])
        share(e, {Party.SUPERVISOR: [Category.GOALS, Category.GOAL_RATINGS]})
        rated_goal(e, f"E{e.pk}")
        return e

    engagement()
    client = as_actor(actor)
    one = page_queries(reverse(url_name), client=client)
    engagement()
    engagement()
    page = client.get(reverse(url_name))
    assert len(page.context["rows"]) >= 3
    assert page_queries(reverse(url_name), client=client) == one


def test_coach_overview_lists_only_own_learners(as_actor, world):
    rated_goal(world.e1, "E1")
    rated_goal(world.e2, "E2")
    html = as_actor("coach").get(reverse("goals:coach_overview")).content.decode()
    assert ("GOAL-E1" in html, "GOAL-E2" in html) == (True, False)


def test_opening_a_goal_to_edit_audits_that_goal_only(as_actor, world):
    make_goal(world.e1, "E1")  # another goal of the same engagement: not read
    second = make_goal(world.e1, "E1-second")
    other = make_goal(world.e2, "E2")
    client = as_actor("coach")
    url = reverse("goals:goal_edit", args=[world.e1.pk, second.pk])
    assert client.get(url).status_code == 200
    # A goal id of another engagement answers 404 and reads nothing.
    wrong = reverse("goals:goal_edit", args=[world.e1.pk, other.pk])
    assert client.get(wrong).status_code == 404
    reads = AccessEvent.objects.filter(record_type="goal").values_list("record_id", "via")
    assert list(reads) == [(second.pk, f"GET {url}")]


def test_the_goal_builder_shows_the_goal_as_one_sentence_as_it_is_typed(as_actor, world):
    url = reverse("goals:smart_check", args=[world.e1.pk])
    typed = {
        "behavior": "use solution-focused questions.",
        "context": "With help from my supervisor, in staffings",
        "target": "In 75% of staffings.",
    }
    html = as_actor("learner").post(url, typed).content.decode()
    assert (
        "<strong>Your goal reads:</strong> Use solution-focused questions with help from my "
        "supervisor, in staffings in 75% of staffings."
    ) in html
    assert "This goal waits on someone else (“With help from my supervisor”)" in html
