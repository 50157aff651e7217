"""Settings every worker shares, read from NEWS_* environment variables."""

from typing import Literal, TypeVar

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict


class SettingsError(ValueError):
    """An environment variable holds a value the workers cannot use."""


class RuntimeSettings(BaseSettings):
    """Settings every worker and the CLI share (NEWS_*)."""

    model_config = SettingsConfigDict(env_prefix="NEWS_", frozen=True, extra="ignore")

    kafka_bootstrap_servers: str = Field(default="localhost:9092", min_length=1)
    kafka_security_protocol: Literal[
        "PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"
    ] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = (
        None
    )
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: str | None = None
    topic_replication_factor: int = Field(default=1, ge=1)
    metrics_port: int = Field(
        default=9000, ge=0, le=65535, description="0 disables /metrics"
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "text"] = "text"
    batch_size: int = Field(default=32, ge=1, le=10_000)
    batch_timeout_s: float = Field(default=0.05, gt=0, le=60)
    max_message_bytes: int = Field(default=1_000_000, ge=1_024)
    commit_interval_s: float = Field(default=1.0, gt=0, le=300)
    auto_offset_reset: Literal["earliest", "latest"] = "earliest"
    max_attempts: int = Field(
        default=3, ge=1, le=100, description="tries of a transient failure"
    )


S = TypeVar("S", bound=BaseSettings)


def load_settings(cls: type[S]) -> S:
    """Read settings from the environment; each bad value becomes one clear line."""
    try:
        return cls()
    except ValidationError as error:
        prefix = str(cls.model_config.get("env_prefix", ""))
        problems = [
            f"{prefix}{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
            f" (got {e.get('input')!r})"
            for e in error.errors()
        ]
        raise SettingsError("invalid settings:\n  " + "\n  ".join(problems)) from None
