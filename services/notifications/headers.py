"""What goes into an email header, made safe in one place: nothing a person typed can end a header
line, add a header or a recipient, or stop the email from being built.

People's names reach the Subject ("Bruno É. can help you") and the To header. Python's email
library refuses a header value holding any character `str.splitlines` splits on (\\r, \\n, \\x0b,
\\x0c, \\x1c-\\x1e, \\x85, U+2028, U+2029), and the other control characters have no business in
a header either; so every control character (category Cc), line or paragraph separator (Zl, Zp)
and lone surrogate (Cs: unencodable) becomes a space. Rows written before names were checked can
still hold any of them, hence here, at the last step, rather than only where names are accepted.
Encoding (RFC 2047 for accented names) is left to email.policy.default.
"""
import re
from email.headerregistry import Address
from email.policy import default as DEFAULT_POLICY

# Cc, Zl, Zp and Cs written out (tests/unit/test_email_headers.py checks every code point).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]+")
_SPACES = re.compile(r" {2,}")


class NotOneMailbox(ValueError):
    """An address header that does not name exactly one mailbox."""


def header_text(value):
    """`value` on one line: every control character and line or paragraph separator is a space."""
    return _SPACES.sub(" ", _UNSAFE.sub(" ", str(value))).strip()


def mailbox(name, email):
    """ "Name <address>" for one person, as stored with a queued email and read back by `address`."""
    username, _, domain = email.rpartition("@")
    # username and domain rather than addr_spec: an address with é before the @ is refused by
    # addr_spec's parser, and is still someone's address (sent with SMTPUTF8 where offered).
    return str(Address(display_name=header_text(name), username=username, domain=domain))


def address(value):
    """The one mailbox that a From or To value names, its display name made safe.

    Parsed by the email library's own header parser (which also decodes the =?utf-8?…?= names
    of older rows); anything naming no mailbox or more than one is refused with NotOneMailbox.
    """
    parsed = DEFAULT_POLICY.header_factory("To", header_text(value))
    groups = parsed.groups
    # A named group ("Eve Bcc: x@y;") is how an unquoted "Name:" reads: not one person's mailbox.
    if len(groups) != 1 or groups[0].display_name is not None or len(groups[0].addresses) != 1:
        raise NotOneMailbox(f"not one mailbox: {len(parsed.addresses)} address(es) found")
    found = groups[0].addresses[0]
    if not found.username or not found.domain:
        raise NotOneMailbox("not one mailbox: no address with a domain found")
    return Address(display_name=header_text(found.display_name), username=found.username,
                   domain=found.domain)
