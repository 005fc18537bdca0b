from __future__ import annotations

from typing import Any

from django import forms

from tandem.coaching.models import CoachingSession, Engagement, Note
from tandem.coaching.services import SESSION_MINUTES, SETTABLE_KINDS
from tandem.ui.forms import UswdsFormMixin
from tandem.ui.locking import VersionedFormMixin


class NoteForm(UswdsFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Kind of note")
    body = forms.CharField(
        label="Text of the note",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20_000,
        help_text="Do not write names or other details that identify a child or family.",
    )

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Note.Kind.choices)
        choices = [(kind, labels[kind]) for kind in kinds]
        self.fields["kind"].choices = choices  # type: ignore[attr-defined]


class SessionForm(UswdsFormMixin, forms.Form):
    """Schedule a session (coach or learner) or record one (coach only: held or missed).

    Fields that do not apply to the engagement's kind are left out: the role only for a
    supervisor as coach, the Resilience Alliance fields only for supportive supervision."""

    starts_at = forms.DateTimeField(
        label="Date and time",
        help_text="For example: 2026-11-23 14:30",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    duration_minutes = forms.IntegerField(
        label="Length (minutes)", min_value=5, max_value=480, initial=60
    )
    purpose = forms.ChoiceField(label="Kind of meeting", choices=CoachingSession.Purpose.choices)
    modality = forms.ChoiceField(
        label="How you meet",
        choices=CoachingSession.Modality.choices,
        required=False,
        initial=CoachingSession.Modality.IN_PERSON,
    )
    place = forms.CharField(
        label="Place or link",
        required=False,
        max_length=300,
        help_text="A room, an address or a video-call link. Only you two see it.",
    )
    role = forms.ChoiceField(
        label="This meeting is",
        choices=CoachingSession.Role.choices,
        widget=forms.RadioSelect,
        help_text="Keep coaching apart from supervision: declare which one this meeting is.",
        error_messages={"required": "Say whether this meeting is coaching or supervision."},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=CoachingSession.Status.choices,
        required=False,
        initial=CoachingSession.Status.SCHEDULED,
    )
    resilience_sessions = forms.CharField(
        label="Resilience Alliance sessions attended so far",
        required=False,
        max_length=300,
        help_text="For example: sessions 1 to 4.",
    )
    resilience_tools = forms.CharField(
        label="Tools tried since the last session",
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        engagement: Engagement,
        records: bool,
        declares_role: bool,
        default_minutes: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if default_minutes:
            self.fields["duration_minutes"].initial = default_minutes
        if engagement.kind == Engagement.Kind.SUPPORTIVE_SUPERVISION:
            self.fields["duration_minutes"].help_text = "At least 15 minutes."
        else:
            del self.fields["resilience_sessions"], self.fields["resilience_tools"]
        if not declares_role:
            del self.fields["role"]
        if records:
            choices = [
                c
                for c in CoachingSession.Status.choices
                if c[0] != CoachingSession.Status.CANCELLED
            ]
            self.fields["status"].choices = choices  # type: ignore[attr-defined]
        else:
            del self.fields["status"]

    def session_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["status"] = data.get("status") or CoachingSession.Status.SCHEDULED
        data.setdefault("role", "")
        data["modality"] = data.get("modality") or CoachingSession.Modality.IN_PERSON
        return data


class RescheduleForm(VersionedFormMixin, UswdsFormMixin, forms.Form):
    """A session's new time and place, with the session's `sequence` when the form opened."""

    starts_at = forms.DateTimeField(
        label="New date and time",
        help_text="For example: 2026-11-23 14:30",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    duration_minutes = forms.IntegerField(label="Length (minutes)", min_value=5, max_value=480)
    modality = forms.ChoiceField(label="How you meet", choices=CoachingSession.Modality.choices)
    place = forms.CharField(label="Place or link", required=False, max_length=300)


class CancelForm(UswdsFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What happened",
        widget=forms.RadioSelect,
        choices=[
            (CoachingSession.Status.CANCELLED, "The session is cancelled"),
            (CoachingSession.Status.NO_SHOW, "The session was missed (no-show)"),
        ],
    )

    def __init__(self, *args: Any, coach: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not coach:
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                (CoachingSession.Status.CANCELLED, "The session is cancelled")
            ]
        self.fields["kind"].initial = CoachingSession.Status.CANCELLED


class HeldForm(UswdsFormMixin, forms.Form):
    """Record that a scheduled session took place (coach only): how long it lasted, and for a
    supervisor as coach whose session was scheduled without one, whether it was coaching or
    supervision."""

    duration_minutes = forms.IntegerField(
        label="How long it lasted (minutes)",
        min_value=SESSION_MINUTES[0],
        max_value=SESSION_MINUTES[1],
        help_text="The planned length is filled in. Change it if the session was shorter or "
        "longer.",
    )
    role = forms.ChoiceField(
        label="This meeting was",
        choices=CoachingSession.Role.choices,
        widget=forms.RadioSelect,
        help_text="Keep coaching apart from supervision: declare which one this meeting was.",
        error_messages={"required": "Say whether this meeting was coaching or supervision."},
    )

    def __init__(self, *args: Any, asks_role: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not asks_role:
            del self.fields["role"]


class EngagementSettingsForm(VersionedFormMixin, UswdsFormMixin, forms.Form):
    """Purpose, coaching model, focus and kind of an engagement (coach or learner).

    The kind is left out for peer coaching: peer pairs are created together as two mirrored
    engagements (on the peer coaching page), so neither side turns into, or out of, peer
    coaching here; instead the pair says whether they give each other feedback."""

    purpose = forms.ChoiceField(
        label="Purpose of the coaching",
        choices=Engagement.Purpose.choices,
        widget=forms.RadioSelect,
        # Seed 003 l.4990-5000, in our words.
        help_text="Skills: learn one specific practice skill. Performance: set and work toward "
        "goals, such as engaging families. Development: shape your own way of leading.",
    )
    model = forms.ChoiceField(
        label="Coaching model",
        required=False,
        help_text="The session record follows the stages of this model.",
    )
    focus = forms.CharField(
        label="Focus",
        required=False,
        max_length=200,
        help_text="The learner's focus, in a few words. No names of children or families.",
    )
    kind = forms.ChoiceField(
        label="Kind of coaching",
        widget=forms.RadioSelect,
        help_text="Peer coaching is not offered here: two colleagues who coach each other are "
        "set up as a pair on the peer coaching page, by a program lead or by the two of them.",
    )
    peer_feedback = forms.BooleanField(
        label="We give each other feedback",
        required=False,
        help_text="Peer coaching may leave feedback out. This applies to both sides of the pair.",
    )

    def __init__(
        self, *args: Any, engagement: Engagement, models: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = [("", "None chosen (the skills-based model is used)")]
        for model in models:
            stages = ", ".join(stage.name for stage in model.stages.all())
            choices.append((str(model.pk), f"{model.name} ({stages})" if stages else model.name))
        offered = {c[0] for c in choices}
        # A retired model still in use stays selectable (read only when it is not offered).
        current = engagement.model if str(engagement.model_id or "") not in offered else None
        if current is not None:
            choices.append((str(current.pk), f"{current.name} (no longer offered)"))
        self.fields["model"].choices = choices  # type: ignore[attr-defined]
        if engagement.kind == Engagement.Kind.PEER:
            del self.fields["kind"]
        else:
            del self.fields["peer_feedback"]
            labels = dict(Engagement.Kind.choices)
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                (kind.value, labels[kind]) for kind in SETTABLE_KINDS
            ]

    def settings_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        model = data.pop("model", "")
        data["model_id"] = int(model) if model else None
        return data


class MemberAddForm(UswdsFormMixin, forms.Form):
    email = forms.EmailField(
        label="Work email of the person to add",
        max_length=254,
        help_text="A staff member of the learner's agency.",
    )


class PeerProposalForm(UswdsFormMixin, forms.Form):
    """A peer asks a colleague to coach each other."""

    email = forms.EmailField(
        label="Work email of the colleague",
        max_length=254,
        help_text="A colleague in your agency, not your supervisor or someone you supervise.",
    )
    focus = forms.CharField(
        label="What you would like to work on (optional)",
        required=False,
        max_length=200,
        help_text="In a few words. No names of children or families.",
    )
    peer_feedback = forms.BooleanField(
        label="We give each other feedback",
        required=False,
        help_text="Peer coaching may leave feedback out; you can change this later.",
    )


class PeerPairForm(UswdsFormMixin, forms.Form):
    """A program lead sets up two colleagues as a peer pair."""

    first_email = forms.EmailField(label="Work email of the first peer", max_length=254)
    second_email = forms.EmailField(label="Work email of the second peer", max_length=254)
    purpose = forms.ChoiceField(
        label="Purpose of the coaching",
        choices=Engagement.Purpose.choices,
        initial=Engagement.Purpose.SKILLS,
        widget=forms.RadioSelect,
    )
    focus = forms.CharField(
        label="Focus (optional)",
        required=False,
        max_length=200,
        help_text="In a few words. No names of children or families.",
    )
    peer_feedback = forms.BooleanField(
        label="They give each other feedback",
        required=False,
        help_text="Peer coaching may leave feedback out; the pair can change this later.",
    )
