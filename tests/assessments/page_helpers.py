"""Builders shared by the page tests: answering an assessment, signing it off, and small real files."""

import html
import io
import re
import struct
import zipfile
import zlib
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.access import partner_membership
from assessments.models import Action, EvidenceFile, Response

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # noqa: E501


def url(name, *args):
    return reverse(f"assessments:{name}", args=args)


def pdf_upload(name="minutes.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png_upload(name="chart.png"):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    raw += chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b"")
    return SimpleUploadedFile(name, raw, content_type="image/png")


def docx_upload(name="policy.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Supervision policy</w:t></w:r></w:p></w:body>'
            "</w:document>",
        )
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def answer_post(response, **fields):
    """The standard page's form as a person would send it, for this response."""
    data = {
        "answer": "fully-met",
        "not_applicable_reason": "",
        "evidence": "Supervision audit, March 2026.",
        "evidence_holder": "",
        "lock_version": response.lock_version,
        "continue": "",
    }
    data.update(fields)
    return data


def level(assessment, code):
    return assessment.version.rating_levels.get(code=code)


def answer_all(assessment, *, rating="fully-met", evidence="Minutes of the partnership board.", actions=0, files=0):
    """Answer every standard directly in the database; give each `actions` actions and `files` files."""
    chosen = level(assessment, rating)
    Response.objects.filter(assessment=assessment).update(rating=chosen, evidence=evidence)
    partner = assessment.partnership.trust
    for response in Response.objects.filter(assessment=assessment):
        for i in range(actions):
            Action.objects.create(
                response=response,
                description=f"Action {i}",
                owner_name="Sam Owner",
                owner_role="PSW",
                responsible_organisation=partner if i % 2 else None,
                due_date=timezone.localdate() + timedelta(days=30 + i),
            )
        for i in range(files):
            evidence_file = EvidenceFile(
                response=response,
                original_name=f"evidence-{i}.pdf",
                content_type="application/pdf",
                size=len(PDF),
                uploaded_by=assessment.created_by,
            )
            evidence_file.file.save(f"evidence-{i}.pdf", ContentFile(PDF), save=False)
            evidence_file.save()


def sign_off_all(assessment, *leads):
    for lead in leads:
        services.assessment_sign_off(
            assessment=assessment, actor=lead, membership=partner_membership(lead, assessment.partnership)
        )


def submitted(assessment, *leads):
    """Answer everything, have every lead sign off, and submit: the assessment as BASW receives it."""
    answer_all(assessment)
    sign_off_all(assessment, *leads)
    services.assessment_submit(assessment=assessment, actor=leads[0])
    assessment.refresh_from_db()
    return assessment


def page(response):
    return html.unescape(response.content.decode())


def checked_answer(text):
    """The value of the rating radio that is checked, or None."""
    found = re.search(r'<input type="radio"[^>]*name="answer" value="([^"]+)"[^>]*checked', text)
    return found.group(1) if found else None


def errors_in_summary(response):
    text = page(response)
    start = text.index('class="error-summary"')
    return text[start : text.index("</div>", start)]
