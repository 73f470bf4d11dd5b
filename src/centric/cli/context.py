"""What every CLI command shares: the invocation's state and the error boundary.

The boundary turns a :class:`~centric.errors.CentricError` into exit code 1 with its message and
hint on standard error (a traceback only with ``--verbose``). It must not hold domain logic.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from centric.config import Settings, load_settings
from centric.errors import CentricError

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class CliState:
    """Global options of one invocation."""

    workspace: Path
    verbose: bool = False
    console: Console = field(default_factory=Console)
    errors: Console = field(default_factory=lambda: Console(stderr=True))

    def settings(self, **overrides: Any) -> Settings:
        """Effective settings: flags > CENTRIC_* environment > centric.toml > defaults."""
        return load_settings(self.workspace, **overrides)


def state(ctx: typer.Context) -> CliState:
    """The invocation's state, set by the root callback."""
    found = ctx.find_root().obj
    if not isinstance(found, CliState):  # pragma: no cover - the root callback always sets it
        raise TypeError("CLI state missing")
    return found


def handles_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Run a command inside the error boundary."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except CentricError as exc:
            ctx = kwargs.get("ctx", args[0] if args else None)
            # Typer hands commands its own click Context class, not typer.Context.
            root = ctx.find_root().obj if hasattr(ctx, "find_root") else None
            report_error(exc, verbose=isinstance(root, CliState) and root.verbose)
            raise typer.Exit(1) from exc

    return wrapper


def report_error(exc: CentricError, *, verbose: bool) -> None:
    """Print a Centric error (and what to do about it) to standard error."""
    errors = Console(stderr=True)
    if verbose:
        errors.print_exception()
    errors.print(f"[bold red]Error:[/] {escape(exc.message)}", highlight=False)
    if exc.hint:
        errors.print(f"[bold]What to do:[/] {escape(exc.hint)}", highlight=False)


@contextmanager
def progress_reporter(console: Console) -> Iterator[Callable[[str], None] | None]:
    """A callback showing each step on a live spinner; ``None`` when output is not a terminal."""
    if not console.is_terminal:
        yield None
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("starting", total=None)
        yield lambda message: progress.update(task, description=message)
