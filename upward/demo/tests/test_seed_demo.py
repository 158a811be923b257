"""manage.py seed_demo and demo_logins: the demo company goes in through the HR import."""

from __future__ import annotations

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse

from upward.accounts.models import Role, User
from upward.core.models import AuditEntry
from upward.demo.company import COLUMNS, DEMO_DOMAIN, PERSONA_BY_KEY, generate_company
from upward.demo.logins import DEMO_PASSWORD, demo_login_details, demo_logins
from upward.people.importing import AUDIT_ACTION
from upward.people.importing import COLUMNS as IMPORT_COLUMNS
from upward.people.models import Department, Person
from upward.people.tests.factories import PersonFactory

SMALL = ("--size", "80")  # room for every persona, and quick


@pytest.fixture
def fresh_rate_limits(db):
    cache.clear()  # allauth counts login attempts in the cache
    yield
    cache.clear()


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def directory_state():
    return sorted(
        Person.objects.values_list(
            "employee_id",
            "name",
            "email",
            "title",
            "level",
            "department__name",
            "location",
            "timezone",
            "manager__employee_id",
            "line_path",
            "hire_date",
            "birth_year",
            "leave_date",
            "is_active",
            "user__email",
        )
    )


def person(key: str) -> Person:
    return Person.objects.get(email=PERSONA_BY_KEY[key].email)


def test_the_rows_have_exactly_the_import_columns():
    assert set(COLUMNS) == {column.name for column in IMPORT_COLUMNS}


@pytest.mark.django_db
def test_seed_demo_imports_the_company_through_the_hr_import():
    output = seed()
    rows = generate_company()
    assert Person.objects.count() == len(rows) == 400
    leavers = sum(1 for row in rows if row["leave_date"])
    assert Person.objects.filter(is_active=True).count() == 400 - leavers
    assert Department.objects.count() == 8
    assert Person.objects.values("timezone").distinct().count() >= 4
    assert set(Person.objects.values_list("level", flat=True)) == {1, 2, 3, 4, 5, 6}
    assert not Person.objects.filter(line_path="").exists()
    assert AuditEntry.objects.filter(action=AUDIT_ACTION).count() == 1
    assert "400 created" in output
    assert PERSONA_BY_KEY["mentee"].email not in output
    assert PERSONA_BY_KEY["mentee"].email in seed("--print-logins")


@pytest.mark.django_db
def test_the_imported_reporting_lines_are_consistent():
    seed(*SMALL)
    people = {p.pk: p for p in Person.objects.all()}
    (ceo,) = [p for p in people.values() if p.manager_id is None]
    for p in people.values():
        assert p.line_path.startswith(f"/{ceo.pk}/") and p.line_path.endswith(f"/{p.pk}/")
        if p.manager_id is not None:
            manager = people[p.manager_id]
            assert p.line_path == f"{manager.line_path}{p.pk}/"
            assert manager.level > p.level or manager.level == 6


@pytest.mark.django_db
def test_seeding_twice_changes_nothing():
    seed(*SMALL)
    before = directory_state()
    entries = AuditEntry.objects.count()
    output = seed(*SMALL)
    assert directory_state() == before
    assert "0 created, 0 updated, 80 unchanged, 0 deactivated" in output
    assert "0 created, 4 already there" in output
    assert "Demo programs: 0 created" in output
    assert User.objects.count() == 4
    assert AuditEntry.objects.count() == entries, "the second run leaves no trace"


@pytest.mark.django_db
def test_if_empty_seeds_an_empty_directory_once():
    seed("--if-empty", *SMALL)
    assert Person.objects.count() == 80
    before = directory_state()
    output = seed("--if-empty")  # the default size would be 400
    assert "already has 80 people" in output
    assert directory_state() == before


@pytest.mark.django_db
def test_if_empty_leaves_a_real_directory_alone():
    PersonFactory(email="someone@corp.example")
    seed("--if-empty")
    assert Person.objects.count() == 1
    assert not User.objects.exists()


