"""Reporting lines from line_path: no query per level."""

from __future__ import annotations

import pytest

from upward.people.models import Person
from upward.people.selectors import manager_chain
from upward.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org() -> dict[str, Person]:
    """ceo -> (cto -> (lead -> dev), cfo -> analyst)"""
    ceo = PersonFactory(name="ceo")
    cto = PersonFactory(name="cto", manager=ceo)
    cfo = PersonFactory(name="cfo", manager=ceo)
    lead = PersonFactory(name="lead", manager=cto)
    dev = PersonFactory(name="dev", manager=lead)
    analyst = PersonFactory(name="analyst", manager=cfo)
    return {p.name: p for p in (ceo, cto, cfo, lead, dev, analyst)}


def test_the_managers_above_someone_come_from_line_path_without_a_query(
    org, django_assert_num_queries
):
    with django_assert_num_queries(0):
        chains = {name: person.ancestor_ids for name, person in org.items()}

    assert chains["dev"] == [org["lead"].pk, org["cto"].pk, org["ceo"].pk]
    assert chains["ceo"] == []


def test_manager_chain_is_one_query_direct_manager_first(org, django_assert_num_queries):
    with django_assert_num_queries(1):
        chain = manager_chain(org["dev"])

    assert [p.name for p in chain] == ["lead", "cto", "ceo"]


def test_same_reporting_line_is_any_manager_above_or_report_below(org, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert org["dev"].is_in_reporting_line_of(org["ceo"])
        assert org["cto"].is_in_reporting_line_of(org["dev"])
        assert not org["dev"].is_in_reporting_line_of(org["analyst"])  # cousins
        assert not org["cto"].is_in_reporting_line_of(org["cfo"])  # peers


def test_people_without_a_reporting_line_are_in_nobodys():
    placed = Person(line_path="/1/")
    assert not Person(line_path="").is_in_reporting_line_of(placed)
    assert not Person(line_path="").is_in_reporting_line_of(Person(line_path=""))
