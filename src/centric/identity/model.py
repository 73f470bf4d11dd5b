"""The probabilistic matching model: comparisons, blocking rules and unsupervised training.

A Fellegi-Sunter model built with Splink. Every comparison level carries a label a business
user can read ("same date of birth", "first names are forms of the same name"), so that the
evidence of every link can be explained. Only fields the data actually hold are compared, and
only blocking rules over such fields are used, so the same defaults work for any mix of sources.
Training is unsupervised: u by random sampling, m by expectation maximisation, on a
deterministic sample of the records when they are many; term-frequency adjustments apply to
names, e-mails, towns and postcodes. This module defines and trains models through a Splink
database API it is given; it must not read or write warehouse tables.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import splink.comparison_level_library as cll
from splink import Linker, SettingsCreator, block_on
from splink.comparison_library import CustomComparison
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.splink_dataframe import SplinkDataFrame

from centric.errors import InvalidInputError

# Pseudo-probability added to every level's m before normalising (see _regularise).
M_SMOOTHING = 0.001

# Splink logs every step at INFO; Centric reports its own progress.
SPLINK_LOG_LEVEL = logging.ERROR

# Edits two first names may differ by and still be the same name: (short names, long names,
# length from which a name is long). Two edits make a different name of most short names
# (Ian and Alan, Jean and John), so short names get one.
FIRST_NAME_EDITS: tuple[int, int, int] = (1, 2, 7)


@dataclass(frozen=True)
class ComparisonSpec:
    """One field the model may compare: the columns it needs and how its levels read."""

    name: str
    columns: tuple[str, ...]
    description: str
    levels: Callable[[], list[ComparisonLevelCreator]]

    def comparison(self) -> ComparisonCreator:
        """The Splink comparison with Centric's labels."""
        levels: list[ComparisonLevelCreator | dict[str, Any]] = list(self.levels())
        return CustomComparison(
            comparison_levels=levels,
            output_column_name=self.name,
            comparison_description=self.description,
        )


def _custom(sql: str, label: str) -> ComparisonLevelCreator:
    return cll.CustomLevel(sql, label_for_charts=label, base_dialect_str="duckdb")


def _exact(column: str, label: str, *, tf: bool = False) -> ComparisonLevelCreator:
    level = cll.ExactMatchLevel(column)
    if tf:
        level.configure(tf_adjustment_column=column)
    return level.configure(label_for_charts=label)


def _edits_sql(column: str, short: int, long: int, long_from: int) -> str:
    return within_edits_sql(f"{column}_l", f"{column}_r", short, long, long_from)


def within_edits_sql(left: str, right: str, short: int, long: int, long_from: int) -> str:
    """Whether two values are at most ``short`` edits apart (``long`` when both have at least
    ``long_from`` characters), two swapped neighbours counting as one typo (Aira and Aria).

    Edit distances behave identically on every engine (Jaro-Winkler implementations differ
    between DuckDB and Spark). Damerau-Levenshtein is several times slower than Levenshtein, so
    it is computed only where it can change the answer: within k Damerau edits means within k
    Levenshtein edits, or within 2k with swaps among them.
    """
    edits = (
        f"CASE WHEN least(length({left}), length({right})) >= {long_from} "
        f"THEN {long} ELSE {short} END"
    )
    return (
        f"CASE WHEN levenshtein({left}, {right}) <= {edits} THEN true "
        f"WHEN levenshtein({left}, {right}) <= 2 * {edits} "
        f"THEN damerau_levenshtein({left}, {right}) <= {edits} ELSE false END"
    )


def _close(
    column: str, label: str, *, short: int, long: int, long_from: int = 7
) -> ComparisonLevelCreator:
    return _custom(_edits_sql(column, short, long, long_from), label)


def _similar_address_sql() -> str:
    return (
        "levenshtein(address_l, address_r) <= "
        "greatest(2, least(length(address_l), length(address_r)) / 5)"
    )


def _null(column: str) -> ComparisonLevelCreator:
    return cll.NullLevel(column).configure(label_for_charts=f"{column} missing on one side")


def _else(label: str) -> ComparisonLevelCreator:
    return cll.ElseLevel().configure(label_for_charts=label)


