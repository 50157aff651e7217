"""A throwaway certificate authority for a local SASL_SSL listener (openssl CLI).

It signs one broker certificate (for 127.0.0.1 and localhost, bundled as a
PKCS#12 keystore that Kafka reads) and one client certificate (PEM, as the
workers read it), so that mutual TLS and SCRAM can be tested on one machine.
"""

import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from workers.runtime.errors import ToolError

VALID_DAYS = "30"


class TlsError(ToolError):
    """openssl is missing or refused to make a certificate."""


@dataclass(frozen=True)
class TestPki:
    """Paths (and the keystore password) of one throwaway PKI."""

    ca_cert: Path
    broker_keystore: Path
    broker_truststore: Path
    keystore_password: str
    client_cert: Path
    client_key: Path


def make_test_pki(directory: Path) -> TestPki:
    """Create a CA, a broker keystore and a client cert/key under `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(16)
    ca_key, ca_cert = directory / "ca.key", directory / "ca.pem"
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", VALID_DAYS,
        "-subj", "/CN=newsenrich test CA", "-keyout", ca_key, "-out", ca_cert,
    )  # fmt: skip
    broker_key, broker_cert = _signed(
        directory,
        "broker",
        ca_key,
        ca_cert,
        "subjectAltName=IP:127.0.0.1,DNS:localhost",
    )
    client_key, client_cert = _signed(directory, "client", ca_key, ca_cert, None)
    keystore = directory / "broker.p12"
    _openssl(
        "pkcs12", "-export", "-in", broker_cert, "-inkey", broker_key,
        "-certfile", ca_cert, "-name", "broker", "-out", keystore,
        "-passout", f"pass:{password}",
    )  # fmt: skip
    truststore = directory / "truststore.p12"
    _keytool_truststore(ca_cert, truststore, password)
    return TestPki(ca_cert, keystore, truststore, password, client_cert, client_key)


def _signed(
    directory: Path, name: str, ca_key: Path, ca_cert: Path, extension: str | None
) -> tuple[Path, Path]:
    key, request, cert = (directory / f"{name}.{ext}" for ext in ("key", "csr", "pem"))
    _openssl(
        "req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={name}",
        "-keyout", key, "-out", request,
    )  # fmt: skip
    extra: list[str | Path] = []
    if extension:
        extra = ["-extfile", _extension_file(directory, name, extension)]
    _openssl(
        "x509", "-req", "-in", request, "-CA", ca_cert, "-CAkey", ca_key,
        "-CAcreateserial", "-days", VALID_DAYS, "-out", cert, *extra,
    )  # fmt: skip
    return key, cert


def _extension_file(directory: Path, name: str, extension: str) -> Path:
    path = directory / f"{name}.ext"
    path.write_text(extension + "\n", encoding="utf-8")
    return path


def _keytool_truststore(ca_cert: Path, truststore: Path, password: str) -> None:
    # openssl's PKCS#12 of a bare certificate lacks the trusted-cert attribute Java
    # needs; keytool (shipped with the JDK that runs Kafka) writes the right one.
    keytool = shutil.which("keytool")
    if keytool is None:
        raise TlsError("keytool (from the JDK) is not on PATH")
    _run(
        keytool, "-importcert", "-noprompt", "-alias", "ca", "-file", ca_cert,
        "-keystore", truststore, "-storetype", "PKCS12", "-storepass", password,
    )  # fmt: skip


def _openssl(*args: str | Path) -> None:
    openssl = shutil.which("openssl")
    if openssl is None:
        raise TlsError("openssl is not on PATH")
    _run(openssl, *args)


def _run(*command: str | Path) -> None:
    result = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise TlsError(f"{Path(str(command[0])).name} failed:\n{result.stderr}")
