from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "tandem.bench"