def _first_names_differ() -> ComparisonLevelCreator:
    # Two records whose first names clearly differ: not a typo, nickname, initial or middle
    # name. Built from Splink's levels so that every engine gets its own similarity functions.
    return cll.And(
        _custom(
            "first_name_l IS NOT NULL AND first_name_r IS NOT NULL "
            "AND length(first_name_l) > 1 AND length(first_name_r) > 1 "
            "AND split_part(first_name_l, ' ', 1) <> split_part(first_name_r, ' ', 1) "
            "AND NOT contains(coalesce(first_name_aliases_l, ''), '|' || first_name_r || '|') "
            "AND NOT contains(coalesce(first_name_aliases_r, ''), '|' || first_name_l || '|')",
            "first names differ",
        ),
        cll.Not(
            cll.CustomLevel(_edits_sql("first_name", *FIRST_NAME_EDITS), base_dialect_str="duckdb")
        ),
    )


HOUSEHOLD = "shared by people with different first names"


def _household(condition: str, what: str) -> ComparisonLevelCreator:
    # Contact details shared by people with different first names are what a household looks
    # like; they count neither for nor against a match, so that family members sharing an
    # e-mail, a phone or an address are not merged (see _neutralise).
    return _neutral(
        cll.And(cll.CustomLevel(condition, base_dialect_str="duckdb"), _first_names_differ()),
        f"same {what} {HOUSEHOLD}",
    )


COUNTED = "counted with"


def _counted(condition: str, label: str) -> ComparisonLevelCreator:
    # Agreement implied by an agreement another comparison weighs (the postcode of the same
    # address, the town of the same postcode, an e-mail user name made of the person's names):
    # trained as an ordinary level, so that the other levels keep their meaning, then given no
    # weight (see _uncount), so that living at one address is counted once and not three times,
    # and "j.smith" at two providers says no more than the names J. Smith.
    return _custom(condition, label)


# A level whose label holds this states the same fact as the level above it, written another
# way (an e-mail with dots or a +tag reaches the same mailbox): it is trained as an ordinary
# level, then the two share one weight (see _pool). Alone, the rarer spelling would weigh less
# than plain agreement only because fewer people write it that way.
WEIGHED_AS = "weighed as"


def _neutral(level: ComparisonLevelCreator, label: str) -> ComparisonLevelCreator:
    # A level that carries no weight: m is fixed, and set equal to u once u is known.
    return level.configure(label_for_charts=label, m_probability=0.5, fix_m_probability=True)


def _first_name() -> list[ComparisonLevelCreator]:
    return [
        _null("first_name"),
        _exact("first_name", "same first name", tf=True),
        _custom(
            "first_name_l = last_name_r AND last_name_l = first_name_r",
            "first and last names swapped",
        ),
        _custom(
            "contains(first_name_aliases_l, '|' || first_name_r || '|') "
            "OR contains(first_name_aliases_r, '|' || first_name_l || '|')",
            "first names are forms of the same name (like Bill and William)",
        ),
        _close(
            "first_name",
            "first name differs by a letter or two",
            short=FIRST_NAME_EDITS[0],
            long=FIRST_NAME_EDITS[1],
            long_from=FIRST_NAME_EDITS[2],
        ),
        _custom(
            "split_part(first_name_l, ' ', 1) = split_part(first_name_r, ' ', 1)",
            "same first name, one record adds a middle name",
        ),
        _custom(
            "(length(first_name_l) = 1 OR length(first_name_r) = 1) "
            "AND substr(first_name_l, 1, 1) = substr(first_name_r, 1, 1)",
            "first name given as a matching initial",
        ),
        _else("different first names"),
    ]


def _last_name() -> list[ComparisonLevelCreator]:
    return [
        _null("last_name"),
        _exact("last_name", "same last name", tf=True),
        _close("last_name", "last name differs by a letter or two", short=1, long=2),
        _custom(
            "length(last_name_l) >= 3 AND length(last_name_r) >= 3 AND "
            "(strpos(last_name_l, last_name_r) > 0 OR strpos(last_name_r, last_name_l) > 0)",
            "one last name contains the other (double-barrelled or shortened)",
        ),
        _close("last_name", "similar last names", short=2, long=3),
        _custom(
            "(length(last_name_l) = 1 OR length(last_name_r) = 1) "
            "AND substr(last_name_l, 1, 1) = substr(last_name_r, 1, 1)",
            "last name given as a matching initial",
        ),
        _else("different last names"),
    ]


