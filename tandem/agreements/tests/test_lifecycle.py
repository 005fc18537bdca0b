"""Agreement lifecycle, tampering and enforcement, with content present that could leak."""

import io
from datetime import UTC

import pypdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tandem.agreements import services
from tandem.agreements.fields import fields_for
from tandem.agreements.models import Agreement, AgreementTemplate, PartyRole
from tandem.agreements.selectors import agreements_awaiting, latest_version
from tandem.coaching.models import Engagement
from tandem.coaching.services import session_record
from tandem.people.models import Role
from tandem.people.tests.factories import person_with_account
from tandem.privacy.categories import Category, Party
from tandem.privacy.policy import access_to, engagement_access
from tandem.privacy.tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(db):
    world = build_world()
    leader = world.people["leadership"]
    engagement = Engagement.objects.create(
        learner=world.people["learner"], coach=world.people["other_coach"]
    )
    services.templates_ensure_builtin()
    return world, engagement, leader


def _access(person, engagement):
    return engagement_access(viewer=person, engagement_id=engagement.pk)


def _complete(kind):
    values = {f.key: "Agreed text" for f in fields_for(kind)}
    values |= {
        "participation": "voluntary",
        "booking_rule": "month_ahead",
        "session_minutes": "60",
        "start_date": "2026-12-01",
        "end_date": "2027-06-01",
        "check_learner": "yes",
        "check_coach": "yes",
        "check_leadership": "yes",
    }
    return values


def _draft(engagement, leader, shares=None):
    coach = engagement.coach
    template = AgreementTemplate.objects.get(slug="internal-coach")
    agreement = services.agreement_start(
        coach=coach, access=_access(coach, engagement), template=template
    )
    services.agreement_edit(
        editor=coach,
        access=_access(coach, engagement),
        agreement=agreement,
        content=_complete(agreement.kind),
        disclosure=shares or {},
        leadership=leader,
    )
    return agreement


def _ack_all(agreement):
    version = latest_version(agreement=agreement)
    for party in version.parties.select_related("person"):
        services.agreement_acknowledge(
            person=party.person,
            agreement=agreement,
            number=version.number,
            seen_hash=version.text_hash,
        )


def _supervisor_sees(world, engagement):
    viewer = world.people["supervisor"]
    return set(access_to(viewer=viewer, engagements=[engagement])[engagement.pk].categories)


def test_draft_has_every_party_and_nothing_shared_by_default(setup):
    world, engagement, leader = setup
    agreement = _draft(engagement, leader)
    roles = {p.role: p.person for p in latest_version(agreement=agreement).parties.all()}
    assert roles == {
        PartyRole.COACH: engagement.coach,
        PartyRole.LEARNER: engagement.learner,
        PartyRole.SUPERVISOR: world.people["supervisor"],
        PartyRole.LEADERSHIP: leader,
    }
    assert _supervisor_sees(world, engagement) == set()


def test_sending_with_missing_topics_lists_what_is_missing(setup):
    world, engagement, leader = setup
    coach = engagement.coach
    template = AgreementTemplate.objects.get(slug="external-coach")
    agreement = services.agreement_start(
        coach=coach, access=_access(coach, engagement), template=template
    )
    with pytest.raises(ValidationError) as error:
        services.agreement_send(
            sender=coach, access=_access(coach, engagement), agreement=agreement
        )
    assert error.value.messages == [
        "Before sending, fill in: Expected results; Scheduling; Contract (external coach); Before we start."
    ]


def test_agreement_comes_into_force_only_when_every_party_acknowledges(setup):
    world, engagement, leader = setup
    agreement = _draft(engagement, leader, shares={Party.SUPERVISOR: [Category.ATTENDANCE]})
    version = services.agreement_send(
        sender=engagement.coach, access=_access(engagement.coach, engagement), agreement=agreement
    )
    parties = list(version.parties.select_related("person"))
    for party in parties[:-1]:
        services.agreement_acknowledge(
            person=party.person, agreement=agreement, number=1, seen_hash=version.text_hash
        )
        assert _supervisor_sees(world, engagement) == set()
    services.agreement_acknowledge(
        person=parties[-1].person, agreement=agreement, number=1, seen_hash=version.text_hash
    )
    agreement.refresh_from_db()
    engagement.refresh_from_db()
    assert agreement.status == Agreement.Status.IN_FORCE
    assert engagement.status == Engagement.Status.ACTIVE
    assert _supervisor_sees(world, engagement) == {Category.ATTENDANCE, Category.ADMINISTRATIVE}


