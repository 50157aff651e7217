"""Installed spaCy packages, one a language, each loaded once a process on first use."""

import importlib.util
import logging
from collections.abc import Mapping, Sequence
from threading import Lock

import spacy
from spacy.language import Language

from workers.runtime.errors import ConfigurationError

logger = logging.getLogger(__name__)


class PipelineRegistry:
    """Which package serves which language, loaded without the `exclude`d components."""

    def __init__(
        self, packages: Mapping[str, str], exclude: Sequence[str], purpose: str
    ) -> None:
        self._packages = dict(packages)
        self._exclude = list(exclude)
        self._loaded: dict[str, Language] = {}
        self._lock = Lock()
        for language, package in self._packages.items():
            if importlib.util.find_spec(package) is None:
                raise ConfigurationError(
                    f"spaCy model package {package!r} for {language!r} ({purpose}) is "
                    "not installed; reinstall the project (`make install`) or the "
                    "worker's extra"
                )

    def package(self, language: str) -> str | None:
        """The package that serves `language`, if any."""
        return self._packages.get(language)

    def get(self, language: str) -> Language | None:
        """The loaded pipeline for `language`, or None when there is none."""
        package = self._packages.get(language)
        if package is None:
            return None
        with self._lock:
            if language not in self._loaded:
                logger.info("loading spaCy package %s for %s", package, language)
                self._loaded[language] = spacy.load(package, exclude=self._exclude)
            return self._loaded[language]

    def preload(self) -> None:
        """Load every pipeline now, so the first messages do not wait."""
        for language in self._packages:
            self.get(language)
