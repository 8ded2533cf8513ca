"""The notices every visitor may read: the privacy notice (/privacy) and the legal notice (/legal).

Who runs an instance of Binôme is not for the code to invent: the publisher, its address, the
director of publication, the host and the contact address are the operator's settings
(shared/config.py, LEGAL_*). A setting left empty is shown as such, so that an operator sees what
to fill in; the contact falls back to the address Binôme's emails come from.

The periods the privacy notice states are the ones the services apply: the gateway may not import
them (no service imports another), so they are written here and a unit test compares them with
the services' own constants (tests/unit/test_notices.py); the configurable ones are read from the
settings.
"""
from email.utils import parseaddr

from .pages_base import PageBase, page

LICENCE = "AGPL-3.0-or-later"
# services/profiles/sign_in.py: CONFIRMATION_LIFETIME, LINK_LIFETIME, LINK_KEPT_AFTER_EXPIRY,
# SESSION_LIFETIME; services/matching/outcomes.py: ANSWER_DAYS.
RETENTION = {"confirmation_hours": 24, "link_minutes": 15, "link_kept_days": 1,
             "session_days": 30, "answer_days": 60}
# What the privacy notice lists (privacy.html: one sentence each, "privacy.collect.<item>"), and
# the operator's settings the legal notice names ("legal.<field>").
PRIVACY_COLLECTED = ("name", "email", "phone", "place", "profile", "availability", "activity",
                     "outcome", "cookies")
PRIVACY_WHO_SEES = ("card", "contact", "document", "conversation", "operators")
LEGAL_FIELDS = (("publisher", "LEGAL_PUBLISHER"), ("address", "LEGAL_ADDRESS"),
                ("director", "LEGAL_DIRECTOR"), ("host", "LEGAL_HOST"))


class NoticePages(PageBase):

    def operator_details(self):
        """What the operator set for the notices: {setting: value or ""}, and the contact."""
        config = self.page_config or {}
        details = {name: (config.get(name) or "").strip() for name in (
            "LEGAL_PUBLISHER", "LEGAL_ADDRESS", "LEGAL_DIRECTOR", "LEGAL_HOST")}
        details["contact"] = ((config.get("LEGAL_CONTACT_EMAIL") or "").strip()
                              or parseaddr(config.get("EMAIL_FROM") or "")[1])
        return details

    @page("GET", "/privacy", signed_in=False)
    def page_privacy(self, ctx):
        config = self.page_config or {}
        return "privacy.html", {
            "legal": self.operator_details(), **RETENTION,
            "outcome_days": round(float(config.get("OUTCOME_AFTER_DAYS", 91))),
            "proposal_hours": round(float(config.get("PROPOSAL_EXPIRY_HOURS", 72))),
            "collected": PRIVACY_COLLECTED, "who_sees": PRIVACY_WHO_SEES}

    @page("GET", "/legal", signed_in=False)
    def page_legal(self, ctx):
        return "legal.html", {"legal": self.operator_details(), "licence": LICENCE,
                              "legal_fields": LEGAL_FIELDS}
