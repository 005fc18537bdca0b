"""Reads for the question bank: what a person may see, search, and suggestions for a stage.

Nothing here is confidential coaching content: questions and models are shared practice
material. Agency scope still applies: an agency's own questions and models are seen only by its
staff, and an agency copy of a shared question hides the original from that agency.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from tandem.people.models import OrgUnit, Person
from tandem.people.selectors import agencies_of
from tandem.questionbank.models import Category, CoachingModel, ModelStage, Question, Tag
from tandem.questionbank.placeholders import fill


@dataclass(frozen=True)
class SuggestedQuestion:
    question_id: int
    text: str  # placeholders filled
    category: str  # a Category value, e.g. "model_stage"
    tags: tuple[str, ...]
    category_label: str = ""  # e.g. "Coaching model stages"


def home_agency(*, person: Person) -> OrgUnit | None:
    """The agency a person works in (None for state-level staff). One query."""
    return agencies_of(units=[person.org_unit]).get(person.org_unit_id)


def _scope(agency: OrgUnit | int | None) -> Q:
    agency_id = agency.pk if isinstance(agency, OrgUnit) else agency
    if agency_id is None:
        return Q(agency__isnull=True)
    return Q(agency__isnull=True) | Q(agency_id=agency_id)


def questions_visible(
    *, agency: OrgUnit | int | None, include_retired: bool = False
) -> QuerySet[Question]:
    """Questions shared state-wide or owned by ``agency``, minus shared ones it has replaced."""
    scope = _scope(agency)
    replaced = Question.objects.filter(scope, replaces=OuterRef("pk"))
    questions = Question.objects.filter(scope).exclude(Exists(replaced))
    if not include_retired:
        questions = questions.filter(retired=False)
    return questions


def models_visible(*, agency: OrgUnit | int | None) -> QuerySet[CoachingModel]:
    return CoachingModel.objects.filter(_scope(agency))


def active_models_with_stages(*, agency: OrgUnit | int | None) -> list[CoachingModel]:
    """Models in use with their stages, for pickers. Two queries."""
    return list(
        models_visible(agency=agency)
        .filter(retired=False)
        .prefetch_related(Prefetch("stages", queryset=ModelStage.objects.order_by("order")))
        .order_by("-is_builtin", "name")
    )


def _word_match(word: str) -> Q:
    tagged = Tag.objects.filter(questions=OuterRef("pk"), slug__icontains=word)
    return Q(text__icontains=word) | Q(Exists(tagged))


def question_search(
    *,
    agency: OrgUnit | int | None,
    query: str = "",
    category: str = "",
    tag: str = "",
    model: CoachingModel | None = None,
    stage: ModelStage | None = None,
    include_retired: bool = False,
) -> QuerySet[Question]:
    """Questions matching every word of ``query`` (in text or tags) and the filters.

    Rows come with tags and stages (with their model) prefetched: a page of results costs the
    same number of queries whatever its length.
    """
    questions = questions_visible(agency=agency, include_retired=include_retired)
    for word in query.split()[:8]:
        questions = questions.filter(_word_match(word))
    if category:
        questions = questions.filter(category=category)
    if tag:
        questions = questions.filter(Exists(Tag.objects.filter(questions=OuterRef("pk"), slug=tag)))
    if stage is not None:
        questions = questions.filter(
            Exists(
                Question.stages.through.objects.filter(question=OuterRef("pk"), modelstage=stage)
            )
        )
    elif model is not None:
        questions = questions.filter(
            Exists(
                Question.stages.through.objects.filter(
                    question=OuterRef("pk"), modelstage__model=model
                )
            )
        )
    return questions.prefetch_related(
        "tags", Prefetch("stages", queryset=ModelStage.objects.select_related("model"))
    ).order_by("category", "pk")


def tags_in_use(*, agency: OrgUnit | int | None) -> list[tuple[str, int]]:
    """Tags on questions the agency sees, each with how many of them it marks, for the tag
    filter. One query."""
    visible = questions_visible(agency=agency).filter(tags=OuterRef("pk"))
    counted = visible.order_by().values("tags").annotate(n=Count("pk")).values("n")
    return list(
        Tag.objects.filter(Exists(visible))
        .annotate(n=Subquery(counted))
        .order_by("slug")
        .values_list("slug", "n")
    )


def question_for_editing(*, pk: int, agency: OrgUnit | int | None) -> Question | None:
    """A question the agency may see (retired included), or None."""
    return (
        Question.objects.filter(_scope(agency), pk=pk)
        .prefetch_related("tags", "stages")
        .select_related("replaces")
        .first()
    )


_STOPWORDS = "a an and are as at be by for from how in into is it of on or the to with what"
STOPWORDS = frozenset(f"{_STOPWORDS} when who why your you my our their this that".split(" "))


def focus_words(focus: str) -> list[str]:
    """Meaningful lower-case words of a focus area ("Safety planning" → safety, planning)."""
    words = re.findall(r"[a-z0-9]+", focus.lower())
    return list(dict.fromkeys(w for w in words if len(w) > 2 and w not in STOPWORDS))[:8]


def _stem(word: str) -> str:
    """A crude stem so "planning" meets "plan" and "families" meets "family"."""
    for suffix in ("ing", "ies", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def questions_suggested(
    *,
    stage: ModelStage | None,
    focus: str = "",
    context: Mapping[str, str] | None = None,
    limit: int = 5,
    agency: OrgUnit | int | None = None,
) -> list[SuggestedQuestion]:
    """Questions to ask now: those tied to ``stage`` first, then those whose tags or words
    match ``focus``; within each group, more focus matches first, then the agency's own
    questions, then the model's own stage questions, then the bank's order.

    Never retired questions. ``context`` fills placeholders (see placeholders.fill).
    ``agency`` adds that agency's own questions (default: the shared bank only).
    Three queries at most.
    """
    stages = [stage] if stage is not None else []
    found = _suggest(stages=stages, focus=focus, context=context, limit=limit, agency=agency)
    return found.get(stage.pk if stage is not None else None, [])


def questions_suggested_by_stage(
    *,
    stages: Sequence[ModelStage],
    focus: str = "",
    context: Mapping[str, str] | None = None,
    limit: int = 5,
    agency: OrgUnit | int | None = None,
) -> dict[int, list[SuggestedQuestion]]:
    """``questions_suggested`` for every stage of a model at once, keyed by stage id (same
    ranking); three queries whatever the number of stages."""
    if not stages:
        return {}
    found = _suggest(stages=list(stages), focus=focus, context=context, limit=limit, agency=agency)
    return {pk: items for pk, items in found.items() if pk is not None}


def _suggest(
    *,
    stages: list[ModelStage],
    focus: str,
    context: Mapping[str, str] | None,
    limit: int,
    agency: OrgUnit | int | None,
) -> dict[int | None, list[SuggestedQuestion]]:
    stems = [_stem(w) for w in focus_words(focus)]
    if not stages and not stems or limit <= 0:
        return {}
    wanted = Q()
    if stages:
        links = Question.stages.through.objects.filter(
            question=OuterRef("pk"), modelstage__in=[s.pk for s in stages]
        )
        wanted |= Q(Exists(links))
    for stem in stems:
        wanted |= _word_match(stem)
    candidates = list(
        questions_visible(agency=agency)
        .filter(wanted)
        .prefetch_related("tags", "stages")
        .order_by("pk")[:600]
    )

    def focus_hits(question: Question) -> int:
        tag_words = {part for tag in question.tags.all() for part in tag.slug.split("-")}
        text = question.text.lower()
        hits = 0
        for stem in stems:
            if any(t.startswith(stem) for t in tag_words):
                hits += 2
            elif stem in text:
                hits += 1
        return hits

    hits = {q.pk: focus_hits(q) for q in candidates}
    stage_ids = {q.pk: {s.pk for s in q.stages.all()} for q in candidates}

    def rank(question: Question, stage_id: int | None) -> tuple[int, int, int, int, int]:
        at_stage = stage_id is not None and stage_id in stage_ids[question.pk]
        # A model's own stage questions before general ones that are also linked to the stage.
        general = 0 if question.category == Category.MODEL_STAGE else 1
        # The agency's own questions were added on purpose: they lead their tier.
        shared = 1 if question.agency_id is None else 0
        return (0 if at_stage else 1, -hits[question.pk], shared, general, question.pk)

    result: dict[int | None, list[SuggestedQuestion]] = {}
    keys: list[int | None] = [s.pk for s in stages] or [None]
    for stage_id in keys:
        ranked = sorted((rank(q, stage_id), q) for q in candidates)
        chosen = [q for key, q in ranked if key[0] == 0 or key[1] < 0][:limit]
        result[stage_id] = [
            SuggestedQuestion(
                question_id=q.pk,
                text=fill(q.text, context),
                category=q.category,
                tags=tuple(t.slug for t in q.tags.all()),
                category_label=q.get_category_display(),
            )
            for q in chosen
        ]
    return result
