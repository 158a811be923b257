"""The demo company generator: pure, deterministic, and shaped like a real company."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from upward.demo.company import (
    AS_OF,
    COLUMNS,
    DEMO_DOMAIN,
    DEPARTMENT_NAMES,
    DEPARTMENTS,
    MIN_SIZE,
    OFFICES,
    PERSONA_BY_KEY,
    PERSONAS,
    generate_company,
    size_from_option,
)

CEO_TITLE = "Chief Executive Officer"
MANAGER_WORDS = ("Manager", "Director", "Head", "Chief", "VP", "General Counsel")


@pytest.fixture(scope="module")
def company():
    return generate_company(400, seed=7)


def by_id(rows):
    return {row["employee_id"]: row for row in rows}


def reports_count(rows):
    return Counter(row["manager_id"] for row in rows if row["manager_id"])


def chain_of(row, people):
    """Employee ids from `row` up to the top, failing on a cycle or a dangling manager."""
    chain, seen = [row["employee_id"]], {row["employee_id"]}
    while row["manager_id"]:
        assert row["manager_id"] in people, f"{row['employee_id']}: unknown manager"
        row = people[row["manager_id"]]
        assert row["employee_id"] not in seen, f"cycle through {row['employee_id']}"
        chain.append(row["employee_id"])
        seen.add(row["employee_id"])
    return chain


def assert_consistent_tree(rows):
    people = by_id(rows)
    roots = [row for row in rows if not row["manager_id"]]
    assert [root["title"] for root in roots] == [CEO_TITLE]
    ceo = roots[0]
    assert ceo["level"] == "6"
    for row in rows:
        assert chain_of(row, people)[-1] == ceo["employee_id"]
        if row["manager_id"]:
            manager = people[row["manager_id"]]
            # Strictly more senior, except inside the level-6 executive team.
            assert int(manager["level"]) > int(row["level"]) or manager["level"] == "6", row
            assert not manager["leave_date"], "nobody reports to a leaver"
    heads = [row for row in rows if row["manager_id"] == ceo["employee_id"]]
    assert sorted(head["department"] for head in heads) == sorted(DEPARTMENT_NAMES)
    assert all(head["level"] == "6" for head in heads)


def test_the_same_seed_gives_the_same_company():
    assert generate_company(400, seed=11) == generate_company(400, seed=11)


def test_another_seed_gives_another_company():
    first, second = generate_company(400, seed=1), generate_company(400, seed=2)
    assert [row["name"] for row in first] != [row["name"] for row in second]


def test_rows_are_strings_with_the_hr_file_columns(company):
    for row in company:
        assert tuple(row) == COLUMNS
        assert all(isinstance(value, str) for value in row.values())
    assert [row["employee_id"] for row in company] == sorted(row["employee_id"] for row in company)


def test_the_default_company_has_400_people_six_levels_and_eight_departments(company):
    assert len(company) == 400
    assert {row["level"] for row in company} == {"1", "2", "3", "4", "5", "6"}
    departments = {row["department"] for row in company} - {""}
    assert departments == set(DEPARTMENT_NAMES)
    assert len(departments) == 8
    assert [row["title"] for row in company if not row["department"]] == [CEO_TITLE]


def test_levels_form_a_pyramid(company):
    per_level = Counter(int(row["level"]) for row in company)
    assert per_level[1] > per_level[2] > per_level[3] > per_level[4] > per_level[5] > per_level[6]
    assert per_level[1] + per_level[2] > len(company) / 2
    assert per_level[6] < len(company) * 0.05


def test_offices_span_several_time_zones(company):
    for row in company:
        assert OFFICES[row["location"]] == row["time_zone"]
    assert len({row["time_zone"] for row in company}) >= 4
    per_office = Counter(row["location"] for row in company)
    assert set(per_office) == set(OFFICES)
    assert min(per_office.values()) >= 10, per_office


def test_every_department_has_a_believable_size(company):
    per_department = Counter(row["department"] for row in company if row["department"])
    largest = max(DEPARTMENTS, key=lambda department: department.share)
    assert per_department.most_common(1)[0][0] == largest.name
    assert min(per_department.values()) >= 15


def test_the_reporting_tree_is_consistent(company):
    assert_consistent_tree(company)


def test_teams_have_sensible_spans_of_control(company):
    spans = list(reports_count(company).values())
    assert max(spans) <= 15
    assert statistics.mean(spans) >= 3


def test_emails_are_unique_and_on_the_demo_domain(company):
    emails = [row["email"] for row in company]
    assert len(set(emails)) == len(emails)
    pattern = re.compile(rf"[a-z-]+\.[a-z-]+\d*@{re.escape(DEMO_DOMAIN)}")
    assert all(pattern.fullmatch(email) for email in emails), emails


def test_a_name_clash_gets_a_numbered_email():
    rows = generate_company(3000, seed=3)
    numbered = [row for row in rows if re.search(r"\d@", row["email"])]
    assert numbered
    for row in numbered:
        stem = re.sub(r"\d+@", "@", row["email"])
        assert stem in {other["email"] for other in rows}


def test_names_are_diverse(company):
    assert len({row["name"].split()[0] for row in company}) > 120
    assert len({row["name"].split()[-1] for row in company}) > 120
    assert any(not row["name"].isascii() for row in company), "accented names are kept"


def test_titles_follow_level_and_management(company):
    reports = reports_count(company)
    titles = {department.name: department for department in DEPARTMENTS}
    for row in company:
        level, title = int(row["level"]), row["title"]
        if row["email"] in {persona.email for persona in PERSONAS}:
            continue
        if level <= 2:
            assert not any(word in title for word in MANAGER_WORDS), row
            assert reports[row["employee_id"]] == 0
        if level == 6:
            assert title.startswith(("VP ", "Chief ", "General Counsel")), row
        elif reports[row["employee_id"]]:
            department = titles[row["department"]]
            assert title.split(",")[0] == department.manager_titles[level - 3], row
    assert any(row["title"].startswith("Junior ") for row in company)
    assert any(row["title"].startswith("Senior ") for row in company)


def test_hire_dates_and_birth_years_follow_level(company):
    hired = {level: [] for level in range(1, 7)}
    for row in company:
        hire = date.fromisoformat(row["hire_date"])
        assert hire <= AS_OF
        hired[int(row["level"])].append(hire.toordinal())
        if row["birth_year"]:
            assert hire.year - int(row["birth_year"]) >= 20, row
    assert statistics.median(hired[1]) > statistics.median(hired[3]) > statistics.median(hired[5])
    assert AS_OF.toordinal() - statistics.median(hired[1]) < 2 * 365
    with_birth_year = sum(1 for row in company if row["birth_year"])
    assert 0.75 * len(company) <= with_birth_year < len(company)


def test_a_few_people_have_left(company):
    leavers = [row for row in company if row["leave_date"]]
    assert 0.01 * len(company) <= len(leavers) <= 0.05 * len(company)
    for row in leavers:
        assert row["hire_date"] < row["leave_date"] <= AS_OF.isoformat()


@pytest.mark.parametrize("seed", [0, 1, 2026, 123456789])
@pytest.mark.parametrize("size", [MIN_SIZE, 400])
def test_the_demo_personas_are_present_whatever_the_seed(seed, size):
    rows = generate_company(size, seed)
    by_email = {row["email"]: row for row in rows}
    for persona in PERSONAS:
        row = by_email[persona.email]
        assert (row["name"], row["department"], row["level"], row["title"]) == (
            persona.name,
            persona.department,
            str(persona.level),
            persona.title,
        )
        assert not row["leave_date"]
    assert sum(row["name"] in {p.name for p in PERSONAS} for row in rows) == len(PERSONAS)


@pytest.mark.parametrize("seed", [0, 1, 2026])
def test_the_demo_mentor_and_mentee_fit_reverse_mentoring(seed):
    rows = generate_company(400, seed)
    people, by_email = by_id(rows), {row["email"]: row for row in rows}
    mentor = by_email[PERSONA_BY_KEY["mentor"].email]
    mentee = by_email[PERSONA_BY_KEY["mentee"].email]
    assert int(mentor["level"]) <= 2
    assert int(mentee["level"]) >= 5
    assert int(mentee["level"]) - int(mentor["level"]) >= 2
    assert mentee["employee_id"] not in chain_of(mentor, people)
    assert mentor["employee_id"] not in chain_of(mentee, people)


def test_the_large_company_has_ten_thousand_people():
    # How fast it builds is measured by `make bench-import`, not asserted here.
    rows = generate_company(10_000, seed=5)
    assert len(rows) == 10_000
    assert len({row["email"] for row in rows}) == 10_000
    assert_consistent_tree(rows)
    assert max(reports_count(rows).values()) <= 30


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(size=st.integers(MIN_SIZE, 1500), seed=st.integers(0, 2**32))
def test_any_size_and_seed_give_a_consistent_company(size, seed):
    rows = generate_company(size, seed)
    assert len(rows) == size
    assert len({row["email"] for row in rows}) == size
    assert len({row["employee_id"] for row in rows}) == size
    assert {row["level"] for row in rows} == {"1", "2", "3", "4", "5", "6"}
    assert_consistent_tree(rows)


@pytest.mark.parametrize(
    ("option", "size"), [("small", 400), ("large", 10_000), ("1200", 1200), ("60", 60)]
)
def test_size_option(option, size):
    assert size_from_option(option) == size


@pytest.mark.parametrize("option", ["huge", "10", "-5", "1e3", "200000"])
def test_size_option_refuses_nonsense(option):
    with pytest.raises(ValueError, match="size"):
        size_from_option(option)
