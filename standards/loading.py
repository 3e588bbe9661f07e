"""Loading standards content from fixtures, idempotently, retiring (never deleting) what a file drops.

Fixtures use natural keys (framework slug, version slug, code) and no primary keys, so loading a file twice
changes nothing and a changed file updates the same rows in place. A standard that a newer copy of its
version's file no longer contains is marked retired: answers given against it keep pointing at it. One that
comes back is current again.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.forms.models import model_to_dict

from .models import Standard, Statement

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures" / "standards"

CIRCULAR_FIXTURES = "These standards fixtures depend on each other in a circle: {names}."


@dataclass
class VersionReport:
    """What loading one file did to one version's standards. Codes are listed in source order."""

    file: str
    framework: str
    version: str
    standards: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> int:
        return self.standards - len(self.created) - len(self.updated) - len(self.restored)


@dataclass
class LoadReport:
    files: list[str] = field(default_factory=list)
    versions: list[VersionReport] = field(default_factory=list)
    statements: int = 0
    statements_retired: list[str] = field(default_factory=list)

    @property
    def standards(self) -> int:
        return sum(v.standards for v in self.versions)

    @property
    def retired(self) -> list[str]:
        return [f"{v.version} {code}" for v in self.versions for code in v.retired]

    @property
    def restored(self) -> list[str]:
        return [f"{v.version} {code}" for v in self.versions for code in v.restored]


@dataclass
class _Contents:
    """What a fixture file defines and which other files' content it needs first."""

    path: Path
    objects: list[dict]
    provides: set[tuple] = field(default_factory=set)
    needs: set[tuple] = field(default_factory=set)

    @property
    def statements(self) -> dict[tuple[str, str], list[str]]:
        """{(framework slug, version slug): [codes of the standards the file gives a frontline statement]}."""
        found: dict[tuple[str, str], list[str]] = {}
        for obj in self.objects:
            if obj.get("model") == "standards.statement":
                framework_slug, version_slug, code = obj["fields"]["standard"]
                found.setdefault((framework_slug, version_slug), []).append(code)
        return found

    @property
    def standards(self) -> dict[tuple[str, str], list[dict]]:
        """{(framework slug, version slug): [standard fields, in file order]}."""
        found: dict[tuple[str, str], list[dict]] = {}
        for obj in self.objects:
            if obj.get("model") == "standards.standard":
                found.setdefault(tuple(obj["fields"]["version"]), []).append(obj["fields"])
        return found


def _read(path: Path) -> _Contents:
    contents = _Contents(path=path, objects=json.loads(path.read_text(encoding="utf-8")))
    for obj in contents.objects:
        model, fields = obj.get("model"), obj.get("fields", {})
        if model == "standards.ethicsprinciple":
            contents.provides.add(("ethics", fields["code"]))
        elif model == "standards.frameworkversion":
            contents.provides.add(("version", *fields["framework"], fields["slug"]))
            if fields.get("based_on"):
                contents.needs.add(("version", *fields["based_on"]))
        elif model == "standards.statement":
            contents.needs.add(("version", *fields["standard"][:2]))
        elif model == "standards.standard":
            contents.needs.update(("ethics", *key) for key in fields.get("ethics_principles", []))
            if fields.get("restates"):
                contents.needs.add(("version", *fields["restates"][:2]))
    contents.needs -= contents.provides
    return contents


def in_dependency_order(paths: Iterable[Path | str]) -> list[Path]:
    """The files, each after the files that define what it refers to (ethics principles, earlier versions).

    Otherwise the given order is kept. Content already in the database needs no file.
    """
    pending = [_read(Path(p)) for p in paths]
    ordered: list[_Contents] = []
    while pending:
        provided_later = set().union(*(c.provides for c in pending))
        ready = next((c for c in pending if not (c.needs & provided_later)), None)
        if ready is None:
            raise ValueError(CIRCULAR_FIXTURES.format(names=", ".join(c.path.name for c in pending)))
        ordered.append(ready)
        pending.remove(ready)
    return [c.path for c in ordered]


def default_files() -> list[Path]:
    """Every fixture in fixtures/standards, in dependency order."""
    return in_dependency_order(sorted(FIXTURE_DIR.glob("*.json")))


def _state(framework_slug: str, version_slug: str) -> dict[str, dict]:
    """{code: field values} for a version's standards as they stand in the database."""
    rows = Standard.objects.filter(version__framework__slug=framework_slug, version__slug=version_slug)
    return {s.code: model_to_dict(s, exclude=["id"]) for s in rows.prefetch_related("ethics_principles")}


def _as_paths(paths) -> list[Path]:
    if paths is None:
        return default_files()
    if isinstance(paths, str | Path):
        return [Path(paths)]
    return in_dependency_order(paths)


@transaction.atomic
def load_standards(paths=None, *, verbosity: int = 0) -> LoadReport:
    """Load one fixture file, several, or (by default) every file in fixtures/standards, all or nothing.

    Each file goes through `loaddata`. Then every standard of the versions the file holds that the file no
    longer contains is retired (never deleted), and the report says what was created, updated, retired and
    brought back.
    """
    report = LoadReport()
    for path in _as_paths(paths):
        contents = _read(path)
        versions = contents.standards
        before = {key: _state(*key) for key in versions}
        call_command("loaddata", str(path), verbosity=verbosity)
        report.files.append(path.name)
        for (framework_slug, version_slug), items in versions.items():
            codes = [item["code"] for item in items]
            entry = VersionReport(file=path.name, framework=framework_slug, version=version_slug, standards=len(codes))
            was = before[(framework_slug, version_slug)]
            dropped = Standard.objects.filter(
                version__framework__slug=framework_slug, version__slug=version_slug, retired=False
            ).exclude(code__in=codes)
            entry.retired = list(dropped.order_by("source_order").values_list("code", flat=True))
            dropped.update(retired=True)
            now = _state(framework_slug, version_slug)
            for code in codes:
                if code not in was:
                    entry.created.append(code)
                elif was[code]["retired"] and not now[code]["retired"]:
                    entry.restored.append(code)
                elif was[code] != now[code]:
                    entry.updated.append(code)
            report.versions.append(entry)
        for (framework_slug, version_slug), codes in contents.statements.items():
            report.statements += len(codes)
            dropped = Statement.objects.filter(
                standard__version__framework__slug=framework_slug, standard__version__slug=version_slug, retired=False
            ).exclude(standard__code__in=codes)
            report.statements_retired += [
                f"{version_slug} {code}" for code in dropped.values_list("standard__code", flat=True)
            ]
            dropped.update(retired=True)
    return report
