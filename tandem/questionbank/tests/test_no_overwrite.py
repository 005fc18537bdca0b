"""No silent overwrite in the question bank (docs/RELIABILITY.md): two editors of one agency
open the same question, coaching model or stage; the second save answers 409 with both
versions, the first change stays, and the second editor's words stay in the form. A shared
question is saved as the agency's copy: two editors starting from the original make one copy,
and the second is shown the first one's."""

from __future__ import annotations

from django.urls import reverse

from tandem.people.models import Role
from tandem.people.tests.factories import person_with_account
from tandem.questionbank import services
from tandem.questionbank.models import ModelStage, Question
from tandem.ui.tests.helpers import as_posted, conflict_sides


def _two_tabs(client, org, url):
    client.force_login(org["lead"].user)
    return client.get(url).context["form"], client.get(url).context["form"]


def test_two_editors_of_a_shared_question_make_one_copy_and_never_overwrite(client, org):
    original = Question.objects.get(builtin_key="clear-focus")
    url = reverse("questionbank:question_edit", args=[original.pk])
    client.force_login(org["lead"].user)
    first_form = client.get(url).context["form"]
    colleague = person_with_account(roles=(Role.PROGRAM_LEAD,), org_unit=org["tree"]["north"])
    client.force_login(colleague.user)
    second_form = client.get(url).context["form"]
    assert first_form["base_version"].value() == 0  # the agency has no copy yet

    client.force_login(org["lead"].user)
    assert client.post(url, as_posted(first_form, text="LEAD-ONE words")).status_code == 302
    client.force_login(colleague.user)
    page = client.post(url, as_posted(second_form, text="LEAD-TWO words"))

    assert page.status_code == 409
    theirs, yours = conflict_sides(page.content.decode())
    assert ("LEAD-ONE words" in theirs, "LEAD-TWO words" in yours) == (True, True)
    copies = Question.objects.filter(replaces=original)
    assert [(q.text, q.version) for q in copies] == [("LEAD-ONE words", 1)]
    form = page.context["form"]
    assert (form["text"].value(), form["base_version"].value()) == ("LEAD-TWO words", "1")


def test_two_tabs_on_an_agency_question_never_overwrite_each_other(client, org):
    own = services.question_create(
        by=org["lead"], agency=org["tree"]["north"], text="What went well?", category="purpose"
    )
    url = reverse("questionbank:question_edit", args=[own.pk])
    tab_one, tab_two = _two_tabs(client, org, url)

    assert client.post(url, as_posted(tab_one, text="TAB-ONE well")).status_code == 302
    page = client.post(url, as_posted(tab_two, source="TAB-TWO our guide"))

    assert page.status_code == 409
    assert Question.objects.get(pk=own.pk).text == "TAB-ONE well"
    assert page.context["form"]["source"].value() == "TAB-TWO our guide"


def test_retiring_a_question_makes_an_open_edit_form_stale(client, org):
    own = services.question_create(
        by=org["lead"], agency=org["tree"]["north"], text="What went well?", category="purpose"
    )
    url = reverse("questionbank:question_edit", args=[own.pk])
    opened, _ = _two_tabs(client, org, url)
    client.post(reverse("questionbank:question_retire", args=[own.pk]))
    assert client.post(url, as_posted(opened, text="Edited")).status_code == 409
    own.refresh_from_db()
    assert (own.retired, own.text) == (True, "What went well?")


def test_two_tabs_on_a_coaching_model_and_its_stage_never_overwrite_each_other(client, org):
    north = org["tree"]["north"]
    model = services.model_create(by=org["lead"], agency=north, name="Our model")
    stage = services.stage_create(agency=north, model=model, name="Check in")

    url = reverse("questionbank:model_edit", args=[model.pk])
    tab_one, tab_two = _two_tabs(client, org, url)
    assert client.post(url, as_posted(tab_one, name="TAB-ONE model")).status_code == 302
    page = client.post(url, as_posted(tab_two, description="TAB-TWO description"))
    assert page.status_code == 409
    theirs, yours = conflict_sides(page.content.decode())
    assert ("TAB-ONE model" in theirs, "TAB-TWO description" in yours) == (True, True)

    url = reverse("questionbank:stage_edit", args=[stage.pk])
    tab_one, tab_two = _two_tabs(client, org, url)
    assert client.post(url, as_posted(tab_one, guidance="TAB-ONE guidance")).status_code == 302
    page = client.post(url, as_posted(tab_two, name="TAB-TWO name"))
    assert page.status_code == 409
    assert ModelStage.objects.get(pk=stage.pk).guidance == "TAB-ONE guidance"
    assert page.context["form"]["name"].value() == "TAB-TWO name"
