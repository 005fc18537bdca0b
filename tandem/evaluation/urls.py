from django.urls import path

from tandem.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.section, name="overview"),
    path("<slug:section>/", views.section, name="section"),
    path("<slug:section>/<slug:table>.csv", views.table_csv, name="table_csv"),
]
