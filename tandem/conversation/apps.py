from django.apps import AppConfig


class ConversationConfig(AppConfig):
    name = "tandem.conversation"
    verbose_name = "Coaching conversation"

    def ready(self) -> None:
        # Session records are confidential coaching records: tell the privacy policy where
        # they live so it can decide and audit every read (docs/CONVERSATION.md).
        from tandem.conversation.models import register_record_sources

        register_record_sources()
