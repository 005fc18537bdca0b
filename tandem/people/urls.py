from django.urls import path

from tandem.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("organization/", views.orgunit_list, name="orgunit_list"),
    path("organization/<int:pk>/", views.orgunit_detail, name="orgunit_detail"),
    path("coaches/", views.coach_list, name="coach_list"),
    path("coaches/<int:pk>/", views.coach_detail, name="coach_detail"),
]
