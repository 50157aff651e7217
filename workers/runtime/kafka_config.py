"""Connection settings for aiokafka clients and faust apps, from RuntimeSettings."""

import ssl
from typing import Any, Protocol, cast

from aiokafka.errors import KafkaConnectionError

from workers.runtime.errors import KafkaUnavailableError
from workers.runtime.settings import RuntimeSettings


class _Startable(Protocol):
    async def start(self) -> None: ...


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
        password = settings.sasl_password()
        config["sasl_plain_password"] = (
            password.get_secret_value() if password else None
        )
    context = ssl_context(settings)
    if context is not None:
        config["ssl_context"] = context
    return config


def ssl_context(settings: RuntimeSettings) -> ssl.SSLContext | None:
    """The TLS context for SSL and SASL_SSL: CA, and a client certificate if set."""
    if not settings.kafka_security_protocol.endswith("SSL"):
        return None
    from aiokafka.helpers import create_ssl_context

    key_password = settings.kafka_ssl_key_password
    context = create_ssl_context(
        cafile=settings.kafka_ssl_cafile,
        certfile=settings.kafka_ssl_certfile,
        keyfile=settings.kafka_ssl_keyfile,
        password=key_password.get_secret_value() if key_password else None,
    )
    return cast(ssl.SSLContext, context)


async def start_client(client: _Startable, settings: RuntimeSettings) -> None:
    """Start an aiokafka client; an unreachable broker becomes one clear error."""
    try:
        await client.start()
    except KafkaConnectionError as error:
        hint = (
            "start one with `newsenrich broker start` or set "
            "NEWS_KAFKA_BOOTSTRAP_SERVERS"
        )
        if settings.kafka_security_protocol != "PLAINTEXT":
            hint = (
                f"check the {settings.kafka_security_protocol} settings "
                "(NEWS_KAFKA_SASL_*, NEWS_KAFKA_SSL_*); the line above gives the "
                "broker's reason"
            )
        raise KafkaUnavailableError(
            f"cannot reach Kafka at {settings.kafka_bootstrap_servers} ({error}); "
            + hint
        ) from None
