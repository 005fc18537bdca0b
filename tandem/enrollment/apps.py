from django.apps import AppConfig


class EnrollmentConfig(AppConfig):
    name = "tandem.enrollment"
    verbose_name = "Enrollment and matching"
