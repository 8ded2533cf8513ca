"""What a person's own help achieved: not for operators only, so apart from operator.py.

- GET /api/me/pledge-outcomes?page=&page_size= -> {"items": [{pledge_id, kind, units_matched,
  people_helped, waiting, meetings_held}], "page", "page_size", "total"}: one item per pledge
  the donor made (and per standing offer: a mentor's seats, a sponsor's places), to join by
  `pledge_id` with GET /api/me/pledges. Like the pledges themselves, a person's outcomes grow
  only with their own activity, so matching answers them whole and the gateway pages them.
- GET /api/me/helped-outcomes -> {"helped", "found_work", "in_training"}: how many distinct people
  the donor gave help to, and how many of them said, three months on, that they found a job or
  started a training. Counts only, never who.
"""
from shared.contracts import rpc

from .routing import Gateway, api


class Impact(Gateway):

    @api("GET", "/api/me/pledge-outcomes", contract=rpc.matching.pledge_outcomes,
         fixed=("person_id",), paged=True)
    def pledge_outcomes(self, request, me, paging):
        """What each of my pledges achieved: units matched, people helped, meetings held."""
        return 200, paging.of(self._call(rpc.matching.pledge_outcomes, person_id=me))

    @api("GET", "/api/me/helped-outcomes", contract=rpc.matching.helped_outcomes,
         fixed=("person_id",))
    def helped_outcomes(self, request, me):
        """How many of the people I helped have found work, three months on (counts, never who)."""
        return 200, self._call(rpc.matching.helped_outcomes, person_id=me)
