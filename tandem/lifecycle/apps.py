from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "tandem.lifecycle"
    verbose_name = "Closing and stalled coaching"

    def ready(self) -> None:
        # The closing conversation record is content between coach and learner: tell the
        # privacy policy where it lives so it decides and audits every read.
        from tandem.lifecycle.models import ClosingRecord
        from tandem.privacy.categories import Category
        from tandem.privacy.policy import RecordSource, record_source_register

        record_source_register(
            Category.COACH_LEARNER,
            RecordSource(
                "closing_record",
                lambda engagement: ClosingRecord.objects.filter(
                    engagement=engagement
                ).select_related("author"),
            ),
        )
