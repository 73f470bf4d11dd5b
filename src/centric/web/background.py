"""The server's background worker: the closed loop's sweep on a timer, and prompt delivery of
notifications after a change.

One daemon thread runs :func:`centric.cases.sweep` at start and every ``sweep_seconds``, and
delivers due notifications whenever :meth:`Sweeper.wake` is called (after each case change) or
every fifteen seconds. Failures are logged and retried on the next round; they never stop the
server. It must not hold closed-loop logic itself.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from centric.cases import deliver_notifications, sweep
from centric.errors import CentricError
from centric.runtime import Runtime

log = logging.getLogger("centric.web")
_DELIVERY_SECONDS = 15.0


class Sweeper:
    """Runs the periodic closed-loop work of a server in one thread."""

    def __init__(self, runtime: Runtime, every_seconds: float) -> None:
        self._runtime = runtime
        self._every = every_seconds
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="centric-sweeper", daemon=True)

    def start(self) -> None:
        """Start the thread (the first sweep runs at once)."""
        self._thread.start()

    def stop(self) -> None:
        """Ask the thread to finish and wait for it."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def wake(self) -> None:
        """Deliver pending notifications soon (after a case changed)."""
        self._wake.set()

    def _run(self) -> None:
        next_sweep = time.monotonic()
        while not self._stop.is_set():
            if time.monotonic() >= next_sweep:
                self._attempt("sweep", lambda: sweep(self._runtime))
                next_sweep = time.monotonic() + self._every
            else:
                self._attempt("delivery", lambda: deliver_notifications(self._runtime))
            self._wake.wait(timeout=min(_DELIVERY_SECONDS, max(0.0, next_sweep - time.monotonic())))
            self._wake.clear()

    def _attempt(self, what: str, work: Callable[[], object]) -> None:
        try:
            result = work()
            log.info("background %s: %s", what, result)
        except CentricError as exc:
            log.error("background %s failed: %s (%s)", what, exc.message, exc.hint or "")
        except Exception:  # keep the server alive whatever a round hits; the log has the cause
            log.exception("background %s failed", what)
