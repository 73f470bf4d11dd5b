"""What goes in and out of access control: validated input and public views (never secrets)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from centric.access.roles import TEAM_SCOPED_ROLES, Role

USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,99}$"
MIN_PASSWORD_LENGTH = 10


class UserCreate(BaseModel):
    """A new user as an administrator describes them."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    username: str = Field(pattern=USERNAME_PATTERN, description="Login name.")
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=1024)
    role: Role
    team_id: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    display_name: str | None = Field(default=None, max_length=200)

    @field_validator("email")
    @classmethod
    def _plausible_email(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if "@" not in value or value.startswith("@") or value.endswith("@") or " " in value:
            raise ValueError("not an e-mail address")
        return value

    @field_validator("team_id")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @model_validator(mode="after")
    def _team_roles_need_a_team(self) -> UserCreate:
        if self.role in TEAM_SCOPED_ROLES and not self.team_id:
            raise ValueError(f"role {self.role} needs a team (team_id)")
        return self


class UserUpdate(BaseModel):
    """Changes an administrator makes to a user; absent fields stay as they are."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    role: Role | None = None
    team_id: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    display_name: str | None = Field(default=None, max_length=200)
    is_active: bool | None = None


class UserPublic(BaseModel):
    """A user as others may see them."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    email: str | None
    role: Role
    team_id: str | None
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None


class TokenPublic(BaseModel):
    """An API token without its secret."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class IssuedToken(BaseModel):
    """A freshly created API token: the secret is shown this once and never stored."""

    token: str
    details: TokenPublic
