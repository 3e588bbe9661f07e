"""Evidence uploads: what a file is, from its bytes, and whether we accept it."""

import zipfile

import filetype
from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

FILE_TOO_BIG = "The file is {size}: files must be {limit} or smaller."
FILE_TYPE_REFUSED = (
    "The file's content is not an accepted type. Upload a PDF, Word, Excel, OpenDocument, PNG or JPEG file."
)
FILE_EMPTY = "The file is empty."
FILE_MISSING = "Choose a file to upload."

# What each accepted file's content may be (detected from its bytes by `filetype`), and the extensions it may have.
ACCEPTED_TYPES = {
    "application/pdf": {".pdf"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
    "application/msword": {".doc"},  # OLE2 compound file (also .xls)
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {".xlsx"},
    "application/vnd.ms-excel": {".xls"},
    "application/vnd.oasis.opendocument.text": {".odt"},
    "application/vnd.oasis.opendocument.spreadsheet": {".ods"},
    "application/vnd.oasis.opendocument.presentation": {".odp"},
}
OLE2_EXTENSIONS = {".doc", ".xls"}


def detect_evidence_type(uploaded) -> str:
    """The content type of an upload from its bytes, or raise ValidationError. The name is only a cross-check."""
    if uploaded.size == 0:
        raise forms.ValidationError(FILE_EMPTY)
    limit = settings.EVIDENCE_MAX_BYTES
    if uploaded.size > limit:
        raise forms.ValidationError(
            FILE_TOO_BIG.format(size=filesizeformat(uploaded.size), limit=filesizeformat(limit))
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    suffix = ("." + uploaded.name.rsplit(".", 1)[-1].lower()) if "." in uploaded.name else ""
    if kind is None:
        raise forms.ValidationError(FILE_TYPE_REFUSED)
    mime = kind.mime
    if mime in ("application/zip",) and suffix in {".docx", ".xlsx", ".odt", ".ods", ".odp"}:
        mime = _office_zip_type(uploaded) or mime
    allowed = ACCEPTED_TYPES.get(mime)
    if mime == "application/x-ole-storage" or (mime == "application/msword" and suffix in OLE2_EXTENSIONS):
        if suffix in OLE2_EXTENSIONS:
            return "application/msword" if suffix == ".doc" else "application/vnd.ms-excel"
        raise forms.ValidationError(FILE_TYPE_REFUSED)
    if not allowed or suffix not in allowed:
        raise forms.ValidationError(FILE_TYPE_REFUSED)
    return mime


def _office_zip_type(uploaded) -> str | None:
    """Tell Office Open XML and OpenDocument files apart from other zip files by what they contain."""
    try:
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return archive.read("mimetype").decode("ascii", "replace").strip()
            if "word/document.xml" in names:
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if "xl/workbook.xml" in names:
                return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        uploaded.seek(0)
    return None


class EvidenceFileForm(forms.Form):
    file = forms.FileField(
        label="Add an evidence file",
        required=False,
        help_text="PDF, Word, Excel, OpenDocument, PNG or JPEG; up to 10 MB.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded:
            raise forms.ValidationError(FILE_MISSING)
        self.content_type = detect_evidence_type(uploaded)
        return uploaded
