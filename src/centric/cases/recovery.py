"""Recovery surveys: after a case is resolved, ask the customer once more how likely they are to
recommend the company, through a tokenised link recorded on the case.

The link is e-mailed to the customer when the case's customer record has an address and a mail
server is configured; it is always shown on the case so staff can send it another way. The
token grants one answer to one question and nothing else, which is why it is kept on the case
(not hashed): staff must be able to see the link again. This module must not resolve cases.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from centric.cases.codes import reference
from centric.cases.history import record_case_change
from centric.cases.notifications import queue_email
from centric.cases.schemas import RecoverySurveyPublic
from centric.cases.tables import Case, RecoverySurvey
from centric.config import Settings
from centric.errors import InvalidInputError, NotFoundError
from centric.runtime import Runtime

SURVEY_LIFETIME = timedelta(days=30)


@dataclass(frozen=True)
class RecoverySurveyForm:
    """What the public survey page shows: no personal data, only the question's context."""

    token: str
    case_reference: str
    touchpoint: str | None
    answered: bool
    expired: bool


def survey_link(settings: Settings, token: str) -> str:
    """The public address of a recovery survey."""
    return f"{settings.public_url.rstrip('/')}/survey/{token}"


def start_recovery_survey(
    session: Session, runtime: Runtime, case: Case, *, actor: str, at: datetime
) -> RecoverySurvey:
    """Create the survey of a case in ``session`` and queue its e-mail when possible."""
    token = secrets.token_urlsafe(24)
    email = customer_email(runtime, case)
    link = survey_link(runtime.settings, token)
    sent = False
    if email:
        sent = queue_email(
            session,
            runtime.settings,
            case_id=case.id,
            event="recovery_survey",
            to=email,
            subject="How did we do?",
            text=(
                "Thank you for telling us about your experience. We have looked into it.\n\n"
                "How likely are you now to recommend us to a friend or colleague? It takes "
                f"one click:\n\n{link}\n\nThe link works for {SURVEY_LIFETIME.days} days."
            ),
            at=at,
        )
    survey = RecoverySurvey(
        case_id=case.id,
        token=token,
        created_at=at,
        expires_at=at + SURVEY_LIFETIME,
        sent_to=email if sent else None,
    )
    session.add(survey)
    record_case_change(
        session,
        case,
        kind="recovery_survey",
        actor=actor,
        at=at,
        summary=f"Recovery survey for {reference(case.id)} "
        + ("e-mailed to the customer." if sent else "created; send the link to the customer."),
        detail={"link": link, "emailed": sent},
    )
    return survey


def customer_email(runtime: Runtime, case: Case) -> str | None:
    """The e-mail address on the case's customer record, if any."""
    if not case.customer_source or not case.customer_key:
        return None
    found = runtime.warehouse.scalar(
        "SELECT email FROM customer_records WHERE source = ? AND source_key = ? "
        "AND email IS NOT NULL AND email <> '' LIMIT 1",
        [case.customer_source, case.customer_key],
    )
    return str(found) if found else None


def survey_view(settings: Settings, survey: RecoverySurvey) -> RecoverySurveyPublic:
    """The survey as staff see it on the case."""
    return RecoverySurveyPublic(
        link=survey_link(settings, survey.token),
        created_at=survey.created_at,
        expires_at=survey.expires_at,
        sent_to=survey.sent_to,
        answered_at=survey.answered_at,
        score=survey.score,
        comment=survey.comment,
    )


def recovery_survey_form(runtime: Runtime, token: str) -> RecoverySurveyForm:
    """What the public page of a survey link shows.

    Raises:
        NotFoundError: The link is not a survey link.
    """
    with Session(runtime.app_db) as session:
        survey, case = _by_token(session, token)
        return RecoverySurveyForm(
            token=token,
            case_reference=reference(case.id),
            touchpoint=case.touchpoint,
            answered=survey.answered_at is not None,
            expired=survey.expires_at <= datetime.now(UTC),
        )


def answer_recovery_survey(runtime: Runtime, token: str, score: int, comment: str = "") -> None:
    """Record the customer's answer on the case (once).

    Raises:
        NotFoundError: The link is not a survey link.
        InvalidInputError: Score outside 0-10, already answered, or expired.
    """
    if not 0 <= score <= 10:
        raise InvalidInputError(f"Score {score} is not between 0 and 10.", hint="Choose 0-10.")
    comment = comment.strip()[:5000]
    now = datetime.now(UTC)
    with Session(runtime.app_db) as session, session.begin():
        survey, case = _by_token(session, token)
        if survey.answered_at is not None:
            raise InvalidInputError(
                "This survey has already been answered.", hint="Thank you, nothing more to do."
            )
        if survey.expires_at <= now:
            raise InvalidInputError("This survey link has expired.", hint="Nothing more to do.")
        survey.answered_at, survey.score, survey.comment = now, float(score), comment or None
        record_case_change(
            session,
            case,
            kind="survey_answered",
            actor="customer",
            at=now,
            summary=f"The customer answered the recovery survey of {reference(case.id)}: "
            f"{score}/10.",
            body=comment,
            detail={"score": score},
        )


def _by_token(session: Session, token: str) -> tuple[RecoverySurvey, Case]:
    row = session.execute(
        select(RecoverySurvey, Case)
        .join(Case, Case.id == RecoverySurvey.case_id)
        .where(RecoverySurvey.token == token)
    ).first()
    if row is None:
        raise NotFoundError("This survey link is not valid.", hint="Check the link you were sent.")
    return row[0], row[1]
