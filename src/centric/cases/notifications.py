"""Notifications of case events by webhook and e-mail, through an outbox.

A change to a case queues its notifications in the same transaction (so a committed change is
never left unannounced); :func:`deliver_notifications` sends what is due and retries failures
with exponential back-off, giving up after six attempts. Delivery is at-least-once. Who is told:
the owning team's leads (e-mail) when a case opens, the assignee when assigned, leads and
administrators when a case escalates, the rule's own recipients, and the workspace webhook for
every event. This module must not decide anything about a case.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import httpx
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from centric import __version__
from centric.access import Role, team_contacts
from centric.cases.codes import reference
from centric.cases.tables import Case, Notification
from centric.config import Settings
from centric.errors import ConfigurationError
from centric.runtime import Runtime

MAX_ATTEMPTS = 6
TIMEOUT_SECONDS = 10.0

# Which e-mail recipients each event reaches (the webhook gets every event).
_LEADS_ON = frozenset({"opened", "escalated"})
_ADMINS_ON = frozenset({"escalated"})
_RULE_RECIPIENTS_ON = frozenset({"opened", "escalated"})


@dataclass(frozen=True)
class DeliveryResult:
    """What one delivery round did."""

    sent: int
    failed: int
    retrying: int


class Recipients:
    """Looks up whom to e-mail, remembering answers for the length of one transaction."""

    def __init__(self, app_db: Engine) -> None:
        self._app_db = app_db
        self._found: dict[tuple[str | None, Role], list[str]] = {}

    def emails(self, team_id: str | None, role: Role) -> list[str]:
        """Addresses of active users with ``role`` in ``team_id`` (any team when ``None``)."""
        key = (team_id, role)
        if key not in self._found:
            users = team_contacts(self._app_db, team_id, {role})
            self._found[key] = [user.email for user in users if user.email]
        return self._found[key]


def queue_case_notifications(
    session: Session,
    runtime: Runtime,
    case: Case,
    event: str,
    *,
    at: datetime,
    summary: str,
    extra_recipients: list[str] | None = None,
    assignee_email: str | None = None,
    recipients: Recipients | None = None,
) -> int:
    """Queue the notifications of one case event in ``session``; returns how many.

    Args:
        session: The transaction of the change being announced.
        runtime: The open stores; its settings name the webhook, mail server and address.
        case: The case (flushed, so it has an id).
        event: ``opened``, ``assigned``, ``commented``, ``escalated``, ``resolved``, ...
        at: When it happened.
        summary: One human sentence about the event.
        extra_recipients: The rule's own recipients (e-mail addresses or webhook URLs).
        assignee_email: The new assignee's address, for ``assigned``.
        recipients: A shared lookup when queueing for many cases at once.
    """
    settings = runtime.settings
    lookup = recipients or Recipients(runtime.app_db)
    payload = case_payload(settings, case, event, at=at, summary=summary)
    targets: list[tuple[str, str]] = []
    if settings.webhook_url:
        targets.append(("webhook", settings.webhook_url))
    emails: list[str] = []
    if event in _LEADS_ON and case.team_id is not None:
        emails += lookup.emails(case.team_id, Role.TEAM_LEAD)
    if event in _ADMINS_ON or (event in _LEADS_ON and case.team_id is None):
        emails += lookup.emails(None, Role.ADMIN)
    if event == "assigned" and assignee_email:
        emails.append(assignee_email)
    if event in _RULE_RECIPIENTS_ON:
        for recipient in extra_recipients or []:
            if recipient.startswith(("http://", "https://")):
                targets.append(("webhook", recipient))
            else:
                emails.append(recipient)
    if settings.smtp_url:
        targets += [("email", address) for address in dict.fromkeys(emails)]
    subject = f"[Centric] {reference(case.id)} {event}: {case.title}"[:300]
    unique = list(dict.fromkeys(targets))
    for channel, target in unique:
        session.add(
            Notification(
                case_id=case.id,
                event=event,
                channel=channel,
                target=target,
                subject=subject,
                payload=payload if channel == "webhook" else {"text": email_text(payload)},
                status="pending",
                attempts=0,
                next_attempt_at=at,
                created_at=at,
            )
        )
    return len(unique)


def queue_email(
    session: Session,
    settings: Settings,
    *,
    case_id: int,
    event: str,
    to: str,
    subject: str,
    text: str,
    at: datetime,
) -> bool:
    """Queue one e-mail (e.g. a recovery survey to a customer); ``False`` when mail is off."""
    if not settings.smtp_url:
        return False
    session.add(
        Notification(
            case_id=case_id,
            event=event,
            channel="email",
            target=to,
            subject=subject[:300],
            payload={"text": text},
            status="pending",
            attempts=0,
            next_attempt_at=at,
            created_at=at,
        )
    )
    return True


def case_payload(
    settings: Settings, case: Case, event: str, *, at: datetime, summary: str
) -> dict[str, Any]:
    """The JSON body of a webhook about a case event (also the source of e-mail text)."""
    return {
        "event": f"case.{event}",
        "occurred_at": at.isoformat(),
        "summary": summary,
        "url": f"{settings.public_url.rstrip('/')}/cases/{case.id}",
        "case": {
            "id": case.id,
            "reference": reference(case.id),
            "title": case.title,
            "status": case.status,
            "priority": case.priority,
            "rule": case.rule_name,
            "team_id": case.team_id,
            "survey_type": case.survey_type,
            "score": case.score,
            "channel": case.channel,
            "verbatim": case.verbatim,
            "opened_at": case.opened_at.isoformat(),
            "due_at": case.due_at.isoformat(),
            "escalation_level": case.escalation_level,
            "root_cause": case.root_cause,
            "resolution": case.resolution,
        },
    }


def email_text(payload: dict[str, Any]) -> str:
    """The plain-text e-mail body for a case event."""
    case = payload["case"]
    lines = [
        payload["summary"],
        "",
        f"Case:      {case['reference']} - {case['title']}",
        f"Priority:  {case['priority']}",
        f"Team:      {case['team_id'] or 'not routed'}",
        f"Status:    {case['status']}",
        f"Due:       {case['due_at']}",
    ]
    if case.get("score") is not None:
        lines.append(f"Score:     {case['score']:g} ({case['survey_type']}, {case['channel']})")
    if case.get("verbatim"):
        lines += ["", "The customer said:", f"  {case['verbatim']}"]
    lines += ["", f"Open the case: {payload['url']}", "", "-- Centric"]
    return "\n".join(lines)


def deliver_notifications(
    runtime: Runtime, *, now: datetime | None = None, limit: int = 200
) -> DeliveryResult:
    """Send the notifications that are due, recording each outcome.

    Args:
        runtime: The open stores and settings (mail server, webhook secret).
        now: The current time (tests pass one).
        limit: At most this many in one round.

    Returns:
        How many were sent, failed for good, and will be retried.
    """
    now = now or datetime.now(UTC)
    with Session(runtime.app_db) as session:
        due = list(
            session.scalars(
                select(Notification)
                .where(Notification.status == "pending", Notification.next_attempt_at <= now)
                .order_by(Notification.id)
                .limit(limit)
            )
        )
        session.expunge_all()
    sent = failed = retrying = 0
    for notification in due:
        error = _send(runtime.settings, notification)
        with Session(runtime.app_db) as session, session.begin():
            row = session.get(Notification, notification.id)
            if row is None or row.status != "pending":
                continue
            row.attempts += 1
            if error is None:
                row.status, row.sent_at, row.last_error = "sent", datetime.now(UTC), None
                sent += 1
            elif row.attempts >= MAX_ATTEMPTS:
                row.status, row.last_error = "failed", error
                failed += 1
            else:
                row.last_error = error
                row.next_attempt_at = now + timedelta(minutes=2 ** (row.attempts - 1))
                retrying += 1
    return DeliveryResult(sent, failed, retrying)


def _send(settings: Settings, notification: Notification) -> str | None:
    try:
        if notification.channel == "webhook":
            post_webhook(settings, notification.target, notification.payload)
        else:
            send_email(
                settings, notification.target, notification.subject, notification.payload["text"]
            )
    except (OSError, smtplib.SMTPException, httpx.HTTPError, ConfigurationError) as exc:
        return f"{type(exc).__name__}: {exc}"[:2000]
    return None


def post_webhook(settings: Settings, url: str, payload: dict[str, Any]) -> None:
    """POST ``payload`` as JSON to ``url``, signed when a webhook secret is set.

    Raises:
        httpx.HTTPError: The request failed or the receiver answered with an error status.
    """
    body = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode("utf-8")
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"centric/{__version__}",
        "X-Centric-Event": str(payload.get("event", "")),
    }
    if settings.webhook_secret:
        signature = hmac.new(settings.webhook_secret.encode(), body, hashlib.sha256).hexdigest()
        headers["X-Centric-Signature"] = f"sha256={signature}"
    response = httpx.post(url, content=body, headers=headers, timeout=TIMEOUT_SECONDS)
    response.raise_for_status()


def send_email(settings: Settings, to: str, subject: str, text: str) -> None:
    """Send a plain-text e-mail through the mail server of ``smtp_url``.

    Raises:
        ConfigurationError: No or a malformed ``smtp_url``.
        smtplib.SMTPException, OSError: The server refused or could not be reached.
    """
    if not settings.smtp_url:
        raise ConfigurationError("No mail server is configured.", hint="Set smtp_url.")
    parts = urlsplit(settings.smtp_url)
    if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
        raise ConfigurationError(
            f"smtp_url '{parts.scheme}://{parts.hostname or ''}' is not smtp:// or smtps://.",
            hint="Use smtp://user:password@host:587?starttls=true or smtps://host:465.",
        )
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=settings.mail_from.rpartition("@")[2] or None)
    message.set_content(text)
    context = ssl.create_default_context()
    server: smtplib.SMTP
    if parts.scheme == "smtps":
        server = smtplib.SMTP_SSL(
            parts.hostname, parts.port or 465, timeout=TIMEOUT_SECONDS, context=context
        )
    else:
        server = smtplib.SMTP(parts.hostname, parts.port or 25, timeout=TIMEOUT_SECONDS)
    with server:
        starttls = parse_qs(parts.query).get("starttls", ["false"])[0].lower()
        if parts.scheme == "smtp" and starttls in {"1", "true", "yes"}:
            server.starttls(context=context)
        if parts.username:
            server.login(unquote(parts.username), unquote(parts.password or ""))
        server.send_message(message)
