"""Forms of the people pages. The directory's filter form lives in people.filters."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

# About 60,000 rows of a typical export; a larger file is more likely the wrong file.
MAX_IMPORT_BYTES = 10 * 1024 * 1024


class PeopleImportForm(forms.Form):
    """The upload only: every rule about the rows lives in people.importing."""

    file = forms.FileField(
        label="HR export (CSV)",
        help_text="UTF-8 CSV with a header row; see the column list below.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    full_sync = forms.BooleanField(
        label="Full sync: deactivate everyone missing from this file",
        required=False,
        initial=False,
        help_text="Unticked, the file adds and updates only the people in it. Ticked, you "
        "first see how many people would be deactivated, and confirm.",
    )
    dry_run = forms.BooleanField(
        label="Dry run: check the file and count the changes without saving",
        required=False,
    )

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_IMPORT_BYTES:
            limit, size = filesizeformat(MAX_IMPORT_BYTES), filesizeformat(upload.size)
            raise forms.ValidationError(f"The file is {size}; the limit is {limit}.")
        return upload


class FullSyncConfirmForm(forms.Form):
    """The second step of a full sync: the number of deactivations, seen and accepted.

    For a mass deactivation (over the configured share) the administrator types
    the number; otherwise it comes back from the preview in a hidden field.
    """

    staged = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    deactivations = forms.IntegerField(
        label="Type the number of people to deactivate",
        min_value=0,
        max_value=10_000_000,
        error_messages={"required": "Type the number of people this sync deactivates."},
    )
