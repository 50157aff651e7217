"""TopicSpec: a Kafka topic's name, its message model and its broker settings."""

from dataclasses import dataclass, field

from pydantic import BaseModel

DAY_MS = 24 * 60 * 60 * 1000


@dataclass(frozen=True)
class TopicSpec:
    """One topic of the contract: what it carries and how the broker keeps it."""

    name: str
    model: type[BaseModel] | None
    partitions: int = 6
    retention_ms: int = 7 * DAY_MS
    cleanup_policy: str = "delete"
    description: str = ""
    extra_config: dict[str, str] = field(default_factory=dict)

    def config(self) -> dict[str, str]:
        """Topic-level broker configuration, as `kafka-topics --config` takes it."""
        return {
            "retention.ms": str(self.retention_ms),
            "cleanup.policy": self.cleanup_policy,
            **self.extra_config,
        }
