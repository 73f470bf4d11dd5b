"""The demo: a deterministic synthetic retailer (stores, web shop, contact centre) whose
customers, orders, interactions, feedback and employees arrive through several overlapping
source systems, with ground truth for evaluation. It writes files and ingests them through the
same path a user would; it must not write warehouse tables directly.
"""
