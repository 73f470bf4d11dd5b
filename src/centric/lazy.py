"""Lazy package exports: a package's public names load their module on first use.

A command that needs one enum or constant of a package (a role name, the demo's default size)
then does not import the whole package with its database, statistics and web dependencies.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, home: Mapping[str, str]) -> Callable[[str], Any]:
    """The module ``__getattr__`` of a package whose names live in submodules.

    Args:
        package: The package's ``__name__``.
        home: Public name -> the module that defines it.

    Returns:
        A function to assign to the package's ``__getattr__``; it imports the name's module
        once and keeps the value on the package.
    """

    def load(name: str) -> Any:
        module = home.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    return load
