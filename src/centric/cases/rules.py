"""Alert rules: declared in ``centric.toml`` (``[[rules]]``) or created on the rules page.

Rules from the workspace file are synchronised into the app DB (the file wins; a rule removed
from the file is removed, its cases stay) and are read-only in the interface; rules made in the
interface are edited there. Every change is audited. Evaluation lives in
:mod:`centric.cases.evaluation`; this module must not open cases.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from centric.access import Permission, Principal
from centric.cases.codes import PRIORITY_RANK
from centric.cases.history import record_audit
from centric.cases.schemas import RulePublic, RuleSpec
from centric.cases.tables import AlertRule, Case
from centric.config import read_workspace_file
from centric.errors import ConfigurationError, InvalidInputError, NotFoundError
from centric.runtime import Runtime


def parse_rule(data: dict[str, Any], *, origin: str = "input") -> RuleSpec:
    """Validate a rule given as plain data.

    Args:
        data: The rule's fields, e.g. one ``[[rules]]`` table.
        origin: Where it came from, for the message.

    Raises:
        InvalidInputError: A field is missing or invalid; the message names it.
    """
    try:
        return RuleSpec.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or 'rule'}: {error['msg']}"
            for error in exc.errors()
        )
        raise InvalidInputError(
            f"Invalid alert rule {data.get('name', '?')!r} in {origin}: {problems}",
            hint="See docs/cases.md for the fields of a rule and an example.",
        ) from exc


def workspace_rules(runtime: Runtime) -> list[RuleSpec]:
    """The rules declared in the workspace's ``centric.toml`` (none when there is no file).

    Raises:
        ConfigurationError: A declared rule is invalid or a name is used twice.
    """
    try:
        declared = read_workspace_file(runtime.workspace)
    except NotFoundError:
        return []
    specs: list[RuleSpec] = []
    for data in declared.rules:
        try:
            specs.append(parse_rule(data, origin=str(declared.path)))
        except InvalidInputError as exc:
            raise ConfigurationError(exc.message, hint=exc.hint) from exc
    names = [spec.name for spec in specs]
    doubled = sorted({name for name in names if names.count(name) > 1})
    if doubled:
        raise ConfigurationError(
            f"{declared.path} declares rule(s) {', '.join(doubled)} more than once.",
            hint="Give every [[rules]] entry its own name.",
        )
    return specs


def sync_workspace_rules(runtime: Runtime, *, actor: str) -> list[str]:
    """Bring the stored rules in line with ``centric.toml``.

    Returns:
        One line per change made (empty when nothing changed).

    Raises:
        ConfigurationError: A declared rule is invalid.
    """
    specs = {spec.name: spec for spec in workspace_rules(runtime)}
    now = datetime.now(UTC)
    changes: list[str] = []
    with Session(runtime.app_db) as session, session.begin():
        stored = {rule.name: rule for rule in session.scalars(select(AlertRule))}
        for name, spec in specs.items():
            data = spec.model_dump(mode="json")
            rule = stored.get(name)
            if rule is None:
                session.add(
                    AlertRule(
                        name=name,
                        spec=data,
                        enabled=spec.enabled,
                        origin="workspace",
                        created_at=now,
                        updated_at=now,
                        updated_by=actor,
                    )
                )
                changes.append(f"added rule {name} from centric.toml")
            elif rule.spec != data or rule.origin != "workspace" or rule.enabled != spec.enabled:
                rule.spec, rule.enabled, rule.origin = data, spec.enabled, "workspace"
                rule.updated_at, rule.updated_by = now, actor
                changes.append(f"updated rule {name} from centric.toml")
        for name, rule in stored.items():
            if rule.origin == "workspace" and name not in specs:
                session.delete(rule)
                changes.append(f"removed rule {name} (no longer in centric.toml)")
        if changes:
            record_audit(
                session,
                actor=actor,
                action="rule.sync",
                target="rules:centric.toml",
                at=now,
                summary="; ".join(changes),
                detail={"changes": changes},
            )
    return changes


def list_rules(runtime: Runtime, principal: Principal) -> list[RulePublic]:
    """Every rule, with how many of its cases are still open."""
    principal.require(Permission.VIEW_RULES)
    with Session(runtime.app_db) as session:
        open_counts = dict(
            session.execute(
                select(Case.rule_id, func.count())
                .where(Case.status != "resolved")
                .group_by(Case.rule_id)
            ).all()
        )
        rules = session.scalars(select(AlertRule).order_by(AlertRule.name)).all()
        return [_public(rule, open_counts.get(rule.id, 0)) for rule in rules]


def get_rule(runtime: Runtime, principal: Principal, rule_id: int) -> RulePublic:
    """One rule.

    Raises:
        NotFoundError: No such rule.
    """
    principal.require(Permission.VIEW_RULES)
    with Session(runtime.app_db) as session:
        return _public(_load(session, rule_id))


def create_rule(runtime: Runtime, principal: Principal, spec: RuleSpec) -> RulePublic:
    """Create a rule from the interface.

    Raises:
        PermissionDeniedError: The principal may not manage rules.
        InvalidInputError: The name is taken.
    """
    principal.require(Permission.MANAGE_RULES)
    now = datetime.now(UTC)
    with Session(runtime.app_db) as session, session.begin():
        if session.scalars(select(AlertRule.id).where(AlertRule.name == spec.name)).first():
            raise InvalidInputError(
                f"A rule called '{spec.name}' already exists.", hint="Choose another name."
            )
        rule = AlertRule(
            name=spec.name,
            spec=spec.model_dump(mode="json"),
            enabled=spec.enabled,
            origin="ui",
            created_at=now,
            updated_at=now,
            updated_by=principal.username,
        )
        session.add(rule)
        session.flush()
        record_audit(
            session,
            actor=principal.username,
            action="rule.create",
            target=f"rule:{spec.name}",
            at=now,
            summary=f"Created alert rule {spec.name}: {spec.describe()}.",
            detail=spec.model_dump(mode="json"),
        )
        return _public(rule)


def update_rule(runtime: Runtime, principal: Principal, rule_id: int, spec: RuleSpec) -> RulePublic:
    """Replace a rule made in the interface (rules from ``centric.toml`` change in the file).

    Raises:
        NotFoundError: No such rule.
        InvalidInputError: The rule comes from centric.toml, or the new name is taken.
    """
    principal.require(Permission.MANAGE_RULES)
    now = datetime.now(UTC)
    with Session(runtime.app_db) as session, session.begin():
        rule = _load(session, rule_id)
        _refuse_workspace_rule(rule)
        if (
            spec.name != rule.name
            and session.scalars(select(AlertRule.id).where(AlertRule.name == spec.name)).first()
        ):
            raise InvalidInputError(
                f"A rule called '{spec.name}' already exists.", hint="Choose another name."
            )
        before = dict(rule.spec)
        rule.name, rule.spec, rule.enabled = spec.name, spec.model_dump(mode="json"), spec.enabled
        rule.updated_at, rule.updated_by = now, principal.username
        record_audit(
            session,
            actor=principal.username,
            action="rule.update",
            target=f"rule:{spec.name}",
            at=now,
            summary=f"Changed alert rule {spec.name}: {spec.describe()}.",
            detail={"before": before, "after": rule.spec},
        )
        return _public(rule)


def delete_rule(runtime: Runtime, principal: Principal, rule_id: int) -> None:
    """Delete a rule made in the interface; its cases stay, naming the rule.

    Raises:
        NotFoundError: No such rule.
        InvalidInputError: The rule comes from centric.toml.
    """
    principal.require(Permission.MANAGE_RULES)
    now = datetime.now(UTC)
    with Session(runtime.app_db) as session, session.begin():
        rule = _load(session, rule_id)
        _refuse_workspace_rule(rule)
        session.delete(rule)
        record_audit(
            session,
            actor=principal.username,
            action="rule.delete",
            target=f"rule:{rule.name}",
            at=now,
            summary=f"Deleted alert rule {rule.name}.",
            detail=dict(rule.spec),
        )


def enabled_rules(session: Session) -> list[tuple[int, RuleSpec]]:
    """The enabled rules, most urgent first (they claim feedback before less urgent ones)."""
    rules = [
        (rule.id, RuleSpec.model_validate(rule.spec))
        for rule in session.scalars(select(AlertRule).where(AlertRule.enabled.is_(True)))
    ]
    return sorted(rules, key=lambda item: (PRIORITY_RANK[item[1].priority], item[1].name))


def _load(session: Session, rule_id: int) -> AlertRule:
    rule = session.get(AlertRule, rule_id)
    if rule is None:
        raise NotFoundError(f"No alert rule with id {rule_id}.", hint="List the rules to find it.")
    return rule


def _refuse_workspace_rule(rule: AlertRule) -> None:
    if rule.origin == "workspace":
        raise InvalidInputError(
            f"Rule '{rule.name}' is declared in centric.toml.",
            hint="Change or remove it in the [[rules]] of centric.toml; it is synchronised on "
            "the next sweep or server start.",
        )


def _public(rule: AlertRule, open_cases: int = 0) -> RulePublic:
    spec = RuleSpec.model_validate(rule.spec)
    return RulePublic(
        id=rule.id,
        origin="workspace" if rule.origin == "workspace" else "ui",
        spec=spec,
        summary=spec.describe(),
        updated_at=rule.updated_at,
        updated_by=rule.updated_by,
        open_cases=open_cases,
    )


STARTER_LOOKBACK_DAYS = 30


def starter_rules(within_days: int) -> list[RuleSpec]:
    """Three rules most organisations start with: detractors, high-value detractors, warnings."""
    return [
        RuleSpec(
            name="detractor",
            description="NPS detractor",
            survey_type="nps",
            score_at_most=6,
            within_days=within_days,
            priority="high",
            recovery_survey=True,
        ),
        RuleSpec(
            name="high-value-detractor",
            description="High-value customer, detractor",
            survey_type="nps",
            score_at_most=6,
            customer_value_at_least=1000,
            within_days=within_days,
            priority="urgent",
            recovery_survey=True,
        ),
        RuleSpec(
            name="warning-signal",
            description="Warning signal in a comment",
            warnings=["any"],
            within_days=within_days,
            priority="urgent",
        ),
    ]


def install_starter_rules(runtime: Runtime, principal: Principal) -> list[RulePublic]:
    """Create the starter rules when the workspace has no rule at all.

    Their window reaches back :data:`STARTER_LOOKBACK_DAYS` from the newest feedback (not from
    today), so a workspace loaded with last month's exports opens cases for them at once.

    Returns:
        The rules created (none when rules already exist).
    """
    principal.require(Permission.MANAGE_RULES)
    with Session(runtime.app_db) as session:
        if session.scalars(select(AlertRule.id)).first() is not None:
            return []
    newest = runtime.warehouse.scalar("SELECT max(responded_at) FROM feedback")
    age = (datetime.now(UTC) - newest.replace(tzinfo=UTC)).days if newest is not None else 0
    within = max(1, min(3650, age + STARTER_LOOKBACK_DAYS))
    return [create_rule(runtime, principal, spec) for spec in starter_rules(within)]
