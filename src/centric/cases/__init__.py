"""The closed loop: alert rules open cases for the owning team, with SLA timers, escalation,
root-cause and resolution codes, recovery surveys, webhook and e-mail notifications, and an
audit trail of every change.

Rules come from ``[[rules]]`` in ``centric.toml`` or from the rules page; :func:`sweep` applies
them to recent feedback, escalates overdue cases and delivers notifications. Every case
function takes the acting :class:`~centric.access.Principal` and enforces its team scope. This
package must not know about HTTP or rendering.
"""

from centric.cases.codes import (
    DEFAULT_SLA_HOURS,
    PRIORITIES,
    RESOLUTIONS,
    ROOT_CAUSES,
    STATUSES,
    reference,
)
from centric.cases.evaluation import evaluate_rules, find_matches
from centric.cases.lifecycle import (
    assign_case,
    comment_on_case,
    open_case,
    reopen_case,
    resolve_case,
)
from centric.cases.notifications import (
    DeliveryResult,
    deliver_notifications,
    post_webhook,
    send_email,
)
from centric.cases.queries import cases_for_customer, cases_for_feedback, get_case, list_cases
from centric.cases.recovery import (
    RecoverySurveyForm,
    answer_recovery_survey,
    recovery_survey_form,
)
from centric.cases.routing import Team, list_teams, team_names
from centric.cases.rules import (
    create_rule,
    delete_rule,
    get_rule,
    install_starter_rules,
    list_rules,
    parse_rule,
    starter_rules,
    sync_workspace_rules,
    update_rule,
    workspace_rules,
)
from centric.cases.schemas import (
    CaseCreate,
    CaseDetail,
    CaseEventPublic,
    CaseFilter,
    CasePage,
    CasePublic,
    CaseResolve,
    EvaluationResult,
    RulePublic,
    RuleSpec,
    SlaReport,
    SweepResult,
    TeamSla,
)
from centric.cases.service import sweep
from centric.cases.sla import escalate_overdue_cases, sla_performance

__all__ = [
    "DEFAULT_SLA_HOURS",
    "PRIORITIES",
    "RESOLUTIONS",
    "ROOT_CAUSES",
    "STATUSES",
    "CaseCreate",
    "CaseDetail",
    "CaseEventPublic",
    "CaseFilter",
    "CasePage",
    "CasePublic",
    "CaseResolve",
    "DeliveryResult",
    "EvaluationResult",
    "RecoverySurveyForm",
    "RulePublic",
    "RuleSpec",
    "SlaReport",
    "SweepResult",
    "Team",
    "TeamSla",
    "answer_recovery_survey",
    "assign_case",
    "cases_for_customer",
    "cases_for_feedback",
    "comment_on_case",
    "create_rule",
    "delete_rule",
    "deliver_notifications",
    "escalate_overdue_cases",
    "evaluate_rules",
    "find_matches",
    "get_case",
    "get_rule",
    "install_starter_rules",
    "list_cases",
    "list_rules",
    "list_teams",
    "open_case",
    "parse_rule",
    "post_webhook",
    "recovery_survey_form",
    "reference",
    "reopen_case",
    "resolve_case",
    "send_email",
    "sla_performance",
    "starter_rules",
    "sweep",
    "sync_workspace_rules",
    "team_names",
    "update_rule",
    "workspace_rules",
]
