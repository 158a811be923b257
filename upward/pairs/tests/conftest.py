from upward.pairs.tests.optin_fixtures import (  # noqa: F401
    matching_program,
    mentee_registration,
    mentor_registration,
    proposed_pair,
)
