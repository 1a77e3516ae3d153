"""The one error type a user of the engine can cause."""

from __future__ import annotations


class EngineError(ValueError):
    """A problem with the engine's input, described in one line that says what to fix.

    It subclasses :class:`ValueError`, so callers that catch ``ValueError`` keep working;
    the CLI maps it to exit status 1 and prints the message as it is.
    """
