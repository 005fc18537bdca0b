from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "tandem.agreements"
    verbose_name = "Coaching agreements"

    def ready(self) -> None:
        # The disclosure map and the parties are what privacy's rules read (docs/PRIVACY.md).
        from tandem.agreements.models import (
            Acknowledgment,
            Agreement,
            AgreementDisclosure,
            AgreementParty,
            AgreementVersion,
        )
        from tandem.privacy.registry import models_register

        models_register(
            Acknowledgment=Acknowledgment,
            Agreement=Agreement,
            AgreementVersion=AgreementVersion,
            AgreementParty=AgreementParty,
            AgreementDisclosure=AgreementDisclosure,
        )

        from tandem.agreements.services import agreement_members_sync
        from tandem.coaching.signals import group_membership_changed

        def _members_changed(sender: object, engagement_id: int, **kwargs: object) -> None:
            agreement_members_sync(engagement_id=engagement_id)

        group_membership_changed.connect(
            _members_changed, dispatch_uid="agreements.members_changed", weak=False
        )
