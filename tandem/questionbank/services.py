"""Writes for the question bank: agencies add, edit, retire and restore questions and models.

Shared rows (built-in, or state-wide ones another scope owns) are never changed by an agency:
editing or retiring one makes the agency's own copy, which hides the original for its staff
(copy-on-edit). The original stays as written, so other agencies and a later reload keep it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from tandem.people.models import OrgUnit, Person
from tandem.questionbank.models import CoachingModel, ModelStage, Question, Tag
from tandem.ui.locking import version_bump, version_claim, version_expect


def tag_slugs(raw: str | Iterable[str]) -> list[str]:
    """Normalize tags typed as "Safety plan, engagement" into slugs, each once."""
    parts = raw.replace(";", ",").split(",") if isinstance(raw, str) else list(raw)
    return list(dict.fromkeys(s for s in (slugify(p)[:40] for p in parts) if s))


def _set_tags(question: Question, slugs: list[str]) -> None:
    existing = {t.slug: t for t in Tag.objects.filter(slug__in=slugs)}
    missing = [Tag(slug=s) for s in slugs if s not in existing]
    for tag in Tag.objects.bulk_create(missing):
        existing[tag.slug] = tag
    # bulk_create may not return pks on every backend: read back what was missing.
    if any(t.pk is None for t in existing.values()):
        existing = {t.slug: t for t in Tag.objects.filter(slug__in=slugs)}
    question.tags.set([existing[s] for s in slugs])


def owns(*, agency: OrgUnit | None, question: Question) -> bool:
    """Whether ``agency`` (None: state level) edits ``question`` in place."""
    agency_id = agency.pk if agency is not None else None
    return not question.is_builtin and question.agency_id == agency_id


@transaction.atomic
def question_create(
    *,
    by: Person,
    agency: OrgUnit | None,
    text: str,
    category: str,
    tags: Iterable[str] = (),
    stages: Iterable[ModelStage] = (),
    source: str = "",
) -> Question:
    if not text.strip():
        raise ValidationError({"text": "Write the question."})
    question = Question.objects.create(
        text=text.strip(),
        category=category,
        source=source.strip(),
        agency=agency,
        created_by=by,
        updated_by=by,
    )
    _set_tags(question, tag_slugs(tags))
    question.stages.set(list(stages))
    return question


def _copy_for(*, by: Person, agency: OrgUnit | None, question: Question) -> Question:
    """The agency's own copy of a shared question (made once, reused after)."""
    original = question
    copy = Question.objects.filter(replaces=original, agency=agency).first()
    if copy is None:
        copy = Question.objects.create(
            text=original.text,
            category=original.category,
            source=original.source,
            agency=agency,
            replaces=original,
            created_by=by,
            updated_by=by,
        )
        copy.tags.set(list(original.tags.all()))
        copy.stages.set(list(original.stages.all()))
    return copy


def question_edit_version(*, agency: OrgUnit | None, question: Question) -> int:
    """The version an edit of `question` starts from: the question's own, or for a shared
    question the agency's copy's (0 while the agency has none)."""
    if owns(agency=agency, question=question):
        return question.version
    copy = Question.objects.filter(replaces=question, agency=agency).only("version").first()
    return copy.version if copy is not None else 0


def _edit_target(
    *, by: Person, agency: OrgUnit | None, question: Question, base_version: int
) -> Question:
    """The question an edit saves (the agency's copy of a shared one), claimed at the version
    the form opened, or Conflict."""
    if owns(agency=agency, question=question):
        question.version = version_claim(Question.objects.all(), pk=question.pk, seen=base_version)
        return question
    # One agency copy at a time: two editors saving the shared original at once queue here.
    Question.objects.select_for_update().filter(pk=question.pk).first()
    copy = Question.objects.filter(replaces=question, agency=agency).first()
    if copy is None:
        version_expect(seen=base_version, saved=0)
        return _copy_for(by=by, agency=agency, question=question)
    copy.version = version_claim(Question.objects.all(), pk=copy.pk, seen=base_version)
    return copy


@transaction.atomic
def question_update(
    *,
    by: Person,
    agency: OrgUnit | None,
    question: Question,
    base_version: int,
    text: str,
    category: str,
    tags: Iterable[str] = (),
    stages: Iterable[ModelStage] = (),
    source: str = "",
) -> Question:
    """Save an edit. A shared question is copied for the agency first; returns what was saved.
    Only from the version the form opened (`question_edit_version`), else Conflict."""
    if not text.strip():
        raise ValidationError({"text": "Write the question."})
    target = _edit_target(by=by, agency=agency, question=question, base_version=base_version)
    target.text = text.strip()
    target.category = category
    target.source = source.strip()
    target.updated_by = by
    target.save()
    _set_tags(target, tag_slugs(tags))
    target.stages.set(list(stages))
    return target


