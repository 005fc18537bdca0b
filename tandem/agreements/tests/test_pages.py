"""Agreement pages: PDF, comparison, editing, overview, templates."""

import io

import pypdf
import pytest
from django.urls import reverse

from tandem.agreements import services
from tandem.agreements.fields import fields_for
from tandem.agreements.models import Agreement, AgreementTemplate
from tandem.agreements.selectors import latest_version
from tandem.agreements.tests.helpers import access_of, ack_all, complete, draft
from tandem.agreements.views import version_pdf_html
from tandem.coaching.models import Engagement
from tandem.people.tests.factories import person_with_account
from tandem.privacy.categories import Category, Party
from tandem.privacy.models import AccessEvent

pytestmark = pytest.mark.django_db


def test_pdf_text_matches_the_version(client, setup):
    world, engagement, leader = setup
    agreement = draft(engagement, leader, shares={Party.SUPERVISOR: [Category.ATTENDANCE]})
    services.agreement_send(
        sender=engagement.coach, access=access_of(engagement.coach, engagement), agreement=agreement
    )
    ack_all(agreement)
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


def test_pdf_fingerprints_stay_on_the_page(setup):
    """Each acknowledgment's 64-character fingerprint wraps inside its column (issue #16: it ran
    off the page). Read from WeasyPrint's own layout of the page the PDF is made from."""
    from weasyprint import HTML

    world, engagement, leader = setup
    agreement = draft(engagement, leader)
    services.agreement_send(
        sender=engagement.coach, access=access_of(engagement.coach, engagement), agreement=agreement
    )
    ack_all(agreement)
    version = agreement.versions.get(number=1)
    document = HTML(string=version_pdf_html(agreement, version)).render()

    def text_boxes(box):
        if type(box).__name__ == "TextBox":
            yield box
        for child in getattr(box, "children", None) or ():
            yield from text_boxes(child)

    pieces = []
    for page in document.pages:
        right = page.width - page._page_box.margin_right
        pieces += [
            (box.text, box.position_x + box.width <= right)
            for box in text_boxes(page._page_box)
            if len(box.text) >= 8 and box.text in version.text_hash
        ]
    assert pieces, "no fingerprint in the layout"
    assert all(inside for _, inside in pieces), pieces
    # Wrapped: each party's fingerprint is there in full, over more than one line.
    parties = version.parties.count()
    assert "".join(text for text, _ in pieces) == version.text_hash * parties
    assert len(pieces) > parties


def test_compare_lists_changed_fields_and_sharing(client, setup):
    world, engagement, leader = setup
    agreement = draft(engagement, leader)
    services.agreement_send(
        sender=engagement.coach, access=access_of(engagement.coach, engagement), agreement=agreement
    )
    ack_all(agreement)
    services.agreement_edit(
        editor=engagement.coach,
        access=access_of(engagement.coach, engagement),
        agreement=agreement,
        base_version=agreement.version,
        content=complete(agreement.kind) | {"frequency": "Weekly"},
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
        {"frequency": "x" * 600, "session_minutes": "2", "base_version": "1"},
    )
    assert page.status_code == 200
    assert "Ensure this value has at most 500 characters" in page.content.decode()
    response = client.post(reverse("agreements:send", args=[agreement.pk]), follow=True)
    assert "Before sending, fill in: Expected results" in response.content.decode()


def test_program_lead_overview_shows_status_without_content(client, setup):
    world, engagement, leader = setup
    agreement = draft(engagement, leader)
    version = latest_version(agreement=agreement)
    version.content = complete(agreement.kind) | {"coach_time": "SECRET-TERMS"}
    version.save()
    client.force_login(world.people["program_lead"].user)
    page = client.get(reverse("agreements:overview")).content.decode()
    assert "Draft" in page
    assert "SECRET-TERMS" not in page
    assert client.get(reverse("agreements:detail", args=[agreement.pk])).status_code == 404