def _date_of_birth() -> list[ComparisonLevelCreator]:
    return [
        _null("date_of_birth"),
        _exact("date_of_birth", "same date of birth"),
        _custom(
            "year(date_of_birth_l) = year(date_of_birth_r) "
            "AND month(date_of_birth_l) = day(date_of_birth_r) "
            "AND day(date_of_birth_l) = month(date_of_birth_r)",
            "date of birth with day and month swapped",
        ),
        _custom(
            "levenshtein(CAST(date_of_birth_l AS VARCHAR), CAST(date_of_birth_r AS VARCHAR)) <= 1",
            "date of birth differs by one digit",
        ),
        _custom(
            "levenshtein(CAST(date_of_birth_l AS VARCHAR), CAST(date_of_birth_r AS VARCHAR)) <= 2",
            "date of birth differs by two digits",
        ),
        cll.AbsoluteDateDifferenceLevel(
            "date_of_birth", input_is_string=False, threshold=1, metric="year"
        ).configure(label_for_charts="born within a year of each other"),
        _else("different dates of birth"),
    ]


def _email() -> list[ComparisonLevelCreator]:
    return [
        _null("email"),
        _household("email_canonical_l = email_canonical_r", "e-mail"),
        _exact("email", "same e-mail", tf=True),
        _exact(
            "email_canonical",
            f"same e-mail apart from dots or a +tag, {WEIGHED_AS} the same e-mail",
        ),
        _close("email", "similar e-mails (likely a typo)", short=2, long=2),
        _counted(
            "email_user_l = email_user_r AND ("
            + " OR ".join(
                f"contains(email_user_l, split_part({name}_{side}, ' ', 1))"
                for name in ("first_name", "last_name")
                for side in "lr"
            )
            + ")",
            "same e-mail user name at another provider, counted with the names",
        ),
        _exact("email_user", "same e-mail user name at another provider"),
        _else("different e-mails"),
    ]


def _phone() -> list[ComparisonLevelCreator]:
    return [
        _null("phone"),
        _household("phone_l = phone_r", "phone"),
        _exact("phone", "same phone number"),
        _custom(
            "right(phone_l, 9) = right(phone_r, 9)",
            "same phone number apart from the country code",
        ),
        cll.LevenshteinLevel("phone", 1).configure(
            label_for_charts="phone numbers differ by one digit"
        ),
        _else("different phone numbers"),
    ]


def _address() -> list[ComparisonLevelCreator]:
    return [
        _null("address"),
        _household("address_l = address_r", "address"),
        _exact("address", "same address", tf=True),
        cll.And(
            cll.CustomLevel("house_number_l = house_number_r", base_dialect_str="duckdb"),
            cll.CustomLevel(_similar_address_sql(), base_dialect_str="duckdb"),
        ).configure(label_for_charts="same house number and a similar street"),
        _custom(_similar_address_sql(), "similar addresses"),
        _custom("house_number_l = house_number_r", "same house number, different street"),
        _else("different addresses"),
    ]


def _postcode() -> list[ComparisonLevelCreator]:
    return [
        _null("postcode"),
        _household("postcode_l = postcode_r", "postcode"),
        _counted(
            "postcode_l = postcode_r AND address_l = address_r",
            "same postcode, counted with the same address",
        ),
        _exact("postcode", "same postcode", tf=True),
        cll.DamerauLevenshteinLevel("postcode", 1).configure(
            label_for_charts="postcode differs by one character"
        ),
        _custom(
            "length(postcode_l) >= 5 AND length(postcode_r) >= 5 AND "
            "left(postcode_l, length(postcode_l) - 2) = left(postcode_r, length(postcode_r) - 2)",
            "same postcode sector",
        ),
        _else("different postcodes"),
    ]


def _city() -> list[ComparisonLevelCreator]:
    return [
        _null("city"),
        _household("city_l = city_r", "town"),
        _counted(
            "city_l = city_r AND (postcode_l = postcode_r OR address_l = address_r)",
            "same town, counted with the same address or postcode",
        ),
        _exact("city", "same town", tf=True),
        _close("city", "similar town names", short=1, long=2),
        _else("different towns"),
    ]


def _customer_number() -> list[ComparisonLevelCreator]:
    return [
        _null("customer_number"),
        _exact("customer_number", "same customer number"),
        cll.DamerauLevenshteinLevel("customer_number", 2).configure(
            label_for_charts="customer numbers differ by one or two characters"
        ),
        _else("different customer numbers"),
    ]


