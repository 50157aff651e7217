"""Installed model packages, one a language, each loaded once a process on first use."""

import importlib.util
import logging
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from threading import Lock
from typing import Generic, TypeVar

import spacy
from spacy.language import Language

from workers.runtime.errors import ConfigurationError

logger = logging.getLogger(__name__)

Model = TypeVar("Model")


class LanguageRegistry(ABC, Generic[Model]):
    """Which package serves which language; `_load` builds its model once."""

    def __init__(self, packages: Mapping[str, str], purpose: str, fix: str) -> None:
        """Fail now, naming `fix`, if a package is not installed."""
        self._packages = dict(packages)
        self._loaded: dict[str, Model] = {}
        self._lock = Lock()
        for language, package in self._packages.items():
            if importlib.util.find_spec(package) is None:
                raise ConfigurationError(
                    f"model package {package!r} for {language!r} ({purpose}) is not "
                    f"installed; {fix}"
                )

    def package(self, language: str) -> str | None:
        """The package that serves `language`, if any."""
        return self._packages.get(language)

    def get(self, language: str) -> Model | None:
        """The loaded model for `language`, or None when there is none."""
        package = self._packages.get(language)
        if package is None:
            return None
        with self._lock:
            if language not in self._loaded:
                self._loaded[language] = self._load(language, package)
            return self._loaded[language]

    def preload(self) -> None:
        """Load every model now, so the first messages do not wait."""
        for language in self._packages:
            self.get(language)

    @abstractmethod
    def _load(self, language: str, package: str) -> Model:
        """Build the model of `package` for `language`."""


class PipelineRegistry(LanguageRegistry[Language]):
    """spaCy pipelines loaded without the `exclude`d components."""

    def __init__(
        self, packages: Mapping[str, str], exclude: Sequence[str], purpose: str
    ) -> None:
        super().__init__(
            packages,
            purpose,
            "reinstall the project (`make install`) or the worker's extra",
        )
        self._exclude = list(exclude)

    def _load(self, language: str, package: str) -> Language:
        logger.info("loading spaCy package %s for %s", package, language)
        return spacy.load(package, exclude=self._exclude)
