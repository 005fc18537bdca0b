from django.apps import AppConfig


class EnrollmentConfig(AppConfig):
    name = "tandem.enrollment"
    verbose_name = "Enrollment and matching"

    def ready(self) -> None:
        from tandem.agreements.signals import agreement_in_force
        from tandem.enrollment.models import CoachingRequest
        from tandem.enrollment.services import request_engagement_started
        from tandem.privacy.registry import models_register

        # The request's words are the learner's: privacy's rules read the request itself.
        models_register(CoachingRequest=CoachingRequest)

        # The agreement came into force: the request becomes active.
        def started(sender: object, *, engagement: object, **kwargs: object) -> None:
            request_engagement_started(engagement)  # type: ignore[arg-type]

        agreement_in_force.connect(started, dispatch_uid="enrollment-request-started", weak=False)
