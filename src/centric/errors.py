"""The errors Centric raises on purpose, rooted at :class:`CentricError`.

Every message says what failed and the offending value; ``hint`` says what to do. The CLI maps
these to exit code 1 with the message and the hint, the web layer to status codes. This module
must not import anything from the rest of the package.
"""

from __future__ import annotations


class CentricError(Exception):
    """Base for every error Centric raises on purpose.

    Args:
        message: What failed, naming the offending value.
        hint: One actionable sentence telling the user what to do about it.
    """

    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    @property
    def message(self) -> str:
        """The error message without the hint."""
        return str(self.args[0]) if self.args else ""


class InvalidInputError(CentricError, ValueError):
    """Input that cannot be used as given: a file, a mapping, a value."""


class NotFoundError(CentricError, LookupError):
    """A named thing (workspace, source, file, record) does not exist."""


class ConfigurationError(CentricError):
    """Settings or ``centric.toml`` are missing, malformed or contradictory."""


class MissingExtraError(CentricError, ImportError):
    """An optional dependency is needed for the requested feature."""


class BackendError(CentricError):
    """A storage backend (warehouse or app DB) failed or cannot be reached."""


__all__ = [
    "BackendError",
    "CentricError",
    "ConfigurationError",
    "InvalidInputError",
    "MissingExtraError",
    "NotFoundError",
]
