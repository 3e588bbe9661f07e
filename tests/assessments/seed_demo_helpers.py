"""Running seed_demo in a spec: the command itself, and the standards it needs (the real BASW fixtures, or a
stand-in framework with the same slugs, built by the factories, that checks the same promises without them)."""

from io import StringIO

import pytest
from django.core.management import call_command, get_commands

from standards.models import Framework
from tests import factories

STANDARDS = ["real", "stand-in"]  # the params of each spec module's `standards` fixture


def seed() -> str:
    """Run seed_demo; its output."""
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def load_standards(which: str) -> None:
    """ "real": the BASW standards as the README loads them (a skip while the command is not there); "stand-in":
    two published versions with the real slugs, so seed_demo runs without the fixtures."""
    if which == "real":
        if "load_standards" not in get_commands():
            pytest.skip("load_standards does not exist yet: the BASW fixtures are being written")
        call_command("load_standards", stdout=StringIO())
        return
    framework = Framework.objects.create(slug="basw-mh-mdt", name="BASW standards", short_name="BASW")
    factories.make_version(framework=framework, slug="2010", practices=8)
    factories.make_version(framework=framework, slug="2012-charter", practices=6)
