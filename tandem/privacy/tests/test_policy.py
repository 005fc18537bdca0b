"""The policy's decisions, one relation at a time, with content present that could leak."""

import pytest
from django.http import Http404

from tandem.agreements.demo import shares_set
from tandem.coaching.models import Engagement, Note
from tandem.privacy.categories import Category, Party, Relation
from tandem.privacy.models import AccessEvent
from tandem.privacy.policy import (
    access_to,
    engagement_access,
    engagement_counts_by_status,
    engagements_visible_to,
    records_visible_to,
    writable_note_kinds,
)

pytestmark = pytest.mark.django_db


def _visible(world, actor):
    return set(engagements_visible_to(viewer=world.people[actor]))


def _categories(world, actor, engagement):
    viewer = world.people[actor]
    return set(access_to(viewer=viewer, engagements=[engagement])[engagement.pk].categories)


def _bodies(world, actor, category, engagement=None):
    viewer = world.people[actor]
    access = engagement_access(viewer=viewer, engagement_id=(engagement or world.e1).pk)
    return {
        n.body.split()[0]
        for n in records_visible_to(viewer=viewer, access=access, category=category, via="test")
        if isinstance(n, Note)
    }


@pytest.mark.parametrize(
    "actor,expected",
    [
        ("learner", {"e1"}),
        ("coach", {"e1"}),
        ("supervisor", {"e1"}),  # E1 shares with the supervisor
        ("program_lead", {"e1"}),  # administrative facts in scope; E2 is in another county
        ("coach_supervisor", {"e1"}),
        ("leadership", set()),  # E1 shares nothing with leadership
        ("evaluator", set()),  # aggregate only
        ("other_learner", {"e2"}),
        ("other_coach", {"e2"}),
        ("other_supervisor", set()),  # E2 shares nothing
    ],
)
def test_engagements_visible_to_each_relation(world, actor, expected):
    names = {world.e1: "e1", world.e2: "e2"}
    assert {names[e] for e in _visible(world, actor)} == expected


def test_learner_sees_own_journal_but_not_the_coach_journal(world):
    assert _bodies(world, "learner", Category.PRIVATE) == {"LEAK-learner_journal-E1"}
    assert _bodies(world, "coach", Category.PRIVATE) == {"LEAK-coach_journal-E1"}


def test_supervisor_sees_exactly_the_granted_categories(world):
    assert _categories(world, "supervisor", world.e1) == {
        Category.ATTENDANCE,
        Category.PROGRESS_SUMMARY,
        Category.ADMINISTRATIVE,
    }
    assert _bodies(world, "supervisor", Category.PROGRESS_SUMMARY) == {"LEAK-progress_summary-E1"}
    assert _bodies(world, "supervisor", Category.COACH_LEARNER) == set()
    assert _bodies(world, "supervisor", Category.PRIVATE) == set()
    assert _bodies(world, "supervisor", Category.CLOSING_SUMMARY) == set()


def test_nothing_is_shared_with_a_supervisor_by_default(world):
    shares_set(engagement=world.e1, shares={})
    assert _categories(world, "supervisor", world.e1) == set()
    assert _visible(world, "supervisor") == set()


@pytest.mark.parametrize(
    "category", [Category.GOALS, Category.GOAL_RATINGS, Category.CLOSING_SUMMARY]
)
def test_each_disclosable_category_reaches_leadership_only_when_granted(world, category):
    assert category not in _categories(world, "leadership", world.e1)
    shares_set(engagement=world.e1, shares={Party.LEADERSHIP: [category]})
    assert _categories(world, "leadership", world.e1) == {category, Category.ADMINISTRATIVE}


def test_program_lead_gets_administrative_facts_and_granted_attendance_only(world):
    assert _categories(world, "program_lead", world.e1) == {
        Category.ADMINISTRATIVE,
        Category.ATTENDANCE,
    }
    assert _bodies(world, "program_lead", Category.PROGRESS_SUMMARY) == set()


def test_coach_supervisor_gets_administrative_facts_only(world):
    assert _categories(world, "coach_supervisor", world.e1) == {Category.ADMINISTRATIVE}


def test_guessed_engagement_id_is_not_found(world):
    from django.http import Http404

    with pytest.raises(Http404):
        engagement_access(viewer=world.people["other_supervisor"], engagement_id=world.e1.pk)
    with pytest.raises(Http404):
        engagement_access(viewer=world.people["learner"], engagement_id=999_999)


def test_supervisor_as_coach_is_coach_only_in_that_engagement(world):
    supervisor, learner = world.people["supervisor"], world.people["learner"]
    own = Engagement.objects.create(
        learner=learner, coach=supervisor, kind=Engagement.Kind.SUPERVISOR_AS_COACH
    )
    Note.objects.create(
        engagement=own,
        author=supervisor,
        kind=Note.Kind.SESSION_SUMMARY,
        category=Category.COACH_LEARNER,
        body="SAC-summary",
    )
    in_own = access_to(viewer=supervisor, engagements=[own])[own.pk]
    in_e1 = access_to(viewer=supervisor, engagements=[world.e1])[world.e1.pk]
    assert Relation.COACH in in_own.relations
    assert in_own.sees(Category.COACH_LEARNER) is True
    assert in_e1.sees(Category.COACH_LEARNER) is False
    assert _bodies(world, "supervisor", Category.COACH_LEARNER) == set()


def test_reads_are_audited_with_who_what_category_and_page(world):
    _bodies(world, "supervisor", Category.PROGRESS_SUMMARY)
    event = AccessEvent.objects.get()
    note = Note.objects.get(engagement=world.e1, kind=Note.Kind.PROGRESS_SUMMARY)
    assert (event.viewer, event.engagement, event.record_type, event.record_id) == (
        world.people["supervisor"],
        world.e1,
        "note",
        note.pk,
    )
    assert (event.category, event.action, event.relation, event.via) == (
        Category.PROGRESS_SUMMARY,
        AccessEvent.Action.VIEW,
        "Learner's supervisor",
        "test",
    )


def test_denied_category_reads_nothing_and_audits_nothing(world):
    assert _bodies(world, "supervisor", Category.COACH_LEARNER) == set()
    assert AccessEvent.objects.count() == 0


def test_only_coach_and_learner_may_write_and_each_their_own_kinds(world):
    def kinds(actor):
        viewer = world.people[actor]
        return writable_note_kinds(engagement_access(viewer=viewer, engagement_id=world.e1.pk))

    assert "coach_journal" in kinds("coach") and "learner_journal" not in kinds("coach")
    assert kinds("learner") == ["learner_journal", "action_step"]
    assert kinds("supervisor") == []
    assert kinds("program_lead") == []


def test_superuser_rights_open_nothing_and_close_coaching_relations(world):
    supervisor = world.people["supervisor"]
    assert _bodies(world, "supervisor", Category.PROGRESS_SUMMARY) == {"LEAK-progress_summary-E1"}
    supervisor.user.is_superuser = supervisor.user.is_staff = True
    supervisor.user.save()
    # An account with admin rights holds no coaching relation (see test_admin_takeover.py).
    with pytest.raises(Http404):
        engagement_access(viewer=supervisor, engagement_id=world.e1.pk)
    assert list(engagements_visible_to(viewer=supervisor)) == []


def test_aggregate_counts_without_identities_for_program_level_roles(world):
    assert engagement_counts_by_status(viewer=world.people["evaluator"]) == {"active": 2}
    assert engagement_counts_by_status(viewer=world.people["leadership"]) == {"active": 1}
    assert engagement_counts_by_status(viewer=world.people["supervisor"]) == {}