def test_acknowledgment_stores_person_time_version_and_text_hash(setup):
    world, engagement, leader = setup
    agreement = _draft(engagement, leader)
    version = services.agreement_send(
        sender=engagement.coach, access=_access(engagement.coach, engagement), agreement=agreement
    )
    [ack] = services.agreement_acknowledge(
        person=leader, agreement=agreement, number=1, seen_hash=version.text_hash
    )
    assert (ack.person, ack.role, ack.version.number, ack.text_hash) == (
        leader,
        PartyRole.LEADERSHIP,
        1,
        version.text_hash,
    )
    assert ack.at is not None
    assert len(version.text_hash) == 64


def test_nobody_acknowledges_for_someone_else_or_an_old_text(setup):
    world, engagement, leader = setup
    agreement = _draft(engagement, leader)
    version = services.agreement_send(
        sender=engagement.coach, access=_access(engagement.coach, engagement), agreement=agreement
    )
    with pytest.raises(PermissionDenied):
        services.agreement_acknowledge(
            person=world.people["program_lead"],
            agreement=agreement,
            number=1,
            seen_hash=version.text_hash,
        )
    with pytest.raises(ValidationError, match="changed after you opened it"):
        services.agreement_acknowledge(
            person=leader, agreement=agreement, number=1, seen_hash="0" * 64
        )
    assert version.acknowledgments.count() == 0


def test_amendment_keeps_old_terms_until_everyone_acknowledges_then_applies(setup):
    world, engagement, leader = setup
    agreement = _draft(engagement, leader, shares={Party.SUPERVISOR: [Category.ATTENDANCE]})
    services.agreement_send(
        sender=engagement.coach, access=_access(engagement.coach, engagement), agreement=agreement
    )
    _ack_all(agreement)
    learner = engagement.learner
    v2 = services.agreement_edit(
        editor=learner,
        access=_access(learner, engagement),
        agreement=agreement,
        content=_complete(agreement.kind),
        disclosure={Party.SUPERVISOR: [Category.GOALS, Category.GOAL_RATINGS]},
        leadership=leader,
    )
    assert v2.number == 2
    assert latest_version(agreement=agreement).number == 2
    assert agreement.versions.get(number=1).content == _complete(
        agreement.kind
    )  # old one readable, unchanged
    services.agreement_send(
        sender=learner, access=_access(learner, engagement), agreement=agreement
    )
    assert _supervisor_sees(world, engagement) == {Category.ATTENDANCE, Category.ADMINISTRATIVE}
    _ack_all(agreement)
    assert _supervisor_sees(world, engagement) == {
        Category.GOALS,
        Category.GOAL_RATINGS,
        Category.ADMINISTRATIVE,
    }


def test_replaying_an_acknowledgment_of_an_old_version_is_refused(setup):
    world, engagement, leader = setup
    agreement = _draft(engagement, leader)
    v1 = services.agreement_send(
        sender=engagement.coach, access=_access(engagement.coach, engagement), agreement=agreement
    )
    services.agreement_acknowledge(
        person=leader, agreement=agreement, number=1, seen_hash=v1.text_hash
    )
    services.agreement_edit(
        editor=engagement.coach,
        access=_access(engagement.coach, engagement),
        agreement=agreement,
        content=_complete(agreement.kind) | {"frequency": "Weekly"},
        disclosure={},
        leadership=leader,
    )
    with pytest.raises(ValidationError, match="no longer the one waiting"):
        services.agreement_acknowledge(
            person=engagement.learner, agreement=agreement, number=1, seen_hash=v1.text_hash
        )


def test_editing_after_the_first_acknowledgment_makes_a_new_version(setup):
    world, engagement, leader = setup
    agreement = _draft(engagement, leader)
    v1 = services.agreement_send(
        sender=engagement.coach, access=_access(engagement.coach, engagement), agreement=agreement
    )
    services.agreement_acknowledge(
        person=leader, agreement=agreement, number=1, seen_hash=v1.text_hash
    )
    services.agreement_edit(
        editor=engagement.coach,
        access=_access(engagement.coach, engagement),
        agreement=agreement,
        content=_complete(agreement.kind) | {"frequency": "Weekly"},
        disclosure={},
        leadership=leader,
    )
    v1.refresh_from_db()
    assert v1.content["frequency"] == "Agreed text"
    assert agreement.versions.count() == 2


