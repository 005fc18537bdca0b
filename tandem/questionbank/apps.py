from django.apps import AppConfig


class QuestionbankConfig(AppConfig):
    name = "tandem.questionbank"
    verbose_name = "Question bank and coaching models"
