from django.urls import path

from tandem.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.section, name="overview"),
    # Before "<slug:section>/", which would take "export" for a section.
    path("export/", views.export, name="export"),
    path("export/download/<slug:file_format>/", views.export_download, name="export_download"),
    # The calculator has a form of its own; its figures' CSV goes through table_csv.
    path("roi/", views.roi, name="roi"),
    path("<slug:section>/", views.section, name="section"),
    path("<slug:section>/<slug:table>.csv", views.table_csv, name="table_csv"),
]
