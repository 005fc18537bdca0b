from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "tandem.lifecycle"
    verbose_name = "Closing and stalled coaching"

    def ready(self) -> None:
        from tandem.lifecycle.models import (
            ClosingRecord,
            DevelopmentPlan,
            DevelopmentPlanAcknowledgment,
            DevelopmentPlanVersion,
        )
        from tandem.privacy.categories import Category
        from tandem.privacy.registry import RecordSource, models_register, record_source_register

        # Development plans are the learner's and their supervisor's (privacy/plans.py).

        models_register(
            DevelopmentPlan=DevelopmentPlan,
            DevelopmentPlanAcknowledgment=DevelopmentPlanAcknowledgment,
            DevelopmentPlanVersion=DevelopmentPlanVersion,
        )
        # The closing conversation record is content between coach and learner: tell the
        # privacy policy where it lives so it decides and audits every read.

        record_source_register(
            Category.COACH_LEARNER,
            RecordSource(
                "closing_record",
                lambda engagement: ClosingRecord.objects.filter(
                    engagement=engagement
                ).select_related("author"),
            ),
        )
