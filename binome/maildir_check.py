"""Reading back what embedded mode 'sent': the emails in the local Maildir."""
import mailbox
from email import policy
from email.parser import BytesParser


def emails(maildir_path):
    box = mailbox.Maildir(maildir_path, factory=None, create=False)
    parser = BytesParser(policy=policy.default)
    return [parser.parsebytes(box.get_bytes(key)) for key in box.keys()]


def invites_for(maildir_path, address):
    """Emails to `address` that carry a text/calendar part."""
    return [message for message in emails(maildir_path)
            if address in message["To"]
            and any(part.get_content_type() == "text/calendar" for part in message.walk())]
