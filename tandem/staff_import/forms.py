"""The upload form for a staff import."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

from tandem.ui.forms import UswdsFormMixin

MAX_UPLOAD_MB = 25


class StaffImportForm(UswdsFormMixin, forms.Form):
    file = forms.FileField(
        label="HR export file (CSV)",
        help_text="A .csv file saved as UTF-8, with the columns described below.",
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".csv"):
            raise forms.ValidationError(
                "Choose a .csv file. In Excel, use Save As and pick “CSV UTF-8”."
            )
        if (upload.size or 0) > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(f"The file is larger than {MAX_UPLOAD_MB} MB.")
        return upload
