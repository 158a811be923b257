import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from upward.people.tests.importing_helpers import company, csv_file
from upward.people.importing import people_import_csv
from upward.people.models import Person, Department

@pytest.mark.django_db
def test_counts():
    for n in (10, 200):
        Person.objects.all().delete(); Department.objects.all().delete()
        with CaptureQueriesContext(connection) as c:
            people_import_csv(file=csv_file(company(n)), actor=None)
        first = len(c)
        with CaptureQueriesContext(connection) as c2:
            people_import_csv(file=csv_file(company(n)), actor=None)
        rows = company(n)
        for r in rows: r["Title"] = "X"
        with CaptureQueriesContext(connection) as c3:
            people_import_csv(file=csv_file(rows), actor=None)
        print(connection.vendor, n, first, len(c2), len(c3))
        if n == 10:
            for q in c.captured_queries: print("   ", q["sql"][:150])