@pytest.mark.django_db
def test_seed_refuses_to_retire_real_people_unless_forced():
    real = PersonFactory(email="someone@corp.example")
    with pytest.raises(CommandError, match="outside @northwind.example"):
        seed(*SMALL)
    assert Person.objects.count() == 1
    seed(*SMALL, "--force")
    real.refresh_from_db()
    assert not real.is_active


def assert_logins_on_their_people():
    for login in demo_login_details():
        assert Person.objects.get(user__email=login.email).email == login.email


@pytest.mark.django_db
def test_another_seed_replaces_the_company_and_the_logins_follow_their_people():
    seed(*SMALL, "--seed", "1")
    seed(*SMALL, "--seed", "2")
    expected = {row["email"] for row in generate_company(80, 2) if not row["leave_date"]}
    assert set(Person.objects.filter(is_active=True).values_list("email", flat=True)) == expected
    assert_logins_on_their_people()


@pytest.mark.django_db
def test_a_smaller_company_over_a_larger_one_needs_reset():
    seed()
    with pytest.raises(CommandError, match="--reset"):
        seed(*SMALL)
    assert Person.objects.count() == 400
    seed(*SMALL, "--reset")
    assert Person.objects.count() == 80
    assert Person.objects.filter(user__isnull=False).count() == 4
    assert_logins_on_their_people()


@pytest.mark.django_db
def test_the_demo_logins_have_their_roles_verified_emails_and_directory_entries():
    seed(*SMALL)
    expected_roles = {
        "administrator": Role.ADMINISTRATOR,
        "program_manager": Role.PROGRAM_MANAGER,
        "mentor": Role.MEMBER,
        "mentee": Role.MEMBER,
    }
    for login in demo_login_details():
        user = User.objects.get(email=login.email)
        assert user.role == expected_roles[login.key]
        assert user.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.filter(
            user=user, email=login.email, verified=True, primary=True
        ).exists()
        assert Person.objects.get(email=login.email).user == user
        assert login.email.endswith(f"@{DEMO_DOMAIN}")


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "email", "password"), demo_logins())
def test_each_demo_login_signs_in(client, fresh_rate_limits, key, email, password):
    seed(*SMALL)
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    assert response.status_code == 302, key
    assert client.session["_auth_user_id"] == str(User.objects.get(email=email).pk)
    assert client.get(reverse("home:home")).status_code == 200


@pytest.mark.django_db
def test_seeding_repairs_a_demo_login_that_was_changed():
    seed(*SMALL)
    user = User.objects.get(email=PERSONA_BY_KEY["program_manager"].email)
    user.set_password("something else entirely")
    user.role = Role.MEMBER
    user.save()
    EmailAddress.objects.filter(user=user).update(verified=False)
    seed(*SMALL)
    user.refresh_from_db()
    assert user.role == Role.PROGRAM_MANAGER
    assert user.check_password(DEMO_PASSWORD)
    assert EmailAddress.objects.get(user=user).verified


@pytest.mark.django_db
def test_the_demo_mentor_and_mentee_fit_the_reverse_mentoring_rules():
    seed(*SMALL)
    mentor, mentee = person("mentor"), person("mentee")
    assert mentor.level <= 2 and mentee.level >= 5
    assert mentee.level - mentor.level >= 2
    assert not mentor.is_in_reporting_line_of(mentee)
    assert mentor.is_active and mentee.is_active


@pytest.mark.django_db
def test_demo_logins_lists_the_four_logins():
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert DEMO_PASSWORD in text
    for login in demo_login_details():
        assert login.email in text
    assert text.count("not created") == 4
    seed(*SMALL)
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "not created" not in out.getvalue()


def test_demo_logins_returns_role_email_password():
    assert [key for key, _, _ in demo_logins()] == [
        "administrator",
        "program_manager",
        "mentor",
        "mentee",
    ]
    assert {password for _, _, password in demo_logins()} == {DEMO_PASSWORD}


@pytest.mark.django_db
def test_the_demo_password_passes_the_password_rules():
    validate_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_the_size_option_is_checked():
    with pytest.raises(CommandError, match="size"):
        seed("--size", "huge")
