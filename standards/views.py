"""The public standards browser: frameworks, a version's standards, one standard, and search.

Anyone may read published and retired versions. Drafts are for staff only: for everyone else a draft's
pages do not exist (404). Every view starts from `visible_versions(user)`, so a forgotten check is a 404.
"""

import json
import re
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from .forms import SearchForm
from .models import EthicsPrinciple, Framework, FrameworkVersion, Standard, StandardKind, Statement

SEARCH_RESULT_LIMIT = 200
SNIPPET_CONTEXT = 90


def visible_versions(user):
    """The versions `user` may read: published and retired ones, and drafts too for staff."""
    versions = FrameworkVersion.objects.select_related("framework")
    return versions if user.is_staff else versions.public()


def get_version_for(user, framework_slug, version_slug):
    """The version, or 404 when it does not exist or `user` may not see it."""
    return get_object_or_404(
        visible_versions(user).select_related("based_on__framework"), framework__slug=framework_slug, slug=version_slug
    )


@require_safe
def framework_index(request):
    current_top_level = Q(standards__retired=False, standards__parent__isnull=True)
    versions = visible_versions(request.user).annotate(
        principle_count=Count("standards", filter=current_top_level & Q(standards__kind=StandardKind.PRINCIPLE)),
        practice_count=Count("standards", filter=current_top_level & Q(standards__kind=StandardKind.PRACTICE)),
    )
    frameworks = Framework.objects.prefetch_related(Prefetch("versions", queryset=versions, to_attr="shown_versions"))
    frameworks = [f for f in frameworks if f.shown_versions]
    return render(request, "standards/index.html", {"frameworks": frameworks})


@dataclass
class Item:
    """A standard with its current sub-items, as listed on the version page."""

    standard: Standard
    sub_items: list = field(default_factory=list)


@dataclass
class DomainGroup:
    domain: object
    items: list = field(default_factory=list)


def _group_by_domain(domains, standards):
    """Top-level items under their domain in source order, each with its sub-items (whatever their domain)."""
    groups = {d.pk: DomainGroup(d) for d in domains}
    items = {}
    for standard in standards:
        if standard.parent_id is None:
            items[standard.pk] = Item(standard)
            groups[standard.domain_id].items.append(items[standard.pk])
    for standard in standards:
        if standard.parent_id is not None:
            parent = items.get(standard.parent_id)
            if parent is not None:
                parent.sub_items.append(standard)
            else:  # the parent is retired: show the sub-item on its own rather than lose it
                groups[standard.domain_id].items.append(Item(standard))
    return [g for g in groups.values() if g.items]


@require_safe
def version_detail(request, framework, version):
    version = get_version_for(request.user, framework, version)
    standards = list(version.standards.select_related("domain", "parent").order_by("source_order"))
    current = [s for s in standards if not s.retired]
    by_source = request.GET.get("order") == "source"
    context = {
        "version": version,
        "rating_levels": list(version.rating_levels.all()),
        "bands": list(version.bands.all()),
        "by_source": by_source,
        "standards_in_order": current,
        "groups": [] if by_source else _group_by_domain(version.domains.all(), current),
        "retired": [s for s in standards if s.retired],
    }
    return render(request, "standards/version.html", context)


@require_safe
def standard_detail(request, framework, version, code):
    version = get_version_for(request.user, framework, version)
    shown = visible_versions(request.user)
    standard = get_object_or_404(
        version.standards.select_related("domain", "parent", "restates__version__framework").prefetch_related(
            Prefetch("sub_items", queryset=Standard.objects.current().order_by("source_order")),
            Prefetch("ethics_principles", queryset=EthicsPrinciple.objects.order_by("order")),
            Prefetch(
                "restated_by",
                queryset=Standard.objects.filter(version__in=shown)
                .select_related("version__framework")
                .order_by("version__publication_date", "source_order"),
            ),
        ),
        code=code,
    )
    standard.version = version
    restates = standard.restates
    restates_visible = restates is not None and shown.filter(pk=restates.version_id).exists()
    sequence = list(version.standards.current().order_by("source_order").values_list("code", "title"))
    codes = [c for c, _ in sequence]
    previous_item = next_item = None
    if standard.code in codes:
        i = codes.index(standard.code)
        previous_item = sequence[i - 1] if i > 0 else None
        next_item = sequence[i + 1] if i + 1 < len(sequence) else None
    context = {
        "version": version,
        "standard": standard,
        "statement": Statement.objects.current().filter(standard=standard).first(),
        "restates_visible": restates_visible,
        "previous_item": previous_item,
        "next_item": next_item,
    }
    return render(request, "standards/standard.html", context)


@dataclass
class Snippet:
    """A piece of text around a match, split so that the template can mark the match."""

    where: str
    before: str
    match: str
    after: str


def _snippet(where, text, pattern):
    """The match in `text` with some context each side, or None when `text` does not contain it."""
    found = pattern.search(text)
    if found is None:
        return None
    start, end = found.span()
    before = text[max(0, start - SNIPPET_CONTEXT) : start]
    after = text[end : end + SNIPPET_CONTEXT]
    if start > SNIPPET_CONTEXT:
        before = "…" + before.split(" ", 1)[-1]
    if end + SNIPPET_CONTEXT < len(text):
        after = after.rsplit(" ", 1)[0] + "…"
    return Snippet(where, before, found.group(), after)


def _search_hit(standard, pattern):
    """Where `standard` matches, as a snippet; None when it matched only in the guidance's JSON keys or sources."""
    snippet = _snippet("Text", standard.text, pattern)
    if snippet:
        return snippet
    if pattern.search(standard.title) or pattern.search(standard.code):
        return Snippet("Text", "", "", Truncator(standard.text).chars(2 * SNIPPET_CONTEXT))
    for item in standard.guidance or []:
        text = item.get("text", "") if isinstance(item, dict) else str(item)
        snippet = _snippet("Guidance", text, pattern)
        if snippet:
            return snippet
    return None


def search_standards(q, *, version=None):
    """Standards of public versions whose code, title, text or guidance text contains `q`, case-insensitively.

    Plain `icontains`, so SQLite and PostgreSQL agree. Guidance is JSON: SQLite keeps it with non-ASCII
    letters escaped, so the escaped form is searched too, and each guidance match is checked in Python so
    that a hit on the JSON keys ("text", "source") or a source does not count.
    """
    escaped = json.dumps(q)[1:-1]
    matches = (
        Q(code__icontains=q)
        | Q(title__icontains=q)
        | Q(text__icontains=q)
        | Q(guidance__icontains=q)
        | Q(guidance__icontains=escaped)
    )
    standards = Standard.objects.filter(matches, version__in=FrameworkVersion.objects.public())
    if version is not None:
        standards = standards.filter(version=version)
    standards = standards.select_related("version__framework").order_by(
        "version__framework__name", "version__publication_date", "source_order"
    )
    pattern = re.compile(re.escape(q), re.IGNORECASE)
    results = []
    for standard in standards:
        snippet = _search_hit(standard, pattern)
        if snippet is not None:
            results.append((standard, snippet))
    return results


@require_safe
def search(request):
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid():
        results = search_standards(form.cleaned_data["q"], version=form.cleaned_data["version"])
    context = {
        "form": form,
        "results": results[:SEARCH_RESULT_LIMIT] if results is not None else None,
        "result_count": len(results) if results is not None else 0,
        "limit": SEARCH_RESULT_LIMIT,
    }
    return render(request, "standards/search.html", context)
