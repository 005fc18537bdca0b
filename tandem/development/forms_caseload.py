"""Forms of the caseload area: the workload view's filter, and asking for an observation of a
coach's session with the Coaching Practices Rating Scale. The rules live in services_fidelity
and administration_assign; these forms offer sensible choices and keep what was typed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from tandem.coaching.models import CoachingSession, Engagement
from tandem.development.selectors_caseload import LIVE, SORTS, coaches_queryset
from tandem.instruments.administration_services import OBSERVABLE
from tandem.people.models import OrgUnit, Person, Role
from tandem.privacy.categories import Category
from tandem.privacy.policy import access_to
from tandem.ui.forms import UswdsFormMixin

# Sessions offered: those of the last four months and the next two.
PAST_DAYS, AHEAD_DAYS = 120, 60


class WorkloadFilterForm(UswdsFormMixin, forms.Form):
    office: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,  # type: ignore[arg-type]
        required=False,
        empty_label="All offices",
        label="Office",
    )
    sort = forms.ChoiceField(choices=list(SORTS.items()), required=False, label="Sort by")

    def __init__(self, *args: Any, offices: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["office"].queryset = offices


class SessionChoiceField(forms.ModelChoiceField):
    """Sessions by kind and outcome, never the learner; the date and time only where the
    privacy policy lets the person asking know them (the agreement shares attendance)."""

    dated: set[int] = set()  # engagements whose session times the person asking may know

    def label_from_instance(self, obj: Any) -> str:
        kind = obj.engagement.get_kind_display()
        status = obj.get_status_display().lower()
        if obj.engagement_id in self.dated:
            when = timezone.localtime(obj.starts_at)
            return f"{when:%a %b %-d, %Y %-I:%M %p} — {kind} ({status})"
        return f"Session no. {obj.pk} — {kind} ({status}); the coach can tell the observer when"


class ObserverChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.org_unit.name})"


class PracticeObservationForm(UswdsFormMixin, forms.Form):
    session = SessionChoiceField(
        queryset=None,  # type: ignore[arg-type]
        label="Session observed",
        help_text="A session of this coach's coaching, held or booked.",
    )
    observer = ObserverChoiceField(
        queryset=None,  # type: ignore[arg-type]
        label="Observer",
        help_text=(
            "Who watches the session and fills in the rating scale: you, another coach (peer "
            "observation) or an observer. Not the coach, and not one of the coach's learners."
        ),
    )
    learner_agreed = forms.BooleanField(
        required=False,
        label="The learner agreed to this session being observed",
        help_text="The coaching agreement asks for the learner's agreement to each observation.",
    )
    due_on = forms.DateField(
        required=False, label="Fill in by", widget=forms.DateInput({"type": "date"})
    )

    def __init__(self, *args: Any, coach: Person, assigner: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        now = timezone.now()
        fields["session"].queryset = (
            CoachingSession.objects.filter(
                engagement__coach=coach,
                engagement__status__in=LIVE,
                status__in=OBSERVABLE,
                starts_at__gte=now - timedelta(days=PAST_DAYS),
                starts_at__lte=now + timedelta(days=AHEAD_DAYS),
            )
            .exclude(engagement__kind=Engagement.Kind.SUPPORTIVE_SUPERVISION)
            .select_related("engagement")
            .order_by("-starts_at", "-pk")
        )
        engagements = list(Engagement.objects.filter(coach=coach, status__in=LIVE))
        fields["session"].dated = {
            pk
            for pk, access in access_to(viewer=assigner, engagements=engagements).items()
            if access.sees(Category.ATTENDANCE)
        }
        fields["observer"].queryset = observers_for(coach=coach, assigner=assigner)
        fields["observer"].initial = assigner.pk


def observers_for(*, coach: Person, assigner: Person) -> QuerySet[Person]:
    """Who may be chosen to observe: the person asking, other coaches in the coach's agency,
    and observers or coach supervisors whose role covers the coach. Not the coach."""
    path = coach.org_unit.path
    agency = path[:8] if len(path) >= 8 else path
    covering = [path[:i] for i in range(4, len(path) + 1, 4)]
    raters = Person.objects.filter(
        role_assignments__role__in=(Role.OBSERVER, Role.COACH_SUPERVISOR),
        role_assignments__scope__path__in=covering,
    ).values("pk")
    peers = coaches_queryset().filter(org_unit__path__startswith=agency).values("pk")
    return (
        Person.objects.filter(is_active=True)
        .filter(Q(pk=assigner.pk) | Q(pk__in=peers) | Q(pk__in=raters))
        .exclude(pk=coach.pk)
        .select_related("org_unit")
        .order_by("last_name", "first_name", "pk")
    )
