"""The profiles database: people, their sign-in links and sessions, pledges, help requests, and
the messaging tables."""
import uuid

from sqlalchemy import (JSON, Boolean, Date, Float, ForeignKey, Integer, LargeBinary, String, Text, Uuid,
                        delete, func, or_, select, sql, update)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.database import UtcDateTime
from shared.messaging.tables import define_messaging_tables


class Base(DeclarativeBase):
    pass


define_messaging_tables(Base.metadata)


class Person(Base):
    __tablename__ = "people"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    first_name: Mapped[str] = mapped_column(String(50))
    last_name: Mapped[str] = mapped_column(String(50))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    locale: Mapped[str] = mapped_column(String(2))
    timezone: Mapped[str] = mapped_column(String(64))
    roles: Mapped[list] = mapped_column(JSON)
    languages: Mapped[list] = mapped_column(JSON)
    postal_code: Mapped[str | None] = mapped_column(String(5))
    neighbourhood: Mapped[str | None] = mapped_column(String(100))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    own_words: Mapped[str] = mapped_column(Text, default="")
    occupation: Mapped[str | None] = mapped_column(String(5))
    target_occupation: Mapped[str | None] = mapped_column(String(5))
    skills: Mapped[list] = mapped_column(JSON)
    availability: Mapped[dict] = mapped_column(JSON)
    mentor: Mapped[dict | None] = mapped_column(JSON)
    sponsor: Mapped[dict | None] = mapped_column(JSON)
    accepts_sponsors: Mapped[bool] = mapped_column(Boolean, default=False)
    # Operators run rounds and see the impact dashboard; granted only from the command line.
    operator: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sql.false())
    registered_at = mapped_column(UtcDateTime, nullable=False)
    updated_at = mapped_column(UtcDateTime, nullable=False)

    def attributes(self):
        return {column.key: getattr(self, column.key) for column in self.__table__.columns}


class SignInLink(Base):
    """An emailed one-time link; only the SHA-256 of its token is kept."""
    __tablename__ = "sign_in_links"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at = mapped_column(UtcDateTime, nullable=False)
    expires_at = mapped_column(UtcDateTime, nullable=False, index=True)
    used_at = mapped_column(UtcDateTime, nullable=True)
    # Set for a change of address: following the link proves the new address and applies it.
    new_email: Mapped[str | None] = mapped_column(String(254), nullable=True)


class PendingRegistration(Base):
    """A registration waiting for its address to be confirmed by the emailed link: not a person
    yet, known to no other service, found by nobody. Registering the address again replaces it;
    it is deleted once confirmed or expired. Only the SHA-256 of the link's token is kept."""
    __tablename__ = "pending_registrations"
    # The person's id once confirmed, so that what was sent about it stays theirs.
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # The profile attributes as registered, stored once confirmed.
    details: Mapped[dict] = mapped_column(JSON)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at = mapped_column(UtcDateTime, nullable=False)
    expires_at = mapped_column(UtcDateTime, nullable=False, index=True)


class SessionToken(Base):
    """A signed-in session (a phone, a laptop); only the SHA-256 of its token is kept. Signing out
    deletes it."""
    __tablename__ = "sessions"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at = mapped_column(UtcDateTime, nullable=False)
    expires_at = mapped_column(UtcDateTime, nullable=False, index=True)


class Consent(Base):
    """`person_id` agrees that `other_id` may see their contact details; withdrawable."""
    __tablename__ = "consents"
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    other_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    given_at = mapped_column(UtcDateTime, nullable=False)
    withdrawn_at = mapped_column(UtcDateTime, nullable=True)


class Reveal(Base):
    """A log line each time contact details crossed from one person to another."""
    __tablename__ = "reveals"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    viewer_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    revealed_at = mapped_column(UtcDateTime, nullable=False)


class Block(Base):
    __tablename__ = "blocks"
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    other_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    blocked_at = mapped_column(UtcDateTime, nullable=False)


