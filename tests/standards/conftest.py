"""Fixtures for the standards tests: the real BASW fixtures loaded, and the seed documents parsed at test time.

The seed parsers read the documents the fixtures were transcribed from (../shared/seeds next to the project),
so a fixture that drifts from its source fails. Each parser applies only the mends of extraction artefacts that
the fixtures record, and says which mend it applied to which item so the tests can check the record.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings

from standards.loading import load_standards
from standards.models import FrameworkVersion

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
PAPER = SEEDS / "000_baed449c4ca1370c.txt"  # BASW, Sept 2010: Social work in multi-disciplinary MH teams
CHARTER = SEEDS / "003_60fbc16b184d0484.txt"  # Joe Godden's 2012 opinion piece with BASW's charter

# The mends of extraction artefacts, by name; the fixtures record each one in the standard's notes.
O_BULLET = "stray 'o ' bullet mark"
FOOTNOTE = "sentence split by footnote 11"
WRAPPED = "wrapped line"


@dataclass
class SeedItem:
    text: str
    is_sub_item: bool = False
    mends: list[str] = field(default_factory=list)


SEED_MISSING = "the seed document {name} is not in {seeds}: fidelity to the source cannot be checked"


def _seed_lines(path: Path) -> list[str]:
    if not path.exists():
        message = SEED_MISSING.format(name=path.name, seeds=SEEDS)
        if os.environ.get("CI"):  # under CI the seeds must be there: a missing one fails rather than skips
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path.read_text(encoding="utf-8").splitlines()


def _between(lines: list[str], start: str, end: str) -> list[str]:
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next(i for i, line in enumerate(lines) if i > first and line.startswith(end))
    return lines[first + 1 : last]


def _paper_principles(lines):
    section = _between(lines, "12.1 Principles", "## 12.2")
    lead_in = next(line for line in section if line.startswith("It is recommended"))
    return re.sub(r"<sup>\d+</sup>", "", lead_in), [SeedItem(line[2:]) for line in section if line.startswith("- ")]


def _paper_practices(lines):
    """§12.2, in source order: top-level bullets start '- ', the supervision sub-items '  - '."""
    section = _between(lines, "## 12.2", "#### 13.0")
    lead_in = next(line for line in section if line.startswith("It is recommended"))
    items: list[SeedItem] = []
    for line in section:
        if line.startswith("  - "):
            items.append(SeedItem(line[4:], is_sub_item=True))
        elif line.startswith("- "):
            items.append(SeedItem(line[2:]))
        elif line.startswith("   ") and line.strip() and items:
            items[-1].text += " " + line.strip()
            items[-1].mends.append(WRAPPED)
    # Footnote 11 is printed in the middle of item 13; its second half then reads as a bullet of its own.
    split = next(i for i, item in enumerate(items) if item.text.startswith("social workers, whether seconded"))
    items[split - 1].text += " " + items.pop(split).text
    items[split - 1].mends.append(FOOTNOTE)
    for item in items:
        if item.text.startswith("o "):
            item.text = item.text[2:]
            item.mends.append(O_BULLET)
    return lead_in, items


@pytest.fixture(scope="session")
def seed_2010():
    """§12.1 and §12.2 of the 2010 paper: the lead-in sentences and the items, with the mends applied."""
    lines = _seed_lines(PAPER)
    principles_lead_in, principles = _paper_principles(lines)
    practices_lead_in, practices = _paper_practices(lines)
    return SimpleNamespace(
        principles_lead_in=principles_lead_in,
        principles=principles,
        practices_lead_in=practices_lead_in,
        practices=practices,
    )


@pytest.fixture(scope="session")
def seed_charter():
    """The charter's principle and practice bullets, as printed (flat: the charter has no sub-bullets)."""
    lines = _seed_lines(CHARTER)
    charter = _between(lines, "So is partnership a good thing", "Finally")
    split = next(i for i, line in enumerate(charter) if line.startswith("1. Practices and processes"))

    def bullets(part):
        return [SeedItem(line.strip()[2:]) for line in part if line.strip().startswith("• ")]

    intro_line = next(line for line in lines if "BASW has drawn up a charter" in line)
    return SimpleNamespace(
        lead_in=intro_line,
        practices_lead_in=next(line for line in charter if line.startswith("It is recommended")),
        principles=bullets(charter[:split]),
        practices=bullets(charter[split:]),
    )


@pytest.fixture(scope="session")
def seed_ethics():
    """Appendix 1 of the 2010 paper: [(title, [points])]. Stray '· ' bullet marks are extraction artefacts."""
    lines = _seed_lines(PAPER)
    appendix = lines[next(i for i, line in enumerate(lines) if line.startswith("## 14.0 Appendix 1")) + 1 :]
    principles = []
    for line in appendix:
        if not line.strip() or "Code of Ethics" in line:
            continue
        if line.startswith("#"):
            principles.append((line.lstrip("#").strip().strip("*").strip(), []))
        else:
            principles[-1][1].append(re.sub(r"^(- )?(· )?", "", line.strip()))
    return principles


@pytest.fixture
def loaded(db):
    """The real BASW fixtures, loaded as `manage.py load_standards` loads them: the 2010 and 2012 versions."""
    load_standards()
    return SimpleNamespace(
        v2010=FrameworkVersion.objects.get(framework__slug="basw-mh-mdt", slug="2010"),
        charter=FrameworkVersion.objects.get(framework__slug="basw-mh-mdt", slug="2012-charter"),
    )
