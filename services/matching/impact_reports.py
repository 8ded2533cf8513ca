"""What matching answers operators (round reports, match figures) and donors (what their pledges
achieved); read-only, mixed into MatchingService."""
from shared.contracts import rpc
from shared.contracts.kinds import REQUEST_KINDS
from shared.rpc import serves

from . import figures, figures_store


class ImpactReports:

    @serves(rpc.matching.rounds)
    def rounds(self, page, page_size, kind):
        reports, total = figures_store.rounds_page(self.db, page, page_size, kind)
        return {"items": reports, "page": page, "page_size": page_size, "total": total}

    @serves(rpc.matching.match_figures)
    def match_figures(self):
        return figures.match_figures(
            REQUEST_KINDS, figures_store.requests_by_kind(self.db),
            figures_store.proposals_by_kind(self.db), figures_store.held_by_kind(self.db),
            figures_store.accepted_waits(self.db), figures_store.first_proposals(self.db))

    @serves(rpc.matching.pledge_outcomes)
    def pledge_outcomes(self, person_id):
        return figures.pledge_outcomes(figures_store.offers_of(self.db, person_id),
                                       figures_store.matches_on_offers_of(self.db, person_id))
