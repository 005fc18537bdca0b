"""Staff import URLs added since the matrix's own table (collected by
tandem/privacy/tests/test_matrix.py): starting a failed import again is for administrators."""

from __future__ import annotations

from tandem.privacy.tests.authz import REDIRECT, Rule, only
from tandem.staff_import.models import StaffImport
from tandem.staff_import.services import staff_import_create

RULES = {
    "staff_import:restart": [
        Rule(only({"administrator": REDIRECT}), args=("failed_import_pk",), method="post")
    ],
}


def objects(world) -> dict[str, int]:
    failed = staff_import_create(
        uploaded_by=world.people["administrator"], file_name="hr.csv", content=b"work_email\n"
    )
    StaffImport.objects.filter(pk=failed.pk).update(
        status=StaffImport.Status.FAILED, error=StaffImport.STOPPED_MESSAGE
    )
    return {"failed_import_pk": failed.pk}
