"""Pages: who may open each, what the learner's words reach, constant queries."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.enrollment.matching import selectors
from tandem.enrollment.matching.tests.helpers import coach, offer, request_in_matching
from tandem.enrollment.models import ConflictOfInterest, Match, MatchingWeights
from tandem.people.models import Role, RoleAssignment
from tandem.people.tests.factories import PersonFactory, person_with_account
from tandem.privacy.models import AccessEvent

WORDS = ("FOCUS-Lerner", "GOALS-Lerner", "FORCOACH-Lerner")


def html(response) -> str:
    return response.content.decode()


def test_request_page_ranks_and_explains(client, scene):
    client.force_login(scene.lead.user)
    response = client.get(reverse("matching:request", args=[scene.request.pk]))
    assert response.status_code == 200
    page = html(response)
    assert "Line supervisor of the learner." in page
    assert "Above the learner in the chain of command." in page
    assert "Coaching 0 of up to 3 learners." in page
    assert [w for w in WORDS if w in page] == []  # the program lead never reads the words


def test_request_page_denied_outside_scope_and_role(client, scene):
    south_lead = person_with_account(
        roles=(Role.PROGRAM_LEAD,), org_unit=scene.tree["south_office"]
    )
    client.force_login(south_lead.user)
    assert client.get(reverse("matching:request", args=[scene.request.pk])).status_code == 404
    client.force_login(scene.coaches[0].user)
    assert client.get(reverse("matching:request", args=[scene.request.pk])).status_code == 403
    client.force_login(scene.learner.user)
    assert client.get(reverse("matching:request", args=[scene.request.pk])).status_code == 403


def test_propose_override_without_reason_keeps_the_input(client, scene):
    client.force_login(scene.lead.user)
    suggestions, _, _ = selectors.suggestions_for(request=scene.request, today=timezone.localdate())
    second = suggestions[1].coach_id
    response = client.post(
        reverse("matching:propose", args=[scene.request.pk]),
        {"coach": second, "override_reason": "", "chemistry": "on"},
    )
    assert response.status_code == 400
    page = html(response)
    assert "Say why you chose a coach other than the top suggestion." in page
    assert f'<option value="{second}" selected>' in page
    assert Match.objects.count() == 0


def test_propose_and_chemistry(client, scene):
    client.force_login(scene.lead.user)
    response = client.post(
        reverse("matching:propose", args=[scene.request.pk]),
        {"coach": scene.coaches[0].pk, "override_reason": "Asked for by the unit"},
    )
    assert response.status_code == 302
    match = Match.objects.get()
    client.post(reverse("matching:chemistry", args=[match.pk]))
    match.refresh_from_db()
    assert match.status == Match.Status.CHEMISTRY


def test_offered_coach_reads_the_words_and_it_is_audited(client, scene):
    match = offer(scene.request, scene.coaches[0], scene.lead)
    client.force_login(scene.coaches[0].user)
    page = html(client.get(reverse("matching:incoming")))
    assert [w for w in WORDS if w in page] == list(WORDS)
    assert AccessEvent.objects.filter(viewer=scene.coaches[0], record_id=match.request_id).exists()


def test_other_coach_never_reads_the_words(client, scene):
    offer(scene.request, scene.coaches[0], scene.lead)
    client.force_login(scene.coaches[1].user)
    page = html(client.get(reverse("matching:incoming")))
    assert [w for w in WORDS if w in page] == []
    response = client.post(reverse("matching:accept", args=[Match.objects.get().pk]))
    assert response.status_code == 404


def test_superseded_coach_no_longer_reads_the_words(client, scene):
    offer(scene.request, scene.coaches[0], scene.lead, status=Match.Status.SUPERSEDED)
    offer(scene.request, scene.coaches[1], scene.lead)
    client.force_login(scene.coaches[0].user)
    page = html(client.get(reverse("matching:incoming")))
    assert [w for w in WORDS if w in page] == []
    assert "Reassigned" in page


def test_accept_and_decline_pages(client, scene):
    first = offer(scene.request, scene.coaches[0], scene.lead)
    client.force_login(scene.coaches[0].user)
    response = client.post(
        reverse("matching:decline", args=[first.pk]), {f"m{first.pk}-reason": ""}
    )
    assert response.status_code == 400
    assert "This field is required." in html(response)
    client.post(reverse("matching:decline", args=[first.pk]), {f"m{first.pk}-reason": "Too full"})
    first.refresh_from_db()
    assert first.status == Match.Status.DECLINED
    second = offer(scene.request, scene.coaches[1], scene.lead)
    client.force_login(scene.coaches[1].user)
    assert client.post(reverse("matching:accept", args=[second.pk])).status_code == 302
    second.refresh_from_db()
    assert second.status == Match.Status.ACCEPTED


def test_cohort_run_and_confirm(client, scene):
    client.force_login(scene.lead.user)
    response = client.get(reverse("matching:cohort"), {"run": "1"})
    assert response.status_code == 200
    pair = next(
        line.split('value="')[1].split('"')[0]
        for line in html(response).splitlines()
        if 'name="pair"' in line
    )
    assert pair.startswith(f"{scene.request.pk}:")
    client.post(reverse("matching:cohort_confirm"), {"pair": [pair]})
    match = Match.objects.get()
    assert match.coach_id not in {scene.supervisor.pk, scene.director.pk}
    assert [w for w in WORDS if w in html(response)] == []


def test_cohort_denied_to_coach(client, scene):
    client.force_login(scene.coaches[0].user)
    assert client.get(reverse("matching:cohort")).status_code == 403
    assert client.post(reverse("matching:cohort_confirm")).status_code == 403


def test_weights_page_saves_and_refuses_all_zero(client, scene):
    client.force_login(scene.lead.user)
    assert client.get(reverse("matching:weights")).status_code == 200
    zeros = {"scope": scene.tree["north"].pk} | {
        n: 0
        for n in (
            "practice_area",
            "office",
            "language",
            "modality",
            "load",
            "expertise",
            "preference",
            "training",
        )
    }
    response = client.post(reverse("matching:weights"), zeros)
    assert response.status_code == 400
    assert "At least one factor must count more than 0." in html(response)
    response = client.post(reverse("matching:weights"), zeros | {"language": 7})
    assert response.status_code == 302
    client.force_login(scene.coaches[0].user)
    assert client.get(reverse("matching:weights")).status_code == 403


def test_conflict_page_for_coach_and_lead(client, scene):
    client.force_login(scene.coaches[0].user)
    response = client.post(
        reverse("matching:conflicts"),
        {
            "coach": scene.coaches[0].pk,
            "person_email": scene.learner.work_email,
            "reason": "cousin",
        },
    )
    assert response.status_code == 302
    # A coach cannot declare for another coach: that coach is not a choice.
    response = client.post(
        reverse("matching:conflicts"),
        {"coach": scene.coaches[1].pk, "person_email": scene.learner.work_email},
    )
    assert response.status_code == 400
    client.force_login(scene.lead.user)
    response = client.post(
        reverse("matching:conflicts"),
        {"coach": scene.coaches[1].pk, "person_email": "nobody@example.org"},
    )
    assert "No staff member has this work email." in html(response)
    assert ConflictOfInterest.objects.count() == 1
    client.force_login(scene.learner.user)
    assert client.get(reverse("matching:conflicts")).status_code == 403


# --- Query counts: the same for 1 and 3 rows ---------------------------------------------------


def test_request_page_queries_constant(client, scene, page_queries):
    client.force_login(scene.lead.user)
    url = reverse("matching:request", args=[scene.request.pk])
    offer(scene.request, scene.coaches[0], scene.lead, status=Match.Status.DECLINED)
    one = page_queries(url)
    for c in scene.coaches[1:]:
        offer(scene.request, c, scene.lead, status=Match.Status.SUPERSEDED)
    coach(scene.tree["ongoing"])
    ConflictOfInterest.objects.create(
        coach=scene.coaches[2], person=scene.learner, declared_by=scene.lead
    )
    assert page_queries(url) == one


@pytest.mark.parametrize("run", ["", "1"])
def test_cohort_page_queries_constant(client, scene, page_queries, run):
    client.force_login(scene.lead.user)
    one = page_queries(reverse("matching:cohort"), {"run": run})
    for _ in range(2):
        request_in_matching(PersonFactory(org_unit=scene.tree["intake"]))
    assert page_queries(reverse("matching:cohort"), {"run": run}) == one


def test_incoming_page_queries_constant(client, scene, page_queries):
    client.force_login(scene.coaches[0].user)
    offer(scene.request, scene.coaches[0], scene.lead)
    one = page_queries(reverse("matching:incoming"))
    for _ in range(2):
        other = request_in_matching(PersonFactory(org_unit=scene.tree["intake"]))
        offer(other, scene.coaches[0], scene.lead)
    assert page_queries(reverse("matching:incoming")) == one


def test_conflicts_page_queries_constant(client, scene, page_queries):
    client.force_login(scene.lead.user)
    ConflictOfInterest.objects.create(
        coach=scene.coaches[0], person=scene.learner, declared_by=scene.lead
    )
    one = page_queries(reverse("matching:conflicts"))
    for c in scene.coaches[1:]:
        ConflictOfInterest.objects.create(coach=c, person=scene.learner, declared_by=scene.lead)
    assert page_queries(reverse("matching:conflicts")) == one


def test_show_all_lets_the_lead_offer_beyond_the_top_ten(client, scene):
    for _ in range(10):
        coach(scene.tree["permanency"], account=False)
    client.force_login(scene.lead.user)
    url = reverse("matching:request", args=[scene.request.pk])
    page = html(client.get(url))
    assert "Show all 13 allowed coaches" in page
    assert page.count("<option value=") == 10
    page = html(client.get(url, {"all": "1"}))
    assert page.count("<option value=") == 13
    assert "The other 3 allowed coaches by fit" in page


def test_reopen_from_the_request_page(client, scene):
    match = offer(scene.request, scene.coaches[0], scene.lead)
    client.force_login(scene.coaches[0].user)
    client.post(reverse("matching:accept", args=[match.pk]))
    client.force_login(scene.lead.user)
    page = html(client.get(reverse("matching:request", args=[scene.request.pk])))
    assert "Back to matching" in page
    response = client.post(reverse("matching:reopen", args=[scene.request.pk]))
    assert response.status_code == 302
    page = html(client.get(reverse("matching:request", args=[scene.request.pk])))
    assert "Reassigned" in page
    assert "Offer to this coach" in page


def test_cohort_waitlists_the_unplaced(client, scene):
    for c in scene.coaches:
        c.coach_profile.capacity = 0
        c.coach_profile.save()
    client.force_login(scene.lead.user)
    page = html(client.get(reverse("matching:cohort"), {"run": "1"}))
    assert "Every coach is excluded for this learner or has no free place." in page
    client.post(reverse("matching:cohort_confirm"), {"waitlist": [scene.request.pk]})
    scene.request.refresh_from_db()
    assert scene.request.waitlisted_at is not None


def test_chemistry_offer_shows_to_the_coach(client, scene):
    offer(scene.request, scene.coaches[0], scene.lead, status=Match.Status.CHEMISTRY)
    client.force_login(scene.coaches[0].user)
    page = html(client.get(reverse("matching:incoming")))
    assert "Chemistry meeting first" in page
    assert "FOCUS-Lerner" in page


def test_weights_page_queries_constant(client, scene, page_queries):
    client.force_login(scene.lead.user)
    MatchingWeights.objects.create(scope=scene.tree["north"])
    one = page_queries(reverse("matching:weights"))
    for unit in ("north_office", "intake"):
        RoleAssignment.objects.create(
            person=scene.lead, role=Role.PROGRAM_LEAD, scope=scene.tree[unit]
        )
        MatchingWeights.objects.create(scope=scene.tree[unit])
    assert page_queries(reverse("matching:weights")) == one