class Report(Base):
    """A report for the operators; the reporter also blocks the person reported."""
    __tablename__ = "reports"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    other_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    reason: Mapped[str] = mapped_column(Text)
    reported_at = mapped_column(UtcDateTime, nullable=False)


class Pledge(Base):
    __tablename__ = "pledges"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    quantity: Mapped[int] = mapped_column(Integer)
    # Units still offered; units whose help was given; units paused after a silent match. The
    # rest (quantity less these three) are in progress: matched, help not given yet.
    remaining: Mapped[int] = mapped_column(Integer)
    given: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    paused: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    valid_until = mapped_column(Date, nullable=False)
    remote: Mapped[bool] = mapped_column(Boolean)
    radius_km: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), index=True)
    created_at = mapped_column(UtcDateTime, nullable=False)


class HelpRequest(Base):
    __tablename__ = "help_requests"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    requested_at = mapped_column(UtcDateTime, nullable=False)


class RequestDocument(Base):
    """A seeker's CV or cover letter for reviews. Its bytes live here, in profiles' own database,
    in both modes (SQLite embedded, PostgreSQL distributed): they go with the request they serve,
    in the same transactions, backups and erasure as the rest of the person's data, with no
    object store to run, secure and clean apart (a document is at most 5 MB)."""
    __tablename__ = "request_documents"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id"), index=True)
    filename: Mapped[str] = mapped_column(String(100))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    # The same bytes sent again are the same document (and count towards the same reviews).
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    contacts_found: Mapped[list] = mapped_column(JSON)
    text_read: Mapped[bool] = mapped_column(Boolean)
    uploaded_at = mapped_column(UtcDateTime, nullable=False)


class DocumentUse(Base):
    """A request's current document: one per request; a document serves at most
    kinds.DOCUMENT_REVIEWS requests."""
    __tablename__ = "request_document_uses"
    request_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("help_requests.id"), primary_key=True)
    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("request_documents.id"), index=True)
    attached_at = mapped_column(UtcDateTime, nullable=False)


def document_of_request(session, request_id):
    """The request's current document, or None."""
    return session.scalars(select(RequestDocument).join(
        DocumentUse, DocumentUse.document_id == RequestDocument.id)
        .where(DocumentUse.request_id == request_id)).first()


def document_uses(session, document_id):
    return session.scalar(select(func.count()).select_from(DocumentUse)
                          .where(DocumentUse.document_id == document_id))


def document_with_hash(session, person_id, sha256):
    return session.scalars(select(RequestDocument).where(RequestDocument.person_id == person_id,
                                                         RequestDocument.sha256 == sha256)).first()


def documents_of(session, person_id):
    """{request_id: document} for the person's requests that have one."""
    rows = session.execute(select(DocumentUse.request_id, RequestDocument).join(
        RequestDocument, DocumentUse.document_id == RequestDocument.id)
        .where(RequestDocument.person_id == person_id)).all()
    return {request_id: document for request_id, document in rows}


def detach_document(session, request_id):
    """Take the request's document off it; the document goes too once no request uses it."""
    use = session.get(DocumentUse, request_id)
    if use is None:
        return
    document_id = use.document_id
    session.delete(use)
    session.flush()
    if not document_uses(session, document_id):
        session.execute(delete(RequestDocument).where(RequestDocument.id == document_id))


def forget_documents_of(session, person_id):
    owned = select(RequestDocument.id).where(RequestDocument.person_id == person_id)
    session.execute(delete(DocumentUse).where(DocumentUse.document_id.in_(owned)))
    session.execute(delete(RequestDocument).where(RequestDocument.person_id == person_id))


def email_taken(session, email):
    return session.execute(select(Person.id).where(Person.email == email)).first() is not None


def person(session, person_id):
    return session.get(Person, person_id)


def pledges_of(session, person_id):
    return session.scalars(select(Pledge).where(Pledge.person_id == person_id)
                           .order_by(Pledge.created_at)).all()


