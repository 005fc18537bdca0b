from django.apps import AppConfig


class InstrumentsConfig(AppConfig):
    name = "tandem.instruments"
    verbose_name = "Instruments"

    def ready(self) -> None:
        # Who reads a response is decided by privacy (privacy/responses.py) over these models.
        from tandem.instruments.models import Administration, Response
        from tandem.privacy.registry import models_register

        models_register(Administration=Administration, Response=Response)
