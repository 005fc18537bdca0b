from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "tandem.development"
    verbose_name = "Coach development"

    def ready(self) -> None:
        from tandem.development import models
        from tandem.privacy.registry import models_register

        # The rules over these records are in tandem/privacy/development.py.
        models_register(
            CoachSupervisorAssignment=models.CoachSupervisorAssignment,
            SupervisionSession=models.SupervisionSession,
            SupervisionAttendee=models.SupervisionAttendee,
            Roundtable=models.Roundtable,
            RoundtableMeeting=models.RoundtableMeeting,
            Consultation=models.Consultation,
            CompetencyRating=models.CompetencyRating,
            ExpertiseChange=models.ExpertiseChange,
            CoachDevelopmentPlan=models.CoachDevelopmentPlan,
        )
