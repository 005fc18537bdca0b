"""The filters every evaluation page shares: where, when, which cohort, which kind of coaching.

Filters arrive in the query string (a GET form), so a filtered page can be bookmarked and its
CSV downloads carry the same filters. Bad input never fails the page: the form says what is
wrong and the figures fall back to the defaults (the last twelve months, the whole scope).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from tandem.coaching.models import Engagement
from tandem.enrollment.models import Campaign
from tandem.people.models import CoachProfile, OrgUnit
from tandem.privacy.aggregates import (
    EvaluationScope,
    requests_evaluated,
    units_offered,
    units_to_evaluate,
)
from tandem.questionbank.models import CoachingModel
from tandem.ui.forms import UswdsFormMixin

DEFAULT_DAYS = 365

# Who coaches: the coach's profile for internal and external coaches, the engagement's kind for
# peers and supervisors as coach (their coaching is defined by the relationship, not a profile).
COACH_TYPES = (
    ("internal", "Internal coach"),
    ("external", "External (contracted) coach"),
    ("peer", "Peer coach"),
    ("supervisor", "Supervisor as coach"),
)
_COACH_TYPE_Q = {
    "internal": Q(coach__coach_profile__coach_type=CoachProfile.CoachType.INTERNAL)
    & ~Q(kind__in=[Engagement.Kind.PEER, Engagement.Kind.SUPERVISOR_AS_COACH]),
    "external": Q(coach__coach_profile__coach_type=CoachProfile.CoachType.EXTERNAL)
    & ~Q(kind__in=[Engagement.Kind.PEER, Engagement.Kind.SUPERVISOR_AS_COACH]),
    "peer": Q(kind=Engagement.Kind.PEER),
    "supervisor": Q(
        kind__in=[Engagement.Kind.SUPERVISOR_AS_COACH, Engagement.Kind.SUPPORTIVE_SUPERVISION]
    ),
}


class EvaluationFilterForm(UswdsFormMixin, forms.Form):
    unit = forms.ModelChoiceField(
        label="Organization",
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="All of my scope",
        help_text="Choose a county or office and show the figures: the list then offers the "
        "units within it.",
    )
    start = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    campaign = forms.ModelChoiceField(
        label="Cohort or campaign",
        queryset=Campaign.objects.none(),
        required=False,
        empty_label="Any",
    )
    coach_type = forms.ChoiceField(
        label="Coach type", choices=[("", "Any"), *COACH_TYPES], required=False
    )
    model = forms.ModelChoiceField(
        label="Coaching model",
        queryset=CoachingModel.objects.none(),
        required=False,
        empty_label="Any",
    )
    kind = forms.ChoiceField(
        label="Kind of coaching", choices=[("", "Any"), *Engagement.Kind.choices], required=False
    )

    def __init__(self, *args: Any, scope: EvaluationScope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units: Any = self.fields["unit"]
        units.queryset = units_to_evaluate(scope)  # any of them may be chosen (or bookmarked)
        units.choices = [
            ("", units.empty_label),
            *(
                (unit.pk, "\u2003" * (unit.depth - 1) + unit.name)
                for unit in units_offered(scope, self._unit_chosen(scope))
            ),
        ]
        campaigns: Any = self.fields["campaign"]
        # Cohorts and campaigns some learner in the scope answered, whatever their own scope.
        campaigns.queryset = Campaign.objects.filter(
            pk__in=requests_evaluated(scope).values("campaign")
        ).order_by("-opens_on", "name")
        if not self.is_bound:  # show the period the figures use
            today = timezone.localdate()
            self.initial.update(start=today - timedelta(days=DEFAULT_DAYS), end=today)
        models: Any = self.fields["model"]
        models.queryset = CoachingModel.objects.order_by("name")

    def _unit_chosen(self, scope: EvaluationScope) -> OrgUnit | None:
        raw = self.data.get("unit", "") if self.is_bound else ""
        if not str(raw).isdigit():
            return None
        return units_to_evaluate(scope).filter(pk=int(raw)).first()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "The end of the period comes before its start.")
        return data


@dataclass(frozen=True)
class Filters:
    """The filters as applied: always a full period, the scope narrowed to the chosen unit."""

    scope: EvaluationScope
    start: date
    end: date
    campaign: Campaign | None = None
    coach_type: str = ""
    model: CoachingModel | None = None
    kind: str = ""
    period_given: bool = True  # False: the default period, the twelve months up to today

    @staticmethod
    def period_text(start: date, end: date) -> str:
        return f"{start:%b %-d, %Y} to {end:%b %-d, %Y}"

    @property
    def period_label(self) -> str:
        return self.period_text(self.start, self.end)

    def engagements(self, queryset: QuerySet[Engagement]) -> QuerySet[Engagement]:
        """`queryset` narrowed by cohort, coach type, model and kind (not by period)."""
        if self.campaign is not None:
            queryset = queryset.filter(request__campaign=self.campaign)
        if self.coach_type:
            queryset = queryset.filter(_COACH_TYPE_Q[self.coach_type])
        if self.model is not None:
            queryset = queryset.filter(model=self.model)
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        return queryset

    def active_in_period(self) -> Q:
        """Engagements that were going on at some point in the period."""
        return Q(started_on__isnull=False, started_on__lte=self.end) & (
            Q(ended_on__isnull=True) | Q(ended_on__gte=self.start)
        )

    @property
    def narrows_engagements(self) -> bool:
        return bool(self.coach_type or self.model or self.kind)

    def labels(self) -> dict[str, str]:
        """The filters in words, as a research export and its audit row state them."""
        return {
            "Organization": self.scope.label,
            "Period": f"{self.start.isoformat()} to {self.end.isoformat()}",
            "Cohort or campaign": self.campaign.name if self.campaign else "Any",
            "Coach type": dict(COACH_TYPES).get(self.coach_type, "Any"),
            "Coaching model": self.model.name if self.model else "Any",
            "Kind of coaching": str(dict(Engagement.Kind.choices).get(self.kind, "Any")),
        }

    def query_string(self) -> str:
        parts = {
            "unit": self.scope.unit.pk if self.scope.unit else "",
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "campaign": self.campaign.pk if self.campaign else "",
            "coach_type": self.coach_type,
            "model": self.model.pk if self.model else "",
            "kind": self.kind,
        }
        return urlencode({k: v for k, v in parts.items() if v != ""})


def filters_from(form: EvaluationFilterForm, scope: EvaluationScope) -> Filters:
    """The filters to apply: what the form says where valid, the defaults elsewhere."""
    today = timezone.localdate()
    data = form.cleaned_data if form.is_valid() else {}
    end = data.get("end") or today
    start = data.get("start") or end - timedelta(days=DEFAULT_DAYS)
    if start > end:
        start, end = end - timedelta(days=DEFAULT_DAYS), end
    return Filters(
        scope=scope.narrowed(data.get("unit")),
        start=start,
        end=end,
        campaign=data.get("campaign"),
        coach_type=data.get("coach_type") or "",
        model=data.get("model"),
        kind=data.get("kind") or "",
        period_given=bool(data.get("start") or data.get("end")),
    )
