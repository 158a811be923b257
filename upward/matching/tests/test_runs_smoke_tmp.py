import time, cProfile, pstats
import pytest
from upward.matching.services import runs
from upward.matching.services.problem import build_problem
from upward.matching.tests.runs_fixtures import bulk_program, matching_program  # noqa: F401

@pytest.mark.django_db
def test_smoke(matching_program, program_manager):
    bulk_program(matching_program, 700, 1300)
    snap = runs.settings_snapshot(matching_program)
    pr = cProfile.Profile(); pr.enable()
    b = build_problem(matching_program, snapshot=snap)
    pr.disable()
    pstats.Stats(pr).sort_stats("cumulative").print_stats(25)
