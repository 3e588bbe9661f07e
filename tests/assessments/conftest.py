"""Fixtures shared by the assessment page specs."""

import pytest

from assessments.models import Response


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded evidence goes to a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def s1(assessment):
    return Response.objects.get(assessment=assessment, standard__code="S1")


@pytest.fixture
def lead_client(client, trust_lead):
    client.force_login(trust_lead)
    return client