def _loyalty_id() -> list[ComparisonLevelCreator]:
    return [
        _null("loyalty_id"),
        _exact("loyalty_id", "same loyalty card"),
        _else("different loyalty cards"),
    ]


def _gender() -> list[ComparisonLevelCreator]:
    return [_null("gender"), _exact("gender", "same gender"), _else("different gender")]


COMPARISON_SPECS: tuple[ComparisonSpec, ...] = (
    ComparisonSpec("first_name", ("first_name",), "First name", _first_name),
    ComparisonSpec("last_name", ("last_name",), "Last name", _last_name),
    ComparisonSpec("date_of_birth", ("date_of_birth",), "Date of birth", _date_of_birth),
    ComparisonSpec("email", ("email",), "E-mail", _email),
    ComparisonSpec("phone", ("phone",), "Phone", _phone),
    ComparisonSpec("address", ("address",), "Address", _address),
    ComparisonSpec("postcode", ("postcode",), "Postcode", _postcode),
    ComparisonSpec("city", ("city",), "Town or city", _city),
    ComparisonSpec("customer_number", ("customer_number",), "Customer number", _customer_number),
    ComparisonSpec("loyalty_id", ("loyalty_id",), "Loyalty card", _loyalty_id),
    ComparisonSpec("gender", ("gender",), "Gender", _gender),
)

# Candidate pairs: records agreeing on all fields of at least one rule. Every rule is selective
# at scale (a million records), and together they catch records that differ on any one or two
# fields.
BLOCKING_RULES: tuple[tuple[str, ...], ...] = (
    ("first_name", "last_name"),
    ("last_name", "date_of_birth"),
    ("first_name", "date_of_birth"),
    ("first_name", "last_name_sound"),
    ("first_name", "split_part(last_name, ' ', 1)"),
    ("last_name", "first_name_sound"),
    ("date_of_birth", "first_name_sound"),
    ("date_of_birth", "last_name_sound"),
    ("email_canonical",),
    ("email_user",),
    ("phone",),
    ("customer_number",),
    ("loyalty_id",),
    ("postcode", "last_name_sound"),
    ("postcode", "first_name_sound"),
    ("postcode", "date_of_birth"),
    ("postcode", "house_number"),
    ("city", "first_name_sound", "last_name_sound"),
    ("city", "date_of_birth"),
    ("last_name", "year(date_of_birth)"),
)

# Blocking rules for expectation maximisation, in order of preference; each session estimates
# m for every comparison not used by its rule.
TRAINING_RULES: tuple[tuple[str, ...], ...] = (
    ("first_name", "last_name"),
    ("date_of_birth",),
    ("postcode",),
    ("email",),
    ("city", "last_name_sound"),
)

# Rules strict enough to be (nearly) always right, used to estimate the prior.
PRIOR_RULES: tuple[tuple[str, ...], ...] = (
    ("first_name", "last_name", "date_of_birth"),
    ("email",),
    ("phone", "first_name"),
    ("customer_number", "last_name"),
)
PRIOR_RULES_RECALL = 0.8

# Pairs agreeing on a date of birth and on a personal identifier are almost surely one person,
# and people sharing a home (same surname, address, often e-mail) rarely share both. The m
# values of these comparisons are taken from such anchor pairs, because expectation
# maximisation alone mistakes households for matches and learns that different first names are
# common among matches.
ANCHOR_RULES: tuple[tuple[str, ...], ...] = (
    ("date_of_birth", "phone"),
    ("date_of_birth", "email"),
    ("date_of_birth", "customer_number"),
    ("date_of_birth", "loyalty_id"),
)
ANCHORED_COMPARISONS: tuple[str, ...] = ("first_name", "last_name")
MIN_ANCHOR_PAIRS = 50

# Identifiers (an e-mail) belong to a person: the share of records holding one grows with that
# person's duplicates, not with how many people share it. Their term frequency is therefore how
# many other people hold the value, which is zero for a personal identifier and large for a
# placeholder; the level's own u is the least it can be. People are told apart by the initial
# of their first name, which nicknames and typos of one name mostly keep (Dan and Daniel).
IDENTIFIER_TF_COLUMNS: tuple[str, ...] = ("email",)


