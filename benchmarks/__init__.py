"""Centric's benchmarks: each compares Centric with a baseline measured in the same run.

Run them all with ``make bench`` (``python -m benchmarks``) or one with
``python -m benchmarks NAME``. Results print side by side and are written as JSON under
``bench-results/``; ``docs/benchmarks.md`` records the figures and the command.
"""
