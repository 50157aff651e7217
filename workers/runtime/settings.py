"""Settings every worker shares, read from NEWS_* environment variables."""

import socket
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from workers.runtime.errors import SettingsError
from workers.runtime.stage import ExecutorMode

ProcessingGuarantee = Literal["at_least_once", "exactly_once"]


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
    kafka_sasl_password_file: Path | None = Field(
        default=None,
        description="a file holding the SASL password (a mounted secret): "
        "the password stays out of the environment",
    )
    kafka_ssl_cafile: str | None = None
    kafka_ssl_certfile: str | None = Field(
        default=None, description="client certificate (PEM), for mutual TLS"
    )
    kafka_ssl_keyfile: str | None = Field(
        default=None, description="the certificate's private key (PEM)"
    )
    kafka_ssl_key_password: SecretStr | None = None
    access_retry_s: float = Field(
        default=30.0,
        ge=0.1,
        le=3600,
        description="how often a worker missing ACLs asks the broker again",
    )
    topic_replication_factor: int = Field(default=1, ge=1)
    topic_min_insync_replicas: int | None = Field(
        default=None,
        ge=1,
        description="min.insync.replicas of created topics (default: the broker's)",
    )
    metrics_port: int = Field(
        default=9000, ge=0, le=65535, description="0 disables /metrics"
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "text"] = "text"
    batch_size: int | None = Field(
        default=None,
        ge=1,
        le=10_000,
        description="messages enriched together; unset: the stage's measured choice",
    )
    batch_timeout_s: float = Field(default=0.05, gt=0, le=60)
    max_message_bytes: int = Field(default=1_000_000, ge=1_024)
    # Enriched records run to ~9 KB: with the client's 16 KiB default each went to
    # the broker in a batch of its own, which cost the broker a core at 1,500/s.
    producer_batch_bytes: int = Field(
        default=524_288,
        ge=1_024,
        le=1_000_000,
        description="largest batch of records sent to one partition in one request",
    )
    # Compressed per batch on the producer, kept so by the broker and undone by the
    # consumer (the codecs come from cramjam, a dependency).
    producer_compression: Literal["none", "gzip", "snappy", "lz4", "zstd"] = Field(
        default="none",
        description="codec for the records a worker produces",
    )
    commit_interval_s: float = Field(default=1.0, gt=0, le=300)
    auto_offset_reset: Literal["earliest", "latest"] = "earliest"
    processing_guarantee: ProcessingGuarantee = Field(
        default="at_least_once",
        description="exactly_once: outputs and offsets commit in one transaction",
    )
    enrich_executor: ExecutorMode | None = Field(
        default=None,
        description="where batches are enriched; unset: the stage's measured choice",
    )
    # Compose gives each replica its own host name; two replicas of one worker on
    # one host need their own values, or the broker fences one of them.
    instance_id: str = Field(
        default_factory=socket.gethostname,
        max_length=200,
        description="this replica's static group identity; empty: dynamic membership",
    )

    def batch_for(self, stage_batch_size: int) -> int:
        """The batch size a worker takes: NEWS_BATCH_SIZE, else its stage's own."""
        return self.batch_size or stage_batch_size

    @property
    def producer_codec(self) -> str | None:
        """`producer_compression` as the clients take it: None for "none"."""
        codec = self.producer_compression
        return None if codec == "none" else codec

    def sasl_password(self) -> SecretStr | None:
        """The SASL password: NEWS_KAFKA_SASL_PASSWORD, or read from its file
        (each time it is asked for: a client started later gets a rotated one)."""
        path = self.kafka_sasl_password_file
        if path is None:
            return self.kafka_sasl_password
        return SecretStr(path.read_text(encoding="utf-8").rstrip("\r\n"))

    @model_validator(mode="after")
    def _sasl_is_complete(self) -> "RuntimeSettings":
        uses_sasl = self.kafka_security_protocol.startswith("SASL")
        path = self.kafka_sasl_password_file
        if path is not None:
            if self.kafka_sasl_password is not None:
                raise ValueError(
                    "set NEWS_KAFKA_SASL_PASSWORD or NEWS_KAFKA_SASL_PASSWORD_FILE, "
                    "not both"
                )
            try:
                password = self.sasl_password()
                readable = password is not None and bool(password.get_secret_value())
            except OSError as error:
                raise ValueError(
                    f"NEWS_KAFKA_SASL_PASSWORD_FILE {path} cannot be read: "
                    f"{error.strerror}"
                ) from None
            if not readable:
                raise ValueError(f"NEWS_KAFKA_SASL_PASSWORD_FILE {path} is empty")
        if uses_sasl and not (
            self.kafka_sasl_mechanism
            and self.kafka_sasl_username
            and (self.kafka_sasl_password or path)
        ):
            raise ValueError(
                f"{self.kafka_security_protocol} needs NEWS_KAFKA_SASL_MECHANISM, "
                "NEWS_KAFKA_SASL_USERNAME and NEWS_KAFKA_SASL_PASSWORD (or "
                "NEWS_KAFKA_SASL_PASSWORD_FILE)"
            )
        if self.kafka_sasl_mechanism and not uses_sasl:
            raise ValueError(
                "NEWS_KAFKA_SASL_MECHANISM is set but NEWS_KAFKA_SECURITY_PROTOCOL is "
                f"{self.kafka_security_protocol}; use SASL_SSL or SASL_PLAINTEXT"
            )
        return self

    @model_validator(mode="after")
    def _insync_fits_replicas(self) -> "RuntimeSettings":
        wanted = self.topic_min_insync_replicas
        if wanted is not None and wanted > self.topic_replication_factor:
            raise ValueError(
                f"NEWS_TOPIC_MIN_INSYNC_REPLICAS={wanted} exceeds "
                f"NEWS_TOPIC_REPLICATION_FACTOR={self.topic_replication_factor}: "
                "no write could ever succeed"
            )
        return self


S = TypeVar("S", bound=BaseSettings)


def load_settings(cls: type[S]) -> S:
    """Read settings from the environment; each bad value becomes one clear line."""
    try:
        return cls()
    except ValidationError as error:
        prefix = str(cls.model_config.get("env_prefix", ""))
        problems = [_describe(prefix, e) for e in error.errors()]
        raise SettingsError("invalid settings:\n  " + "\n  ".join(problems)) from None


def _describe(prefix: str, error: Any) -> str:
    """One line per problem; never echoes a whole model's input or a secret."""
    message = str(error["msg"]).removeprefix("Value error, ")
    if not error["loc"]:
        return message
    name = prefix + "_".join(str(p) for p in error["loc"]).upper()
    if "PASSWORD" in name:
        return f"{name}: {message}"
    return f"{name}: {message} (got {error.get('input')!r})"