def term_frequency_sql(column: str, records_sql: str) -> str:
    """SQL for the term frequency of every value of ``column`` (``column``, ``tf_<column>``).

    ``records_sql`` selects the population with ``column`` and ``first_name``. Names and places
    get the share of records holding the value; identifiers (see IDENTIFIER_TF_COLUMNS) the
    share of people holding it beyond the first, and no frequency (no adjustment) when one
    person holds it.
    """
    if column in IDENTIFIER_TF_COLUMNS:
        return (
            f"SELECT {column}, CASE WHEN people > 1 THEN (people - 1) / sum(people) OVER () END "
            f"AS tf_{column} FROM ("
            f"SELECT {column}, greatest(count(DISTINCT left(first_name, 1)), 1) AS people "
            f"FROM ({records_sql}) WHERE {column} IS NOT NULL GROUP BY {column})"
        )
    return (
        f"SELECT {column}, count(*) / sum(count(*)) OVER () AS tf_{column} "
        f"FROM ({records_sql}) WHERE {column} IS NOT NULL GROUP BY {column}"
    )


MODEL_INPUT_COLUMNS: tuple[str, ...] = (
    "record_id",
    "first_name",
    "first_name_aliases",
    "last_name",
    "first_name_sound",
    "last_name_sound",
    "date_of_birth",
    "gender",
    "email",
    "email_canonical",
    "email_user",
    "phone",
    "house_number",
    "address",
    "city",
    "postcode",
    "customer_number",
    "loyalty_id",
)


@dataclass(frozen=True)
class TrainingOptions:
    """How a model is trained (see ``[identity]`` in centric.toml)."""

    max_training_records: int
    u_max_pairs: float
    min_completeness: float
    seed: int = 1


@dataclass(frozen=True)
class TrainedModel:
    """A trained model: its Splink settings and what it compares."""

    settings: dict[str, Any]
    comparisons: tuple[str, ...]
    blocking_rules: tuple[str, ...]
    training_records: int

    @property
    def probability_two_random_records_match(self) -> float:
        """The prior probability that two records picked at random match."""
        return float(self.settings["probability_two_random_records_match"])


def usable_fields(completeness: dict[str, float], minimum: float) -> set[str]:
    """Columns filled in at least ``minimum`` (a fraction) of the records."""
    return {column for column, share in completeness.items() if share >= minimum}


def choose_comparisons(fields: set[str]) -> list[ComparisonSpec]:
    """The comparisons whose columns the data hold."""
    return [spec for spec in COMPARISON_SPECS if set(spec.columns) <= fields]


def choose_rules(rules: Sequence[tuple[str, ...]], fields: set[str]) -> list[tuple[str, ...]]:
    """The rules whose columns the data hold."""
    return [rule for rule in rules if {_column_of(item) for item in rule} <= fields]


def _column_of(item: str) -> str:
    # A rule item is a column or a simple expression over one column, e.g. substr(name, 1, 1).
    found = re.search(r"\(([a-z_]+)", item)
    return found.group(1) if found else item


def rule_sql(rule: tuple[str, ...]) -> str:
    """A blocking rule as SQL over ``l`` and ``r``."""
    parts = []
    for item in rule:
        column = _column_of(item)
        parts.append(
            f"{item.replace(column, 'l.' + column)} = {item.replace(column, 'r.' + column)}"
        )
    return " AND ".join(parts)


