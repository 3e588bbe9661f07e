"""The standards admin: a draft version is edited here; a published or retired version is only shown.

The superuser (Sam Superuser, a site administrator) can do everything the admin offers. What it offers
for frozen content is a read-only view: no editable input, no add, no delete, and a POST changes nothing.
"""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from assessments.models import User
from partnership_audit.forms import NOT_A_CHOICE
from standards.admin import FROZEN_MESSAGE
from standards.forms import DOMAIN_OTHER_VERSION
from standards.models import Band, Domain, EthicsPrinciple, FrameworkVersion, RatingLevel, Standard, VersionStatus
from tests.standards import builders


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(email="sam@example.org", password="pw", full_name="Sam Superuser")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def published(db):
    return builders.make_basw_2010()


@pytest.fixture
def draft(published):
    version = builders.make_version(
        slug="2026-draft", label="Draft 2026", status=VersionStatus.DRAFT, based_on=published
    )
    builders.add_standard(version, "D1", title="Caseloads", text="A draft sentence about caseloads.")
    return version


def change_url(obj):
    return reverse(f"admin:standards_{obj._meta.model_name}_change", args=[obj.pk])


def delete_url(obj):
    return reverse(f"admin:standards_{obj._meta.model_name}_delete", args=[obj.pk])


def standard_post_data(standard, **changes):
    data = {
        "version": standard.version_id,
        "domain": standard.domain_id,
        "parent": standard.parent_id or "",
        "code": standard.code,
        "kind": standard.kind,
        "source_order": standard.source_order,
        "title": standard.title,
        "text": standard.text,
        "source_reference": standard.source_reference,
        "guidance": "[]",
        "evidence_examples": "[]",
        "notes": standard.notes,
        "restates": standard.restates_id or "",
        "ethics_principles": [p.pk for p in standard.ethics_principles.all()],
    }
    data.update(changes)
    return data


# Lists and search


