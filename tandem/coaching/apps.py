from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "tandem.coaching"
    verbose_name = "Coaching"

    def ready(self) -> None:
        # Privacy sits below this app: hand it the models its rules read, and where notes,
        # the engagement itself and its sessions live by category (docs/PRIVACY.md).
        from tandem.coaching.models import CoachingSession, Engagement, EngagementMember, Note
        from tandem.privacy.categories import DISCLOSABLE, Category
        from tandem.privacy.registry import (
            RecordSource,
            models_register,
            record_source_register,
        )

        models_register(
            Engagement=Engagement,
            EngagementMember=EngagementMember,
            CoachingSession=CoachingSession,
            Note=Note,
        )

        def notes_of(category: Category) -> RecordSource:
            return RecordSource(
                "note",
                lambda engagement: (
                    Note.objects.filter(engagement=engagement, category=category)
                    .select_related("author")
                    .order_by("created_at")
                ),
                author_field="author" if category == Category.PRIVATE else None,
            )

        for category in (Category.PRIVATE, Category.COACH_LEARNER, *DISCLOSABLE):
            record_source_register(category, notes_of(category))
        record_source_register(
            Category.ADMINISTRATIVE,
            RecordSource("engagement", lambda e: Engagement.objects.filter(pk=e.pk)),
        )
        record_source_register(
            Category.ATTENDANCE,
            RecordSource("session", lambda e: CoachingSession.objects.filter(engagement=e)),
        )
