"""What profiles answers for the operators' impact dashboard; read-only, mixed into
ProfilesService."""
from shared.contracts import rpc
from shared.contracts.kinds import HELP_KINDS, ROLES
from shared.rpc import serves

from . import figures, figures_store


class ImpactReports:

    @serves(rpc.profiles.pledge_figures)
    def pledge_figures(self):
        by_role, people = figures.people_by_role(ROLES, figures_store.role_lists(self.db))
        return {"kinds": figures.pledge_figures(HELP_KINDS, figures_store.pledge_totals(self.db)),
                "people_by_role": by_role, "people": people}
