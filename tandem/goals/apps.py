from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "tandem.goals"
    verbose_name = "Goals"

    def ready(self) -> None:
        # Goals (with their scales) and their ratings are confidential coaching records: tell
        # the privacy policy where they live, so it can decide and audit every read.
        from tandem.goals.models import Goal, GoalRating
        from tandem.privacy.categories import Category
        from tandem.privacy.registry import RecordSource, record_source_register

        record_source_register(
            Category.GOALS,
            RecordSource(
                "goal",
                lambda engagement: Goal.objects.filter(engagement=engagement).order_by(
                    "created_at", "pk"
                ),
            ),
        )
        record_source_register(
            Category.GOAL_RATINGS,
            RecordSource(
                "goal_rating",
                lambda engagement: GoalRating.objects.filter(goal__engagement=engagement).order_by(
                    "goal_id", "rated_on", "pk"
                ),
            ),
        )