def test_overview_and_mine_query_counts_do_not_grow(client, setup, page_queries):
    world, engagement, leader = setup
    draft(engagement, leader)

    def count(user, url):
        client.force_login(user)
        return page_queries(url)

    lead, coach = world.people["program_lead"].user, engagement.coach.user
    before = (count(lead, reverse("agreements:overview")), count(coach, reverse("agreements:mine")))
    for _ in range(2):
        extra = Engagement.objects.create(
            learner=person_with_account(org_unit=world.tree["intake"]), coach=engagement.coach
        )
        draft(extra, leader)
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
        "base_version": template.version,
    }
    response = client.post(reverse("agreements:template_edit", args=[template.pk]), data)
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.title, template.defaults["frequency"], template.default_disclosure) == (
        "Peer coaching (county version)",
        "Monthly",
        {"supervisor": ["attendance"]},
    )
    # A coach then starts a draft from the edited template, as the start page does.
    client.force_login(engagement.coach.user)
    page = client.post(
        reverse("agreements:for_engagement", args=[engagement.pk]),
        {"template": template.pk},
        follow=True,
    )
    form = page.context["form"]
    assert (form["frequency"].value(), form["share_supervisor"].value()) == (
        "Monthly",
        ["attendance"],
    )
    agreement = Agreement.objects.get(engagement=engagement)
    assert (agreement.template, latest_version(agreement=agreement).content) == (
        template,
        template.defaults,
    )


def test_after_the_agreement_ends_other_parties_keep_only_the_facts(client, setup):
    world, engagement, leader = setup
    agreement = draft(engagement, leader, shares={Party.SUPERVISOR: [Category.ATTENDANCE]})
    services.agreement_send(
        sender=engagement.coach, access=access_of(engagement.coach, engagement), agreement=agreement
    )
    ack_all(agreement)
    text_pages = [
        reverse("agreements:version", args=[agreement.pk, 1]),
        reverse("agreements:version_pdf", args=[agreement.pk, 1]),
        reverse("agreements:compare", args=[agreement.pk]),
        reverse("agreements:acknowledge", args=[agreement.pk, 1]),
    ]
    supervisor = world.people["supervisor"]
    client.force_login(supervisor.user)
    before = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "Agreed text" in before  # a party reads the text while it is in force

    services.agreement_end(
        person=engagement.learner,
        access=access_of(engagement.learner, engagement),
        agreement=agreement,
    )

    page = client.get(reverse("agreements:detail", args=[agreement.pk]))
    html = page.content.decode()
    assert (page.status_code, "Agreed text" in html, "Attendance" in html) == (200, False, False)
    assert "You were a party as" in html and "Supervisor" in html
    assert [client.get(url).status_code for url in text_pages] == [403, 403, 403, 403]
    client.force_login(engagement.learner.user)
    assert [client.get(url).status_code for url in text_pages[:3]] == [200, 200, 200]
    learner_view = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "Agreed text" in learner_view


def test_reading_the_agreement_text_is_audited_for_the_learner_to_see(client, setup):
    world, engagement, leader = setup
    agreement = draft(engagement, leader, shares={Party.SUPERVISOR: [Category.ATTENDANCE]})
    services.agreement_send(
        sender=engagement.coach, access=access_of(engagement.coach, engagement), agreement=agreement
    )
    supervisor = world.people["supervisor"]
    client.force_login(supervisor.user)
    for url in (
        reverse("agreements:detail", args=[agreement.pk]),
        reverse("agreements:version_pdf", args=[agreement.pk, 1]),
    ):
        assert client.get(url).status_code == 200
    version = agreement.versions.get(number=1)
    rows = AccessEvent.objects.filter(viewer=supervisor, record_type="agreement_version")
    assert list(rows.order_by("pk").values_list("record_id", "relation", "via")) == [
        (version.pk, "Learner's supervisor", f"GET /agreements/{agreement.pk}/"),
        (version.pk, "Learner's supervisor", f"GET /agreements/{agreement.pk}/v/1/pdf/"),
    ]
    client.force_login(engagement.learner.user)
    client.get(reverse("agreements:detail", args=[agreement.pk]))
    assert AccessEvent.objects.filter(viewer=engagement.learner).count() == 0
    page = client.get(reverse("privacy:my_record")).content.decode()
    assert page.count(supervisor.full_name) == 2
