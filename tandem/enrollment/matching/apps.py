from django.apps import AppConfig


class MatchingConfig(AppConfig):
    """Coach matching. Its models live in tandem.enrollment; this app holds pages and templates."""

    name = "tandem.enrollment.matching"
    label = "matching"
    verbose_name = "Coach matching"