@transaction.atomic
def question_retire(*, by: Person, agency: OrgUnit | None, question: Question) -> Question:
    """Stop offering a question. A shared one is retired for this agency only (via its copy)."""
    target = (
        question
        if owns(agency=agency, question=question)
        else _copy_for(by=by, agency=agency, question=question)
    )
    if not target.retired:
        target.retired = True
        target.retired_at = timezone.now()
        target.updated_by = by
        target.save(update_fields=["retired", "retired_at", "updated_by", "updated_at"])
        version_bump(Question.objects.all(), pk=target.pk)  # an open edit form is now stale
    return target


@transaction.atomic
def question_unretire(*, by: Person, agency: OrgUnit | None, question: Question) -> Question:
    if not owns(agency=agency, question=question):
        raise ValidationError("Only your agency's own questions can be brought back.")
    if question.retired:
        question.retired = False
        question.retired_at = None
        question.updated_by = by
        question.save(update_fields=["retired", "retired_at", "updated_by", "updated_at"])
        version_bump(Question.objects.all(), pk=question.pk)
    return question


# --- Coaching models and stages (agencies add their own; built-in ones are read-only) ---


def _unique_code(name: str) -> str:
    base = slugify(name)[:32] or "model"
    code, n = base, 2
    while CoachingModel.objects.filter(code=code).exists():
        code, n = f"{base}-{n}", n + 1
    return code


def model_editable(*, agency: OrgUnit | None, model: CoachingModel) -> bool:
    agency_id = agency.pk if agency is not None else None
    return not model.is_builtin and model.agency_id == agency_id


@transaction.atomic
def model_create(
    *, by: Person, agency: OrgUnit | None, name: str, description: str = "", source: str = ""
) -> CoachingModel:
    if not name.strip():
        raise ValidationError({"name": "Name the model."})
    return CoachingModel.objects.create(
        code=_unique_code(name),
        name=name.strip(),
        description=description.strip(),
        source=source.strip(),
        agency=agency,
        created_by=by,
    )


@transaction.atomic
def model_update(
    *,
    agency: OrgUnit | None,
    model: CoachingModel,
    base_version: int,
    name: str,
    description: str = "",
    source: str = "",
    retired: bool = False,
) -> CoachingModel:
    if not model_editable(agency=agency, model=model):
        raise ValidationError("Built-in and other agencies' models cannot be changed.")
    if not name.strip():
        raise ValidationError({"name": "Name the model."})
    model.version = version_claim(CoachingModel.objects.all(), pk=model.pk, seen=base_version)
    model.name = name.strip()
    model.description = description.strip()
    model.source = source.strip()
    model.retired = retired
    model.save()
    return model


@transaction.atomic
def stage_create(
    *, agency: OrgUnit | None, model: CoachingModel, name: str, guidance: str = ""
) -> ModelStage:
    if not model_editable(agency=agency, model=model):
        raise ValidationError("Built-in and other agencies' models cannot be changed.")
    if not name.strip():
        raise ValidationError({"name": "Name the stage."})
    last = model.stages.order_by("-order").values_list("order", flat=True).first() or 0
    base = slugify(name)[:32] or "stage"
    code, n = base, 2
    while model.stages.filter(code=code).exists():
        code, n = f"{base}-{n}", n + 1
    return ModelStage.objects.create(
        model=model, code=code, name=name.strip(), guidance=guidance.strip(), order=last + 1
    )


@transaction.atomic
def stage_update(
    *,
    agency: OrgUnit | None,
    stage: ModelStage,
    base_version: int,
    name: str,
    guidance: str = "",
) -> ModelStage:
    if not model_editable(agency=agency, model=stage.model):
        raise ValidationError("Built-in and other agencies' models cannot be changed.")
    if not name.strip():
        raise ValidationError({"name": "Name the stage."})
    stage.version = version_claim(ModelStage.objects.all(), pk=stage.pk, seen=base_version)
    stage.name = name.strip()
    stage.guidance = guidance.strip()
    stage.save(update_fields=["name", "guidance"])
    return stage
