"""Every link on an engagement's page opens for whoever the page shows it to (issue #16: the
"Coaching request" link answered 404 for the coach)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tandem.enrollment.models import CoachingRequest
from tandem.enrollment.tests.helpers import make_request, walk

pytestmark = pytest.mark.django_db
S = CoachingRequest.Status


def _links(html: str) -> set[str]:
    """The page's links within Tandem, without anchors and downloads of other formats."""
    found = set(re.findall(r'href="(/[^"#]*)"', html))
    return {link for link in found if not link.startswith(("/static/", "/accounts/logout"))}


@pytest.fixture
def from_a_request(world):
    request = make_request(world.people["learner"], source=CoachingRequest.Source.SELF)
    walk(request, S.READINESS, S.MATCHING)
    request.engagement = world.e1
    request.save(update_fields=["engagement"])
    return request


@pytest.mark.parametrize("actor", ["learner", "coach"])
def test_every_link_on_the_engagement_page_opens(as_actor, world, from_a_request, actor):
    client = as_actor(actor)
    page = client.get(reverse("coaching:engagement_detail", args=[world.e1.pk]))
    assert page.status_code == 200
    links = _links(page.content.decode())
    request_page = reverse("enrollment:request_detail", args=[from_a_request.pk])
    assert (request_page in links) == (actor == "learner")
    broken = {link: client.get(link).status_code for link in links}
    assert {link: code for link, code in broken.items() if code >= 400} == {}
