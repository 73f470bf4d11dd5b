"""Typed settings and the workspace file ``centric.toml``, declared once.

Precedence, highest first: explicit overrides (CLI flags) > ``CENTRIC_*`` environment variables >
the ``[settings]`` table of ``centric.toml`` > the defaults below. Settings are loaded in two
places only (the CLI root callback and, later, the ASGI entry point) and passed down explicitly;
nothing here runs at import time, and this module must not open a database connection.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from centric.errors import ConfigurationError, NotFoundError

CONFIG_FILE = "centric.toml"
WAREHOUSE_FILE = "warehouse.duckdb"
APP_DB_FILE = "app.db"
SPARK_FOLDER = "spark"


class Settings(BaseSettings):
    """Every setting Centric reads, with its default and meaning.

    ``docs/configuration.md`` is generated from the field descriptions below.
    """

    model_config = SettingsConfigDict(env_prefix="CENTRIC_", extra="forbid", frozen=True)

    workspace: Path = Field(
        default=Path(),
        description="Folder holding centric.toml, the warehouse and (by default) the app DB.",
    )
    warehouse_path: Path | None = Field(
        default=None,
        description="DuckDB warehouse file; relative paths are inside the workspace. "
        "Default: warehouse.duckdb in the workspace.",
    )
    app_db_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the app DB, e.g. postgresql+psycopg://user@host/db. "
        "Default: SQLite file app.db in the workspace.",
    )
    engine: Literal["duckdb", "spark"] = Field(
        default="duckdb",
        description="Engine that runs analytical reads (metrics): duckdb, or spark to run them "
        "on a local Spark session (the spark extra and Java 17+) over a Parquet copy of the "
        "warehouse, refreshed when the warehouse has changed. Ingest and identity resolution "
        "keep writing to the DuckDB warehouse.",
    )
    spark_path: Path | None = Field(
        default=None,
        description="Folder of the Parquet copy that Spark reads when engine = 'spark'; "
        "relative paths are inside the workspace. Default: spark/ in the workspace.",
    )
    spark_memory: str = Field(
        default="2g",
        description="Driver memory of the local Spark session when engine = 'spark', e.g. '8g'.",
    )
    threads: int | None = Field(
        default=None, ge=1, description="Threads the warehouse may use. Default: all cores."
    )
    memory_limit: str | None = Field(
        default=None,
        description="Memory the warehouse may use before spilling to disk, e.g. '4GB'. "
        "Default: DuckDB's (80% of RAM).",
    )
    default_region: str = Field(
        default="GB",
        min_length=2,
        max_length=2,
        description="ISO country used to read phone numbers written without a country code.",
    )
    actor: str = Field(
        default_factory=lambda: os.environ.get("USER", "centric"),
        description="Name recorded in the audit log for changes made from this process.",
    )
    min_n_customer: int = Field(
        default=30,
        ge=1,
        description="Smallest number of responses a customer metric needs in a group before "
        "its figure is shown; smaller groups are shown as suppressed.",
    )
    min_n_employee: int = Field(
        default=5,
        ge=1,
        description="Smallest number of responses an employee metric (eNPS) needs in a group "
        "before its figure is shown, to protect the anonymity of respondents.",
    )
    metrics_summary_min_rows: int = Field(
        default=1_000_000,
        ge=0,
        description="Feedback tables with at least this many rows get a daily summary, kept "
        "current by `centric run`, which metrics read instead of the rows when it can answer "
        "(same figures, a fraction of the rows to read). 0 summarises any table.",
    )
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Address users reach the web app at; used in links sent by e-mail, webhooks "
        "and recovery surveys.",
    )
    smtp_url: str | None = Field(
        default=None,
        description="Mail server for case notifications: smtp://[user[:password]@]host[:port] "
        "(add ?starttls=true to upgrade the connection) or smtps://... for implicit TLS. "
        "Default: no e-mail.",
    )
    mail_from: str = Field(
        default="centric@localhost",
        description="Sender address of the e-mails Centric sends.",
    )
    webhook_url: str | None = Field(
        default=None,
        description="URL that receives a JSON POST for every case event (opened, assigned, "
        "escalated, resolved, ...). Default: none.",
    )
    webhook_secret: str | None = Field(
        default=None,
        description="Shared secret; when set, each webhook carries X-Centric-Signature, the "
        "hex HMAC-SHA256 of the body.",
    )
    sweep_seconds: int = Field(
        default=300,
        ge=10,
        description="How often the web server evaluates alert rules, escalates overdue cases "
        "and retries notifications, in seconds.",
    )
    pipeline_seconds: int = Field(
        default=0,
        ge=0,
        description="How often the web server runs the whole pipeline (ingest declared sources, "
        "resolve, annotate, summarise, cases), picking up new files where the sources point, "
        "in seconds; 0 turns it off (admins can still run it from the Data health page).",
    )

    @property
    def resolved_warehouse_path(self) -> Path:
        """The warehouse file, absolute."""
        path = self.warehouse_path or Path(WAREHOUSE_FILE)
        return path if path.is_absolute() else (self.workspace / path).resolve()

    @property
    def resolved_spark_path(self) -> Path:
        """The folder of the Parquet copy Spark reads, absolute."""
        path = self.spark_path or Path(SPARK_FOLDER)
        return path if path.is_absolute() else (self.workspace / path).resolve()

    @property
    def resolved_app_db_url(self) -> str:
        """The app-DB URL, defaulting to the workspace's SQLite file."""
        if self.app_db_url:
            return self.app_db_url
        return f"sqlite:///{(self.workspace / APP_DB_FILE).resolve()}"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],  # noqa: ARG003  # signature fixed by pydantic-settings
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        del dotenv_settings, file_secret_settings  # Centric reads no .env or secret files
        return (init_settings, env_settings)


