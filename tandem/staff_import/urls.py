from django.urls import path

from tandem.staff_import import views

app_name = "staff_import"
urlpatterns = [path("", views.upload, name="upload")]
