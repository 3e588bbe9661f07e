"""Evidence uploads that are archives (Word, Excel, OpenDocument): checking what they are must not inflate them.

A contributor uploads files as evidence. A small zip can declare (or really hold) a member that expands to
hundreds of megabytes; the type check reads at most a few kilobytes of any member, and refuses an archive whose
members claim more than that check needs.
"""

import io
import struct
import tracemalloc
import zipfile

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.forms import detect_evidence_type
from assessments.forms.evidence import (
    ARCHIVE_MAX_MEMBERS,
    ARCHIVE_MEMBER_TOO_BIG,
    ARCHIVE_TOO_MANY_MEMBERS,
    FILE_TYPE_REFUSED,
)

MEGABYTE = 1024 * 1024
ODT = "application/vnd.oasis.opendocument.text"


def zip_with_mimetype(size: int, head: bytes = b"") -> bytes:
    """A zip whose first member `mimetype` is `head` padded with zeros to `size` bytes (deflated: tiny on disk)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("mimetype", "w") as member:
            member.write(head)
            left = size - len(head)
            while left > 0:
                chunk = min(left, MEGABYTE)
                member.write(bytes(chunk))
                left -= chunk
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def understate_first_member(raw: bytes, declared: int) -> bytes:
    """The same zip with the first member's uncompressed size rewritten to `declared` (a lying header)."""
    data = bytearray(raw)
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, declared)  # the central directory's uncompressed size
    return bytes(data)


def check_with_peak(upload):
    """Run the type check; return (outcome, peak bytes allocated while it ran)."""
    tracemalloc.start()
    try:
        try:
            outcome = detect_evidence_type(upload)
        except forms.ValidationError as exc:
            outcome = exc.messages[0]
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_small_zip_whose_member_expands_to_fifty_megabytes_is_refused_without_inflating_it():
    raw = zip_with_mimetype(50 * MEGABYTE, ODT.encode())
    assert len(raw) < 100 * 1024

    outcome, peak = check_with_peak(SimpleUploadedFile("minutes.odt", raw))

    assert outcome == ARCHIVE_MEMBER_TOO_BIG
    assert peak < 2 * MEGABYTE


def test_a_member_that_declares_a_small_size_but_holds_more_is_read_no_further_than_the_check_needs():
    raw = understate_first_member(zip_with_mimetype(50 * MEGABYTE), declared=len(ODT))
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        assert archive.getinfo("mimetype").file_size == len(ODT)

    outcome, peak = check_with_peak(SimpleUploadedFile("minutes.odt", raw))

    assert outcome == FILE_TYPE_REFUSED
    assert peak < 2 * MEGABYTE


@pytest.mark.parametrize("suffix", [".odt", ".docx"])
def test_a_bomb_is_refused_whatever_office_name_it_is_given(suffix):
    raw = zip_with_mimetype(20 * MEGABYTE, ODT.encode())

    outcome, peak = check_with_peak(SimpleUploadedFile(f"minutes{suffix}", raw))

    assert outcome == ARCHIVE_MEMBER_TOO_BIG
    assert peak < 2 * MEGABYTE


def test_a_real_opendocument_file_is_still_accepted():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", ODT, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>", compress_type=zipfile.ZIP_DEFLATED)

    assert detect_evidence_type(SimpleUploadedFile("minutes.odt", buffer.getvalue())) == ODT


def test_an_archive_with_a_huge_directory_is_refused_before_its_directory_is_read():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for number in range(ARCHIVE_MAX_MEMBERS + 1):
            archive.writestr(f"{number:x}", b"")
        archive.writestr("word/document.xml", "<w:document/>")
    upload = SimpleUploadedFile("minutes.docx", buffer.getvalue())

    outcome, peak = check_with_peak(upload)

    assert outcome == ARCHIVE_TOO_MANY_MEMBERS
    assert peak < MEGABYTE
