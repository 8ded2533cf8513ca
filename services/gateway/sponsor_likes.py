"""A job seeker's answer to the sponsors who liked their card: the list of those waiting for it.

A seeker who does not accept sponsors by default starts a sponsorship by liking a sponsor back,
with the same swipe a sponsor uses (POST /api/people/<id>/swipe); this lists whom to answer.
"""
from shared.contracts import rpc

from .routing import Gateway, api


class SponsorLikes(Gateway):

    @api("GET", "/api/me/interested-sponsors", contract=rpc.matching.interested_sponsors,
         fixed=("person_id", "page", "page_size"), paged=True, max_page_size=50,
         items=rpc.InterestedSponsor)
    def interested_sponsors(self, request, me, paging):
        """For a job seeker: the sponsors who liked my card and wait for my answer, newest first
        (answer with POST /api/people/{person_id}/swipe; a like starts the sponsorship)."""
        # matching counts its pages from 0, as for the feed; the API from 1.
        found = self._call(rpc.matching.interested_sponsors, person_id=me, page=paging.page - 1,
                           page_size=paging.page_size)
        return 200, paging.envelope(found["items"], found["total"])
