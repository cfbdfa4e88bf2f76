"""The error a data package raises when it breaks its schema or a data rule.

Standard library only: the report builder imports it to decide that nothing needs
rebuilding, and that path must not import pandas (``make bench``: a no-op build under 1 s).
"""

from __future__ import annotations

MAX_REPORTED_PROBLEMS = 20


class DataValidationError(ValueError):
    """Raised when a data file breaks its declared schema or a data rule.

    ``problems`` holds one line per problem: file, line, column, what is wrong, the rule
    in brackets and a hint how to fix it. The message shows the first
    ``MAX_REPORTED_PROBLEMS`` and counts the rest.
    """

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        shown = self.problems[:MAX_REPORTED_PROBLEMS]
        more = len(self.problems) - len(shown)
        text = "\n  - ".join(shown)
        if more:
            text += f"\n  ... and {more} more problem(s)"
        super().__init__(f"{len(self.problems)} data problem(s):\n  - {text}")
