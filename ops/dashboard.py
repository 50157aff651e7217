"""The Grafana dashboard's queries, run against a real Prometheus, drawn as a PNG.

Grafana is not installable everywhere (not on the development machine), so the
picture in the README comes from here: the same PromQL as
`ops/grafana/dashboards/newsenrich.json`, queried over a time range, one subplot
per panel. `python -m ops.dashboard --prometheus URL --out docs/dashboard.png`.
"""

import argparse
import json
import math
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workers.runtime.errors import ToolError

DASHBOARD = Path(__file__).parent / "grafana" / "dashboards" / "newsenrich.json"


@dataclass(frozen=True)
class Target:
    """One query of a panel, with Grafana's legend template."""

    expr: str
    legend: str


@dataclass(frozen=True)
class Panel:
    """One dashboard panel."""

    title: str
    unit: str
    targets: tuple[Target, ...]


def load_panels(path: Path = DASHBOARD) -> list[Panel]:
    """The panels of a Grafana dashboard JSON file."""
    dashboard = json.loads(path.read_text(encoding="utf-8"))
    return [
        Panel(
            panel["title"],
            panel.get("fieldConfig", {}).get("defaults", {}).get("unit", ""),
            tuple(
                Target(t["expr"], t.get("legendFormat", "")) for t in panel["targets"]
            ),
        )
        for panel in dashboard["panels"]
    ]


class PrometheusError(ToolError):
    """Prometheus answered with an error (a bad query, or it is unreachable)."""


def api(base_url: str, endpoint: str, **params: str) -> Any:
    """GET /api/v1/<endpoint>; the `data` of a successful answer."""
    url = f"{base_url}/api/v1/{endpoint}?{urllib.parse.urlencode(params)}"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            body = json.load(response)
    except urllib.error.HTTPError as error:
        body = json.load(error)
    if body.get("status") != "success":
        raise PrometheusError(f"{endpoint} {params}: {body.get('error', body)}")
    return body["data"]


def legend(template: str, labels: dict[str, str]) -> str:
    """Grafana's `{{label}}` legend, filled in."""
    text = template
    for name, value in labels.items():
        text = text.replace("{{" + name + "}}", value)
    return text or ",".join(f"{k}={v}" for k, v in labels.items()) or "value"


def render(
    base_url: str, out: Path, start: float, end: float, step: float = 5.0
) -> dict[str, int]:
    """Draw every panel over [start, end]; returns the series drawn per panel."""
    import matplotlib  # local: only the rendering needs it

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = load_panels()
    columns = 2
    rows = math.ceil(len(panels) / columns)
    figure, axes = plt.subplots(rows, columns, figsize=(16, 3.2 * rows))
    drawn: dict[str, int] = {}
    for axis, panel in zip(axes.flat, panels, strict=False):
        drawn[panel.title] = 0
        for target in panel.targets:
            data = api(
                base_url,
                "query_range",
                query=target.expr,
                start=str(start),
                end=str(end),
                step=str(step),
            )
            for series in data["result"]:
                points = [
                    (float(t) - start, float(v))
                    for t, v in series["values"]
                    if not math.isnan(float(v))
                ]
                if points:
                    xs, ys = zip(*points, strict=True)
                    axis.plot(xs, ys, label=legend(target.legend, series["metric"]))
                    drawn[panel.title] += 1
        axis.set_title(panel.title, fontsize=10)
        axis.set_xlabel("seconds into the run", fontsize=8)
        axis.set_ylabel(panel.unit, fontsize=8)
        axis.tick_params(labelsize=7)
        if drawn[panel.title]:
            axis.legend(fontsize=7, loc="upper left", ncols=2)
        else:
            axis.text(0.5, 0.5, "no data", ha="center", transform=axis.transAxes)
    for axis in list(axes.flat)[len(panels) :]:
        axis.set_visible(False)
    figure.suptitle(
        "newsenrich dashboard: panel queries from Prometheus, drawn with matplotlib",
        fontsize=12,
    )
    figure.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, dpi=80)
    plt.close(figure)
    return drawn


def main() -> None:
    """`python -m ops.dashboard --prometheus URL --out FILE [--minutes N]`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--prometheus", default="http://localhost:9090")
    parser.add_argument("--out", type=Path, default=Path("docs/dashboard.png"))
    parser.add_argument("--minutes", type=float, default=15.0)
    args = parser.parse_args()
    end = time.time()
    drawn = render(args.prometheus, args.out, end - args.minutes * 60, end)
    for title, count in drawn.items():
        print(f"{count:3d} series  {title}")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