def build_settings(
    comparisons: Sequence[ComparisonSpec],
    rules: Sequence[tuple[str, ...]],
) -> SettingsCreator:
    """Splink settings for deduplicating every record against every other."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=[spec.comparison() for spec in comparisons],
        blocking_rules_to_generate_predictions=[block_on(*rule) for rule in rules],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=True,
        max_iterations=20,
    )


def train_model(
    records: SplinkDataFrame,
    *,
    completeness: dict[str, float],
    total_records: int,
    options: TrainingOptions,
) -> TrainedModel:
    """Train a model, unsupervised, on a sample of standardised records.

    Args:
        records: The training sample (model input columns), registered with a Splink API.
        completeness: Share of non-empty values per column in the whole population.
        total_records: Records in the sample.
        options: Training options.

    Returns:
        The trained model.

    Raises:
        InvalidInputError: The data hold too few fields to compare, or too few records.
    """
    fields = usable_fields(completeness, options.min_completeness)
    comparisons = choose_comparisons(fields)
    if len(comparisons) < 2:
        raise InvalidInputError(
            f"Customer records fill only {', '.join(sorted(fields)) or 'no'} identity field(s): "
            "at least two (e.g. name and date of birth, or name and e-mail) are needed to "
            "match records.",
            hint="Map more columns of your sources to customer_records and ingest again.",
        )
    if total_records < 10:
        raise InvalidInputError(
            f"Only {total_records} customer record(s): too few to train a matching model.",
            hint="Ingest customer records from your sources first ('centric ingest').",
        )
    rules = choose_rules(BLOCKING_RULES, fields)
    linker = Linker(records, build_settings(comparisons, rules), log_level=SPLINK_LOG_LEVEL)
    training = linker.training
    prior_rules: list[str | BlockingRuleCreator] = [
        block_on(*rule) for rule in choose_rules(PRIOR_RULES, fields)
    ]
    if prior_rules:
        training.estimate_probability_two_random_records_match(
            prior_rules, recall=PRIOR_RULES_RECALL
        )
    training.estimate_u_using_random_sampling(max_pairs=options.u_max_pairs, seed=options.seed)
    sampled = linker.misc.save_model_to_json()
    _neutralise(sampled, options.u_max_pairs)
    linker = Linker(records, sampled, log_level=SPLINK_LOG_LEVEL)
    training = linker.training
    compared = {spec.name: set(spec.columns) for spec in comparisons}
    estimated: set[str] = set()
    for rule in choose_rules(TRAINING_RULES, fields):
        newly = {name for name, columns in compared.items() if not columns & set(rule)}
        if newly <= estimated:
            continue
        try:
            training.estimate_parameters_using_expectation_maximisation(
                block_on(*rule), estimate_without_term_frequencies=True
            )
        except ValueError:
            # On small samples expectation maximisation can drive an m value to exactly zero,
            # which Splink refuses; the next training rule estimates those comparisons instead.
            continue
        estimated |= newly
        if estimated >= set(compared):
            break
    if not estimated:
        raise InvalidInputError(
            f"The matching model could not be trained on {total_records} records: too few "
            "records agree on names, dates of birth or postcodes to learn from.",
            hint="Ingest more customer records (a few hundred or more), then run again.",
        )
    settings = linker.misc.save_model_to_json()
    _anchor_name_evidence(linker, records, fields, settings)
    _regularise(settings, options.u_max_pairs)
    _uncount(settings)
    _remove_matches_from_u(settings, options.u_max_pairs)
    _pool(settings)
    _cap_fuzzy_evidence(settings)
    _floor_identifier_frequencies(settings)
    return TrainedModel(
        settings=settings,
        comparisons=tuple(spec.name for spec in comparisons),
        blocking_rules=tuple(rule_sql(rule) for rule in rules),
        training_records=total_records,
    )


def _anchor_name_evidence(
    linker: Linker, records: SplinkDataFrame, fields: set[str], settings: dict[str, Any]
) -> None:
    rules = choose_rules(ANCHOR_RULES, fields)
    if not rules:
        return
    table = records.physical_name
    condition = " OR ".join(f"({rule_sql(rule)})" for rule in rules)
    anchors = linker.misc.query_sql(  # type: ignore[no-untyped-call]  # unannotated in Splink
        f"SELECT DISTINCT l.record_id AS record_id_l, r.record_id AS record_id_r "
        f"FROM {table} l JOIN {table} r ON l.record_id < r.record_id "
        f"AND l.date_of_birth = r.date_of_birth AND ({condition})"
    )
    if len(anchors.as_record_list()) < MIN_ANCHOR_PAIRS:
        return
    try:
        linker.training.estimate_m_from_pairwise_labels(anchors)  # type: ignore[no-untyped-call]  # unannotated in Splink
    except ValueError:
        # Splink refuses a level no anchor pair reached (m of exactly 0); with so few anchors
        # the estimates of expectation maximisation stand.
        return
    anchored = {c["output_column_name"]: c for c in linker.misc.save_model_to_json()["comparisons"]}
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        if name not in ANCHORED_COMPARISONS or name not in anchored:
            continue
        for level, from_anchors in zip(
            comparison["comparison_levels"], anchored[name]["comparison_levels"], strict=True
        ):
            if not level.get("is_null_level"):
                level["m_probability"] = from_anchors.get("m_probability")


def _neutralise(settings: dict[str, Any], u_pairs: float) -> None:
    # A household level (fixed m) carries no weight: its m is set to its u so that expectation
    # maximisation sees no evidence in it either. Its share of random pairs is also given to the
    # level that follows it, so that the u of "same address" is how often any two people share
    # an address, whatever their first names (which are weighed by their own comparison, and
    # must not be counted a second time through the address).
    for comparison in settings["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        for index, level in enumerate(levels):
            if not level.get("fix_m_probability"):
                continue
            u = float(level.get("u_probability") or 0.0)
            level["m_probability"] = max(u, 1.0 / u_pairs)
            following = _next_weighed(levels, index)
            if following is not None and following.get("u_probability") is not None:
                following["u_probability"] = float(following["u_probability"]) + u


def _is_weightless(level: dict[str, Any]) -> bool:
    return bool(level.get("fix_m_probability")) or COUNTED in str(level.get("label_for_charts", ""))


def _next_weighed(levels: list[dict[str, Any]], index: int) -> dict[str, Any] | None:
    return next((lv for lv in levels[index + 1 :] if not _is_weightless(lv)), None)


def _uncount(settings: dict[str, Any]) -> None:
    # A level counted with another comparison gives its m and u to the level that follows it
    # ("same town", say), which then weighs as the field would alone, and itself weighs nothing.
    for comparison in settings["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        for index, level in enumerate(levels):
            if level.get("fix_m_probability") or not _is_weightless(level):
                continue
            following = _next_weighed(levels, index)
            if following is not None:
                for key in ("m_probability", "u_probability"):
                    following[key] = float(following[key]) + float(level[key])
            level["m_probability"] = level["u_probability"]


def _remove_matches_from_u(settings: dict[str, Any], u_pairs: float) -> None:
    # Random pairs include true matches, a share equal to the prior. Where records of one person
    # are many (small, heavily duplicated populations) those matches are most of the random
    # pairs agreeing on an identifier, so u by random sampling overstates how often different
    # people share it. By total probability, share = prior * m + (1 - prior) * u; u is solved
    # for and kept no lower than the sampling error of the share it came from.
    prior = float(settings["probability_two_random_records_match"])
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level") or _is_weightless(level):
                continue
            share, m = level.get("u_probability"), level.get("m_probability")
            if share is None or m is None:
                continue
            floor = min(float(share), math.sqrt(float(share) / u_pairs))
            level["u_probability"] = max((float(share) - prior * float(m)) / (1 - prior), floor)


def _pool(settings: dict[str, Any]) -> None:
    # A level that states the same fact as the level above it (see WEIGHED_AS) and that level
    # share one weight: that of the two as one level, (m1 + m2) / (u1 + u2). Each keeps its m
    # and takes u in proportion, so that m and u still sum to one over the levels.
    for comparison in settings["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        for above, level in pairwise(levels):
            if WEIGHED_AS not in str(level.get("label_for_charts", "")):
                continue
            m = float(above["m_probability"]) + float(level["m_probability"])
            u = float(above["u_probability"]) + float(level["u_probability"])
            if m <= 0 or u <= 0:
                continue
            for pooled in (above, level):
                pooled["u_probability"] = float(pooled["m_probability"]) * u / m


def _cap_fuzzy_evidence(settings: dict[str, Any]) -> None:
    # A level is ranked below a comparison's first agreement level because it agrees less
    # (a similar town, a matching initial), so it may not speak more strongly for a match. Levels
    # that few random pairs reach (no similar towns among the sampled pairs) would otherwise get
    # an unobserved u, and with it more weight than exact agreement.
    for comparison in settings["comparisons"]:
        levels = [
            lv
            for lv in comparison["comparison_levels"]
            if not lv.get("is_null_level") and not _is_weightless(lv)
        ]
        if len(levels) < 2:
            continue
        first = levels[0]
        ratio = float(first["u_probability"]) / float(first["m_probability"])
        for level in levels[1:]:
            level["u_probability"] = max(
                float(level["u_probability"]), float(level["m_probability"]) * ratio
            )


def _floor_identifier_frequencies(settings: dict[str, Any]) -> None:
    # An identifier's term frequency only ever weakens its evidence (a value shared by many
    # people); one held by a single person keeps the weight the model learnt.
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            column = str(level.get("tf_adjustment_column") or "").strip('"')
            if column in IDENTIFIER_TF_COLUMNS:
                level["tf_minimum_u_value"] = level["u_probability"]


def _regularise(settings: dict[str, Any], u_pairs: float) -> None:
    # EM drives m to zero for levels no match showed in training, which would let one field
    # veto any match; random sampling leaves u unknown for levels no sampled pair reached.
    # Additive smoothing of m (a Dirichlet prior of M_SMOOTHING per level) caps the evidence of
    # any single field, and an unobserved u is taken as one pair in the sample.
    for comparison in settings["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        for level in levels:
            if level.get("u_probability") is None:
                level["u_probability"] = 1.0 / u_pairs
        free = [lv for lv in levels if not lv.get("fix_m_probability")]
        total_m = sum(float(lv.get("m_probability") or 0.0) for lv in free)
        denominator = total_m + M_SMOOTHING * len(free)
        for level in free:
            level["m_probability"] = (
                float(level.get("m_probability") or 0.0) + M_SMOOTHING
            ) / denominator
        for level in levels:
            if level.get("fix_m_probability"):
                level["m_probability"] = level["u_probability"]


def settings_for_dialect(model: TrainedModel, dialect: str) -> dict[str, Any]:
    """The model's Splink settings written for another SQL dialect (e.g. ``spark``).

    A saved model holds SQL in the dialect it was trained on; for another engine the same
    comparisons and blocking rules are written again in that engine's dialect and every
    trained probability is carried over level by level.

    Raises:
        InvalidInputError: The model was trained with other comparison levels than this
            version of Centric defines.
    """
    if dialect == model.settings.get("sql_dialect", "duckdb"):
        return dict(model.settings)
    specs = [spec for spec in COMPARISON_SPECS if spec.name in model.comparisons]
    rules = [rule for rule in BLOCKING_RULES if rule_sql(rule) in model.blocking_rules]
    rewritten = build_settings(specs, rules).create_settings_dict(dialect)
    rewritten["probability_two_random_records_match"] = model.probability_two_random_records_match
    trained = {c["output_column_name"]: c for c in model.settings["comparisons"]}
    for comparison in rewritten["comparisons"]:
        source = trained[comparison["output_column_name"]]["comparison_levels"]
        labels = [lv.get("label_for_charts") for lv in comparison["comparison_levels"]]
        if labels != [lv.get("label_for_charts") for lv in source]:
            raise InvalidInputError(
                f"The saved identity model compares {comparison['output_column_name']} with "
                "other levels than this version of Centric, so it cannot be rewritten for "
                f"the {dialect} engine.",
                hint="Train a new model: 'centric resolve --retrain'.",
            )
        for level, original in zip(comparison["comparison_levels"], source, strict=True):
            for key in (
                "m_probability",
                "u_probability",
                "fix_m_probability",
                "tf_minimum_u_value",
            ):
                if key in original:
                    level[key] = original[key]
    return rewritten


def save_model(model: TrainedModel, path: Path) -> None:
    """Write a model file (Splink JSON plus Centric's description of it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = dict(model.settings)
    document["centric"] = {
        "comparisons": list(model.comparisons),
        "blocking_rules": list(model.blocking_rules),
        "training_records": model.training_records,
    }
    path.write_text(json.dumps(document, indent=2, sort_keys=True), encoding="utf-8")


def load_model(path: Path) -> TrainedModel:
    """Read a model file written by :func:`save_model`.

    Raises:
        InvalidInputError: The file is not a Centric model.
    """
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        meta = document.pop("centric")
    except (OSError, ValueError, KeyError) as exc:
        raise InvalidInputError(
            f"'{path}' is not a Centric identity model: {exc}",
            hint="Run 'centric resolve --retrain' to train a new model.",
        ) from exc
    return TrainedModel(
        settings=document,
        comparisons=tuple(meta["comparisons"]),
        blocking_rules=tuple(meta["blocking_rules"]),
        training_records=int(meta["training_records"]),
    )


@dataclass(frozen=True)
class LevelEvidence:
    """What one comparison level means and how strongly it speaks."""

    comparison: str
    level: int
    label: str
    weight: float | None


def level_labels(settings: dict[str, Any]) -> dict[str, dict[int, tuple[str, float | None]]]:
    """For each comparison, its level index (Splink's gamma) -> (label, match weight)."""
    result: dict[str, dict[int, tuple[str, float | None]]] = {}
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        levels = comparison["comparison_levels"]
        labels: dict[int, tuple[str, float | None]] = {}
        gamma = sum(1 for level in levels if not level.get("is_null_level")) - 1
        for level in levels:
            label = str(level.get("label_for_charts") or level["sql_condition"])
            if level.get("is_null_level"):
                labels[-1] = (label, 0.0)
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            weight = math.log2(m / u) if m and u else None
            labels[gamma] = (label, weight)
            gamma -= 1
        result[name] = labels
    return result
