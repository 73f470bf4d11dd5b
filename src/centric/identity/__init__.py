"""The single customer view: identity resolution with stable customer IDs.

Customer records from every source are standardised, matched by deterministic rules and a
probabilistic Fellegi-Sunter model (Splink), clustered into customers whose IDs survive re-runs,
explained field by field, corrected by data stewards, and summarised in a golden record with
provenance and a customer 360 timeline.
"""

from centric.identity.customer360 import CustomerView, customer_360, export_links, find_customer
from centric.identity.evaluation import Accuracy, evaluate_against_truth
from centric.identity.explain import explain_pair
from centric.identity.online import IdentityResolver, open_resolver, resolve_record
from centric.identity.overrides import (
    OverrideResult,
    merge_customers,
    separate_records,
    unmerge_records,
)
from centric.identity.review import (
    ReviewPage,
    UncertainMatch,
    confirm_match,
    reject_match,
    uncertain_matches,
)
from centric.identity.schemas import (
    DeterministicRule,
    Explanation,
    FieldEvidence,
    IdentityConfig,
    OnlineMatch,
    ResolveResult,
)
from centric.identity.service import identity_config, model_path, resolve_identities
from centric.identity.standardise import standardise_record
from centric.identity.tables import create_identity_tables

__all__ = [
    "Accuracy",
    "CustomerView",
    "DeterministicRule",
    "Explanation",
    "FieldEvidence",
    "IdentityConfig",
    "IdentityResolver",
    "OnlineMatch",
    "OverrideResult",
    "ResolveResult",
    "ReviewPage",
    "UncertainMatch",
    "confirm_match",
    "create_identity_tables",
    "customer_360",
    "evaluate_against_truth",
    "explain_pair",
    "export_links",
    "find_customer",
    "identity_config",
    "merge_customers",
    "model_path",
    "open_resolver",
    "reject_match",
    "resolve_identities",
    "resolve_record",
    "separate_records",
    "standardise_record",
    "uncertain_matches",
    "unmerge_records",
]
