"""The administrator's staff pages, under /administration/staff/ (namespace `staffing`)."""

from django.urls import path

from tandem.web import staffing

app_name = "staffing"
urlpatterns = [
    path("", staffing.staff_list, name="staff_list"),
    path("<int:pk>/", staffing.staff_detail, name="staff_detail"),
    path("<int:pk>/roles/", staffing.role_add, name="role_add"),
    path("<int:pk>/roles/<int:role_pk>/end/", staffing.role_remove, name="role_remove"),
    path("<int:pk>/coach-profile/", staffing.coach_profile, name="coach_profile"),
    path("<int:pk>/coach-profile/stop/", staffing.coach_stop, name="coach_stop"),
]
