"""What every name tagger gives the entities stage: spans of the text with a label."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from topics.article import EntityLabel, Syntax


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


@runtime_checkable
class ParsingTagger(NameTagger, Protocol):
    """A tagger whose model can parse in the same pass (GiNZA)."""

    def tag_and_parse(
        self, texts: Sequence[str]
    ) -> list[tuple[list[Name], Syntax | None]]:
        """Each text's names, and its parse where the model parses (else None)."""
        ...
