"""Coach development pages (docs/COACH_DEVELOPMENT.md), one module per area."""

from tandem.development import (
    urls_caseload,
    urls_growth,
    urls_onboarding,
    urls_roundtables,
    urls_supervision,
)

app_name = "development"
urlpatterns = [
    *urls_supervision.urlpatterns,
    *urls_growth.urlpatterns,
    *urls_roundtables.urlpatterns,
    *urls_caseload.urlpatterns,
    *urls_onboarding.urlpatterns,
]
