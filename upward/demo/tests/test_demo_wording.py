"""Every page of the demo, as each kind of person reads it: no template holes, no bad plurals.

The crawl starts at each person's home page and follows links (a few pages of
each kind), so a new page is checked as soon as something links to it.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from upward.accounts.models import User
from upward.core.testing.crawl import Page, crawl
from upward.demo.company import PERSONA_BY_KEY

pytestmark = pytest.mark.django_db

# The product's own nouns, which must agree with the number before them.
NOUNS = (
    "mentor mentee pair session person participant skill invitation registration program "
    "point message week goal run proposal version update department day month answer "
    "check-in concern nudge reason"
).split()
IRREGULAR = {"person": "people"}


def _plural(noun: str) -> str:
    return IRREGULAR.get(noun, f"{noun}s")


# Case-sensitive on purpose: "2027 Program" is a name, "6 Department" a label beside a level.
ONE_WITH_PLURAL = re.compile(
    r"(?<![\d.,])\b1 (" + "|".join(map(re.escape, map(_plural, NOUNS))) + r")\b"
)
MANY_WITH_SINGULAR = re.compile(
    r"(?<![\d.,/-])\b(0|[2-9]|[1-9]\d+) (" + "|".join(map(re.escape, NOUNS)) + r")\b(?![-'\u2019])"
)
HOLES = re.compile(r"\{\}|\{\{|\}\}|\{%|%\}|\(s\)|\)s\b")


def wording_problems(page: Page) -> list[str]:
    text = page.text
    found = [f"template hole {m.group(0)!r}" for m in HOLES.finditer(text)]
    found += [f"bad plural {m.group(0)!r}" for m in ONE_WITH_PLURAL.finditer(text)]
    found += [f"bad plural {m.group(0)!r}" for m in MANY_WITH_SINGULAR.finditer(text)]
    return found


@pytest.mark.parametrize("persona", ["administrator", "program_manager", "mentor", "mentee"])
def test_demo_pages_read_right_for_each_person(seeded, persona):
    client = Client()
    client.force_login(User.objects.get(email=PERSONA_BY_KEY[persona].email))

    pages = [page for page in crawl(client, "/") if "html" in page.content_type]

    assert len(pages) > 10
    problems = {page.url: wording_problems(page) for page in pages}
    assert {url: found for url, found in problems.items() if found} == {}
    assert [page.url for page in pages if page.status >= 500] == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("The pair with {} was forbidden", "template hole '{}'"),
        ("1 mentees, 2 mentors", "bad plural '1 mentees'"),
        ("all 2 skill left", "bad plural '2 skill'"),
        ("For mentee (senior, learns)s", "template hole ')s'"),
        ("1 pts", None),
        ("Target 10 points; 1 person; 3 people; 12-week program", None),
    ],
)
def test_the_checker_catches_what_a_reader_would(text, problem):
    found = wording_problems(Page("/", 200, "text/html", f"<p>{text}</p>"))
    assert (found[0] if found else None) == problem
