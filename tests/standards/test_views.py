"""The public standards browser: anyone may read published and retired versions; drafts are for staff only."""

import re

import pytest
from django.urls import reverse

from partnership_audit.forms import NOT_A_CHOICE
from standards.forms import QUERY_TOO_SHORT
from standards.models import VersionStatus
from tests.standards import builders


@pytest.fixture
def basw_2010(db):
    return builders.make_basw_2010()


@pytest.fixture
def charter(basw_2010):
    return builders.make_charter_2012(basw_2010)


@pytest.fixture
def draft(charter):
    """A draft version of the same framework: only staff may see it."""
    version = builders.make_version(slug="2026-draft", label="Draft 2026", status=VersionStatus.DRAFT)
    builders.add_standard(version, "D1", title="Draft item", text="A draft sentence about caseload weighting.")
    return version


@pytest.fixture
def staff(db):
    from assessments.models import User

    return User.objects.create_user(email="staff@example.org", password="x", full_name="Stella Staff", is_staff=True)


def version_url(version, **query):
    url = reverse("standards:version", args=[version.framework.slug, version.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def standard_url(version, code):
    return reverse("standards:standard", args=[version.framework.slug, version.slug, code])


def text(response):
    return response.content.decode()


# The index


def test_index_lists_public_versions_with_counts_and_publisher(client, charter):
    response = client.get(reverse("standards:index"))
    assert response.status_code == 200
    page = text(response)
    assert "BASW 2010" in page
    assert "BASW 2012 charter" in page
    assert "British Association of Social Workers" in page
    assert "1 September 2010" in page
    row = page.split("BASW 2010</a>")[1].split("</tr>")[0]
    # One principle; S15 and S16 are current top-level practices (S15a is a sub-item, S17 retired).
    assert '<td class="text-end">1</td>' in row
    assert '<td class="text-end">2</td>' in row


def test_index_hides_drafts_from_the_public_but_shows_them_to_staff(client, draft, staff):
    assert "Draft 2026" not in text(client.get(reverse("standards:index")))
    client.force_login(staff)
    assert "Draft 2026" in text(client.get(reverse("standards:index")))


def test_index_shows_retired_versions(client, basw_2010):
    basw_2010.status = VersionStatus.RETIRED
    basw_2010.save(update_fields=["status"])
    page = text(client.get(reverse("standards:index")))
    assert "BASW 2010" in page
    assert "Retired" in page


# The version page


def test_version_page_shows_citation_scale_bands_and_standards_by_domain(client, basw_2010):
    response = client.get(version_url(basw_2010))
    assert response.status_code == 200
    page = text(response)
    assert "<title>BASW 2010 – Partnership Audit</title>" in page
    assert basw_2010.source_citation in page
    assert basw_2010.introduction in page
    for label in ("Not met", "Partly met", "Met", "Needs work", "Strong"):
        assert label in page
    assert 'fill="#d4351c"' in page  # the swatch, always beside its label
    assert "Supervision and support" in page
    assert builders.SUPERVISION_TEXT in page
    assert "BASW 2010, §12.2, item S15" in page


def test_version_page_shows_sub_items_under_their_parent(client, basw_2010):
    page = text(client.get(version_url(basw_2010)))
    s15_block = page.split('id="item-S15"')[1].split('id="item-S16"')[0]
    assert 'aria-label="Sub-items of S15"' in s15_block
    assert 'id="item-S15a"' in s15_block


def test_version_page_in_source_order_lists_every_current_item_in_order(client, basw_2010):
    response = client.get(version_url(basw_2010, order="source"))
    assert response.status_code == 200
    page = text(response)
    positions = [page.index(f'id="item-{code}"') for code in ("P1", "S15", "S15a", "S16")]
    assert positions == sorted(positions)
    assert "Show them grouped by domain" in page


def test_version_page_lists_retired_standards_separately(client, basw_2010):
    page = text(client.get(version_url(basw_2010)))
    assert 'id="item-S17"' not in page
    retired = page.split('id="retired-heading"')[1]
    assert "S17 Old item" in retired


def test_version_page_uses_a_constant_number_of_queries(client, basw_2010, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get(version_url(basw_2010))
    for n in range(20, 60):
        item = builders.add_standard(basw_2010, f"S{n}", title=f"Item {n}", text=f"Item {n} text.")
        builders.add_standard(basw_2010, f"S{n}a", title=f"Sub-item {n}", text="Sub-item text.", parent=item)
    with django_assert_max_num_queries(8):
        response = client.get(version_url(basw_2010))
    assert "S59a" in text(response)
    with django_assert_max_num_queries(8):
        client.get(version_url(basw_2010, order="source"))


def test_unknown_version_gives_404(client, basw_2010):
    url = reverse("standards:version", args=[basw_2010.framework.slug, "1999"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("standards:version", args=["nope", "2010"])).status_code == 404


def test_draft_version_gives_404_to_the_public_and_200_to_staff(client, draft, staff):
    assert client.get(version_url(draft)).status_code == 404
    assert client.get(standard_url(draft, "D1")).status_code == 404
    client.force_login(staff)
    response = client.get(version_url(draft))
    assert response.status_code == 200
    assert "Only staff can see this version" in text(response)
    assert client.get(standard_url(draft, "D1")).status_code == 200


# The standard page


def test_standard_page_shows_text_source_guidance_evidence_notes_and_ethics(client, basw_2010):
    response = client.get(standard_url(basw_2010, "S15"))
    assert response.status_code == 200
    page = text(response)
    assert "<title>S15 Supervision – BASW 2010 – Partnership Audit</title>" in page
    assert '<blockquote class="standard-text">' in page
    assert builders.SUPERVISION_TEXT in page
    assert "BASW 2010, §12.2, item S15" in page
    assert "Practice and process" in page
    assert "Supervision happens at least monthly and is recorded." in page
    assert "seed 000, §12.3" in page
    assert "The supervision policy and a sample of records." in page
    assert "Notes on the text" in page
    assert "Integrity" in page
    assert "Being trustworthy." in page
    assert "S15a" in page  # its sub-item


def test_standard_page_without_notes_has_no_notes_heading(client, basw_2010):
    assert "Notes on the text" not in text(client.get(standard_url(basw_2010, "S16")))


def test_charter_item_page_shows_the_2010_item_it_restates(client, charter, basw_2010):
    page = text(client.get(standard_url(charter, "C1")))
    assert "Restates BASW 2010 S15:" in page
    assert f'href="{standard_url(basw_2010, "S15")}"' in page
    assert builders.SUPERVISION_TEXT in page


def test_new_charter_item_says_so(client, charter):
    assert "New in this version." in text(client.get(standard_url(charter, "C2")))


def test_2010_item_page_shows_the_later_items_that_restate_it(client, charter, basw_2010):
    page = text(client.get(standard_url(basw_2010, "S15")))
    assert "Restated in later versions by:" in page
    assert f'href="{standard_url(charter, "C1")}"' in page
    assert builders.CHARTER_SUPERVISION_TEXT in page


def test_restating_items_in_a_draft_are_not_shown_to_the_public(client, basw_2010):
    draft = builders.make_version(slug="2030", label="Draft 2030", status=VersionStatus.DRAFT, based_on=basw_2010)
    builders.add_standard(
        draft, "X1", title="Secret", text="A secret restatement.", restates=basw_2010.standards.get(code="S16")
    )
    assert "A secret restatement." not in text(client.get(standard_url(basw_2010, "S16")))


def test_standard_page_links_to_previous_and_next_in_source_order(client, basw_2010):
    page = text(client.get(standard_url(basw_2010, "S15")))
    assert f'rel="prev" href="{standard_url(basw_2010, "P1")}"' in page
    assert f'rel="next" href="{standard_url(basw_2010, "S15a")}"' in page
    first = text(client.get(standard_url(basw_2010, "P1")))
    assert 'rel="prev"' not in first


def test_retired_standard_page_says_it_is_retired(client, basw_2010):
    response = client.get(standard_url(basw_2010, "S17"))
    assert response.status_code == 200
    assert "no longer part of BASW 2010" in text(response)


def test_unknown_code_gives_404(client, basw_2010):
    assert client.get(standard_url(basw_2010, "S99")).status_code == 404


def test_code_of_another_version_gives_404(client, charter, basw_2010):
    assert client.get(standard_url(charter, "S15")).status_code == 404


def test_standard_page_uses_few_queries(client, charter, basw_2010, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        assert client.get(standard_url(basw_2010, "S15")).status_code == 200


# Search


def search(client, **params):
    return client.get(reverse("standards:search"), params)


def test_search_page_has_a_labelled_search_box(client, db):
    response = search(client)
    assert response.status_code == 200
    page = text(response)
    assert re.search(r'<label\s+for="id_q"[^>]*>\s*Search the standards\s*</label>', page)
    assert 'type="search"' in page
    assert "Search the standards" in page
    assert QUERY_TOO_SHORT not in page


def test_search_finds_a_standard_by_a_phrase_of_its_text_in_any_case(client, basw_2010):
    response = search(client, q="QUALIFIED and experienced")
    assert response.status_code == 200
    page = text(response)
    assert "1 standard matches" in page
    assert "<mark>qualified and experienced</mark>" in page
    assert f'href="{standard_url(basw_2010, "S15")}"' in page
    assert "BASW 2010" in page


def test_search_finds_by_code_title_and_guidance_text(client, basw_2010):
    assert f'href="{standard_url(basw_2010, "S16")}"' in text(search(client, q="s16"))
    assert f'href="{standard_url(basw_2010, "S16")}"' in text(search(client, q="continuing DEV"))
    guided = text(search(client, q="at least monthly"))
    assert f'href="{standard_url(basw_2010, "S15")}"' in guided
    assert "Guidance:" in guided


def test_search_ignores_the_guidance_json_keys_and_sources(client, basw_2010):
    page = text(search(client, q="source"))
    assert "No standards match" in page


def test_search_for_a_nonsense_phrase_shows_nothing(client, basw_2010):
    response = search(client, q="xyzzy plugh")
    assert response.status_code == 200
    page = text(response)
    assert "No standards match “xyzzy plugh”" in page
    assert 'class="search-result"' not in page


@pytest.mark.parametrize("q", ["", "  ", "ab"])
def test_empty_or_too_short_query_gives_a_clear_message(client, basw_2010, q):
    response = search(client, q=q)
    assert response.status_code == 200
    assert QUERY_TOO_SHORT in text(response)
    assert response.context["results"] is None


def test_search_leaves_out_drafts_even_for_staff(client, draft, staff):
    client.force_login(staff)
    assert "No standards match" in text(search(client, q="caseload weighting"))


def test_search_within_one_version(client, charter, basw_2010):
    both = search(client, q="supervision")
    assert {s.version_id for s, _ in both.context["results"]} == {basw_2010.pk, charter.pk}
    only_charter = search(client, q="supervision", version=charter.pk)
    assert {s.version_id for s, _ in only_charter.context["results"]} == {charter.pk}


def test_search_with_an_unknown_version_explains_the_problem(client, basw_2010):
    response = search(client, q="supervision", version="999999")
    assert response.status_code == 200
    assert NOT_A_CHOICE.format(the="the version") in text(response)


def test_search_finds_text_with_non_ascii_letters_in_guidance(client, basw_2010):
    s16 = basw_2010.standards.get(code="S16")
    s16.guidance = [{"text": "Learning is part of the rôle – not an extra.", "source": "seed 000, §12.5"}]
    s16.save(update_fields=["guidance"])
    assert f'href="{standard_url(basw_2010, "S16")}"' in text(search(client, q="rôle – not"))


def test_search_rejects_post(client, db):
    assert client.post(reverse("standards:search"), {"q": "supervision"}).status_code == 405
