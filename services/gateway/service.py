"""The gateway: a thin nameko service that holds nothing but sessions. Its parts live in their own
modules (routing: requests and errors; api: the JSON routes) and come together here.
"""
from shared.rpc import ServiceRpc

from .api import JsonApi
from .impact import Impact
from .openapi import OpenApi
from .operator import Operator
from .pages import WebPages
from .rate_limits import RateLimits
from .review_documents import ReviewDocuments
from .sign_in import SignIn
from .sponsor_likes import SponsorLikes


class GatewayService(JsonApi, SponsorLikes, ReviewDocuments, Operator, Impact, SignIn, OpenApi,
                     WebPages):
    name = "gateway"
    services = ServiceRpc(["profiles", "matching", "scheduling", "notifications"])
    rate_limits = RateLimits()
