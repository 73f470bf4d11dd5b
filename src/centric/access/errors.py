"""Errors of access control: who you are (authentication) and what you may do (authorisation).

Both derive from :class:`~centric.errors.CentricError`, so the CLI and the web layer report them
like every other error; the web layer maps them to 401 and 403.
"""

from __future__ import annotations

from centric.errors import CentricError


class AuthenticationError(CentricError):
    """The caller could not be identified: no session, a bad password, an unknown token."""


class PermissionDeniedError(CentricError, PermissionError):
    """The caller is known but their role or team does not allow the request."""


__all__ = ["AuthenticationError", "PermissionDeniedError"]
