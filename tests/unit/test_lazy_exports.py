"""Lazy package exports: a constant or enum comes without its package's heavy modules."""

from __future__ import annotations

import subprocess
import sys

import pytest


def test_a_constant_loads_without_the_rest_of_its_package() -> None:
    code = (
        "import sys; from centric.demo import DEFAULT_CUSTOMERS; from centric.access import Role; "
        "print(DEFAULT_CUSTOMERS, Role.ADMIN.value, 'centric.demo.service' in sys.modules, "
        "'centric.access.users' in sys.modules, 'sqlalchemy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["5000", "admin", "False", "False", "False"]


def test_a_public_name_resolves_and_an_unknown_name_fails() -> None:
    from centric import demo

    assert demo.build_demo.__module__ == "centric.demo.service"
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        _ = demo.nothing_here
