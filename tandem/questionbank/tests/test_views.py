"""Question bank pages as coaches and program leads use them."""

from __future__ import annotations

from django.urls import reverse

from tandem.questionbank import services
from tandem.questionbank.models import CoachingModel, ModelStage, Question

SEARCH = reverse("questionbank:search")


def _signed_in(client, person):
    client.force_login(person.user)
    return client


def test_coach_searches_the_bank(client, org):
    _signed_in(client, org["coach"])
    page = client.get(SEARCH, {"q": "unusual option"}).content.decode()
    assert "What is the most unusual option you can think of?" in page
    assert "1 question" in page
    assert "Add a question" not in page and "Retire" not in page


def test_live_search_returns_only_the_results(client, org):
    _signed_in(client, org["coach"])
    response = client.get(SEARCH, {"q": "unusual"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "unusual option" in html and "<html" not in html and "<form" not in html
    assert "HX-Request" in response["Vary"]


def test_filters_by_model_stage_and_tag(client, org):
    _signed_in(client, org["coach"])
    stage = ModelStage.objects.get(model__code="flow", code="enrollment")
    html = client.get(SEARCH, {"stage": stage.pk, "tag": "engagement"}).content.decode()
    assert "What could get in the way of coaching for you?" not in html  # tagged otherwise
    assert "Are we in touch often enough" in html


def test_learners_cannot_open_the_bank(client, org):
    _signed_in(client, org["learner"])
    assert client.get(SEARCH).status_code == 403


def _make(org, n: int) -> None:
    north = org["tree"]["north"]
    stage = ModelStage.objects.get(model__code="grow", code="goal")
    for i in range(n):
        services.question_create(
            by=org["lead"],
            agency=north,
            text=f"Quokka question {i} about {{skill}}?",
            category="purpose",
            tags=[f"quokka-{i}", "shared-tag"],
            stages=[stage],
        )


def test_search_costs_the_same_queries_for_one_or_three_questions(client, org, page_queries):
    _signed_in(client, org["lead"])
    params = {"q": "quokka", "retired": "on"}
    counts = []
    for n in (1, 3):
        Question.objects.filter(text__startswith="Quokka").delete()
        _make(org, n)
        assert client.get(SEARCH, params).content.decode().count("Quokka question") == n
        counts.append(page_queries(SEARCH, params))
    assert counts[0] == counts[1]


def test_suggest_fragment_for_a_stage(client, org):
    _signed_in(client, org["coach"])
    stage = ModelStage.objects.get(model__code="grow", code="reality")
    url = reverse("questionbank:suggest")
    html = client.post(url, {"stage": stage.pk, "goal": "family finding"}).content.decode()
    assert "where are you now in relation to family finding?" in html
    assert stage.guidance in html and "<html" not in html
    empty = client.get(url, {"stage": "999999"}).content.decode()
    assert "No suggested questions" in empty


def test_suggest_ignores_another_agencys_model_stage(client, org):
    south_model = services.model_create(by=org["south_lead"], agency=org["tree"]["south"], name="S")
    stage = services.stage_create(agency=org["tree"]["south"], model=south_model, name="Secret")
    _signed_in(client, org["coach"])
    html = client.get(reverse("questionbank:suggest"), {"stage": stage.pk}).content.decode()
    assert "Secret" not in html


def test_lead_edits_a_builtin_question_as_an_agency_copy(client, org):
    _signed_in(client, org["lead"])
    original = Question.objects.get(builtin_key="clear-focus")
    url = reverse("questionbank:question_edit", args=[original.pk])
    page = client.get(url).content.decode()
    assert "the original stays as it is" in page
    response = client.post(
        url,
        {
            "text": "Where shall we start today?",
            "category": "model_stage",
            "tags": "focus",
            "base_version": "0",  # the agency has no copy of it yet
        },
    )
    assert response.status_code == 302
    original.refresh_from_db()
    assert original.text == "What in particular should we focus on?"
    copy = Question.objects.get(replaces=original)
    assert copy.text == "Where shall we start today?" and copy.agency == org["tree"]["north"]
    follow = client.get(SEARCH, {"q": "start today"}).content.decode()
    assert "Your agency" in follow


def test_bad_input_keeps_what_was_typed(client, org):
    _signed_in(client, org["lead"])
    response = client.post(
        reverse("questionbank:question_new"),
        {"text": "", "category": "purpose", "tags": "kept-tag, another", "source": "our guide"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Please fix 1 problem" in html
    assert 'value="kept-tag, another"' in html and 'value="our guide"' in html


def test_lead_retires_and_restores_a_question(client, org):
    _signed_in(client, org["lead"])
    builtin = Question.objects.get(builtin_key="clear-focus")
    client.post(reverse("questionbank:question_retire", args=[builtin.pk]))
    copy = Question.objects.get(replaces=builtin)
    assert copy.retired
    assert "What in particular should we focus on?" not in client.get(SEARCH).content.decode()
    shown = client.get(SEARCH, {"q": "particular", "retired": "on"}).content.decode()
    assert "Retired" in shown and "Bring back" in shown
    client.post(reverse("questionbank:question_unretire", args=[copy.pk]))
    copy.refresh_from_db()
    assert not copy.retired
    # The coach in the same agency sees it again; a south coach never saw it go.
    _signed_in(client, org["coach"])
    assert "What in particular" in client.get(SEARCH, {"q": "particular"}).content.decode()


def test_lead_adds_a_model_and_its_stages(client, org):
    _signed_in(client, org["lead"])
    response = client.post(reverse("questionbank:model_new"), {"name": "Check-in model"})
    model = CoachingModel.objects.get(name="Check-in model")
    assert response["Location"] == reverse("questionbank:stage_new", args=[model.pk])
    client.post(response["Location"], {"name": "Arrive", "guidance": "Settle in.", "another": "1"})
    client.post(response["Location"], {"name": "Plan"})
    assert [s.name for s in model.stages.all()] == ["Arrive", "Plan"]
    listing = client.get(reverse("questionbank:model_list")).content.decode()
    assert "Check-in model" in listing and "Settle in." in listing
    assert client.get(reverse("questionbank:model_edit", args=[model.pk])).status_code == 200
    grow = CoachingModel.objects.get(code="grow")
    assert client.get(reverse("questionbank:model_edit", args=[grow.pk])).status_code == 403
    # South's coach never sees North's model.
    _signed_in(client, org["south_coach"])
    assert "Check-in model" not in client.get(reverse("questionbank:model_list")).content.decode()


def test_model_list_costs_the_same_queries_for_one_or_three_models(client, org, page_queries):
    _signed_in(client, org["lead"])
    north = org["tree"]["north"]
    url = reverse("questionbank:model_list")
    counts = []
    for n in (1, 3):
        CoachingModel.objects.filter(name__startswith="Wombat").delete()
        for i in range(n):
            model = services.model_create(by=org["lead"], agency=north, name=f"Wombat {i}")
            services.stage_create(agency=north, model=model, name="One")
            services.stage_create(agency=north, model=model, name="Two")
        headings = client.get(url).content.decode().count('">Wombat ')  # <h2 id="model-…">
        assert headings == n
        counts.append(page_queries(url))
    assert counts[0] == counts[1]


def test_suggest_costs_the_same_queries_for_few_or_many_matches(client, org, page_queries):
    _signed_in(client, org["coach"])
    url = reverse("questionbank:suggest")
    stage = ModelStage.objects.get(model__code="grow", code="wrap-up")
    counts = [
        page_queries(url, {"stage": stage.pk, "focus": focus})
        for focus in ("zebra", "action plan support")
    ]
    assert counts[0] == counts[1]


def test_the_bank_shows_placeholders_as_words_never_braces(client, org):
    _signed_in(client, org["coach"])
    page = client.get(SEARCH, {"q": "watch demonstrated"}).content.decode()
    assert "When you watch this skill demonstrated" in page
    assert "In a session, Tandem fills in the skill being practised." in page
    assert "{skill}" not in page and "{goal}" not in page


def test_the_tag_filter_reads_as_words_with_counts_and_filters_as_one_types(client, org):
    _signed_in(client, org["coach"])
    page = client.get(SEARCH).content.decode()
    tag_select = page.split('<div class="usa-combo-box"><select', 1)[1].split("</select>", 1)[0]
    assert 'name="tag"' in tag_select
    assert '<option value="engagement">engagement (' in tag_select
    assert '<option value="change-talk">change talk (' in tag_select
    assert ">change-talk" not in page  # on the questions' own tags too
