"""Notifications by webhook (a local HTTP server) and e-mail (a local SMTP sink), retries, and
recovery surveys."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy.orm import Session
from support_cases import Loop

from centric.cases import (
    CaseResolve,
    answer_recovery_survey,
    assign_case,
    cases_for_feedback,
    create_rule,
    deliver_notifications,
    escalate_overdue_cases,
    evaluate_rules,
    get_case,
    parse_rule,
    recovery_survey_form,
    resolve_case,
    sweep,
)
from centric.cases.tables import Notification
from centric.errors import InvalidInputError, NotFoundError
from centric.runtime import Runtime

SECRET = "webhook-secret"  # noqa: S105  # a test value


@dataclass
class Received:
    """What the local receivers got."""

    webhooks: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    mails: list[Message] = field(default_factory=list)
    refuse_webhooks: bool = False


@pytest.fixture
def received() -> Iterator[tuple[Received, str, int]]:
    """A webhook receiver and an SMTP sink on 127.0.0.1: (what arrived, webhook URL, SMTP port)."""
    got = Received()

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.webhooks.append((dict(self.headers.items()), body))
            self.send_response(503 if got.refuse_webhooks else 204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            del args

    class Sink:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802  # aiosmtpd calls it by this name
            del server, session
            got.mails.append(message_from_bytes(envelope.content))
            return "250 OK"

    http = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        smtp_port = probe.getsockname()[1]
    smtp = Controller(Sink(), hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    try:
        yield got, f"http://127.0.0.1:{http.server_address[1]}/hook", smtp_port
    finally:
        smtp.stop()
        http.shutdown()
        http.server_close()


def _wired(loop: Loop, url: str, smtp_port: int) -> Runtime:
    settings = loop.runtime.settings.model_copy(
        update={
            "webhook_url": url,
            "webhook_secret": SECRET,
            "smtp_url": f"smtp://127.0.0.1:{smtp_port}",
            "mail_from": "centric@shop.example",
            "public_url": "https://centric.shop.example",
        }
    )
    return replace(loop.runtime, settings=settings)


def _open_detractor_case(loop: Loop, runtime: Runtime, **rule: Any) -> int:
    create_rule(
        runtime,
        loop.admin,
        parse_rule({"name": "detractor", "survey_type": "nps", "score_at_most": 6, **rule}),
    )
    loop.add_feedback(loop.feedback("f1", 2, "T1"))
    evaluate_rules(runtime, now=loop.now)
    return cases_for_feedback(runtime, loop.admin, [("survey", "f1")])[("survey", "f1")].id


def test_opened_case_is_posted_signed_and_mailed_to_the_team_leads(
    loop: Loop, received: tuple[Received, str, int]
) -> None:
    got, url, port = received
    runtime = _wired(loop, url, port)
    case_id = _open_detractor_case(loop, runtime, notify=["cx@shop.example"])
    result = deliver_notifications(runtime, now=loop.now)
    assert (result.sent, result.failed, result.retrying) == (3, 0, 0)
    headers, body = got.webhooks[0]
    expected = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Centric-Signature"] == f"sha256={expected}"
    payload = json.loads(body)
    assert payload["event"] == "case.opened"
    assert payload["url"] == f"https://centric.shop.example/cases/{case_id}"
    assert payload["case"]["verbatim"] == "comment f1"
    assert sorted(m["To"] for m in got.mails) == ["cx@shop.example", "lead1@example.com"]
    mail = got.mails[0]
    assert mail["From"] == "centric@shop.example"
    assert "[Centric] C-" in mail["Subject"]
    assert "comment f1" in mail.get_payload()
    assert [n.status for n in get_case(runtime, loop.admin, case_id).notifications] == ["sent"] * 3


def test_escalation_mails_leads_and_administrators(
    loop: Loop, received: tuple[Received, str, int]
) -> None:
    got, url, port = received
    runtime = _wired(loop, url, port)
    _open_detractor_case(loop, runtime)
    deliver_notifications(runtime, now=loop.now)
    got.mails.clear()
    assert escalate_overdue_cases(runtime, now=loop.now + timedelta(days=3)) == 1
    deliver_notifications(runtime, now=loop.now + timedelta(days=3))
    assert sorted(m["To"] for m in got.mails) == ["admin@example.com", "lead1@example.com"]
    assert "escalated" in got.mails[0]["Subject"]


def test_assignment_mails_the_assignee(loop: Loop, received: tuple[Received, str, int]) -> None:
    got, url, port = received
    runtime = _wired(loop, url, port)
    case_id = _open_detractor_case(loop, runtime)
    deliver_notifications(runtime, now=loop.now)
    got.mails.clear()
    assign_case(runtime, loop.lead_t1, case_id, loop.agent_t1.user_id)
    deliver_notifications(runtime)
    assert [m["To"] for m in got.mails] == ["agent1@example.com"]


def test_failed_webhook_is_retried_with_backoff_then_given_up(
    loop: Loop, received: tuple[Received, str, int]
) -> None:
    got, url, port = received
    got.refuse_webhooks = True
    runtime = _wired(loop, url, port)
    _open_detractor_case(loop, runtime)
    first = deliver_notifications(runtime, now=loop.now)
    assert (first.sent, first.retrying) == (1, 1)  # the lead's e-mail went, the webhook did not
    assert deliver_notifications(runtime, now=loop.now).retrying == 0  # not due yet
    moment = loop.now
    for _ in range(5):
        moment += timedelta(hours=1)
        last = deliver_notifications(runtime, now=moment)
    assert (last.failed, last.retrying) == (1, 0)
    with Session(runtime.app_db) as session:
        hook = session.query(Notification).filter_by(channel="webhook").one()
        assert (hook.status, hook.attempts) == ("failed", 6)
        assert "503" in (hook.last_error or "")
    assert len(got.webhooks) == 6


def test_unreachable_mail_server_is_recorded_not_raised(loop: Loop) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings = loop.runtime.settings.model_copy(
        update={"smtp_url": f"smtp://127.0.0.1:{closed_port}"}
    )
    runtime = replace(loop.runtime, settings=settings)
    _open_detractor_case(loop, runtime)
    result = deliver_notifications(runtime, now=loop.now)
    assert (result.sent, result.retrying) == (0, 1)


def test_resolving_sends_the_recovery_survey_and_records_the_answer(
    loop: Loop, received: tuple[Received, str, int]
) -> None:
    got, url, port = received
    runtime = _wired(loop, url, port)
    case_id = _open_detractor_case(loop, runtime, recovery_survey=True)
    resolve_case(
        runtime, loop.lead_t1, case_id, CaseResolve(root_cause="delivery", resolution="refund")
    )
    deliver_notifications(runtime)
    survey = get_case(runtime, loop.admin, case_id).recovery_survey
    assert survey is not None
    assert survey.sent_to == "ana@example.com"
    assert survey.link.startswith("https://centric.shop.example/survey/")
    customer_mail = [m for m in got.mails if m["To"] == "ana@example.com"]
    assert survey.link in customer_mail[0].get_payload()
    token = survey.link.rsplit("/", 1)[1]
    form = recovery_survey_form(runtime, token)
    assert (form.answered, form.expired) == (False, False)
    answer_recovery_survey(runtime, token, 9, "Thanks for sorting it out")
    detail = get_case(runtime, loop.admin, case_id)
    assert detail.recovery_survey is not None
    assert detail.recovery_survey.score == 9
    assert detail.events[-1].kind == "survey_answered"
    with pytest.raises(InvalidInputError, match="already"):
        answer_recovery_survey(runtime, token, 3)
    with pytest.raises(NotFoundError):
        recovery_survey_form(runtime, "not-a-token")
    with pytest.raises(InvalidInputError, match="between 0 and 10"):
        answer_recovery_survey(runtime, token, 11)


def test_recovery_survey_without_an_address_keeps_the_link_on_the_case(loop: Loop) -> None:
    case_id = _open_detractor_case(loop, loop.runtime)
    resolve_case(
        loop.runtime,
        loop.lead_t1,
        case_id,
        CaseResolve(root_cause="other", resolution="apology", recovery_survey=True),
    )
    survey = get_case(loop.runtime, loop.admin, case_id).recovery_survey
    assert survey is not None
    assert survey.sent_to is None
    assert survey.link.startswith("http://127.0.0.1:8000/survey/")


def test_sweep_opens_escalates_and_delivers_in_one_call(
    loop: Loop, received: tuple[Received, str, int]
) -> None:
    got, url, port = received
    runtime = _wired(loop, url, port)
    create_rule(
        runtime,
        loop.admin,
        parse_rule({"name": "detractor", "survey_type": "nps", "score_at_most": 6, "sla_hours": 1}),
    )
    loop.add_feedback(loop.feedback("f1", 2, "T1", days_ago=0.5))
    first = sweep(runtime, now=loop.now)
    assert (first.evaluation.opened, first.escalated, first.delivered) == (1, 0, 2)
    later = sweep(runtime, now=datetime.now(UTC))
    assert (later.evaluation.opened, later.escalated) == (0, 1)
    assert len(got.webhooks) == 2