def test_ending_the_agreement_ends_every_disclosure(setup):
    world, engagement, leader = setup
    agreement = _draft(
        engagement,
        leader,
        shares={Party.SUPERVISOR: [Category.ATTENDANCE, Category.PROGRESS_SUMMARY]},
    )
    services.agreement_send(
        sender=engagement.coach, access=_access(engagement.coach, engagement), agreement=agreement
    )
    _ack_all(agreement)
    assert Category.PROGRESS_SUMMARY in _supervisor_sees(world, engagement)
    services.agreement_end(
        person=engagement.learner,
        access=_access(engagement.learner, engagement),
        agreement=agreement,
    )
    assert _supervisor_sees(world, engagement) == set()


@pytest.mark.parametrize(
    "category",
    [
        Category.ATTENDANCE,
        Category.GOALS,
        Category.GOAL_RATINGS,
        Category.PROGRESS_SUMMARY,
        Category.CLOSING_SUMMARY,
    ],
)
@pytest.mark.parametrize(
    "party,actor",
    [
        (Party.SUPERVISOR, "supervisor"),
        (Party.LEADERSHIP, "leadership"),
        (Party.PROGRAM_LEAD, "program_lead"),
    ],
)
def test_each_party_sees_exactly_its_granted_category(setup, category, party, actor):
    world, engagement, leader = setup
    agreement = _draft(engagement, leader, shares={party: [category]})
    services.agreement_send(
        sender=engagement.coach, access=_access(engagement.coach, engagement), agreement=agreement
    )
    _ack_all(agreement)
    viewer = world.people[actor]
    seen = set(access_to(viewer=viewer, engagements=[engagement])[engagement.pk].categories)
    assert seen == {category, Category.ADMINISTRATIVE}
    for other in ("supervisor", "leadership", "program_lead"):
        if other != actor:
            others = set(
                access_to(viewer=world.people[other], engagements=[engagement])[
                    engagement.pk
                ].categories
            )
            assert category not in others


def test_sessions_wait_for_the_agreement_except_intro_and_chemistry(setup):
    from datetime import datetime

    world, engagement, leader = setup
    coach = engagement.coach
    when = datetime(2026, 12, 1, 15, tzinfo=UTC)
    with pytest.raises(ValidationError, match="once every party has acknowledged"):
        session_record(
            coach=coach,
            access=_access(coach, engagement),
            starts_at=when,
            duration_minutes=60,
            purpose="coaching",
            status="held",
            via="test",
        )
    session_record(
        coach=coach,
        access=_access(coach, engagement),
        starts_at=when,
        duration_minutes=30,
        purpose="chemistry",
        status="held",
        via="test",
    )
    agreement = _draft(engagement, leader)
    services.agreement_send(sender=coach, access=_access(coach, engagement), agreement=agreement)
    _ack_all(agreement)
    session = session_record(
        coach=coach,
        access=_access(coach, engagement),
        starts_at=when,
        duration_minutes=60,
        purpose="coaching",
        status="held",
        via="test",
    )
    assert session.purpose == "coaching"


def test_awaiting_list_shows_only_what_i_must_still_acknowledge(setup):
    world, engagement, leader = setup
    agreement = _draft(engagement, leader)
    version = services.agreement_send(
        sender=engagement.coach, access=_access(engagement.coach, engagement), agreement=agreement
    )
    assert [v.pk for v in agreements_awaiting(person=leader)] == [version.pk]
    services.agreement_acknowledge(
        person=leader, agreement=agreement, number=1, seen_hash=version.text_hash
    )
    assert agreements_awaiting(person=leader) == []


