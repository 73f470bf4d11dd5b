"""Allow ``python -m centric``; nothing else belongs here."""

from centric.cli.main import run

run()
