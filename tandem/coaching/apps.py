from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "tandem.coaching"
    verbose_name = "Coaching"
