"""Issue 9, defect 15 part 1: on a standard's page at 1280 CSS px, every action's "Change" link is on screen.

The actions used to be a seven-column table in the page's left column, which overflowed its scroll box at
1280 px and pushed "Change", the only way to edit an action, out of sight.
"""

import pytest
from playwright.sync_api import expect

from assessments.models import Organisation, Response
from assessments.services import action_create
from tests.assessments.service_helpers import action_data, answer

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1280, "height": 800}
LONG = [
    "Agree one supervision policy across the trust and both councils, covering seconded and transferred staff.",
    "Name a principal social worker on the Trust Board and give them a standing agenda item on social care.",
    "Open council case-recording systems to seconded social workers from the trust's offices.",
]


def test_every_change_link_of_a_standards_actions_is_visible_at_1280_px(
    chromium, live_server, axe, assessment, trust_lead
):
    s1 = Response.objects.get(assessment=assessment, standard__code="S1")
    answer(s1, trust_lead, "not-met")
    council = Organisation.objects.filter(council_partnerships=assessment.partnership).order_by("name").first()
    for description in LONG:
        data = action_data(
            description=description,
            owner_name="Bartholomew Featherstonehaugh-Wainwright",
            owner_role="Interim Associate Director of Integrated Mental Health and Social Care",
            responsible_organisation=council,
        )
        action_create(response=s1, actor=trust_lead, data=data)
    context = chromium.new_context(base_url=live_server.url, locale="en-GB", viewport=WIDE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(page, trust_lead)
        page.goto(f"/assessments/{assessment.pk}/standards/S1/")
        axe(page)
        for description in LONG:
            link = page.get_by_role("link", name=f"Change action: {description[:40]}")
            expect(link).to_be_visible()
            link.scroll_into_view_if_needed()
            box = link.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= WIDE["width"], (description, box)
            # Not clipped by a scrolling box around it either: nothing in the actions overflows sideways.
            clipped = link.evaluate(
                """el => { for (let p = el.parentElement; p; p = p.parentElement) {
                     if (p.scrollWidth > p.clientWidth + 1 && getComputedStyle(p).overflowX !== 'visible') return true;
                   } return false; }"""
            )
            assert not clipped, description
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDE["width"]
    finally:
        context.close()
