from django.apps import AppConfig


class StaffImportConfig(AppConfig):
    name = "tandem.staff_import"
    verbose_name = "Staff import"
