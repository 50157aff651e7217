"""Shared fixtures: a real Kafka broker per session, clean NEWS_* settings, samples."""

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ops.kafka import broker
from topics.article import ArticleRaw
from workers.readers import read_articles
from workers.runtime.settings import RuntimeSettings

FIXTURES = Path(__file__).parent / "fixtures"
# Third-party evaluation data beside the checkout (never committed; see its README).
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SAMPLE = FIXTURES / "congluan-xi-shoigu-fr.txt"


@pytest.fixture(autouse=True)
def _clean_news_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests pass settings explicitly; stray NEWS_* variables must not leak in."""
    for name in list(os.environ):
        if name.startswith("NEWS_") and name != "NEWS_TEST_KAFKA_BOOTSTRAP":
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """A real broker: NEWS_TEST_KAFKA_BOOTSTRAP if set, else our own on free ports."""
    external = os.environ.get("NEWS_TEST_KAFKA_BOOTSTRAP")
    if external:
        yield external
        return
    with tempfile.TemporaryDirectory(prefix="newsenrich-kafka-") as home:
        state = broker.LocalBroker(Path(home)).start()
        try:
            yield state.bootstrap
        finally:
            broker.stop(Path(home))


@pytest.fixture
def kafka_settings(kafka_bootstrap: str) -> RuntimeSettings:
    """Runtime settings pointing at the session broker."""
    return RuntimeSettings(kafka_bootstrap_servers=kafka_bootstrap, metrics_port=0)


@pytest.fixture(scope="session")
def sample_article() -> ArticleRaw:
    """The reference article (congluan.vn, French), read as `publish` reads it."""
    result = next(read_articles(SAMPLE))
    assert result.article is not None, result.error
    return result.article


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data; CI has it beside the clone, so its absence is an error."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"evaluation data not found at {SHARED_DATA} (see DEVELOPERS.md)")
    return SHARED_DATA
