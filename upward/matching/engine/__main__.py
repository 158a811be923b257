"""``python -m upward.matching.engine`` runs the ``upward-match`` command line."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
