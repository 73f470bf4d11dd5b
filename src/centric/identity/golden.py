"""The golden record: one value per field for each customer, with the record it came from.

Each field is chosen among the customer's records by a survivorship rule from centric.toml:
``most_recent`` (latest change in its source), ``source_priority`` (the most trusted source in
``source_priority``), ``most_frequent`` (the value most records agree on, compared in standard
form) or ``longest``. Ties fall to source priority, then recency, then the earliest record.
Address fields survive together from one record, so an address is never a mix of two. The
provenance names the rule and the source record of every value. This module computes golden
records of the customers re-clustered in a run; it must not change links.
"""

from __future__ import annotations

from centric.identity.ids import CLUSTERS, FINAL
from centric.identity.records import population_sql
from centric.identity.schemas import ADDRESS_FIELDS, IdentityConfig, Survivorship
from centric.identity.tables import GOLDEN_FIELDS
from centric.warehouse import Warehouse, quote_literal

GOLDEN = "identity_golden"

# Golden field -> (value shown, standard form compared for most_frequent).
_VALUES: dict[str, tuple[str, str]] = {
    "title": ("nullif(trim(cr.title), '')", "ir.title"),
    "first_name": ("coalesce(nullif(trim(cr.first_name), ''), ir.first_name)", "ir.first_name"),
    "middle_name": ("nullif(trim(cr.middle_name), '')", "ir.middle_name"),
    "last_name": ("coalesce(nullif(trim(cr.last_name), ''), ir.last_name)", "ir.last_name"),
    "date_of_birth": ("cr.date_of_birth", "ir.date_of_birth"),
    "gender": ("ir.gender", "ir.gender"),
    "email": ("ir.email", "ir.email_canonical"),
    "phone": ("ir.phone", "ir.phone"),
    "address_line1": ("nullif(trim(cr.address_line1), '')", "ir.address"),
    "address_line2": ("nullif(trim(cr.address_line2), '')", "ir.address"),
    "city": ("nullif(trim(cr.city), '')", "ir.city"),
    "region": ("nullif(trim(cr.region), '')", "ir.address"),
    "postcode": ("nullif(upper(trim(cr.postcode)), '')", "ir.postcode"),
    "country": ("coalesce(ir.country, nullif(trim(cr.country), ''))", "ir.country"),
    "customer_number": ("nullif(trim(cr.customer_number), '')", "ir.customer_number"),
    "loyalty_id": ("nullif(trim(cr.loyalty_id), '')", "ir.loyalty_id"),
    "marketing_consent": ("cr.marketing_consent", "cr.marketing_consent"),
}

# Sort keys packed into one 128-bit integer, compared in one step by arg_max:
#   E = seconds since 1653 (recency), 35 bits; P = 2**20 - source rank, 20 bits;
#   R = 2**40 - record_id (the earlier record wins a tie), 40 bits.
_E = "(epoch(t)::HUGEINT + 10000000000)"
_P = "(1048576 - source_rank)::HUGEINT"
_R = "(1099511627776 - record_id)::HUGEINT"
_RECENT = f"(({_E} << 60) + ({_P} << 40) + {_R})"
_TRUSTED = f"(({_P} << 75) + ({_E} << 40) + {_R})"


def _pick(rule: Survivorship, field: str) -> str:
    """SQL aggregate choosing ``field``'s winning value and record for a customer.

    Ties fall to source priority, then recency, then the earlier record (most_recent: recency
    first).
    """
    payload = f"CASE WHEN v_{field} IS NOT NULL THEN struct_pack(v := v_{field}, ref := ref) END"
    if rule == "most_recent":
        return f"arg_max({payload}, {_RECENT})"
    if rule == "source_priority":
        return f"arg_max({payload}, {_TRUSTED})"
    if rule == "longest":
        length = f"least(length(CAST(v_{field} AS VARCHAR)), 1023)::HUGEINT"
        return f"arg_max({payload}, ({length} << 95) + {_TRUSTED})"
    # most_frequent is decided on standard forms counted per customer (see _frequent_sql).
    return f"arg_max(f_{field}.w, f_{field}.key)"


def _frequent_sql(field: str) -> str:
    """Per customer and standard form of ``field``: how many records, and its best record."""
    payload = f"struct_pack(v := v_{field}, ref := ref)"
    return f"""f_{field} AS (
    SELECT customer_id, w, (n::HUGEINT << 95) + best AS key FROM (
        SELECT customer_id, count(*) AS n, max({_TRUSTED}) AS best,
            arg_max({payload}, {_TRUSTED}) AS w
        FROM members WHERE v_{field} IS NOT NULL GROUP BY customer_id, k_{field}
    )
)"""


