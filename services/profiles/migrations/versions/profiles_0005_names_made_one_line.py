"""names, skills and own words stored before control characters were refused, made acceptable

Revision ID: profiles_0005
Revises: profiles_0004
Create Date: 2026-12-07 17:10:00.000000

Until the contracts refused them, a name could hold a line end, a NUL or a bidi override. Such a
row would now make profiles publish a profile_updated that every other service refuses and parks,
and a name in an email subject that breaks it. Each such character becomes a space in one-line
fields (names, skills) and is dropped from own words (whose line ends stay, as "\\n").

The rule is written out here rather than imported, so that this step does what it did when it was
written even if the contracts change later (shared/contracts/fields.py has the rule in force).
"""
import json
import re
import unicodedata

from alembic import op
import sqlalchemy as sa


revision = 'profiles_0005'
down_revision = 'profiles_0004'
branch_labels = None
depends_on = None

_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SPACES = re.compile(r" {2,}")


def _unsafe(character):
    return character in _BIDI_CONTROLS or unicodedata.category(character) in (
        "Cc", "Cs", "Zl", "Zp")


def _one_line(value):
    cleaned = "".join(" " if _unsafe(c) else c for c in value)
    return _SPACES.sub(" ", cleaned).strip() or "?"


def _lines(value):
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in value if c in "\n\t" or not _unsafe(c))


def upgrade():
    people = sa.table('people', sa.column('id', sa.Uuid()), sa.column('first_name', sa.String()),
                      sa.column('last_name', sa.String()), sa.column('own_words', sa.Text()),
                      sa.column('skills', sa.JSON()))
    connection = op.get_bind()
    for row in connection.execute(sa.select(people)).all():
        skills = row.skills if isinstance(row.skills, list) else json.loads(row.skills or "[]")
        cleaned = {"first_name": _one_line(row.first_name), "last_name": _one_line(row.last_name),
                   "own_words": _lines(row.own_words or ""),
                   "skills": [_one_line(skill) for skill in skills]}
        if cleaned != {"first_name": row.first_name, "last_name": row.last_name,
                       "own_words": row.own_words or "", "skills": skills}:
            connection.execute(people.update().where(people.c.id == row.id).values(**cleaned))


def downgrade():
    pass  # what was removed was never meant to be there