class _WorkspaceFileSettings(PydanticBaseSettingsSource):
    """Supplies the ``[settings]`` table of ``centric.toml`` below the environment."""

    def __init__(self, settings_cls: type[BaseSettings], values: dict[str, Any]) -> None:
        super().__init__(settings_cls)
        self._values = values

    def get_field_value(
        self,
        field: FieldInfo,  # noqa: ARG002  # signature fixed by pydantic-settings
        field_name: str,
    ) -> tuple[Any, str, bool]:
        return self._values.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(self._values)


class WorkspaceFile(BaseModel):
    """The parsed ``centric.toml``: settings, the declared sources and the alert rules.

    Sources and rules stay plain tables here; the ingest and cases domains validate them with
    their own schemas so that their rules live in one place.
    """

    model_config = ConfigDict(extra="forbid")

    settings: dict[str, Any] = Field(default_factory=dict)
    sources: list[dict[str, Any]] = Field(default_factory=list)
    rules: list[dict[str, Any]] = Field(default_factory=list)
    identity: dict[str, Any] = Field(default_factory=dict)
    path: Path


def read_workspace_file(workspace: Path) -> WorkspaceFile:
    """Parse ``centric.toml`` in a workspace.

    Args:
        workspace: The workspace folder.

    Returns:
        The parsed file.

    Raises:
        NotFoundError: The folder has no ``centric.toml``.
        ConfigurationError: The file is not valid TOML or has unknown top-level tables.
    """
    path = workspace / CONFIG_FILE
    if not path.is_file():
        raise NotFoundError(
            f"No workspace at '{workspace}': {CONFIG_FILE} is missing.",
            hint=f"Run 'centric init {workspace}' first, or pass --workspace DIR.",
        )
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigurationError(
            f"{path} is not valid TOML: {exc}", hint="Fix the line named above and run again."
        ) from exc
    unknown = sorted(set(raw) - {"settings", "sources", "rules", "identity"})
    if unknown:
        raise ConfigurationError(
            f"{path} has unknown table(s): {', '.join(unknown)}.",
            hint="Only [settings], [[sources]], [[rules]] and [identity] are read; "
            "see docs/configuration.md.",
        )
    try:
        return WorkspaceFile(
            settings=raw.get("settings", {}),
            sources=raw.get("sources", []),
            rules=raw.get("rules", []),
            identity=raw.get("identity", {}),
            path=path,
        )
    except ValidationError as exc:
        wrong = sorted({str(err["loc"][0]) for err in exc.errors() if err["loc"]})
        raise ConfigurationError(
            f"{path}: {', '.join(wrong)} has the wrong shape.",
            hint="Write settings as one [settings] table, and each source or rule as its own "
            "[[sources]] or [[rules]] entry (double brackets).",
        ) from exc


def load_settings(workspace: Path, **overrides: Any) -> Settings:
    """Load settings for a workspace with the documented precedence.

    Args:
        workspace: The workspace folder (must contain ``centric.toml``).
        **overrides: Values given explicitly, e.g. CLI flags; ``None`` values are ignored.

    Returns:
        The effective settings.

    Raises:
        ConfigurationError: A value is invalid; the message names the setting and the value.
    """
    file_values = read_workspace_file(workspace).settings
    explicit = {key: value for key, value in overrides.items() if value is not None}
    explicit["workspace"] = workspace.resolve()
    return build_settings(file_values, explicit, origin=str(workspace / CONFIG_FILE))


def build_settings(
    file_values: dict[str, Any], explicit: dict[str, Any], *, origin: str
) -> Settings:
    """Combine file values and explicit values into settings (environment sits between them)."""

    class _Loaded(Settings):
        @classmethod
        def settings_customise_sources(
            cls,
            settings_cls: type[BaseSettings],
            init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,
            dotenv_settings: PydanticBaseSettingsSource,
            file_secret_settings: PydanticBaseSettingsSource,
        ) -> tuple[PydanticBaseSettingsSource, ...]:
            del dotenv_settings, file_secret_settings
            return (init_settings, env_settings, _WorkspaceFileSettings(settings_cls, file_values))

    try:
        loaded = _Loaded(**explicit)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in err['loc'])}={err.get('input')!r}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigurationError(
            f"Invalid setting in {origin} or CENTRIC_* environment: {problems}",
            hint="See docs/configuration.md for every setting and its allowed values.",
        ) from exc
    return loaded


__all__ = [
    "APP_DB_FILE",
    "CONFIG_FILE",
    "WAREHOUSE_FILE",
    "Settings",
    "WorkspaceFile",
    "build_settings",
    "load_settings",
    "read_workspace_file",
]
