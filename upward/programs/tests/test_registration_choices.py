from upward.programs.registration_choices import hourly_slots


def test_a_two_hour_block_counts_as_both_of_its_hours_for_matching():
    assert hourly_slots(["tue-09"]) == ["tue-09", "tue-10"]


def test_overlapping_blocks_are_counted_once():
    assert hourly_slots(["mon-07", "mon-08"]) == ["mon-07", "mon-08", "mon-09"]


def test_a_block_never_runs_past_midnight():
    assert hourly_slots(["sun-23"]) == ["sun-23"]
