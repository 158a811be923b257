from __future__ import annotations

import factory

from upward.people.models import LINE_SEPARATOR, Department, Person


class DepartmentFactory(factory.django.DjangoModelFactory[Department]):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = factory.Iterator(["Engineering", "Sales", "Marketing", "Finance"])


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    """A person in the directory; `line_path` follows the given manager."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    employee_id = factory.Sequence(lambda n: f"E{n:05d}")
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    title = "Analyst"
    level = 2
    department = factory.SubFactory(DepartmentFactory)
    location = "London"
    timezone = "Europe/London"
    manager = None
    hire_date = factory.Faker("date_between", start_date="-8y", end_date="-30d")

    @factory.post_generation
    def line(self, create: bool, extracted: object, **kwargs: object) -> None:
        # The import keeps line_path in step with `manager`; factories must too.
        prefix = self.manager.line_path if self.manager else LINE_SEPARATOR
        self.line_path = f"{prefix}{self.pk}{LINE_SEPARATOR}"
        if create:
            self.save(update_fields=["line_path"])