def compute_golden(warehouse: Warehouse, config: IdentityConfig) -> int:
    """Compute the golden record of every customer in the run's assignment.

    Reads the clusters and their IDs of the run and writes the temporary table
    ``identity_golden`` with the columns of ``customers``.

    Returns:
        Customers computed.
    """
    priority = "[" + ", ".join(quote_literal(s) for s in config.source_priority) + "]"
    values = ",\n        ".join(
        f"{value} AS v_{name}, {key} AS k_{name}" for name, (value, key) in _VALUES.items()
    )
    fields = [name for name in GOLDEN_FIELDS if name not in ADDRESS_FIELDS]
    frequent = [f for f in fields if config.survivorship_rule(f) == "most_frequent"]
    direct = [f for f in fields if f not in frequent]
    address = ", ".join(f"v_{f} := v_{f}" for f in ADDRESS_FIELDS)
    address_rule = config.survivorship_rule("address_line1")
    address_key = {
        "most_recent": _RECENT,
        "source_priority": _TRUSTED,
        "longest": f"(least(length(v_address_line1), 1023)::HUGEINT << 95) + {_TRUSTED}",
        "most_frequent": _RECENT,
    }[address_rule]
    # A record with a first address line beats one with only a postcode or town.
    address_pick = (
        f"arg_max(CASE WHEN v_address_line1 IS NOT NULL OR v_postcode IS NOT NULL OR v_city IS "
        f"NOT NULL THEN struct_pack({address}, ref := ref) END, "
        f"((v_address_line1 IS NOT NULL)::HUGEINT << 126) + {address_key})"
    )
    direct_picks = ",\n        ".join(
        f"{_pick(config.survivorship_rule(f), f)} AS p_{f}" for f in direct
    )
    frequent_ctes = "".join(f",\n{_frequent_sql(f)}" for f in frequent)
    frequent_joins = "\n".join(
        f"LEFT JOIN (SELECT customer_id, {_pick('most_frequent', f)} AS p_{f} FROM f_{f} "
        f"GROUP BY customer_id) USING (customer_id)"
        for f in frequent
    )
    rule_of = {name: config.survivorship_rule(name) for name in GOLDEN_FIELDS}
    provenance = ", ".join(
        f"{name} := CASE WHEN {_golden_value(name)} IS NOT NULL THEN struct_pack("
        f"rule := '{rule_of[name]}', record := {_golden_ref(name)}) END"
        for name in GOLDEN_FIELDS
    )
    columns = ",\n    ".join(f"{_golden_value(name)} AS {name}" for name in GOLDEN_FIELDS)
    warehouse.execute(
        f"""CREATE OR REPLACE TEMP TABLE {GOLDEN} AS
WITH members AS MATERIALIZED (
    SELECT f.customer_id, ir.record_id, ir.source, ir.source || ':' || ir.source_key AS ref,
        coalesce(ir.record_time, TIMESTAMP '1900-01-01') AS t,
        coalesce(list_position({priority}::VARCHAR[], ir.source), 1000000) AS source_rank,
        {values}
    FROM {CLUSTERS} c
    JOIN {FINAL} f USING (cluster)
    JOIN ({population_sql("*")}) ir USING (record_id)
    LEFT JOIN customer_records cr ON cr.source = ir.source AND cr.source_key = ir.source_key
){frequent_ctes},
picked AS (
    SELECT customer_id,
        count(*) AS record_count,
        list(DISTINCT source ORDER BY source) AS sources,
        {direct_picks},
        {address_pick} AS p_address
    FROM members GROUP BY customer_id
)
SELECT customer_id,
    nullif(concat_ws(' ', p_first_name.v, p_middle_name.v, p_last_name.v), '') AS full_name,
    {columns},
    to_json(struct_pack({provenance})) AS provenance,
    record_count, sources
FROM picked
{frequent_joins}"""
    )
    return int(warehouse.scalar(f"SELECT count(*) FROM {GOLDEN}"))


def _golden_value(name: str) -> str:
    if name in ADDRESS_FIELDS:
        return f"p_address.v_{name}"
    return f"p_{name}.v"


def _golden_ref(name: str) -> str:
    if name in ADDRESS_FIELDS:
        return "p_address.ref"
    return f"p_{name}.ref"


def write_golden(warehouse: Warehouse) -> None:
    """Replace the customers of the run by their new golden records (in the run's transaction).

    Customer IDs that survive keep their creation time; retired IDs disappear from
    ``customers`` (``customer_id_history`` says where they went).
    """
    warehouse.execute(
        """CREATE OR REPLACE TEMP TABLE identity_created AS
SELECT customer_id, created_at FROM customers
WHERE customer_id IN (SELECT customer_id FROM identity_scope)
    OR customer_id IN (SELECT customer_id FROM identity_final)"""
    )
    warehouse.execute(
        "DELETE FROM customers WHERE customer_id IN (SELECT customer_id FROM identity_scope) "
        "OR customer_id IN (SELECT customer_id FROM identity_final)"
    )
    warehouse.execute(
        f"""INSERT INTO customers BY NAME
SELECT g.*, coalesce(c.created_at, CAST(now() AS TIMESTAMP)) AS created_at,
    CAST(now() AS TIMESTAMP) AS updated_at
FROM {GOLDEN} g LEFT JOIN identity_created c USING (customer_id)"""
    )
    warehouse.execute("DROP TABLE IF EXISTS identity_created")
    warehouse.drop_staging(GOLDEN)