def test_pdf_text_matches_the_version(client, setup):
    world, engagement, leader = setup
    agreement = _draft(engagement, leader, shares={Party.SUPERVISOR: [Category.ATTENDANCE]})
    services.agreement_send(
        sender=engagement.coach, access=_access(engagement.coach, engagement), agreement=agreement
    )
    _ack_all(agreement)
    client.force_login(leader.user)
    response = client.get(reverse("agreements:version_pdf", args=[agreement.pk, 1]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    words = " ".join(text.split())
    assert "Coaching agreement, version 1" in words
    assert "Supervisor Attendance" in words
    assert leader.last_name in words
    version = agreement.versions.get(number=1)
    assert version.text_hash in text.replace("\n", "")


def test_compare_lists_changed_fields_and_sharing(client, setup):
    world, engagement, leader = setup
    agreement = _draft(engagement, leader)
    services.agreement_send(
        sender=engagement.coach, access=_access(engagement.coach, engagement), agreement=agreement
    )
    _ack_all(agreement)
    services.agreement_edit(
        editor=engagement.coach,
        access=_access(engagement.coach, engagement),
        agreement=agreement,
        content=_complete(agreement.kind) | {"frequency": "Weekly"},
        disclosure={Party.SUPERVISOR: [Category.GOALS]},
        leadership=leader,
    )
    client.force_login(engagement.learner.user)
    response = client.get(reverse("agreements:compare", args=[agreement.pk]), {"a": 1, "b": 2})
    changes = [(c.label, c.before, c.after) for c in response.context["changes"]]
    assert changes == [
        ("How often we meet", "Agreed text", "Weekly"),
        ("Supervisor may see", "Nothing", "Goals"),
    ]


def test_edit_page_keeps_typed_text_and_send_explains_missing_topics(client, setup):
    world, engagement, leader = setup
    coach = engagement.coach
    client.force_login(coach.user)
    response = client.post(
        reverse("agreements:for_engagement", args=[engagement.pk]),
        {"template": AgreementTemplate.objects.get(slug="internal-coach").pk},
    )
    agreement = Agreement.objects.get(engagement=engagement)
    assert response["Location"] == reverse("agreements:edit", args=[agreement.pk])
    page = client.post(
        reverse("agreements:edit", args=[agreement.pk]),
        {"frequency": "x" * 600, "session_minutes": "2"},
    )
    assert page.status_code == 200
    assert "Ensure this value has at most 500 characters" in page.content.decode()
    response = client.post(reverse("agreements:send", args=[agreement.pk]), follow=True)
    assert "Before sending, fill in: Expected results" in response.content.decode()


def test_program_lead_overview_shows_status_without_content(client, setup):
    world, engagement, leader = setup
    agreement = _draft(engagement, leader)
    version = latest_version(agreement=agreement)
    version.content = _complete(agreement.kind) | {"coach_time": "SECRET-TERMS"}
    version.save()
    client.force_login(world.people["program_lead"].user)
    page = client.get(reverse("agreements:overview")).content.decode()
    assert "Draft" in page
    assert "SECRET-TERMS" not in page
    assert client.get(reverse("agreements:detail", args=[agreement.pk])).status_code == 404


def test_overview_and_mine_query_counts_do_not_grow(client, setup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world, engagement, leader = setup
    _draft(engagement, leader)

    def count(user, url):
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    lead, coach = world.people["program_lead"].user, engagement.coach.user
    before = (count(lead, reverse("agreements:overview")), count(coach, reverse("agreements:mine")))
    for _ in range(2):
        extra = Engagement.objects.create(
            learner=person_with_account(org_unit=world.tree["intake"]), coach=engagement.coach
        )
        _draft(extra, leader)
    assert (
        count(lead, reverse("agreements:overview")),
        count(coach, reverse("agreements:mine")),
    ) == before


def test_program_lead_edits_a_template_and_new_drafts_start_from_it(client, setup):
    world, engagement, leader = setup
    template = AgreementTemplate.objects.get(slug="peer-coaching")
    client.force_login(world.people["program_lead"].user)
    data = {f.key: template.defaults.get(f.key, "") for f in fields_for(template.kind)}
    data |= {
        "title": "Peer coaching (county version)",
        "frequency": "Monthly",
        "share_supervisor": ["attendance"],
    }
    response = client.post(reverse("agreements:template_edit", args=[template.pk]), data)
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.title, template.defaults["frequency"], template.default_disclosure) == (
        "Peer coaching (county version)",
        "Monthly",
        {"supervisor": ["attendance"]},
    )
    assert person_with_account(roles=(Role.COACH,), org_unit=world.tree["intake"]) is not None
