"""Issue 9, defects 17-19, in a real browser at 320 CSS px (WCAG 2.2 reflow, focus visible, text size).

The pages come from the demo world (`load_standards` + `seed_demo`), whose long names, queried standards,
actions and histories are what made the pages scroll sideways. Each page type is loaded once.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from assessments.demo import DEMO_PASSWORD
from assessments.models import Assessment, Status, User

from .conftest import WCAG_TAGS, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

NARROW = {"width": 320, "height": 640}
DEMO = "@demo.partnership-audit.test"


@pytest.fixture
def demo(db):
    call_command("load_standards", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())


def _person(local_part):
    return User.objects.get(email=f"{local_part}{DEMO}")


def _narrow_page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="en-GB", viewport=NARROW)
    context.set_default_timeout(15_000)
    return context, context.new_page()


def _scroll_width(page, path, axe_failures):
    """The page's width at 320 px; axe-core runs too, since a table that scrolls must be reachable by keyboard."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(path)
    page.wait_for_load_state("load")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    axe_failures.extend(f"{path}: {v['id']} ({len(v['nodes'])})" for v in results.response["violations"])
    return page.evaluate("document.documentElement.scrollWidth")


def test_no_page_scrolls_sideways_at_320_css_px_and_each_passes_axe_there(chromium, live_server, demo):
    returned = Assessment.objects.get(partnership__name__startswith="Dartvale", status=Status.CHANGES_REQUESTED)
    queried = returned.responses.filter(review_state="queried").select_related("standard").first()
    draft = Assessment.objects.get(partnership__name__startswith="Northshire", status=Status.DRAFT)
    with_actions = draft.responses.filter(actions__isnull=False).select_related("standard").first()
    lead = _person("dartvale.lead")
    axe_failures = []
    context, page = _narrow_page(chromium, live_server)
    try:
        sign_in(page, lead, password=DEMO_PASSWORD)
        widths = {
            "dashboard": _scroll_width(page, "/dashboard/", axe_failures),
            "partnership": _scroll_width(page, f"/partnerships/{returned.partnership_id}/", axe_failures),
            "queried standard": _scroll_width(
                page, f"/assessments/{returned.pk}/standards/{queried.standard.code}/", axe_failures
            ),
            "history": _scroll_width(
                page, f"/assessments/{returned.pk}/standards/{queried.standard.code}/history/", axe_failures
            ),
            "invite": _scroll_width(
                page, f"/organisations/{lead.memberships.first().organisation_id}/invite/", axe_failures
            ),
        }
        page.get_by_role("button", name="Sign out").click()
        sign_in(page, _person("trust.lead"), password=DEMO_PASSWORD)
        widths["standard with actions"] = _scroll_width(
            page, f"/assessments/{draft.pk}/standards/{with_actions.standard.code}/", axe_failures
        )
        widths["frontline pulse"] = _scroll_width(page, f"/assessments/{draft.pk}/pulse/", axe_failures)
        widths["frontline comments"] = _scroll_width(page, f"/assessments/{draft.pk}/pulse/comments/", axe_failures)
        page.get_by_role("button", name="Sign out").click()
        sign_in(page, _person("basw.officer"), password=DEMO_PASSWORD)
        widths["national"] = _scroll_width(page, "/reports/national/", axe_failures)
        widths["national frontline"] = _scroll_width(page, "/reports/national/frontline/", axe_failures)
    finally:
        context.close()
    too_wide = {name: width for name, width in widths.items() if width > NARROW["width"]}
    assert too_wide == {}, widths
    assert axe_failures == []


# The colours an element's focus indicator is drawn in: its outline and box-shadow rings, each composited over the
# background it sits on, so Bootstrap's translucent ring counts for what people see, once its transition ends.
FOCUS_COLOURS = """async el => {
  await Promise.all(el.getAnimations().map(animation => animation.finished));  // Bootstrap eases the ring in
  const rgba = text => (text.match(/rgba?\\([^)]*\\)/g) || []).map(c => c.match(/[\\d.]+/g).map(Number));
  let bg = [255, 255, 255];
  for (let p = el.parentElement; p; p = p.parentElement) {
    const c = rgba(getComputedStyle(p).backgroundColor)[0];
    if (c && (c.length < 4 || c[3] > 0)) { bg = c.slice(0, 3); break; }
  }
  const over = c => { const a = c.length > 3 ? c[3] : 1; return c.slice(0, 3).map((v, i) => v * a + bg[i] * (1 - a)); };
  const style = getComputedStyle(el);
  const rings = [];
  if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) rings.push(...rgba(style.outlineColor));
  if (style.boxShadow !== 'none') rings.push(...rgba(style.boxShadow));
  return {background: bg, rings: rings.map(over)};
}"""


def _luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(one, other):
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _focus_contrast(page, locator):
    page.keyboard.press("Shift")  # a keyboard interaction, so that focus() shows :focus-visible as Tab would
    locator.focus()
    colours = locator.evaluate(FOCUS_COLOURS)
    return round(max((_contrast(ring, colours["background"]) for ring in colours["rings"]), default=1.0), 2)


def test_every_control_shows_a_focus_indicator_of_3_to_1_and_a_failed_post_focuses_the_error_summary(
    page, partnership, version, trust_lead
):
    sign_in(page, trust_lead)
    page.goto(f"/partnerships/{partnership.pk}/assessments/new/")
    contrasts = {
        "input": _focus_contrast(page, page.get_by_label("Period")),
        "select": _focus_contrast(page, page.get_by_label("Standards to assess against")),
        "button": _focus_contrast(page, page.get_by_role("button", name="Start the assessment")),
        "header link": _focus_contrast(page, page.get_by_role("link", name="My dashboard")),
        "header button": _focus_contrast(page, page.get_by_role("button", name="Sign out")),
    }
    assert {name: c for name, c in contrasts.items() if c < 3} == {}, contrasts

    page.get_by_label("Period").fill("")
    page.get_by_role("button", name="Start the assessment").click()
    page.wait_for_load_state("load")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")


def test_the_national_chart_has_a_0_to_100_axis_and_text_of_12_px_or_more_at_320_css_px(chromium, live_server, demo):
    context, page = _narrow_page(chromium, live_server)
    try:
        sign_in(page, _person("basw.officer"), password=DEMO_PASSWORD)
        page.goto("/reports/national/")
        chart = page.locator("figure.chart")
        # The size each piece of text is drawn at on screen: its font size times any scaling of an SVG's viewBox.
        sizes = chart.evaluate(
            """figure => [...figure.querySelectorAll('*')]
              .filter(el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
              .filter(el => !['title', 'desc'].includes(el.tagName))
              .map(el => {
                const size = parseFloat(getComputedStyle(el).fontSize);
                const scale = el.getScreenCTM ? el.getScreenCTM().a : 1;
                return [el.textContent.trim(), size * scale];
              })"""
        )
        texts = " ".join(text for text, _ in sizes)
    finally:
        context.close()
    assert sizes
    smallest = min(size for _, size in sizes)
    assert smallest >= 12, sorted(sizes, key=lambda item: item[1])[:5]
    assert re.search(r"\b0%.*\b25%.*\b50%.*\b75%.*\b100%", texts), texts