def requests_of(session, person_id):
    return session.scalars(select(HelpRequest).where(HelpRequest.person_id == person_id)
                           .order_by(HelpRequest.requested_at)).all()


def person_by_email(session, email):
    return session.scalars(select(Person).where(Person.email == email)).first()


def pending_by_email(session, email):
    return session.scalars(select(PendingRegistration).where(PendingRegistration.email == email)
                           .with_for_update()).first()


def pending_by_token_hash(session, token_hash):
    return session.scalars(select(PendingRegistration)
                           .where(PendingRegistration.token_hash == token_hash)
                           .with_for_update()).first()


def sign_in_link(session, token_hash):
    return session.scalars(select(SignInLink).where(SignInLink.token_hash == token_hash)
                           .with_for_update()).first()


def mark_link_used(session, link_id, now):
    """Whether this call used the link: of two redeeming it at once, only one wins."""
    return session.execute(update(SignInLink).where(SignInLink.id == link_id,
                                                    SignInLink.used_at.is_(None))
                           .values(used_at=now)).rowcount == 1


def session_by_token_hash(session, token_hash):
    return session.scalars(select(SessionToken).where(SessionToken.token_hash == token_hash)).first()


def sessions_of(session, person_id):
    return session.scalars(select(SessionToken).where(SessionToken.person_id == person_id)
                           .order_by(SessionToken.created_at)).all()


def sign_in_links_of(session, person_id):
    return session.scalars(select(SignInLink).where(SignInLink.person_id == person_id)
                           .order_by(SignInLink.created_at)).all()


def forget_sign_ins_of(session, person_id):
    for model in (SignInLink, SessionToken):
        session.execute(delete(model).where(model.person_id == person_id))


def expired_registrations(session, now):
    return session.scalars(select(PendingRegistration.id)
                           .where(PendingRegistration.expires_at < now)).all()


def forget_expired_sign_ins(session, links_before, sessions_before):
    """Delete links that expired before `links_before`, and sessions and registrations never
    confirmed that expired before `sessions_before`."""
    session.execute(delete(SignInLink).where(SignInLink.expires_at < links_before))
    session.execute(delete(SessionToken).where(SessionToken.expires_at < sessions_before))
    session.execute(delete(PendingRegistration)
                    .where(PendingRegistration.expires_at < sessions_before))


# --- operators (granted from the command line: `binome operators`) ---------------------------

def set_operator(session, email, operator):
    """Grant or revoke; returns the person, or None when nobody has that address."""
    person = person_by_email(session, email)
    if person is not None:
        person.operator = operator
    return person


def operators(session):
    return session.scalars(select(Person).where(Person.operator.is_(True))
                           .order_by(Person.email)).all()


def consent_given(session, person_id, other_id):
    consent = session.get(Consent, (person_id, other_id))
    return consent is not None and consent.withdrawn_at is None


def blocked_either_way(session, a, b):
    return session.get(Block, (a, b)) is not None or session.get(Block, (b, a)) is not None


def open_pledges_ending_before(session, day):
    """(pledge, donor's time zone) for open pledges whose last day is `day` or earlier."""
    return session.execute(select(Pledge, Person.timezone).join(Person, Person.id == Pledge.person_id)
                           .where(Pledge.status == "open", Pledge.valid_until <= day)
                           .with_for_update(of=Pledge, skip_locked=True)).all()


def everything_about(session, person_id):
    """Every row of this database that is about the person, table by table."""
    def rows(model, *conditions):
        return [row for row in session.scalars(select(model).where(or_(*conditions)))]
    return {
        "pledges": rows(Pledge, Pledge.person_id == person_id),
        "help_requests": rows(HelpRequest, HelpRequest.person_id == person_id),
        "consents": rows(Consent, Consent.person_id == person_id, Consent.other_id == person_id),
        "reveals": rows(Reveal, Reveal.viewer_id == person_id, Reveal.person_id == person_id),
        "blocks": rows(Block, Block.person_id == person_id),
        "reports": rows(Report, Report.person_id == person_id),
    }
