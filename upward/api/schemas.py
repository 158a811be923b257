"""Schemas shared by several routers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Path, Schema


class PersonOut(Schema):
    """A person as a partner or a manager sees them: a name and a title, nothing private."""

    name: str = Field(examples=["Jo Junior"])
    title: str = Field(examples=["Social Media Analyst"])


class ProgramOut(Schema):
    id: int = Field(examples=[12])
    name: str = Field(examples=["Digital reverse mentoring 2027"])
    slug: str = Field(examples=["digital-2027"])
    status: str = Field(examples=["registration"])
    recruitment_mode: str = Field(examples=["open"])
    description: str
    registration_opens_on: date
    registration_closes_on: date
    matching_on: date
    starts_on: date
    ends_on: date
    cadence_weeks: int = Field(examples=[2])
    session_minutes: int = Field(examples=[45])
    mentor_capacity: int = Field(examples=[1])


class Created(Schema):
    id: int


class Message(Schema):
    detail: str


class Timestamped(Schema):
    created_at: datetime


# Database ids are 64-bit: a larger number is refused with 422 naming the field,
# never sent to the database (where it would overflow).
MAX_ID = 2**63 - 1
IdField = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
