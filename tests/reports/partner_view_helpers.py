"""A partners-first assessment worth reporting on, built through the services: each partner's own view of a
standard (partner_view_save), then the joint answer with its rationale (response_save)."""

import re
import subprocess

from assessments.models import Organisation, PartnerView, Response
from tests.assessments import partner_view_helpers as views
from tests.assessments.service_helpers import EVIDENCE

TRUST = "Northshire NHS Trust"
COUNCIL = "Eastshire Council"
COUNCIL2 = "Westshire Council"
# Comments only a partner's view holds: a document that prints one shows that view.
TRUST_ON_S1 = "Our supervision audit shows monthly sessions in every team."
COUNCIL_ON_S1 = "Seconded social workers tell us supervision is often cancelled."
COUNCIL2_ON_S1 = "Supervision happens, but not with a social worker."
RATIONALE_S1 = "The audit counts sessions booked, not held; we agreed the council's evidence weighs more."
TRUST_ON_S6 = "Trust-only note: the Board has a social work champion."
COUNCIL_ON_S6 = "Council-only note: no champion has been named."


def response_of(assessment, code) -> Response:
    return Response.objects.get(assessment=assessment, standard__code=code)


def give_view(assessment, code, actor, level_code=None, *, comment="", not_applicable=False, reason="") -> PartnerView:
    """The actor's organisation's own view of a standard, saved from its current lock_version as the page would."""
    return views.give_view(
        response_of(assessment, code), actor, level_code, comment=comment, not_applicable=not_applicable, reason=reason
    )


def agree(assessment, code, actor, level_code, *, rationale="", evidence=EVIDENCE) -> Response:
    """The joint answer the partners agree, once every view of the standard is given."""
    return views.agree(response_of(assessment, code), actor, level_code, rationale=rationale, evidence=evidence)


def name_partners(trust, council, council2):
    """The trust and its two councils under names a reader knows, in the partnership's order (trust first)."""
    for organisation, name in ((trust, TRUST), (council, COUNCIL), (council2, COUNCIL2)):
        Organisation.objects.filter(pk=organisation.pk).update(name=name)
        organisation.refresh_from_db()


def rate_apart(a, trust_lead, council_lead, council2_lead):
    """Each partner rates every standard of `a` (a partners-first draft) on its own, then they agree:

    - S1 divergent: the trust says largely met, the first council not met, the second partially met; agreed
      partially met, with a rationale;
    - S2 differs: the trust says fully met, both councils largely met; agreed largely met;
    - P1, P2, S3, S4, S5 the same: every partner says largely met; agreed largely met;
    - S6 not open: the trust (fully met) and the first council (not met) gave theirs, the second council has
      not, so nobody may see the others' views and nothing is agreed.
    """
    give_view(a, "S1", trust_lead, "largely-met", comment=TRUST_ON_S1)
    give_view(a, "S1", council_lead, "not-met", comment=COUNCIL_ON_S1)
    give_view(a, "S1", council2_lead, "partially-met", comment=COUNCIL2_ON_S1)
    agree(a, "S1", trust_lead, "partially-met", rationale=RATIONALE_S1)
    give_view(a, "S2", trust_lead, "fully-met")
    for lead in (council_lead, council2_lead):
        give_view(a, "S2", lead, "largely-met")
    agree(a, "S2", trust_lead, "largely-met")
    for code in ("P1", "P2", "S3", "S4", "S5"):
        for lead in (trust_lead, council_lead, council2_lead):
            give_view(a, code, lead, "largely-met")
        agree(a, code, council_lead, "largely-met")
    give_view(a, "S6", trust_lead, "fully-met", comment=TRUST_ON_S6)
    give_view(a, "S6", council_lead, "not-met", comment=COUNCIL_ON_S6)
    return a


def squash(text: str) -> str:
    """Text without spaces or soft line breaks, so that wrapping in the PDF does not matter."""
    return re.sub(r"\s+", "", text).replace("-", "")


def pdftotext(body: bytes) -> str:
    """The PDF's text as poppler reads it, in reading order."""
    done = subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def in_order(text: str, needles: list[str]) -> list[int]:
    """Where each needle is in the squashed text; each must be there, in this order."""
    text = squash(text)
    positions = [text.find(squash(n)) for n in needles]
    assert -1 not in positions, dict(zip(needles, positions, strict=True))
    assert positions == sorted(positions), dict(zip(needles, positions, strict=True))
    return positions


def tagged_tables(body: bytes) -> dict[str, list[tuple[str, ...]]]:
    """Every table in the PDF's structure tree, as a screen reader meets it: caption -> rows of cell texts
    (squashed), header row first. Text comes from each element's marked content (pdfplumber's MCIDs)."""
    import io
    from collections import defaultdict

    import pdfplumber
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(body))
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages, start=1)}
    texts = defaultdict(str)
    with pdfplumber.open(io.BytesIO(body)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for char in page.chars:
                if char["mcid"] is not None:
                    texts[number, char["mcid"]] += char["text"]

    def kids(element):
        found = element.get("/K", [])
        return [
            k.get_object() if hasattr(k, "get_object") else k for k in (found if isinstance(found, list) else [found])
        ]

    def page_of(element, page):
        return pages.get(element.raw_get("/Pg").idnum) if "/Pg" in element else page

    def text(element, page=None):
        page = page_of(element, page)
        out = ""
        for kid in kids(element):
            if isinstance(kid, int):
                out += texts[page, kid]
            elif isinstance(kid, dict) and kid.get("/Type") == "/MCR":
                out += texts[page_of(kid, page), int(kid["/MCID"])]
            elif isinstance(kid, dict):
                out += text(kid, page)
        return out

    def elements(element, role):
        if element.get("/S") == role:
            yield element
        for kid in kids(element):
            if isinstance(kid, dict) and kid.get("/Type") == "/StructElem":
                yield from elements(kid, role)

    root = reader.trailer["/Root"]["/StructTreeRoot"]
    tables = {}
    for top in kids(root):
        for table in elements(top, "/Table"):
            caption = next(elements(table, "/Caption"), None)
            rows = [tuple(squash(text(cell)) for cell in kids(row)) for row in elements(table, "/TR")]
            tables[squash(text(caption)) if caption else ""] = rows
    return tables


def row(*cells: str) -> tuple[str, ...]:
    return tuple(squash(cell) for cell in cells)
