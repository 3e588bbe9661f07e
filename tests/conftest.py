"""Shared fixtures: the people of one partnership, and the outsiders who must see nothing of it.

The Mersey partnership is a trust and two councils. Who can see what:
- trust_lead (governance lead at the trust) and council_lead (at the first council), council2_lead (at the
  second council): see and edit the partnership's drafts and returned assessments, sign off, submit.
- contributor (at the trust): sees and edits, cannot sign off.
- manager (at the first council): sees everything of the partnership, changes nothing.
- officer (BASW): sees every assessment once submitted; reviews; cannot edit the partnership's answers.
- outsider (lead at another trust, in another partnership): sees nothing of this one (404 everywhere).
"""

import pytest

from assessments.models import RatingMode, Role
from assessments.services import assessment_start
from tests import factories
from tests.worker import run_worker

# The loopback OpenID Connect provider (oidc_provider) for the SSO specs: see tests/oidc/README.md.
pytest_plugins = ["tests.oidc.provider"]


@pytest.fixture
def version(db):
    return factories.make_version()


@pytest.fixture
def partnership(db):
    return factories.make_partnership(councils=2, name="Mersey Mental Health Partnership")


@pytest.fixture
def trust(partnership):
    return partnership.trust


@pytest.fixture
def council(partnership):
    return partnership.partner_organisations()[1]


@pytest.fixture
def council2(partnership):
    return partnership.partner_organisations()[2]


@pytest.fixture
def trust_lead(trust):
    return factories.make_member(trust, Role.LEAD, "Tara Trustlead", job_title="Director of Social Care")


@pytest.fixture
def council_lead(council):
    return factories.make_member(council, Role.LEAD, "Colin Councillead", job_title="Principal Social Worker")


@pytest.fixture
def council2_lead(council2):
    return factories.make_member(council2, Role.LEAD, "Cara Secondcouncil", job_title="Head of Adult Social Care")


@pytest.fixture
def contributor(trust):
    return factories.make_member(trust, Role.CONTRIBUTOR, "Connie Contributor", job_title="CMHT Manager")


@pytest.fixture
def manager(council):
    return factories.make_member(council, Role.MANAGER, "Manny Manager", job_title="Service Manager")


@pytest.fixture
def leads(trust_lead, council_lead, council2_lead):
    """The governance leads of the trust and both councils: everyone whose sign-off a submission needs."""
    return [trust_lead, council_lead, council2_lead]


@pytest.fixture
def officer(db):
    return factories.make_member(factories.basw(), Role.OFFICER, "Olive Officer", job_title="Professional Officer")


@pytest.fixture
def outsider(db):
    other = factories.make_partnership(name="Elsewhere Partnership", region="south_west")
    return factories.make_member(other.trust, Role.LEAD, "Otto Outsider")


@pytest.fixture
def assessment(partnership, version, trust_lead):
    """A draft the partners rate together (the joint rating most specs exercise); split_assessment rates apart."""
    return assessment_start(
        partnership=partnership, period="2026/27", version=version, actor=trust_lead, rating_mode=RatingMode.TOGETHER
    )


@pytest.fixture
def split_assessment(partnership, version, trust_lead):
    """A draft whose partners (the trust and both councils) each give their own view first, then agree."""
    return assessment_start(
        partnership=partnership,
        period="2026/27",
        version=version,
        actor=trust_lead,
        rating_mode=RatingMode.PARTNERS_FIRST,
    )


@pytest.fixture
def run_tasks(db):
    """Run the background worker once over everything queued (tests/worker.py), returning how many were waiting.

    Tasks are queued on commit: inside a test's transaction, capture the commit callbacks
    (`django_capture_on_commit_callbacks(execute=True)`) before calling this.
    """
    return run_worker


@pytest.fixture(autouse=True)
def _fresh_default_cache():
    """Every spec starts with an empty default cache: the pulse's rate limit counts there (per process), so one
    spec's answers must not count against the next's."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def statements(version):
    """Frontline statements on every practice standard of `version`, by standard code (pulse_helpers)."""
    from tests.assessments.pulse_helpers import give_statements

    return give_statements(version)
