from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "tandem.people"
    verbose_name = "Organization and people"
