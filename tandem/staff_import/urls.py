from django.urls import path

from tandem.staff_import import views

app_name = "staff_import"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("template.csv", views.example_csv, name="example_csv"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/restart/", views.restart, name="restart"),
    path("<int:pk>/problems.csv", views.problems_csv, name="problems_csv"),
    path("<int:pk>/uploaded.csv", views.uploaded_file, name="uploaded_file"),
]
