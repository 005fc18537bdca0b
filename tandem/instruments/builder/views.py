"""Builder pages for program leads: list, create, edit (guided or as YAML), preview, export,
import, copy and new versions. Views check access, call selectors/services and render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.instruments.builder.draft_data import data_from_draft, draft_mark_error
from tandem.instruments.builder.dump import definition_dump
from tandem.instruments.builder.editor import (
    ITEM_TYPE_LABELS,
    draft_apply,
    draft_from_data,
    draft_from_post,
)
from tandem.instruments.builder.forms import (
    RESPONDENT_LABELS,
    SUBJECT_LABELS,
    ImportForm,
    InstrumentCopyForm,
    InstrumentNewForm,
    YamlForm,
)
from tandem.instruments.builder.preview import answers_from_post, preview_sections, try_scoring
from tandem.instruments.builder.selectors import (
    builder_can_edit,
    builder_version_get,
    builder_versions,
    instruments_for_builder,
)
from tandem.instruments.builder.services import (
    BuilderRefusal,
    builder_data_save,
    builder_import,
    builder_instrument_copy,
    builder_instrument_create,
    builder_version_next,
    builder_version_save,
    definition_data,
    starter_definition,
)
from tandem.instruments.definition import DefinitionError
from tandem.instruments.models import InstrumentVersion
from tandem.instruments.selectors import version_definition, version_is_locked
from tandem.people.access import person_for, role_required
from tandem.people.models import Person, Role
from tandem.ui.locking import (
    INCOMPLETE,
    Conflict,
    ConflictShown,
    Difference,
    conflict_shown,
    rebased,
)

lead_only = role_required(Role.PROGRAM_LEAD)


def _to_version(version: InstrumentVersion, page: str = "builder_version") -> HttpResponse:
    return redirect(f"instruments:{page}", slug=version.instrument.slug, version=version.version)


def _editable(viewer: Person, version: InstrumentVersion) -> InstrumentVersion:
    if not builder_can_edit(viewer=viewer, instrument=version.instrument):
        raise PermissionDenied(
            "Only the unit that owns an instrument can change it; make a copy to edit it."
        )
    return version


@lead_only
def builder_list(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    return render(
        request,
        "instruments/builder_list.html",
        {"instruments": list(instruments_for_builder(viewer=viewer))},
    )


@lead_only
def builder_new(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    form = InstrumentNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = builder_instrument_create(
                viewer=viewer, data=starter_definition(**form.cleaned_data)
            )
        except (BuilderRefusal, DefinitionError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The instrument is created. Now write its questions.")
            return _to_version(version, "builder_edit")
    return render(request, "instruments/builder_new.html", {"form": form})


@lead_only
def builder_version(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    viewer = person_for(request)
    found = builder_version_get(viewer=viewer, slug=slug, version=version)
    context = {
        "version": found,
        "instrument": found.instrument,
        "definition": version_definition(found),
        "versions": builder_versions(instrument=found.instrument),
        "can_edit": builder_can_edit(viewer=viewer, instrument=found.instrument),
        "locked": version_is_locked(found),
    }
    return render(request, "instruments/builder_version.html", context)


def _locked(request: HttpRequest, version: InstrumentVersion) -> HttpResponse:
    status = 409 if request.method == "POST" else 200
    return render(request, "instruments/builder_locked.html", {"version": version}, status=status)


@lead_only
def builder_edit(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    """The guided editor. Buttons that add, remove or move parts re-show the page without
    saving; "Save" checks the whole definition and keeps everything typed when it fails."""
    viewer = person_for(request)
    found = _editable(viewer, builder_version_get(viewer=viewer, slug=slug, version=version))
    if version_is_locked(found):
        return _locked(request, found)
    published, focus, changed = found.published, None, False
    error: DefinitionError | str | None = None
    # The edit this page was opened at; re-shown pages (add, remove, move) carry it along.
    base_version: int | None = found.edit_version
    conflict: ConflictShown | None = None
    if request.method == "POST":
        draft = draft_from_post(request.POST, slug=slug, version=version)
        published = "published" in request.POST
        action = str(request.POST.get("action", "save"))
        base_version = _posted_version(request)
        if action != "save":
            focus, changed = draft_apply(draft, action), True
        elif base_version is None:
            error, focus = INCOMPLETE, "error-summary"
        else:
            try:
                origin = f"{slug} version {version}"
                data = data_from_draft(draft, origin=origin)
                builder_data_save(
                    viewer=viewer,
                    version=found,
                    base_version=base_version,
                    data=data,
                    published=published,
                )
            except DefinitionError as problem:
                error, focus = problem, draft_mark_error(draft, problem)
            except BuilderRefusal as refusal:
                messages.error(request, str(refusal))
            except Conflict as stale:
                conflict = _definition_conflict(stale, definition_dump(data), published)
                base_version = stale.saved
            else:
                messages.success(request, f"Version {version} is saved.")
                return _to_version(found)
    else:
        draft = draft_from_data(definition_data(found))
    context = {
        "version": found,
        "draft": draft.numbered(),
        "error": error,
        "focus": focus,
        "changed": changed,
        "published": published,
        "base_version": base_version,
        "conflict": conflict,
        "item_types": ITEM_TYPE_LABELS.items(),
        "item_type_keys": list(ITEM_TYPE_LABELS),
        "respondents": RESPONDENT_LABELS.items(),
        "subjects": SUBJECT_LABELS.items(),
        "scale_names": [scale.name for scale in draft.scales],
    }
    status = 409 if conflict else 200
    return render(request, "instruments/builder_edit.html", context, status=status)


def _posted_version(request: HttpRequest) -> int | None:
    raw = str(request.POST.get("base_version", ""))
    return int(raw) if raw.isdigit() else None


def _definition_conflict(conflict: Conflict, yours: str, published: bool) -> ConflictShown:
    """Both definitions as YAML (the guided editor below still holds this person's)."""
    saved: InstrumentVersion = conflict.current
    differences = [Difference("Definition (YAML)", saved.definition_yaml, yours, preformatted=True)]
    if saved.published != published:
        shown = {True: "Yes", False: "No"}
        differences.append(
            Difference("Ready to use (published)", shown[saved.published], shown[published])
        )
    return ConflictShown(conflict=conflict, differences=differences)


@lead_only
def builder_yaml(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    """Edit the whole definition as YAML; the schema's message (with its line) is shown above
    the text, which is kept as typed."""
    viewer = person_for(request)
    found = _editable(viewer, builder_version_get(viewer=viewer, slug=slug, version=version))
    if version_is_locked(found):
        return _locked(request, found)
    form = _saved_yaml_form(found)
    context: dict[str, object] = {"version": found, "form": form}
    if request.method != "POST":
        return render(request, "instruments/builder_yaml.html", context)
    form = context["form"] = YamlForm(request.POST)
    if form.is_valid():
        try:
            builder_version_save(
                viewer=viewer,
                version=found,
                base_version=form.opened_version,
                text=form.cleaned_data["text"],
                published=form.cleaned_data["published"],
            )
        except (DefinitionError, BuilderRefusal) as problem:
            form.add_error("text", str(problem))
        except Conflict as conflict:
            form = context["form"] = YamlForm(rebased(request.POST, conflict))
            saved = _saved_yaml_form(conflict.current)
            context["conflict"] = conflict_shown(
                conflict, saved=saved, yours=form, as_written=("text",)
            )
            return render(request, "instruments/builder_yaml.html", context, status=409)
        else:
            messages.success(request, f"Version {version} is saved.")
            return _to_version(found)
    return render(request, "instruments/builder_yaml.html", context)


def _saved_yaml_form(version: InstrumentVersion) -> YamlForm:
    initial = {"text": version.definition_yaml, "published": version.published}
    return YamlForm(initial=initial, version=version.edit_version)


@lead_only
def builder_preview(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    """The form as the person filling it in sees it; "Try scoring" scores made-up answers
    without storing anything."""
    viewer = person_for(request)
    found = builder_version_get(viewer=viewer, slug=slug, version=version)
    definition = version_definition(found)
    tried, problems = None, None
    if request.method == "POST":
        tried, problems = try_scoring(definition, answers_from_post(definition, request.POST))
    context = {
        "version": found,
        "definition": definition,
        "sections": preview_sections(definition, request.POST, problems),
        "tried": tried,
    }
    return render(request, "instruments/builder_preview.html", context)


@lead_only
def builder_export(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    viewer = person_for(request)
    found = builder_version_get(viewer=viewer, slug=slug, version=version)
    response = HttpResponse(found.definition_yaml.encode("utf-8"), content_type="text/yaml")
    response["Content-Disposition"] = f'attachment; filename="{slug}-v{version}.yaml"'
    return response


@require_POST
@lead_only
def builder_next(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    viewer = person_for(request)
    found = _editable(viewer, builder_version_get(viewer=viewer, slug=slug, version=version))
    try:
        created = builder_version_next(viewer=viewer, version=found)
    except (BuilderRefusal, DefinitionError) as problem:
        messages.error(request, str(problem))
        return _to_version(found)
    messages.success(
        request,
        f"Version {created.version} starts as a copy of version {version}. It is not "
        "published until you mark it ready.",
    )
    return _to_version(created, "builder_edit")


@lead_only
def builder_copy(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    viewer = person_for(request)
    found = builder_version_get(viewer=viewer, slug=slug, version=version)
    initial = {"title": f"{found.instrument.title} (our copy)", "slug": f"{slug}-copy"}
    form = InstrumentCopyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            created = builder_instrument_copy(viewer=viewer, version=found, **form.cleaned_data)
        except (BuilderRefusal, DefinitionError) as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "Your copy is ready to edit.")
            return _to_version(created, "builder_edit")
    return render(request, "instruments/builder_copy.html", {"version": found, "form": form})


@lead_only
def builder_import_view(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        name = getattr(request.FILES.get("file"), "name", None) or "upload.yaml"
        try:
            result = builder_import(viewer=viewer, text=form.cleaned_data["file"], file_name=name)
        except (BuilderRefusal, DefinitionError) as problem:
            form.add_error("file", str(problem))
        else:
            said = {
                "created": "created",
                "unchanged": "already there, unchanged",
                "updated": "updated",
            }
            messages.success(
                request,
                f"{result.version.instrument.slug} version {result.version.version}: "
                f"{said[result.outcome]}.",
            )
            return _to_version(result.version)
    return render(request, "instruments/builder_import.html", {"form": form})
