"""A local broker that authenticates and authorizes, for trying least privilege.

`newsenrich broker start --secure` runs the broker (or cluster) with a SASL_SSL
listener and KRaft's StandardAuthorizer (docs/security.md). Under the broker's
home it keeps `secrets/`: one password file per principal (the administrator
and one user per worker, made once: the users live in the formatted metadata)
and one `<user>.env` per principal with the NEWS_* settings that reach the
broker as that user, the password by file. The TLS material is made afresh on
each start.
"""

import secrets
import shutil
from pathlib import Path

from ops.kafka.broker import BrokerError, SaslSslListener, read_state
from ops.kafka.cluster import read_cluster
from ops.kafka.tls import TestPki, make_test_pki
from workers.runtime.acls import default_users

ADMIN = "newsenrich-admin"


def secure_listener(home: Path) -> SaslSslListener:
    """The listener for a broker under `home`: fresh TLS, the kept passwords."""
    if read_state(home) is not None or read_cluster(home) is not None:
        # Its clients' settings name this TLS material: keep it while it runs.
        raise BrokerError(f"a broker already runs from {home}")
    shutil.rmtree(home / "pki", ignore_errors=True)
    users = [ADMIN, *default_users().values()]
    vault = home / "secrets"
    vault.mkdir(parents=True, exist_ok=True)
    vault.chmod(0o700)
    passwords = {user: _password(vault / user) for user in users}
    return SaslSslListener(make_test_pki(home / "pki"), passwords, super_users=(ADMIN,))


def write_client_envs(
    home: Path, bootstrap: str, pki: TestPki, extra: dict[str, str] | None = None
) -> list[Path]:
    """`secrets/<user>.env` for each principal: `set -a; . FILE` to act as it;
    `extra`: more settings for every one (a cluster's replication)."""
    written = []
    for password_file in sorted((home / "secrets").iterdir()):
        if password_file.suffix:
            continue  # an .env written before
        settings = {
            "NEWS_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "NEWS_KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
            "NEWS_KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
            "NEWS_KAFKA_SASL_USERNAME": password_file.name,
            "NEWS_KAFKA_SASL_PASSWORD_FILE": str(password_file),
            "NEWS_KAFKA_SSL_CAFILE": str(pki.ca_cert),
            "NEWS_KAFKA_SSL_CERTFILE": str(pki.client_cert),
            "NEWS_KAFKA_SSL_KEYFILE": str(pki.client_key),
            **(extra or {}),
        }
        env = password_file.with_name(f"{password_file.name}.env")
        env.write_text("".join(f"{k}={v}\n" for k, v in settings.items()), "utf-8")
        written.append(env)
    return written


def _password(path: Path) -> str:
    if not path.exists():
        path.write_text(secrets.token_urlsafe(24), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()
