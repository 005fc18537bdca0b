from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "tandem.evaluation"
    verbose_name = "Program evaluation"
