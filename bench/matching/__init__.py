"""The matching benchmark of issue 4: ``make bench-matching`` (``python -m bench.matching.run``).

- ``generator``: realistic, deterministic instances in the JSON v1 format.
- ``peers``: the peer solvers (two PyPI packages, each in its own virtual
  environment and process; greedy-by-score and scipy's dense assignment in-process).
- ``run``: runs everything on the same instances and writes the table into
  ``docs/benchmarks.md``.
"""
