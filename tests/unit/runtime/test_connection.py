import logging

from workers.runtime.connection import ConnectionWatch


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _messages(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.endswith("connection")]


def test_a_lost_broker_is_said_once_reminded_each_interval_and_back_once(caplog):
    caplog.set_level(logging.INFO)
    clock = _Clock()
    watch = ConnectionWatch("kafka:9092", reminder_interval=60, clock=clock)
    watch.succeeded()  # connected all along: nothing to say
    for second in range(0, 150, 5):  # a lag reading every 5 s, all failing
        clock.now = float(second)
        watch.failed(ConnectionError("refused"))
    assert not watch.connected
    clock.now = 152.0
    watch.succeeded()
    watch.succeeded()

    assert _messages(caplog) == [
        "lost the connection to Kafka at kafka:9092: refused",
        "still no connection to Kafka at kafka:9092 after 60 s: refused",
        "still no connection to Kafka at kafka:9092 after 120 s: refused",
        "connection to Kafka at kafka:9092 is back after 152 s",
    ]
    assert watch.connected


def test_a_second_outage_is_reported_afresh(caplog):
    caplog.set_level(logging.INFO)
    clock = _Clock()
    watch = ConnectionWatch("b:1", clock=clock)
    watch.failed(OSError("down"))
    clock.now = 10.0
    watch.succeeded()
    clock.now = 20.0
    watch.failed(OSError("down again"))
    assert _messages(caplog)[-1] == "lost the connection to Kafka at b:1: down again"
