"""Builders for the specs of an assessment whose partners rate first: each partner's own view, through the
service as a person gives it, or straight into the database for the query budgets; and the pages' text."""

import html
import re

from django.test import Client
from django.utils import timezone

from assessments.access import partner_membership
from assessments.models import PartnerView, Response
from assessments.services import ResponseData, partner_view_save, response_save
from assessments.services.partner_views import ViewData


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def text_of(response):
    """A page's text, tags removed and spaces collapsed (the page must have loaded)."""
    assert response.status_code == 200, response.status_code
    return " ".join(re.sub(r"<[^>]+>", " ", html.unescape(response.content.decode())).split())


def section(text, start, end):
    """The text from `start` up to `end` (both must be there)."""
    begin = text.index(start)
    return text[begin : text.index(end, begin + len(start))]


def give_view(assessment, code, user, rating=None, *, reason="", comment=""):
    """`user` gives their organisation's own view of standard `code`: a rating code, or not applicable with a
    reason when `rating` is None. Through the service, from the view's current lock version."""
    response = Response.objects.select_related("assessment", "standard").get(assessment=assessment, standard__code=code)
    membership = partner_membership(user, assessment.partnership)
    current = PartnerView.objects.filter(response=response, organisation_id=membership.organisation_id).first()
    level = assessment.version.rating_levels.get(code=rating) if rating else None
    data = ViewData(rating=level, not_applicable=level is None, not_applicable_reason=reason, comment=comment)
    return partner_view_save(
        response=response,
        actor=user,
        membership=membership,
        lock_version=current.lock_version if current else 0,
        data=data,
    )


def every_view_given(assessment, ratings, *, author=None):
    """Every partner's view of every standard, straight into the database: `ratings` is one rating code per
    partner, in partner order (trust first)."""
    partners = assessment.partnership.partner_organisations()
    levels = {level.code: level for level in assessment.version.rating_levels.all()}
    PartnerView.objects.bulk_create(
        PartnerView(
            response=response,
            organisation=organisation,
            rating=levels[code],
            comment=f"{organisation.name}'s view.",
            lock_version=1,
            updated_at=timezone.now(),
            updated_by=author,
        )
        for response in Response.objects.filter(assessment=assessment)
        for organisation, code in zip(partners, ratings, strict=True)
    )


def agree(assessment, code, user, rating, rationale=""):
    """The partners' joint answer to `code`, with why they agreed it, saved through the service."""
    response = Response.objects.select_related("assessment").get(assessment=assessment, standard__code=code)
    data = ResponseData(
        rating=assessment.version.rating_levels.get(code=rating),
        not_applicable=False,
        not_applicable_reason="",
        evidence="Agreed at the joint meeting.",
        evidence_holder=None,
        evidence_held_jointly=False,
        agreed_rationale=rationale,
    )
    return response_save(response=response, actor=user, lock_version=response.lock_version, data=data)


def task_rows(response):
    """{code: the text of its row on the task list}, tags removed and spaces collapsed."""
    page = html.unescape(response.content.decode())
    found = re.findall(r"<li>\s*<span><a href=\"[^\"]+/standards/([^/]+)/\">(.*?)</li>", page, re.S)
    return {code: " ".join(re.sub(r"<[^>]+>", " ", body).split()) for code, body in found}
