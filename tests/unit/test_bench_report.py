"""The benchmark's arithmetic and its report's shape (docs/bench.json)."""

from typing import Any, cast

import pytest

from ops.bench.inprocess import StageInput, StageWork, spread
from ops.bench.measure import KafkaRate, Latency, chunk_rates
from ops.bench.run import Options, _report, table
from topics.registry import ARTICLE_RAW, ARTICLE_TOPICS, WORKER_NAMES
from workers.runtime.stage import Stage


def test_chunk_rates_leave_out_the_warm_up_chunk():
    # 3 chunks of 3 outputs: the first (slow) one is left out.
    stamps = [0, 5000, 9000, 10_000, 10_500, 11_000, 12_000, 12_250, 12_500]
    assert chunk_rates(stamps, 3) == [2 / 1.0, 2 / 0.5]


def _rate(rate: float) -> KafkaRate:
    return KafkaRate(rate, [rate], 100.0)


def _sample_report() -> dict[str, Any]:
    inputs = {name: StageInput([b"x" * 2000] * 4, 1000.0) for name in WORKER_NAMES}
    rates = {name: _rate(500.0) for name in WORKER_NAMES}
    through = {name: _rate(2000.0) for name in WORKER_NAMES}
    through["language"] = _rate(4000.0)
    options = Options(4, 4, 1, 1.0, None, None)
    latency = Latency(0.1, 0.2, 0.3, 10)
    return _report(inputs, rates, _rate(900.0), through, latency, 250.0, options)


def test_report_has_each_stage_against_its_own_pass_through():
    report = _sample_report()
    credibility = report["stages"]["credibility"]
    assert credibility["ratio"] == pytest.approx(0.5)
    assert credibility["passthrough_rate"] == 2000.0
    assert credibility["passthrough_ratio"] == pytest.approx(0.25)
    assert credibility["record_kb"] == 2.0
    assert report["passthrough_rate"] == 4000.0  # raw articles: the first stage's
    assert report["scaling_entities"]["ratio"] == pytest.approx(1.8)
    assert set(report) >= {"e2e_latency_s", "offered_load", "rss_mb", "machine"}
    assert all(name in table(report) for name in WORKER_NAMES)


def test_a_limited_stage_input_spans_all_the_articles():
    values = [str(index).encode() for index in range(1000)]
    sample = spread(values, 150)
    assert len(sample) == 150
    assert sample[0] == b"0" and int(sample[-1]) > 800
    assert spread(values[:10], 150) == values[:10]


def test_peak_rss_is_read_from_proc_and_unknown_is_nan(tmp_path, monkeypatch):
    import math
    import os

    from ops import worker_process
    from workers.runtime import memory

    assert worker_process.peak_rss_mb(os.getpid()) > 1.0  # this Python process
    status = tmp_path / "status"
    status.write_text("Name:\tzombie\nState:\tZ\n", encoding="utf-8")
    monkeypatch.setattr(memory, "Path", lambda _: status)
    assert math.isnan(worker_process.peak_rss_mb(1))


def test_wire_bytes_compare_each_codec_with_the_json():
    from ops.bench.run import _wire
    from ops.bench.wire import CODECS, bytes_per_record

    record = b'{"id": "a", "text": "' + b"the same words again " * 50 + b'"}'
    sizes = bytes_per_record([record] * 64, 32)
    assert sizes["none"] == len(record)
    assert set(sizes) == {"none", *CODECS}
    assert all(sizes[codec] < len(record) / 4 for codec in CODECS)
    assert bytes_per_record([], 32) == {}

    stage = cast(Stage[Any, Any], None)  # _wire reads the outputs only
    work = {name: StageWork(stage, [], [record] * 3) for name in WORKER_NAMES}
    wire = _wire([record], work, dict.fromkeys(WORKER_NAMES, 32))
    assert list(wire) == [topic.name for topic in ARTICLE_TOPICS]
    assert wire[ARTICLE_RAW.name]["none"] == len(record)
    report = _sample_report() | {"wire_bytes_per_article": wire}
    assert all(topic.name in table(report) for topic in ARTICLE_TOPICS)
