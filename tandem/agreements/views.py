"""Agreement pages: draft, edit, send, acknowledge, read any version, compare, print, end."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from tandem.agreements import services
from tandem.agreements.fields import topics_for
from tandem.agreements.forms import AgreementForm, StartForm, agreement_initial
from tandem.agreements.models import Agreement, AgreementTemplate, AgreementVersion, PartyRole
from tandem.agreements.rendering import disclosure_lines, display_value, versions_compare
from tandem.agreements.selectors import (
    agreements_awaiting,
    disclosure_of,
    latest_version,
    leadership_for,
)
from tandem.people.access import person_for
from tandem.privacy.agreements import agreement_access, agreement_read_audit, agreement_roles
from tandem.privacy.categories import Relation
from tandem.privacy.policy import EngagementAccess, engagement_access
from tandem.ui.locking import Conflict, conflict_shown, rebased


class _Context:
    """Who is looking at which agreement, resolved once per request."""

    def __init__(self, request: HttpRequest, pk: int) -> None:
        self.request = request
        self.viewer = person_for(request)
        self.agreement = get_object_or_404(
            Agreement.objects.select_related(
                "engagement__learner", "engagement__coach", "template"
            ),
            pk=pk,
        )
        access = agreement_access(viewer=self.viewer, agreement=self.agreement)
        self.roles = access.roles
        self.access: EngagementAccess | None = access.engagement
        self.is_participant = access.is_participant
        self.reads_text = access.reads_text

    def require_text(self) -> None:
        if not self.reads_text:
            raise PermissionDenied(
                "This agreement has ended, or you have left the group it covers: its text "
                "stays with the coach and the learners."
            )

    def audit_read(self, version: AgreementVersion) -> None:
        agreement_read_audit(
            viewer=self.viewer,
            agreement=self.agreement,
            roles=self.roles,
            version_id=version.pk,
            via=f"{self.request.method} {self.request.path}",
        )


def _version_view(version: AgreementVersion, kind: str) -> dict[str, Any]:
    content = version.content
    acks = {(a.role, a.person_id): a for a in version.acknowledgments.select_related("person")}
    parties = list(version.parties.select_related("person"))
    for party in parties:
        # By role and person: a group agreement names every member in the member role.
        party.ack = acks.get((party.role, party.person_id))  # type: ignore[attr-defined]
    return {
        "version": version,
        "topics": [
            (topic, [(f.label, display_value(f, content.get(f.key))) for f in fields])
            for topic, fields in topics_for(kind)
        ],
        "disclosure": disclosure_lines(disclosure_of(version=version)),
        "parties": parties,
    }


def _facts(ctx: _Context) -> dict[str, Any]:
    """What a former party keeps of an ended agreement: that they were a party, and the dates."""
    versions = ctx.agreement.versions.order_by("number")
    return {
        "agreement": ctx.agreement,
        "my_roles": sorted(PartyRole(role).label for role in ctx.roles),
        "first_in_force": next((v.in_force_at for v in versions if v.in_force_at), None),
    }


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    mine = (
        Agreement.objects.filter(versions__parties__person=viewer)
        .select_related("engagement__learner", "engagement__coach")
        .distinct()
    )
    return render(
        request,
        "agreements/mine.html",
        {"awaiting": agreements_awaiting(person=viewer), "agreements": mine},
    )


@login_required
def for_engagement(request: HttpRequest, engagement_pk: int) -> HttpResponse:
    viewer = person_for(request)
    access = engagement_access(viewer=viewer, engagement_id=engagement_pk)
    agreement = Agreement.objects.filter(engagement_id=engagement_pk).first()
    if agreement is not None and (
        access.is_participant or agreement_roles(viewer=viewer, agreement_id=agreement.pk)
    ):
        return redirect("agreements:detail", pk=agreement.pk)
    if not access.is_participant:
        raise PermissionDenied("Only the coach and the learner draft the agreement.")
    services.templates_ensure_builtin()
    is_coach = Relation.COACH in access.relations
    form = StartForm(request.POST or None)
    if request.method == "POST":
        if not is_coach:
            raise PermissionDenied("The coach drafts the agreement.")
        if form.is_valid():
            agreement = services.agreement_start(
                coach=viewer, access=access, template=form.cleaned_data["template"]
            )
            messages.success(request, "The draft is ready. Fill it in together with the learner.")
            return redirect("agreements:edit", pk=agreement.pk)
    return render(
        request,
        "agreements/start.html",
        {
            "access": access,
            "form": form,
            "is_coach": is_coach,
            "templates": AgreementTemplate.objects.all(),
        },
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    ctx = _Context(request, pk)
    if not ctx.reads_text:
        return render(request, "agreements/ended_facts.html", _facts(ctx))
    latest = latest_version(agreement=ctx.agreement)
    ctx.audit_read(latest)
    versions = list(ctx.agreement.versions.order_by("-number"))
    context = {
        "agreement": ctx.agreement,
        "ctx": ctx,
        "versions": versions,
        "latest_sent": latest.sent_at is not None,
        "awaiting_me": latest.sent_at is not None
        and latest.in_force_at is None
        and any(
            p.person_id == ctx.viewer.pk
            # (role, person): a group agreement has one member role per member.
            and (p.role, p.person_id)
            not in {(a.role, a.person_id) for a in latest.acknowledgments.all()}
            for p in latest.parties.all()
        ),
        **_version_view(latest, ctx.agreement.kind),
    }
    return render(request, "agreements/detail.html", context)


def _saved_form(agreement: Agreement) -> tuple[AgreementForm, AgreementVersion]:
    """The edit form as the agreement is saved now (its latest version), and that version."""
    latest = latest_version(agreement=agreement)
    leader = next((p.person for p in latest.parties.all() if p.role == PartyRole.LEADERSHIP), None)
    form = AgreementForm(
        initial=agreement_initial(latest.content, disclosure_of(version=latest), leader),
        kind=agreement.kind,
        leadership=leadership_for(learner=agreement.engagement.learner),
        version=agreement.version,
    )
    return form, latest


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    ctx = _Context(request, pk)
    if ctx.access is None:
        raise PermissionDenied("Only the coach and the learner write the agreement.")
    if ctx.agreement.status == Agreement.Status.ENDED:
        raise PermissionDenied("This agreement has ended.")
    form, latest = _saved_form(ctx.agreement)
    context: dict[str, Any] = {"agreement": ctx.agreement, "form": form, "version": latest}
    if request.method != "POST":
        return render(request, "agreements/edit.html", context)
    leadership = form.fields["leadership"].queryset  # type: ignore[attr-defined]
    form = AgreementForm(request.POST, kind=ctx.agreement.kind, leadership=leadership)
    if not form.is_valid():
        return render(request, "agreements/edit.html", context | {"form": form})
    try:
        version = services.agreement_edit(
            editor=ctx.viewer,
            access=ctx.access,
            agreement=ctx.agreement,
            base_version=form.opened_version,
            content=form.content(),
            disclosure=form.disclosure(),
            leadership=form.leadership(),
        )
    except Conflict as conflict:
        # The other party's save, as it is now; this person's text stays in the form.
        agreement = Agreement.objects.select_related("engagement__learner").get(pk=pk)
        saved, latest = _saved_form(agreement)
        form = AgreementForm(
            rebased(request.POST, conflict), kind=agreement.kind, leadership=leadership
        )
        shown = conflict_shown(conflict, saved=saved, yours=form)
        context |= {"form": form, "version": latest, "conflict": shown}
        return render(request, "agreements/edit.html", context, status=409)
    note = (
        f"Saved as version {version.number}: the earlier version had been acknowledged, so "
        "it stays as it was."
        if version.number != latest.number
        else "Your changes are saved."
    )
    messages.success(request, note)
    return redirect("agreements:detail", pk=pk)


@login_required
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    ctx = _Context(request, pk)
    if ctx.access is None:
        raise PermissionDenied("Only the coach and the learner send the agreement.")
    try:
        version = services.agreement_send(
            sender=ctx.viewer, access=ctx.access, agreement=ctx.agreement
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("agreements:edit", pk=pk)
    messages.success(request, f"Version {version.number} was sent to every party to acknowledge.")
    return redirect("agreements:detail", pk=pk)


@login_required
@require_POST
def end(request: HttpRequest, pk: int) -> HttpResponse:
    ctx = _Context(request, pk)
    if ctx.access is None:
        raise PermissionDenied("Only the coach and the learner end the agreement.")
    services.agreement_end(person=ctx.viewer, access=ctx.access, agreement=ctx.agreement)
    messages.success(
        request, "The agreement has ended. Nothing from this coaching is shared any more."
    )
    return redirect("agreements:detail", pk=pk)


@login_required
def version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    ctx = _Context(request, pk)
    ctx.require_text()
    found = get_object_or_404(AgreementVersion, agreement=ctx.agreement, number=number)
    ctx.audit_read(found)
    context = {"agreement": ctx.agreement, **_version_view(found, ctx.agreement.kind)}
    return render(request, "agreements/version.html", context)


def version_pdf_html(agreement: Agreement, found: AgreementVersion) -> str:
    """The printable agreement (WeasyPrint makes the PDF of it)."""
    return render_to_string(
        "agreements/version_pdf.html",
        {"agreement": agreement, **_version_view(found, agreement.kind)},
    )


@login_required
def version_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    from weasyprint import HTML

    ctx = _Context(request, pk)
    ctx.require_text()
    found = get_object_or_404(AgreementVersion, agreement=ctx.agreement, number=number)
    ctx.audit_read(found)
    pdf = HTML(string=version_pdf_html(ctx.agreement, found), base_url=None).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agreement-{pk}-v{number}.pdf"'
    return response


@login_required
def acknowledge(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    ctx = _Context(request, pk)
    ctx.require_text()
    found = get_object_or_404(AgreementVersion, agreement=ctx.agreement, number=number)
    if request.method == "POST":
        try:
            services.agreement_acknowledge(
                person=ctx.viewer,
                agreement=ctx.agreement,
                number=number,
                seen_hash=request.POST.get("text_hash", ""),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("agreements:detail", pk=pk)
        messages.success(request, "Thank you: your acknowledgment is recorded.")
        return redirect("agreements:detail", pk=pk)
    my_roles = [p.get_role_display() for p in found.parties.all() if p.person_id == ctx.viewer.pk]
    return render(
        request,
        "agreements/acknowledge.html",
        {
            "agreement": ctx.agreement,
            "version": found,
            "my_roles": my_roles,
            "is_current": found.sent_at is not None
            and found.number == latest_version(agreement=ctx.agreement).number,
        },
    )


@login_required
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    ctx = _Context(request, pk)
    ctx.require_text()
    numbers = sorted(ctx.agreement.versions.values_list("number", flat=True))
    try:
        a = int(request.GET.get("a", numbers[-2] if len(numbers) > 1 else numbers[0]))
        b = int(request.GET.get("b", numbers[-1]))
    except ValueError:
        raise Http404("Choose two versions to compare.") from None
    first = get_object_or_404(AgreementVersion, agreement=ctx.agreement, number=a)
    second = get_object_or_404(AgreementVersion, agreement=ctx.agreement, number=b)
    ctx.audit_read(first)
    ctx.audit_read(second)
    changes = versions_compare(
        kind=ctx.agreement.kind,
        before=first.content,
        after=second.content,
        before_disclosure=disclosure_of(version=first),
        after_disclosure=disclosure_of(version=second),
    )
    return render(
        request,
        "agreements/compare.html",
        {
            "agreement": ctx.agreement,
            "a": first,
            "b": second,
            "changes": changes,
            "numbers": numbers,
        },
    )
