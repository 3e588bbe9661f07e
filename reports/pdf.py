"""An assessment's PDFs, accessible and rendered by WeasyPrint, cached by the assessment's revision: the action
plan, and the s75 review pack (its progress for the agreement's annual review), each a `RenderKind`.

Safety: the HTML comes only from our own template, with autoescaping, so text typed into an answer is
text. WeasyPrint fetches through `StaticFilesOnlyFetcher`, which serves files from the project's
`static/` folder and `data:` URLs and refuses everything else (other files, http(s), redirects).

Speed: WeasyPrint is imported once, when this module is first imported (importing costs about a second).
The long parts of the document are laid out as blocks rather than tables, which paginate far faster.
A rendered PDF is kept in the "reports" cache under a key made of its kind, the assessment's revision (moved
by every write service, the partnership's profile and teams included), the organisations and officers' names
as they stand (the review pack: the names of its progress notes' authors), today's date (overdue marks and
the generation date change with it), and for the action plan the state of its frontline pulse (pulse_state), so a
repeat download of an unchanged assessment is not rendered again.
"""

import base64
import hashlib
import mimetypes
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from django.conf import settings
from django.core.cache import caches
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint.urls import URLFetcher, URLFetcherResponse

from assessments.models import ActionNote, Assessment, Pulse, Status
from assessments.scoring import Divergence, frontline_not_shown

from .content import VIEWS_NOT_OPEN, Report, report_for
from .models import RenderKind
from .pdf_tags import finish_tags
from .review_pack import ReviewPack, pack_for

STATIC_DIR = (Path(settings.BASE_DIR) / "static").resolve()
BASE_URL = STATIC_DIR.as_uri() + "/"
TEMPLATE = "reports/action_plan_pdf.html"
PACK_TEMPLATE = "reports/review_pack_pdf.html"
TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates" / "reports"
# Cached PDFs are dropped when the layout changes: the key holds a hash of the PDF's template, chart and
# stylesheet, and this number, to bump when the code that gathers the report changes what it says.
CONTENT_VERSION = 3  # 2: the partners' own views, where they rate first; 3: the frontline pulse
PACK_CONTENT_VERSION = 1


def _layout(*paths: Path) -> str:
    return hashlib.sha256(b"".join(path.read_bytes() for path in paths)).hexdigest()[:16]


LAYOUT = _layout(
    TEMPLATE_DIR / "action_plan_pdf.html",
    TEMPLATE_DIR / "_frontline_pdf.html",
    TEMPLATE_DIR / "domain_chart.svg",
    TEMPLATE_DIR.parent / "partials" / "trend_chart.svg",
    TEMPLATE_DIR.parent / "partials" / "trend_table.html",
    STATIC_DIR / "css" / "action-plan-pdf.css",
    STATIC_DIR / "css" / "action-plan-pdf-draft.css",
    STATIC_DIR / "img" / "draft-mark.svg",
)
PACK_LAYOUT = _layout(
    TEMPLATE_DIR / "review_pack_pdf.html",
    STATIC_DIR / "css" / "action-plan-pdf.css",
    STATIC_DIR / "css" / "review-pack-pdf.css",
)


class RefusedURL(ValueError):
    pass


class StaticFilesOnlyFetcher(URLFetcher):
    """Serves the project's own static files and data: URLs; refuses every other URL."""

    def __init__(self):
        super().__init__(timeout=2, allowed_protocols={"file", "data"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if path.is_relative_to(STATIC_DIR) and path.is_file():
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type})
        raise RefusedURL(f"The PDF may only use the project's static files ({url[:80]!r} refused).")


def chart_data_uri(report: Report) -> str:
    row = 46
    bars = [(domain, index * row) for index, domain in enumerate(report.domains)]
    svg = render_to_string("reports/domain_chart.svg", {"bars": bars, "height": max(len(bars), 1) * row})
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def chart_alt(report: Report) -> str:
    parts = [
        f"{d.domain.title} {d.score:g}%" if d.score is not None else f"{d.domain.title} not scored"
        for d in report.domains
    ]
    return "Bar chart of the score in each domain, out of 100: " + "; ".join(parts) + "."


def render_html(report: Report) -> str:
    assessment = report.assessment
    return render_to_string(
        TEMPLATE,
        {
            "report": report,
            "assessment": assessment,
            "partnership": assessment.partnership,
            "is_draft": assessment.status == Status.DRAFT,
            "chart_src": chart_data_uri(report),
            "chart_alt": chart_alt(report),
            "Divergence": Divergence,
            "views_not_open_note": VIEWS_NOT_OPEN,
            "frontline_not_shown": frontline_not_shown(),
        },
    )


