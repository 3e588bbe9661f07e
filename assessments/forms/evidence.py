"""Evidence uploads: what a file is, from its bytes, and whether we accept it."""

import zipfile
import zlib

import filetype
from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from partnership_audit.forms import Form

FILE_TOO_BIG = "The file is {size}: files must be {limit} or smaller."
FILE_TYPE_REFUSED = (
    "The file's content is not an accepted type. Upload a PDF, Word, Excel, OpenDocument, PNG or JPEG file."
)
FILE_EMPTY = "The file is empty."
ARCHIVE_MEMBER_TOO_BIG = (
    "The file says it expands to far more than a document of its kind holds, so it was not opened. "
    "Save it again from Word, Excel or LibreOffice and upload that copy."
)
ARCHIVE_TOO_MANY_MEMBERS = (
    "The file holds far more parts than a document of its kind, so it was not opened. "
    "Save it again from Word, Excel or LibreOffice and upload that copy."
)
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


# The most the type check reads from any archive member. OpenDocument's `mimetype` member holds one short name
# ("application/vnd.oasis.opendocument.presentation" is 47 characters); anything declaring more is not one.
ARCHIVE_MEMBER_READ_LIMIT = 256
# Opening an archive reads its whole directory (about 500 bytes of memory per member); a Word or Excel file has
# tens to hundreds of members, so a directory claiming more than this is refused before it is read.
ARCHIVE_MAX_MEMBERS = 5000
_END_OF_DIRECTORY = b"PK\x05\x06"


def _declared_member_count(uploaded) -> int | None:
    """The member count from the archive's end-of-directory record (the last 22 bytes plus any comment)."""
    tail_size = min(uploaded.size, 22 + 65535)
    uploaded.seek(uploaded.size - tail_size)
    tail = uploaded.read(tail_size)
    at = tail.rfind(_END_OF_DIRECTORY)
    if at < 0 or len(tail) < at + 22:
        return None
    return int.from_bytes(tail[at + 10 : at + 12], "little")  # 0xFFFF: a zip64 count, far beyond any document


def _office_zip_type(uploaded) -> str | None:
    """Tell Office Open XML and OpenDocument files apart from other zip files by what they contain.

    Only the archive's directory and at most ARCHIVE_MEMBER_READ_LIMIT bytes of one member are read, so a small
    upload that expands to gigabytes costs no more memory than an honest one.
    """
    try:
        count = _declared_member_count(uploaded)
        if count is None:
            return None
        if count > ARCHIVE_MAX_MEMBERS:
            raise forms.ValidationError(ARCHIVE_TOO_MANY_MEMBERS)
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                raw = _read_member(archive, "mimetype", ARCHIVE_MEMBER_READ_LIMIT)
                return raw.decode("ascii", "replace").strip()
            if "word/document.xml" in names:
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if "xl/workbook.xml" in names:
                return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, RuntimeError, NotImplementedError, zlib.error):
        return None
    finally:
        uploaded.seek(0)
    return None


def _read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """At most `limit` bytes of one member; refuse a member that declares, or turns out to hold, more."""
    if archive.getinfo(name).file_size > limit:
        raise forms.ValidationError(ARCHIVE_MEMBER_TOO_BIG)
    with archive.open(name) as member:
        # The declared size may lie: read one byte past the limit, never the whole stream.
        raw = member.read(limit + 1)
    if len(raw) > limit:
        raise forms.ValidationError(ARCHIVE_MEMBER_TOO_BIG)
    return raw


class EvidenceFileForm(Form):
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
