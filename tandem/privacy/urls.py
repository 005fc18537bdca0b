from django.urls import path

from tandem.privacy import views

app_name = "privacy"
urlpatterns = [
    path("my-record/", views.my_record, name="my_record"),
    path("my-record/research/", views.research_consent, name="research_consent"),
    path("access-patterns/", views.access_patterns, name="access_patterns"),
    path("engagements/<int:pk>/sharing/", views.sharing, name="sharing"),
    path("engagements/<int:pk>/disclosures/new/", views.disclosure_new, name="disclosure_new"),
]
