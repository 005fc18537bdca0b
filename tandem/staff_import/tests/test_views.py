"""The upload page and the import's status page, for administrators only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tandem.people.models import Person, Role
from tandem.people.tests.factories import person_with_account
from tandem.staff_import.models import StaffImport
from tandem.staff_import.services import staff_import_create
from tandem.staff_import.tests.conftest import person_row, staff_csv

pytestmark = pytest.mark.django_db

UPLOAD = reverse("staff_import:upload")


@pytest.fixture
def admin(tree):
    return person_with_account(roles=(Role.ADMINISTRATOR,), org_unit=tree["intake"])


def _upload(client, content: bytes, name: str = "hr.csv", follow: bool = False):
    file = SimpleUploadedFile(name, content, "text/csv")
    return client.post(UPLOAD, {"file": file}, follow=follow)


def test_upload_page_shows_form_columns_and_template_link_to_administrator(client, admin):
    client.force_login(admin.user)
    response = client.get(UPLOAD)
    assert response.status_code == 200
    assert [name for name, _, _ in response.context["columns"]][:4] == [
        "work_email",
        "first_name",
        "last_name",
        "employee_id",
    ]
    assert list(response.context["form"].fields) == ["file"]
    assert reverse("staff_import:example_csv") in response.content.decode()


def test_upload_valid_file_imports_and_shows_summary(client, admin):
    client.force_login(admin.user)
    rows = [
        person_row("dana@example.gov"),
        person_row("sam@example.gov", supervisor_email="dana@example.gov"),
    ]
    response = _upload(client, staff_csv(rows))
    staff_import = StaffImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_import:detail", args=[staff_import.pk])
    assert (staff_import.status, staff_import.uploaded_by, staff_import.file_name) == (
        StaffImport.Status.DONE,
        admin,
        "hr.csv",
    )
    assert staff_import.summary == {
        "units_created": 0,
        "people_created": 2,
        "people_updated": 0,
        "people_unchanged": 0,
        "supervisor_links_changed": 1,
        "roles_added": 3,
    }
    assert (
        Person.objects.get(work_email="sam@example.gov").supervisor.work_email == "dana@example.gov"
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Import finished" in page.content.decode()
    assert "hx-trigger" not in page.content.decode()


def test_upload_invalid_file_imports_nothing_and_lists_problems(client, admin):
    client.force_login(admin.user)
    people_before = Person.objects.count()
    rows = [person_row("a@example.gov", hire_date="yesterday"), person_row("b@example.gov")]
    response = _upload(client, staff_csv(rows), follow=True)
    assert Person.objects.count() == people_before
    staff_import = StaffImport.objects.get()
    assert (staff_import.status, staff_import.problem_count) == (StaffImport.Status.INVALID, 1)
    assert response.context["problems"] == [
        {
            "row": 2,
            "column": "hire_date",
            "message": "“yesterday” is not a date. Use YYYY-MM-DD (2024-03-31) or MM/DD/YYYY "
            "(03/31/2024).",
        }
    ]
    html = response.content.decode()
    assert "Nothing was imported: please fix 1 problem" in html
    assert '<th scope="col">Problem</th>' in html
    problems = client.get(reverse("staff_import:problems_csv", args=[staff_import.pk]))
    assert problems.content.decode().splitlines()[:2] == [
        "row,column,problem",
        "2,hire_date,“yesterday” is not a date. Use YYYY-MM-DD (2024-03-31) or MM/DD/YYYY (03/31/2024).",
    ]
    original = client.get(reverse("staff_import:uploaded_file", args=[staff_import.pk]))
    assert original.content == staff_csv(rows)


def test_upload_rejects_a_file_that_is_not_csv(client, admin):
    client.force_login(admin.user)
    response = _upload(client, b"%PDF-1.4", name="staff.pdf")
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["Choose a .csv file. In Excel, use Save As and pick “CSV UTF-8”."]
    }
    assert StaffImport.objects.count() == 0


def test_status_partial_polls_while_running_and_stops_when_finished(client, admin):
    client.force_login(admin.user)
    staff_import = staff_import_create(uploaded_by=admin, file_name="hr.csv", content=b"")
    StaffImport.objects.filter(pk=staff_import.pk).update(
        status=StaffImport.Status.VALIDATING, processed_rows=5000, total_rows=20000
    )
    url = reverse("staff_import:status", args=[staff_import.pk])
    html = client.get(url).content.decode()
    assert f'hx-get="{url}" hx-trigger="every 1s"' in html
    assert 'max="20000" value="5000"' in html
    assert "Checking rows: 5000 of 20000 (25%)" in html
    StaffImport.objects.filter(pk=staff_import.pk).update(status=StaffImport.Status.DONE)
    assert "hx-trigger" not in client.get(url).content.decode()


def test_example_csv_downloads_and_imports_cleanly(client, admin):
    client.force_login(admin.user)
    response = client.get(reverse("staff_import:example_csv"))
    assert response["Content-Disposition"] == 'attachment; filename="staff_import_template.csv"'
    _upload(client, response.content)
    assert StaffImport.objects.get().status == StaffImport.Status.DONE


@pytest.mark.parametrize("name", ["upload", "example_csv"])
def test_staff_import_pages_forbidden_to_non_administrator(client, tree, name):
    supervisor = person_with_account(roles=(Role.SUPERVISOR, Role.LEARNER), org_unit=tree["intake"])
    supervisor.user.is_staff = True
    supervisor.user.save()
    client.force_login(supervisor.user)
    assert client.get(reverse(f"staff_import:{name}")).status_code == 403
    response = _upload(client, staff_csv([person_row("a@example.gov")]))
    assert response.status_code == 403
    assert StaffImport.objects.count() == 0


def test_staff_import_detail_forbidden_to_non_administrator(client, tree, admin):
    staff_import = staff_import_create(uploaded_by=admin, file_name="hr.csv", content=b"x")
    learner = person_with_account(org_unit=tree["intake"])
    client.force_login(learner.user)
    for name in ("detail", "status", "problems_csv", "uploaded_file"):
        assert (
            client.get(reverse(f"staff_import:{name}", args=[staff_import.pk])).status_code == 403
        )


def test_upload_page_redirects_anonymous_to_sign_in(client, db):
    response = client.get(UPLOAD)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={UPLOAD}"


def test_the_problems_file_never_hands_a_spreadsheet_a_formula(client, admin):
    # A header or value from the uploaded file can come back in a problem; opened in a
    # spreadsheet, "=..." would run as a formula.
    staff_import = StaffImport.objects.create(
        file_name="hr.csv",
        content=b"x",
        status=StaffImport.Status.INVALID,
        problems=[{"row": 3, "column": '=HYPERLINK("http://x","y")', "message": "@SUM(A1)"}],
        problem_count=1,
    )
    client.force_login(admin.user)
    response = client.get(reverse("staff_import:problems_csv", args=[staff_import.pk]))
    assert response.content.decode().splitlines()[1] == (
        '3,"\'=HYPERLINK(""http://x"",""y"")",\'@SUM(A1)'
    )
