"""The demo's closed program as it happened: a year of pairs, from the match to the reflections.

"New generation insight: first cohort" ran for a year and ended about a month
ago. demo.programs builds it up to its matching phase, then hands it here:

1. `ClosedCohort.match` (program matching): the program manager runs the
   matching engine on the registrations and publishes the run ten days before
   the start; both people of every proposed pair say they are comfortable, so
   every pair goes live.
2. `ClosedCohort.run_the_year` (program running): each pair signs the
   agreement, sets a goal on each side, meets in the weeks its story says at
   the first time both are free (the session planner's own suggestions), keeps
   a shared and a private note, learns, talks, moves its goals on and closes
   with its people's reflections. Most pairs are regular (every three weeks,
   monthly, weekly at first); one drifted (long gaps, two cancellations, a
   goal dropped, no wish to go on); one was closed early by the manager with
   the reason, and only its mentor wrote a reflection. The others complete
   the program, both people reflecting just after its end.
demo.programs then closes the program.

History goes through the services with the time it happened wherever they
take one (`now=`: publishing the run, every session step, closing the pair),
so their rules are checked against that day; the "now" stamps the other
services write (answers, signatures, goals, notes, learnings, messages,
reflections) are moved back with demo.history's `backdate`. Messages count
as already notified, so the digest does not email a year of thread.

Deterministic: no randomness. The engine's optimal assignment, registration
order and the program's dates decide everything.
"""

from upward.demo.closed_cohort.year import ClosedCohort, ClosedCohortResult, drifted_pair

__all__ = ["ClosedCohort", "ClosedCohortResult", "drifted_pair"]
