"""Coach development pages (docs/COACH_DEVELOPMENT.md), one module per area."""

from tandem.development import urls_caseload, urls_growth, urls_roundtables, urls_supervision

app_name = "development"
urlpatterns = [
    *urls_supervision.urlpatterns,
    *urls_growth.urlpatterns,
    *urls_roundtables.urlpatterns,
    *urls_caseload.urlpatterns,
]
