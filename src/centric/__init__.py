"""Centric: one view of every customer, the voice of every customer and employee, and a closed
loop from what they say to what the company does.

The package is organised by business domain (``ingest``, ``demo``, ...) over two stores: the
analytical ``warehouse`` and the operational ``store`` (app DB). This module only exposes the
version; it must not import heavy dependencies or open connections.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
