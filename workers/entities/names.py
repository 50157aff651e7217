"""What every name tagger gives the entities stage: spans of the text with a label."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from topics.article import EntityLabel


@dataclass(frozen=True)
class Name:
    """A name the model found: offsets into the text, its own label and ours."""

    start: int
    end: int
    model_label: str
    label: EntityLabel


class NameTagger(Protocol):
    """One language's tagger; `package` is the PyPI package whose model it runs."""

    @property
    def package(self) -> str:
        """The package named in `entity_tagger`."""
        ...

    def tag(self, texts: Sequence[str]) -> list[list[Name]]:
        """The names of each text, in order; labels outside the contract dropped."""
        ...
