"""Reading back what embedded mode 'sent': the emails in the local Maildir."""
import mailbox
import os
import re
from email import policy
from email.parser import BytesParser


def emails(maildir_path):
    if not os.path.isdir(os.path.join(maildir_path, "new")):
        return []  # nothing delivered yet: the Maildir is made with the first email
    box = mailbox.Maildir(maildir_path, factory=None, create=False)
    parser = BytesParser(policy=policy.default)
    return [parser.parsebytes(box.get_bytes(key)) for key in box.keys()]


def invites_for(maildir_path, address):
    """Emails to `address` that carry a text/calendar part."""
    return [message for message in emails(maildir_path)
            if address in message["To"]
            and any(part.get_content_type() == "text/calendar" for part in message.walk())]


def emails_to(maildir_path, address):
    return [message for message in emails(maildir_path)
            if address.lower() in (message["To"] or "").lower()]


def link_tokens(maildir_path, address, base_url=""):
    """The tokens of the sign-in and confirmation links (`{PUBLIC_URL}/sign-in/{token}`) emailed
    to `address`, read from each email's text."""
    link = re.compile(re.escape(base_url.rstrip("/")) + r"/sign-in/([A-Za-z0-9_-]{20,})")
    return {token for message in emails_to(maildir_path, address)
            for token in link.findall(message.get_body(("plain",)).get_content())}
