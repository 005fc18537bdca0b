"""Journal and summary pages: list and write entries (drafts saved as you type), edit with a
version check, and see each note's history. Reads through tandem.conversation.selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.coaching.models import CoachingSession, Note
from tandem.conversation import services
from tandem.conversation.content import COACH_JOURNAL_SOURCE, LEARNER_JOURNAL_SOURCE
from tandem.conversation.forms import NoteForm, journal_fields
from tandem.conversation.models import NoteDraft
from tandem.conversation.selectors import (
    draft_for,
    note_being_edited,
    note_for,
    notes_of_kind,
)
from tandem.conversation.views import via
from tandem.people.access import person_for
from tandem.people.models import Person
from tandem.privacy.categories import Category
from tandem.privacy.policy import EngagementAccess, engagement_access, writable_note_kinds
from tandem.ui.locking import ConflictShown, conflict_shown, rebased

# The note kinds these pages show, with their page titles.
KINDS: dict[str, str] = {
    Note.Kind.COACH_JOURNAL: "Coach's journal",
    Note.Kind.LEARNER_JOURNAL: "My reflective journal",
    Note.Kind.SESSION_SUMMARY: "Session summaries",
    Note.Kind.PROGRESS_SUMMARY: "Progress summaries",
}
SOURCES: dict[str, str] = {
    Note.Kind.COACH_JOURNAL: COACH_JOURNAL_SOURCE,
    Note.Kind.LEARNER_JOURNAL: LEARNER_JOURNAL_SOURCE,
}


def _kind_access(request: HttpRequest, pk: int, kind: str) -> tuple[Person, EngagementAccess]:
    """404 for an unknown kind or no access; 403 when the viewer's part does not include it.
    A journal page opens only for the person who keeps that journal."""
    if kind not in KINDS:
        raise Http404("No such page.")
    viewer = person_for(request)
    access = engagement_access(viewer=viewer, engagement_id=pk)
    category = Note.CATEGORY_OF_KIND[kind]
    if category == Category.PRIVATE:
        if kind not in writable_note_kinds(access):
            raise PermissionDenied("This journal is private to the person who keeps it.")
    elif not access.sees(category):
        raise PermissionDenied("The learner's agreement does not share this with you.")
    return viewer, access


def _session_of(access: EngagementAccess, raw: str | None) -> CoachingSession | None:
    if not raw or not raw.isdigit():
        return None
    return CoachingSession.objects.filter(pk=int(raw), engagement=access.engagement).first()


def _text_initial(kind: str, body: str, fields: dict[str, Any]) -> dict[str, Any]:
    """A form's boxes from a saved text. A journal entry written as one text (before it had
    boxes, or on the engagement page) goes into its first box, so nothing is lost."""
    structured = journal_fields(kind)
    if not structured:
        return {"body": body}
    if not any(fields.values()) and body:
        return {structured[0].name: body}
    return dict(fields)


def _draft_initial(draft: NoteDraft | None, kind: str) -> dict[str, Any]:
    if draft is None:
        return {}
    initial: dict[str, Any] = {"base_version": draft.base_version, "draft_sequence": draft.sequence}
    return initial | _text_initial(kind, draft.body, draft.fields)


def _list_page(
    request: HttpRequest,
    access: EngagementAccess,
    kind: str,
    form: NoteForm | None,
    status: int = 200,
) -> HttpResponse:
    notes = notes_of_kind(access=access, kind=kind, via=via(request))
    writer = kind in writable_note_kinds(access)
    draft = None
    if writer and form is None:
        draft = draft_for(author=access.viewer, access=access, kind=kind, note=None)
        form = NoteForm(kind=kind, initial=_draft_initial(draft, kind))
    context = {
        "engagement": access.engagement,
        "kind": kind,
        "title": KINDS[kind],
        "notes": notes,
        "form": form if writer else None,
        "draft": draft,
        "source": SOURCES.get(kind, ""),
        "private": Note.CATEGORY_OF_KIND[kind] == Category.PRIVATE,
        "session": _session_of(access, request.GET.get("session") or request.POST.get("session")),
    }
    return render(request, "conversation/note_list.html", context, status=status)


@login_required
def note_list(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    viewer, access = _kind_access(request, pk, kind)
    if request.method != "POST":
        return _list_page(request, access, kind, None)
    if kind not in writable_note_kinds(access):
        raise PermissionDenied("You cannot write this kind of note.")
    form = NoteForm(request.POST, kind=kind)
    if not form.is_valid():
        return _list_page(request, access, kind, form, status=400)
    services.note_publish(
        author=viewer,
        access=access,
        kind=kind,
        body=form.text(),
        fields=form.answers(),
        session=_session_of(access, request.POST.get("session")),
        via=via(request),
    )
    messages.success(request, "Your entry is saved.")
    return redirect("conversation:note_list", pk=pk, kind=kind)


@login_required
@require_POST
def note_autosave(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """htmx: keep what the writer is typing as their private draft; answers with a status."""
    viewer, access = _kind_access(request, pk, kind)
    note = None
    raw_note = request.POST.get("note", "")
    if raw_note.isdigit():
        note = note_being_edited(access=access, note_id=int(raw_note), kind=kind)
        if note is None:
            raise Http404("No such note.")
    form = NoteForm(request.POST, kind=kind)
    form.is_valid()  # drafts keep whatever was typed, even incomplete
    too_long = [name for name in form.fields if form.has_error(name, "max_length")]
    if too_long:
        # Over the length limit: the draft stays as last saved, the page keeps the text.
        context = {"too_long": form.errors[too_long[0]][0]}
        return render(request, "conversation/_draft_status.html", context)
    data = form.cleaned_data
    fields = {f.name: data.get(f.name, "") for f in form.structured}
    body = form.text() if form.structured else str(data.get("body") or request.POST.get("body", ""))
    result = services.draft_autosave(
        author=viewer,
        access=access,
        kind=kind,
        note=note,
        base_version=int(data.get("base_version") or 0),
        sequence=int(data.get("draft_sequence") or 0),
        body=body,
        fields=fields,
    )
    return render(request, "conversation/_draft_status.html", {"result": result})


def _edit_page(
    request: HttpRequest,
    access: EngagementAccess,
    note: Note,
    form: NoteForm | None,
    conflict: ConflictShown | None = None,
    status: int = 200,
) -> HttpResponse:
    writer = note.kind in writable_note_kinds(access) and (
        note.category != Category.PRIVATE or note.author_id == access.viewer.pk
    )
    current = note.current  # type: ignore[attr-defined]
    draft = None
    if writer and form is None:
        draft = draft_for(author=access.viewer, access=access, kind=note.kind, note=note)
        initial: dict[str, Any] = {"base_version": current.number}
        initial |= _text_initial(note.kind, current.body, current.fields)
        initial |= _draft_initial(draft, note.kind)
        form = NoteForm(kind=note.kind, initial=initial)
    context = {
        "engagement": access.engagement,
        "note": note,
        "current": current,
        "revisions": list(reversed(note.revisions)),  # type: ignore[attr-defined]
        "form": form if writer else None,
        "draft": draft,
        "stale_draft": draft is not None and draft.base_version < current.number,
        "conflict": conflict,
        "kind_title": KINDS.get(note.kind, note.get_kind_display()),
    }
    return render(request, "conversation/note_edit.html", context, status=status)


@login_required
def note_edit(request: HttpRequest, note_pk: int) -> HttpResponse:
    viewer = person_for(request)
    access, note = note_for(viewer=viewer, note_id=note_pk, via=via(request))
    if request.method != "POST":
        return _edit_page(request, access, note, None)
    form = NoteForm(request.POST, kind=note.kind)
    if not form.is_valid():
        return _edit_page(request, access, note, form, status=400)
    try:
        services.note_update(
            author=viewer,
            access=access,
            note=note,
            base_version=form.cleaned_data["base_version"],
            body=form.text(),
            fields=form.answers(),
            via=via(request),
        )
    except services.VersionConflict as conflict:
        # Keep what this writer typed; from now on they edit on top of the newer version.
        access, note = note_for(viewer=viewer, note_id=note_pk, via=via(request))
        form = NoteForm(rebased(request.POST, conflict), kind=note.kind)
        form.is_valid()
        newer = conflict.current
        saved = NoteForm(kind=note.kind, initial=_text_initial(note.kind, newer.body, newer.fields))
        shown = conflict_shown(conflict, saved=saved, yours=form)
        return _edit_page(request, access, note, form, conflict=shown, status=409)
    messages.success(request, "Your changes are saved. The earlier text is kept in the history.")
    return redirect("conversation:note_edit", note_pk=note.pk)