def test_superuser_sees_the_standards_list_with_its_columns(admin_client, published):
    response = admin_client.get(reverse("admin:standards_standard_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "S15" in page
    assert "Supervision" in page


def test_standard_admin_searches_code_title_and_text(admin_client, published):
    response = admin_client.get(reverse("admin:standards_standard_changelist"), {"q": "qualified and experienced"})
    assert [s.code for s in response.context["cl"].result_list] == ["S15"]


def test_every_standards_admin_page_opens(admin_client, published, draft):
    principle = EthicsPrinciple.objects.get()
    for url in [
        reverse("admin:standards_framework_changelist"),
        change_url(published.framework),
        reverse("admin:standards_frameworkversion_changelist"),
        change_url(published),
        change_url(draft),
        reverse("admin:standards_standard_add"),
        reverse("admin:standards_ethicsprinciple_changelist"),
        change_url(principle),
    ]:
        assert admin_client.get(url).status_code == 200, url


# A draft is edited


def test_superuser_can_edit_a_draft_versions_standard(admin_client, draft):
    standard = draft.standards.get(code="D1")
    response = admin_client.post(change_url(standard), standard_post_data(standard, text="Caseloads are weighted."))
    assert response.status_code == 302
    standard.refresh_from_db()
    assert standard.text == "Caseloads are weighted."


def test_draft_standard_cannot_use_another_versions_domain(admin_client, draft, published):
    standard = draft.standards.get(code="D1")
    other_domain = Domain.objects.filter(version=published).first()
    # The domain list offers only drafts' domains, so choosing a published version's domain is refused.
    response = admin_client.post(change_url(standard), standard_post_data(standard, domain=other_domain.pk))
    assert response.status_code == 200
    assert NOT_A_CHOICE.format(the="the domain") in response.content.decode()
    other_draft = builders.make_version(slug="2027-draft", label="Draft 2027", status=VersionStatus.DRAFT)
    wrong = other_draft.domains.first()
    response = admin_client.post(change_url(standard), standard_post_data(standard, domain=wrong.pk))
    assert response.status_code == 200
    assert DOMAIN_OTHER_VERSION in response.content.decode()
    standard.refresh_from_db()
    assert standard.domain.version_id == draft.pk


def test_superuser_can_edit_a_draft_versions_rating_levels(admin_client, draft):
    response = admin_client.get(change_url(draft))
    page = response.content.decode()
    assert 'name="rating_levels-0-label"' in page
    assert 'name="domains-0-title"' in page


# Published and retired versions are frozen


def test_published_standard_change_form_has_no_editable_text_input(admin_client, published):
    standard = published.standards.get(code="S15")
    response = admin_client.get(change_url(standard))
    assert response.status_code == 200
    page = response.content.decode()
    assert not re.findall(r"<textarea\b", page)
    assert not re.findall(r'<input\b(?![^>]*id="nav-filter")[^>]*type="(text|number|search)"', page)
    assert not re.findall(r"<select\b", page)
    assert 'name="_save"' not in page
    assert builders.SUPERVISION_TEXT in page  # still shown
    assert FROZEN_MESSAGE.format(version="BASW 2010", status="published") in page


def test_post_changing_a_published_standard_does_not_change_the_database(admin_client, published):
    standard = published.standards.get(code="S15")
    response = admin_client.post(
        change_url(standard), standard_post_data(standard, text="Rewritten.", title="Changed"), follow=True
    )
    assert "Nothing was saved." in response.content.decode()
    standard.refresh_from_db()
    assert standard.text == builders.SUPERVISION_TEXT
    assert standard.title == "Supervision"


def test_deleting_a_standard_is_refused_even_in_a_draft(admin_client, published, draft):
    for standard in (published.standards.get(code="S15"), draft.standards.get(code="D1")):
        assert admin_client.get(delete_url(standard)).status_code == 403
        assert admin_client.post(delete_url(standard), {"post": "yes"}).status_code == 403
        assert Standard.objects.filter(pk=standard.pk).exists()


def test_bulk_delete_is_not_offered_for_standards_or_versions(admin_client, published):
    for name in ("standard", "frameworkversion"):
        response = admin_client.get(reverse(f"admin:standards_{name}_changelist"))
        assert "delete_selected" not in response.content.decode()


def test_published_version_form_is_read_only_with_read_only_inlines(admin_client, published):
    page = admin_client.get(change_url(published)).content.decode()
    assert not re.findall(r"<textarea\b", page)
    assert not re.findall(r'<input\b[^>]*type="(text|number|url|date)"', page)
    for prefix in ("rating_levels", "bands", "domains"):
        assert f'name="{prefix}-MAX_NUM_FORMS" value="0"' in page  # nothing can be added
        assert f'name="{prefix}-0-DELETE"' not in page
    assert "Not met" in page  # the levels are still shown


def test_post_changing_a_published_version_and_its_scale_changes_nothing(admin_client, published):
    level = published.rating_levels.get(code="met")
    data = {
        "framework": published.framework_id,
        "slug": "changed",
        "label": "Changed",
        "title": "Changed",
        "publication_date": "2020-01-01",
        "publisher": "Someone",
        "source_citation": "Changed",
        "status": VersionStatus.DRAFT,
        "not_applicable_label": "N/A",
    }
    for prefix, count in (("rating_levels", 3), ("bands", 2), ("domains", 2)):
        data |= {f"{prefix}-TOTAL_FORMS": count, f"{prefix}-INITIAL_FORMS": count, f"{prefix}-MAX_NUM_FORMS": 1000}
    data |= {"rating_levels-0-id": level.pk, "rating_levels-0-label": "Great", "rating_levels-0-DELETE": "on"}
    response = admin_client.post(change_url(published), data)
    assert response.status_code == 302
    published.refresh_from_db()
    level.refresh_from_db()
    assert published.status == VersionStatus.PUBLISHED
    assert published.label == "BASW 2010"
    assert level.label == "Met"
    assert RatingLevel.objects.filter(version=published).count() == 3
    assert Band.objects.filter(version=published).count() == 2


def test_deleting_a_published_or_retired_version_is_refused(admin_client, published):
    assert admin_client.post(delete_url(published), {"post": "yes"}).status_code == 403
    published.status = VersionStatus.RETIRED
    published.save(update_fields=["status"])
    assert admin_client.post(delete_url(published), {"post": "yes"}).status_code == 403
    assert FrameworkVersion.objects.filter(pk=published.pk).exists()


def test_retired_version_standard_is_read_only_too(admin_client, published):
    published.status = VersionStatus.RETIRED
    published.save(update_fields=["status"])
    standard = published.standards.get(code="S16")
    admin_client.post(change_url(standard), standard_post_data(standard, text="Rewritten."))
    standard.refresh_from_db()
    assert standard.text != "Rewritten."


def test_ethics_principle_used_by_published_standards_cannot_be_deleted(admin_client, published):
    principle = EthicsPrinciple.objects.get()
    assert admin_client.post(delete_url(principle), {"post": "yes"}).status_code == 403
    assert EthicsPrinciple.objects.filter(pk=principle.pk).exists()


def test_admin_pages_need_a_staff_login(client, published):
    response = client.get(change_url(published.standards.get(code="S15")))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_superuser_can_rename_a_draft_versions_rating_level(admin_client, draft):
    levels = list(draft.rating_levels.all())
    bands = list(draft.bands.all())
    domains = list(draft.domains.all())
    data = {
        "framework": draft.framework_id,
        "slug": draft.slug,
        "label": draft.label,
        "title": draft.title,
        "publication_date": draft.publication_date.isoformat(),
        "publisher": draft.publisher,
        "source_citation": draft.source_citation,
        "status": VersionStatus.DRAFT,
        "based_on": draft.based_on_id,
        "not_applicable_label": draft.not_applicable_label,
        "divergence_levels": draft.divergence_levels,
    }
    for prefix, objs, fields in (
        ("rating_levels", levels, ("score", "code", "label", "colour", "description")),
        ("bands", bands, ("code", "label", "min_percent", "max_percent", "colour", "description")),
        ("domains", domains, ("order", "code", "title", "description", "source")),
    ):
        data |= {f"{prefix}-TOTAL_FORMS": len(objs), f"{prefix}-INITIAL_FORMS": len(objs)}
        for i, obj in enumerate(objs):
            data |= {f"{prefix}-{i}-id": obj.pk, f"{prefix}-{i}-version": draft.pk}
            data |= {f"{prefix}-{i}-{name}": getattr(obj, name) for name in fields}
    data["rating_levels-2-label"] = "Fully met"
    response = admin_client.post(change_url(draft), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    levels[2].refresh_from_db()
    assert levels[2].label == "Fully met"


def test_draft_standard_parent_and_restated_item_must_fit_the_version(admin_client, draft, published):
    from standards.forms import PARENT_OTHER_VERSION, RESTATES_AND_NEW, RESTATES_WRONG_VERSION

    standard = draft.standards.get(code="D1")
    other = builders.make_version(slug="2027-draft", label="Draft 2027", status=VersionStatus.DRAFT)
    stranger = builders.add_standard(other, "Z1", title="Elsewhere", text="Another draft's item.")
    page = admin_client.post(change_url(standard), standard_post_data(standard, parent=stranger.pk)).content.decode()
    assert escape(PARENT_OTHER_VERSION) in page
    page = admin_client.post(change_url(standard), standard_post_data(standard, restates=stranger.pk)).content.decode()
    assert RESTATES_WRONG_VERSION.format(version="BASW 2010") in page
    s15 = published.standards.get(code="S15")
    data = standard_post_data(standard, restates=s15.pk, is_new="on")
    assert RESTATES_AND_NEW in admin_client.post(change_url(standard), data).content.decode()
    standard.refresh_from_db()
    assert standard.parent is None and standard.restates is None
