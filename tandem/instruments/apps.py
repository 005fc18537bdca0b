from django.apps import AppConfig


class InstrumentsConfig(AppConfig):
    name = "tandem.instruments"
    verbose_name = "Instruments"