def render_pack_html(pack: ReviewPack) -> str:
    assessment = pack.assessment
    return render_to_string(
        PACK_TEMPLATE, {"pack": pack, "assessment": assessment, "partnership": assessment.partnership}
    )


def render_pdf(html: str, *, fetcher: URLFetcher | None = None) -> bytes:
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher or StaticFilesOnlyFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1", presentational_hints=False, finisher=finish_tags)


def _note_authors(assessment: Assessment) -> list:
    """The names of those who wrote the plan's progress notes, as they stand (one query)."""
    notes = ActionNote.objects.filter(action__response__assessment=assessment)
    return list(notes.order_by("written_by_id").values_list("written_by_id", "written_by__full_name").distinct())


def pulse_state(assessment: Assessment) -> tuple | None:
    """What the action plan shows of the frontline pulse that the revision does not count (one query): answers
    arrive, and a pulse closes, without a write to the assessment. The number of replies and the pulse's dates,
    nothing of any one reply; None without a pulse."""
    state = (
        Pulse.objects.filter(assessment=assessment)
        .annotate(reply_count=Count("replies"))
        .values_list("reply_count", "closes_on", "closed_on")
        .first()
    )
    return tuple(state) if state is not None else None


def cache_key(assessment: Assessment, kind: str = RenderKind.ACTION_PLAN) -> str:
    """The kind, the assessment's revision, and what the PDF shows that no write service counts, hashed.

    The revision moves with every answer, action, progress note, interim rating, sign-off and status move, and
    with every change to the partnership's profile or teams (assessments/services/partnership.py, which the
    admin uses too). The organisations' own fields, the BASW officers' names and the note authors' names are
    edited in the admin outside any service, so they are read as they stand; today's date decides which
    actions are overdue. The action plan's frontline figures move with the pulse's replies and its closing
    (pulse_state), which no write to the assessment counts.
    """
    organisations = [(o.pk, o.kind, o.name, o.code, o.region) for o in assessment.partnership.partner_organisations()]
    if kind == RenderKind.REVIEW_PACK:
        versions, elsewhere = (PACK_CONTENT_VERSION, PACK_LAYOUT), (organisations, _note_authors(assessment))
    else:
        officers = [user.full_name if user else None for user in (assessment.reviewer, assessment.accepted_by)]
        versions, elsewhere = (CONTENT_VERSION, LAYOUT), (organisations, officers, pulse_state(assessment))
    fingerprint = repr((*versions, assessment.pk, assessment.revision, timezone.localdate(), elsewhere))
    return f"{kind}-pdf:" + hashlib.sha256(fingerprint.encode()).hexdigest()


def stored_pdf(assessment: Assessment, kind: str = RenderKind.ACTION_PLAN) -> bytes | None:
    """The PDF the worker rendered for the assessment as it stands today, or None when there is none yet."""
    return caches["reports"].get(cache_key(assessment, kind))


def _html(assessment: Assessment, kind: str) -> str:
    if kind == RenderKind.REVIEW_PACK:
        return render_pack_html(pack_for(assessment))
    return render_html(report_for(assessment))


def pdf_of(assessment: Assessment, kind: str = RenderKind.ACTION_PLAN, *, use_cache: bool = True) -> tuple[bytes, bool]:
    """The PDF of this kind for this assessment as it stands, and whether it came from the cache."""
    cache = caches["reports"]
    key = cache_key(assessment, kind) if use_cache else None
    if key:
        cached = cache.get(key)
        if cached is not None:
            return cached, True
    pdf = render_pdf(_html(assessment, kind))
    if key:
        cache.set(key, pdf)
    return pdf, False


def action_plan_pdf(assessment: Assessment, *, use_cache: bool = True) -> tuple[bytes, bool]:
    """The action plan's PDF for this assessment as it stands, and whether it came from the cache."""
    return pdf_of(assessment, RenderKind.ACTION_PLAN, use_cache=use_cache)


def review_pack_pdf(assessment: Assessment, *, use_cache: bool = True) -> tuple[bytes, bool]:
    """The s75 review pack's PDF for this assessment as it stands, and whether it came from the cache."""
    return pdf_of(assessment, RenderKind.REVIEW_PACK, use_cache=use_cache)
