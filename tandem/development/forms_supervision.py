"""Forms for coach supervision: assigning a coach supervisor, booking and recording a
session, bringing a situation (with the identifier warning) and a program's cadence."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from tandem.development.models import ProgramSettings, SupervisionSession
from tandem.development.services_supervision import CadenceChoice, SessionRecord
from tandem.people.models import Person
from tandem.privacy.identifiers import IdentifierCheckedForm
from tandem.questionbank.models import CoachingModel
from tandem.ui.forms import UswdsFormMixin
from tandem.ui.locking import VersionedFormMixin


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} ({obj.org_unit.name})" if obj.org_unit_id else obj.full_name


class AssignForm(UswdsFormMixin, forms.Form):
    supervisor = PersonChoice(
        label="Coach supervisor",
        queryset=Person.objects.none(),
        empty_label="Choose a coach supervisor",
        help_text="Someone outside the coach's line of management: Tandem refuses the coach's "
        "line manager or anyone above them.",
    )
    # The assignment the lead saw as current when the page opened ("" for none).
    replacing = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, candidates: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = candidates  # type: ignore[attr-defined]


SCHEDULE_WHEN = forms.DateTimeField(
    label="Date and time",
    help_text="For example: 2026-11-23 14:30",
    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
)


class CoachChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class ScheduleForm(UswdsFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Kind of supervision",
        choices=SupervisionSession.Kind.choices,
        widget=forms.RadioSelect,
        initial=SupervisionSession.Kind.INDIVIDUAL,
    )
    coaches = CoachChoices(
        label="Coaches",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="One coach for individual supervision, two or more for group supervision.",
    )
    starts_at = SCHEDULE_WHEN
    duration_minutes = forms.IntegerField(
        label="Length (minutes)", min_value=5, max_value=480, initial=60
    )
    place = forms.CharField(
        label="Place or link",
        required=False,
        max_length=300,
        help_text="A room or a video-call link. Only the coaches invited and you see it.",
    )

    def __init__(self, *args: Any, coaches: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coaches"].queryset = coaches  # type: ignore[attr-defined]


class RecordForm(VersionedFormMixin, UswdsFormMixin, forms.Form):
    starts_at = forms.DateTimeField(
        label="Date and time",
        help_text="For example: 2026-11-23 14:30",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(label="Length (minutes)", min_value=5, max_value=480)
    place = forms.CharField(label="Place or link", required=False, max_length=300)
    status = forms.ChoiceField(
        label="The session", choices=SupervisionSession.Status.choices, widget=forms.RadioSelect
    )
    attended = forms.MultipleChoiceField(
        label="Who came",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For a session that was held.",
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Only the coaches in this session and you read them.",
    )
    next_steps = forms.CharField(
        label="Next steps", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, session: SupervisionSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [  # type: ignore[attr-defined]
            (str(seat.coach_id), seat.coach.full_name) for seat in session.attendees.all()
        ]

    @staticmethod
    def initial_from(session: SupervisionSession) -> dict[str, Any]:
        return {
            "starts_at": timezone.localtime(session.starts_at),
            "duration_minutes": session.duration_minutes,
            "place": session.place,
            "status": session.status,
            "attended": [str(s.coach_id) for s in session.attendees.all() if s.attended],
            "notes": session.notes,
            "next_steps": session.next_steps,
        }

    def record(self) -> SessionRecord:
        data = self.cleaned_data
        return SessionRecord(
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            place=data["place"],
            status=data["status"],
            attended_ids=frozenset(int(pk) for pk in data["attended"]),
            notes=data["notes"],
            next_steps=data["next_steps"],
        )


class ConsultationForm(UswdsFormMixin, IdentifierCheckedForm):
    identifier_checked_fields = ("situation", "learning")

    situation = forms.CharField(
        label="The coaching situation",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What happened and what you would like to think through. Leave out names, "
        "case numbers, dates of birth, addresses and anything else that could identify the "
        "learner, a child or a family.",
    )
    learning = forms.CharField(
        label="What you take from it (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="You can add this after the discussion.",
    )


class ProgramSettingsForm(VersionedFormMixin, UswdsFormMixin, forms.Form):
    supervision_every_days = forms.IntegerField(
        label="Days between supervision sessions for each coach",
        min_value=1,
        max_value=120,
        help_text="Biweekly supervision is 14.",
    )
    supervision_pattern = forms.ChoiceField(
        label="Kind of supervision",
        choices=ProgramSettings.Pattern.choices,
        widget=forms.RadioSelect,
    )
    remind_days_before = forms.IntegerField(
        label="Remind the coach and coach supervisor this many days before supervision is due",
        min_value=0,
        max_value=30,
    )
    competency_every_months = forms.IntegerField(
        label="Months between competency ratings", min_value=1, max_value=36
    )
    required_models = forms.ModelMultipleChoiceField(
        label="Coaching models a new coach is trained in before taking learners",
        queryset=CoachingModel.objects.filter(retired=False).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    @staticmethod
    def initial_from(settings: ProgramSettings | None) -> dict[str, Any]:
        settings = settings or ProgramSettings()
        return {
            "supervision_every_days": settings.supervision_every_days,
            "supervision_pattern": settings.supervision_pattern,
            "remind_days_before": settings.remind_days_before,
            "competency_every_months": settings.competency_every_months,
            "required_models": list(settings.required_models.all()) if settings.pk else [],
        }

    def choice(self) -> CadenceChoice:
        data = self.cleaned_data
        return CadenceChoice(
            supervision_every_days=data["supervision_every_days"],
            supervision_pattern=data["supervision_pattern"],
            remind_days_before=data["remind_days_before"],
            competency_every_months=data["competency_every_months"],
            required_models=tuple(data["required_models"]),
        )
