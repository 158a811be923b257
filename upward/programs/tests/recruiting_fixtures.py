"""Shared set-up for the recruiting tests: a recruiting program managed by `program_manager`,
open to junior mentors (level 3 and below) and senior mentees (level 5 and above)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from upward.programs.models import ParticipantRole, Program
from upward.programs.tests.factories import EligibilityFactory, ProgramFactory

LINK = re.compile(r"https?://\S+/programs/invitation/[^/\s]+/")


@pytest.fixture
def recruiting_program(program_manager: Any) -> Program:
    program = ProgramFactory(name="Digital Leaders 2025", managers=[program_manager])
    EligibilityFactory(program=program, role=ParticipantRole.MENTOR, max_level=3)
    EligibilityFactory(program=program, role=ParticipantRole.MENTEE, min_level=5)
    return program


def link_in(body: str) -> str:
    match = LINK.search(body)
    assert match, f"no invitation link in:\n{body}"
    return match.group(0)


def path_of(url: str) -> str:
    """'http://host/programs/invitation/x/' -> '/programs/invitation/x/'."""
    return "/" + url.split("://", 1)[1].split("/", 1)[1]
