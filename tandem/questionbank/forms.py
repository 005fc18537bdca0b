"""Forms for searching the question bank and for program leads' edits."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.questionbank.models import Category, CoachingModel, ModelStage
from tandem.questionbank.templatetags.questions import tag_in_words
from tandem.ui.forms import UswdsFormMixin
from tandem.ui.locking import VersionedFormMixin


def stage_choices(models: list[CoachingModel]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Stages grouped by model, for a select with optgroups (models' stages prefetched)."""
    return [(m.name, [(str(s.pk), s.name) for s in m.stages.all()]) for m in models]


class QuestionSearchForm(UswdsFormMixin, forms.Form):
    q = forms.CharField(
        label="Words",
        required=False,
        max_length=200,
        help_text="Matches the question's words and its tags.",
    )
    category = forms.ChoiceField(
        label="Category", required=False, choices=[("", "Any category"), *Category.choices]
    )
    tag = forms.ChoiceField(label="Tag", required=False)
    model = forms.ChoiceField(label="Coaching model", required=False)
    stage = forms.ChoiceField(label="Model stage", required=False)
    retired = forms.BooleanField(label="Include retired questions", required=False)

    def __init__(
        self,
        *args: Any,
        models: list[CoachingModel],
        tags: list[tuple[str, int]],
        show_retired: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.models = models
        choices: dict[str, list[Any]] = {
            # Slugs read as words ("open-question" is "open question"), with how many
            # questions each marks; the field filters as one types (a USWDS combo box).
            "tag": [("", "Any tag"), *((t, f"{tag_in_words(t)} ({n})") for t, n in tags)],
            "model": [("", "Any model"), *((str(m.pk), m.name) for m in models)],
            "stage": [("", "Any stage"), *stage_choices(models)],
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options
        if not show_retired:
            del self.fields["retired"]

    def option_groups(self, name: str) -> list[tuple[str, list[tuple[str, str, bool]]]]:
        """A select's options as (group label, [(value, label, selected)]) for the template.

        Django renders each option through a template, which costs tens of milliseconds for
        a long list; the page renders these selects with one loop instead.
        """
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        current = str(self[name].value() or "")
        groups: list[tuple[str, list[tuple[str, str, bool]]]] = []
        choices: list[Any] = list(field.choices)  # type: ignore[arg-type]
        for value, label in choices:
            if isinstance(label, (list, tuple)):
                options = [(str(v), str(lab), str(v) == current) for v, lab in label]
                groups.append((str(value), options))
            else:
                groups.append(("", [(str(value), str(label), str(value) == current)]))
        return groups

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        by_pk = {str(m.pk): m for m in self.models}
        stages = {str(s.pk): s for m in self.models for s in m.stages.all()}
        return {
            "query": data["q"],
            "category": data["category"],
            "tag": data["tag"],
            "model": by_pk.get(data["model"]),
            "stage": stages.get(data["stage"]),
            "include_retired": bool(data.get("retired")),
        }


class QuestionForm(VersionedFormMixin, UswdsFormMixin, forms.Form):
    text = forms.CharField(
        label="Question",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=(
            "Write it as you would ask it. Placeholders filled from the session: {learner}, "
            "{skill}, {goal}, {focus}, {topic}, {behavior}."
        ),
    )
    category = forms.ChoiceField(label="Category", choices=Category.choices)
    tags = forms.CharField(
        label="Tags",
        required=False,
        max_length=400,
        help_text="Separate with commas, for example: safety, engagement, visits.",
    )
    stages = forms.MultipleChoiceField(
        label="Model stages",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text="Suggest this question at these stages. Hold Ctrl or Cmd to pick several.",
    )
    source = forms.CharField(
        label="Source",
        required=False,
        max_length=300,
        help_text="Where the idea comes from, if anywhere.",
    )

    def __init__(self, *args: Any, models: list[CoachingModel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stages = self.fields["stages"]
        assert isinstance(stages, forms.MultipleChoiceField)
        stages.choices = stage_choices(models)
        self._stages = {str(s.pk): s for m in models for s in m.stages.all()}

    def chosen_stages(self) -> list[ModelStage]:
        return [
            self._stages[pk] for pk in self.cleaned_data.get("stages", []) if pk in self._stages
        ]


class CoachingModelForm(VersionedFormMixin, UswdsFormMixin, forms.Form):
    name = forms.CharField(label="Name", max_length=120)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    source = forms.CharField(label="Source", required=False, max_length=300)
    retired = forms.BooleanField(
        label="Retired (no longer offered for new sessions)", required=False
    )


class StageForm(VersionedFormMixin, UswdsFormMixin, forms.Form):
    name = forms.CharField(label="Stage name", max_length=120)
    guidance = forms.CharField(
        label="Guidance for coaches",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
