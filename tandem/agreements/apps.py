from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "tandem.agreements"
    verbose_name = "Coaching agreements"

    def ready(self) -> None:
        # The disclosure map and the parties are what privacy's rules read (docs/PRIVACY.md).
        from tandem.agreements.models import (
            Agreement,
            AgreementDisclosure,
            AgreementParty,
            AgreementVersion,
        )
        from tandem.privacy.registry import models_register

        models_register(
            Agreement=Agreement,
            AgreementVersion=AgreementVersion,
            AgreementParty=AgreementParty,
            AgreementDisclosure=AgreementDisclosure,
        )
