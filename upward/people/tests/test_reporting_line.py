"""Reporting lines from line_path: no query per level, for one pair or thousands."""

from __future__ import annotations

import itertools
import re

import pytest
from django.db import connection

from upward.people.models import Person
from upward.people.selectors import (
    descendants_of,
    manager_chain,
    manager_chain_ids,
    paths_share_reporting_line,
    reporting_line_conflicts,
    same_reporting_line,
    same_reporting_line_pairs,
)
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


def test_manager_chain_ids_come_from_line_path_without_a_query(org, django_assert_num_queries):
    with django_assert_num_queries(0):
        chains = manager_chain_ids(org.values())

    assert chains[org["dev"].pk] == [org["lead"].pk, org["cto"].pk, org["ceo"].pk]
    assert chains[org["ceo"].pk] == []


def test_manager_chain_is_one_query_direct_manager_first(org, django_assert_num_queries):
    with django_assert_num_queries(1):
        chain = manager_chain(org["dev"])

    assert [p.name for p in chain] == ["lead", "cto", "ceo"]


def test_descendants_are_everyone_below_at_any_depth(org, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = sorted(p.name for p in descendants_of(org["cto"]))

    assert names == ["dev", "lead"]
    assert sorted(p.name for p in descendants_of(org["ceo"])) == [
        "analyst",
        "cfo",
        "cto",
        "dev",
        "lead",
    ]
    assert not descendants_of(org["dev"]).exists()


def test_descendants_leave_out_inactive_people_unless_asked(org):
    Person.objects.filter(pk=org["dev"].pk).update(is_active=False)

    assert [p.name for p in descendants_of(org["cto"])] == ["lead"]
    assert len(descendants_of(org["cto"], include_inactive=True)) == 2


def test_a_prefix_of_digits_is_not_a_prefix_of_the_reporting_line():
    boss, other, child = PersonFactory(), PersonFactory(), PersonFactory()
    Person.objects.filter(pk=boss.pk).update(line_path="/900/2/")
    Person.objects.filter(pk=other.pk).update(line_path="/900/23/")
    Person.objects.filter(pk=child.pk).update(line_path="/900/2/5/")
    boss.refresh_from_db()

    assert list(descendants_of(boss)) == [child]


def test_descendants_query_uses_the_line_path_index():
    person = PersonFactory()
    queryset = descendants_of(person, include_inactive=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    plan = queryset.explain()

    if connection.vendor == "postgresql":
        # The varchar_pattern_ops twin Django adds to an indexed CharField; the
        # planner may read it as a plain or a bitmap index scan.
        assert re.search(r"Index Scan (using|on) people_person_line_path_\w*_like", plan), plan
    else:
        assert "USING INDEX people_person_line_path_" in plan


def test_same_reporting_line_is_any_manager_above_or_report_below(org, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert same_reporting_line(org["dev"], org["ceo"])
        assert same_reporting_line(org["cto"], org["dev"])
        assert not same_reporting_line(org["dev"], org["analyst"])  # cousins
        assert not same_reporting_line(org["cto"], org["cfo"])  # peers


def test_people_without_a_reporting_line_are_in_nobodys():
    assert not paths_share_reporting_line("", "/1/")
    assert not paths_share_reporting_line("", "")


def test_thousands_of_pairs_are_answered_in_one_query(org, django_assert_num_queries):
    people = list(org.values())
    pairs = [(a.pk, b.pk) for a, b in itertools.product(people, people)] * 100

    with django_assert_num_queries(1):
        answers = same_reporting_line_pairs(pairs)

    by_pk = {p.pk: p for p in people}
    assert answers == [same_reporting_line(by_pk[a], by_pk[b]) for a, b in pairs]


def test_conflicts_between_two_groups_match_checking_every_pair(django_assert_num_queries):
    ceo = PersonFactory()
    people = [ceo]
    for n in range(1, 60):
        people.append(PersonFactory(manager=people[(n - 1) // 3]))
    juniors = [p.pk for p in people[20:]]
    seniors = [p.pk for p in people[:25]]
    paths = {p.pk: p.line_path for p in people}

    with django_assert_num_queries(1):
        conflicts = reporting_line_conflicts(juniors, seniors)

    expected = {
        (j, s) for j in juniors for s in seniors if paths_share_reporting_line(paths[j], paths[s])
    }
    assert conflicts == expected
    assert conflicts  # the fixture does put some seniors above some juniors
