"""Forms for the builder pages that are not the guided editor (see editor.py for that one)."""

from __future__ import annotations

from django import forms

from tandem.instruments.definition import RESPONDENTS, SUBJECTS
from tandem.instruments.models import Instrument
from tandem.instruments.schema import SLUG
from tandem.ui.forms import UswdsFormMixin
from tandem.ui.locking import VersionedFormMixin

RESPONDENT_LABELS = {
    "self": "The person themselves (self-rating)",
    "observer": "An observer rates someone else",
    "other": "Someone else (a survey, a 360° rating)",
}
SUBJECT_LABELS = {
    "none": "Nobody in particular",
    "learner": "The learner",
    "coach": "The coach",
    "supervisor": "The supervisor",
    "team": "The team",
}
MAX_UPLOAD_BYTES = 512 * 1024


def _slug_problem(slug: str) -> str | None:
    if not SLUG.match(slug):
        return "Use lowercase letters, digits and hyphens, like family-meeting-check."
    if Instrument.objects.filter(slug=slug).exists():
        return f'There is already an instrument with the short name "{slug}".'
    return None


class InstrumentNewForm(UswdsFormMixin, forms.Form):
    title = forms.CharField(max_length=200)
    slug = forms.CharField(
        label="Short name",
        max_length=80,
        help_text="Lowercase letters, digits and hyphens; it names the exported file and "
        "cannot change later.",
    )
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What it is for, who fills it in and when, in plain words.",
    )
    source = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Where the wording comes from (a book, a training, your own team).",
    )
    respondent = forms.ChoiceField(
        label="Who fills it in", choices=[(r, RESPONDENT_LABELS[r]) for r in RESPONDENTS]
    )
    subject = forms.ChoiceField(
        label="Whom it is about", choices=[(s, SUBJECT_LABELS[s]) for s in SUBJECTS]
    )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].strip()
        if problem := _slug_problem(slug):
            raise forms.ValidationError(problem)
        return slug


class InstrumentCopyForm(UswdsFormMixin, forms.Form):
    title = forms.CharField(max_length=200)
    slug = forms.CharField(
        label="Short name",
        max_length=80,
        help_text="Lowercase letters, digits and hyphens; it must differ from the original's.",
    )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].strip()
        if problem := _slug_problem(slug):
            raise forms.ValidationError(problem)
        return slug


class YamlForm(VersionedFormMixin, UswdsFormMixin, forms.Form):
    text = forms.CharField(
        label="Definition (YAML)",
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 30, "spellcheck": "false", "class": "font-mono-xs maxw-full"}
        ),
        help_text="The format is described in docs/INSTRUMENTS.md.",
    )
    published = forms.BooleanField(
        label="Ready to use (published)",
        required=False,
    )

    def clean_text(self) -> str:
        return str(self.cleaned_data["text"]).replace("\r\n", "\n")


class ImportForm(UswdsFormMixin, forms.Form):
    file = forms.FileField(
        label="Definition file (.yaml)",
        help_text="A file exported from Tandem or written by hand in the same format.",
    )

    def clean_file(self) -> str:
        """The file's text (the view reads `cleaned_data["file"]` as text)."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is too large for an instrument definition.")
        try:
            return str(upload.read().decode("utf-8-sig").replace("\r\n", "\n"))
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "The file is not UTF-8 text; save it as UTF-8 and upload it again."
            ) from None
