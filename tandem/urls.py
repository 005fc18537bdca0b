from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from tandem.ops import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("accounts/", include("tandem.accounts.urls")),
    path("people/", include("tandem.people.urls")),
    path("administration/import-staff/", include("tandem.staff_import.urls")),
    path("administration/staff/", include("tandem.web.staffing_urls")),
    path("coaching/", include("tandem.coaching.urls")),
    path("privacy/", include("tandem.privacy.urls")),
    path("goals/", include("tandem.goals.urls")),
    path("agreements/", include("tandem.agreements.urls")),
    path("instruments/", include("tandem.instruments.urls")),
    path("conversation/", include("tandem.conversation.urls")),
    path("lifecycle/", include("tandem.lifecycle.urls")),
    path("development/", include("tandem.development.urls")),
    path("evaluation/", include("tandem.evaluation.urls")),
    path("enrollment/", include("tandem.enrollment.urls")),
    path("matching/", include("tandem.enrollment.matching.urls")),
    path("questions/", include("tandem.questionbank.urls")),
    path("admin/", admin.site.urls),
    path("", include("tandem.web.urls")),
]
# A database that cannot be reached answers 503 with Retry-After (tandem/web/errors.py).
handler500 = "tandem.web.errors.server_error_or_unavailable"

if settings.OIDC_ENABLED:
    urlpatterns.insert(0, path("oidc/", include("mozilla_django_oidc.urls")))
