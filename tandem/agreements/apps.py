from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "tandem.agreements"
    verbose_name = "Coaching agreements"
