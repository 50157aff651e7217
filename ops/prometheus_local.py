"""A local Prometheus (Debian's package) scraping workers on loopback, with our alerts.

Used by the observability test and by `newsenrich bench --dashboard`: the same
rules as docker-compose, a 1 s scrape interval, and targets in a file that the
caller rewrites as workers come and go.
"""

import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from types import TracebackType

import yaml

from ops.kafka.broker import free_port
from workers.runtime.errors import ToolError

ALERTS = Path(__file__).parent / "prometheus" / "alerts.yml"
READY_TIMEOUT_S = 60.0


class PrometheusUnavailable(ToolError):
    """The prometheus binary is missing or did not start."""


class LocalPrometheus:
    """`with LocalPrometheus(home) as prom: prom.set_targets({...}); prom.url`."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._targets = home / "targets.yml"
        self._process: subprocess.Popen[bytes] | None = None

    def set_targets(self, targets: dict[str, list[int]]) -> None:
        """Scrape these loopback ports, labelled service=<key>."""
        entries = [
            {
                "targets": [f"127.0.0.1:{port}" for port in ports],
                "labels": {"service": service},
            }
            for service, ports in targets.items()
        ]
        self._targets.write_text(yaml.safe_dump(entries), encoding="utf-8")

    def __enter__(self) -> "LocalPrometheus":
        binary = shutil.which("prometheus")
        if binary is None:
            raise PrometheusUnavailable(
                "prometheus is not on PATH (Debian: apt-get install prometheus)"
            )
        self.home.mkdir(parents=True, exist_ok=True)
        self.set_targets({})
        config = self.home / "prometheus.yml"
        config.write_text(yaml.safe_dump(self._config()), encoding="utf-8")
        with (self.home / "prometheus.log").open("wb") as log:
            self._process = subprocess.Popen(
                [
                    binary,
                    f"--config.file={config}",
                    f"--storage.tsdb.path={self.home / 'tsdb'}",
                    f"--web.listen-address=127.0.0.1:{self.port}",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            self._process.wait(timeout=30)

    def _config(self) -> dict[str, object]:
        return {
            "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
            "rule_files": [str(ALERTS)],
            "scrape_configs": [
                {
                    "job_name": "newsenrich",
                    "file_sd_configs": [
                        {"files": [str(self._targets)], "refresh_interval": "1s"}
                    ],
                }
            ],
        }

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._process is None or self._process.poll() is not None:
                raise PrometheusUnavailable(
                    f"prometheus exited while starting; see {self.home}/prometheus.log"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/-/ready", timeout=2):  # noqa: S310 - our own loopback URL
                    return
            except OSError:
                time.sleep(0.5)
        raise PrometheusUnavailable(f"prometheus not ready in {READY_TIMEOUT_S:.0f}s")
