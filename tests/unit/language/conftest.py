"""One loaded detector per session: lingua takes ~6 s and ~0.9 GB to load."""

import pytest

from workers.language.detect import LanguageDetector
from workers.language.worker import LanguageSettings, build_detector


@pytest.fixture(scope="session")
def detector() -> LanguageDetector:
    return build_detector(LanguageSettings())
