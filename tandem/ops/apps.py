from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running Tandem in production: scheduled jobs, health checks, logs and backups
    (docs/OPERATIONS.md)."""

    name = "tandem.ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from django.core.checks import register

        from tandem.ops.checks import schedule_check

        register(schedule_check)
