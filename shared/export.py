"""Turning stored rows into the plain JSON of a person's data export."""
import uuid
from datetime import date, datetime


def jsonable(value):
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def row_dict(row):
    """An ORM row as a dict of its columns, ready for JSON."""
    return {column.key: jsonable(getattr(row, column.key)) for column in row.__table__.columns}
