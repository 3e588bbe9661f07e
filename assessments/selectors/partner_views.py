"""The partners' own views of each standard, as each person may see them (the rules are access.py's)."""

from dataclasses import dataclass

from django.db.models import Prefetch

from .. import scoring
from ..access import partner_view_shown, partner_views_open
from ..models import Assessment, PartnerView


def views_prefetch(to_attr=None) -> Prefetch:
    """Prefetch each answer's partner views (with rating and author) in one query."""
    return Prefetch(
        "partner_views", queryset=PartnerView.objects.select_related("rating", "updated_by"), to_attr=to_attr
    )


@dataclass(frozen=True)
class ViewCell:
    """One partner's view of one standard, as one person sees it."""

    organisation: object
    view: PartnerView | None  # None when the partner has not given it, or when it is hidden from this person
    hidden: bool  # given, but not shown until the person's own organisation gives its view
    own: bool  # the person's own organisation

    @property
    def given(self):
        return self.view is not None or self.hidden


@dataclass
class StandardViews:
    """Every partner's view of one standard: which are given, whether all are open, and how far apart they are."""

    partners: list
    given: dict  # organisation id -> PartnerView, for the views given (rated or not applicable)
    open: bool  # shown to everyone who may see the assessment (access.partner_views_open)
    divergence: scoring.Divergence | None  # only once open: until then it would hint at views not yet shown

    @property
    def all_given(self):
        return all(org.pk in self.given for org in self.partners)

    def cells(self, viewer_organisation_id=None) -> list[ViewCell]:
        """The partners' views in partner order (trust first), each shown or hidden for this person."""
        cells = []
        for org in self.partners:
            view = self.given.get(org.pk)
            shown = view is not None and partner_view_shown(
                open=self.open,
                viewer_organisation_id=viewer_organisation_id,
                organisation_id=org.pk,
                given_ids=self.given,
            )
            cells.append(
                ViewCell(
                    organisation=org,
                    view=view if shown else None,
                    hidden=view is not None and not shown,
                    own=org.pk == viewer_organisation_id,
                )
            )
        return cells


def standard_views(assessment: Assessment, response, partners, scale: scoring.Scale) -> StandardViews:
    """The views of one answer; reads the prefetched `partner_views` when there (views_prefetch), else one query.

    Only the partners' views count: a council that has left the partnership keeps its views in the history,
    but they neither open the others' nor make the standard divergent (as services.answers._all_views_given).
    """
    partner_ids = {org.pk for org in partners}
    given = {
        v.organisation_id: v for v in response.partner_views.all() if v.is_given and v.organisation_id in partner_ids
    }
    all_given = all(org.pk in given for org in partners)
    open_ = partner_views_open(assessment, all_given=all_given)
    return StandardViews(
        partners=partners,
        given=given,
        open=open_,
        divergence=scale.divergence(given.values()) if open_ else None,
    )


@dataclass(frozen=True)
class PartnerProgress:
    organisation: object
    given: int
    total: int

    @property
    def done(self):
        return self.given == self.total


def partner_progress(partners, views: list[StandardViews]) -> list[PartnerProgress]:
    """How many standards each partner has given its own view of (counts only: no rating is shown)."""
    return [PartnerProgress(org, sum(1 for v in views if org.pk in v.given), len(views)) for org in partners]
