"""Connection settings for aiokafka clients and faust apps, from RuntimeSettings."""

from typing import Any

from workers.runtime.settings import RuntimeSettings


def bootstrap_servers(settings: RuntimeSettings) -> list[str]:
    """The comma-separated bootstrap list as host:port entries."""
    return [
        server.strip()
        for server in settings.kafka_bootstrap_servers.split(",")
        if server
    ]


def client_config(settings: RuntimeSettings) -> dict[str, Any]:
    """Keyword arguments for any aiokafka client (producer, consumer, admin)."""
    config: dict[str, Any] = {
        "bootstrap_servers": bootstrap_servers(settings),
        "security_protocol": settings.kafka_security_protocol,
    }
    if settings.kafka_sasl_mechanism:
        config["sasl_mechanism"] = settings.kafka_sasl_mechanism
        config["sasl_plain_username"] = settings.kafka_sasl_username
        password = settings.kafka_sasl_password
        config["sasl_plain_password"] = (
            password.get_secret_value() if password else None
        )
    if settings.kafka_ssl_cafile:
        from aiokafka.helpers import create_ssl_context

        config["ssl_context"] = create_ssl_context(cafile=settings.kafka_ssl_cafile)
    return config
