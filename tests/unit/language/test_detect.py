"""Language detection: cleaning, the und threshold, the hint, determinism."""

import pytest

from tests.factories import make_article
from tests.unit.language.fakes import FixedBackend
from topics.article import LanguageCandidate
from workers.language.clean import clean_text
from workers.language.detect import LanguageDetector, _with_hint
from workers.language.strategy import Single


def test_sample_article_is_french(detector, sample_article):
    enriched = detector(sample_article)
    assert enriched.language.code == "fr"
    assert enriched.language.confidence > 0.9
    assert enriched.language.detector in {"fasttext", "fasttext+lingua"}
    assert enriched.text == sample_article.text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The minister said talks with Beijing would continue next week.", "en"),
        (
            "Die Regierung hat am Dienstag neue Sanktionen gegen Russland beschlossen.",
            "de",
        ),
        ("El presidente se reunió con su homólogo chino en la capital.", "es"),
        ("Президент заявил, что переговоры продолжатся на следующей неделе.", "ru"),
        ("中国外交部发言人表示，中俄关系处于历史最好水平。", "zh"),
    ],
)
def test_detects_common_languages(detector, text, code):
    assert detector.detect(None, text).code == code


def test_too_short_is_undetermined(detector):
    language = detector.detect(None, "ok")
    assert language.code == "und"
    assert language.confidence == 0.0


def test_too_uncertain_is_undetermined_but_keeps_candidates():
    unsure = FixedBackend([("es", 0.12), ("pt", 0.11)])
    language = LanguageDetector(Single(unsure), min_confidence=0.15).detect(
        None, "a casa"
    )
    assert language.code == "und"
    assert [c.code for c in language.candidates] == ["es", "pt"]


def test_same_text_same_answer(detector):
    text = "Rapport annuel publié hier soir"
    answers = {detector.detect(None, text).model_dump_json() for _ in range(5)}
    assert len(answers) == 1


def test_hint_cannot_override_a_clear_answer(detector):
    language = detector.detect(
        None, "Le gouvernement français a annoncé des mesures.", "en"
    )
    assert language.code == "fr"


@pytest.mark.parametrize(
    ("candidates", "hint", "chosen"),
    [
        ([("es", 0.55), ("pt", 0.45)], "pt", "pt"),  # close call: the prior decides
        ([("es", 0.90), ("pt", 0.10)], "pt", "es"),  # clear lead: the hint is ignored
        ([("es", 0.55), ("pt", 0.45)], "de", "es"),  # hint not among candidates
        ([("es", 0.55), ("pt", 0.45)], None, "es"),
    ],
)
def test_hint_is_a_prior(candidates, hint, chosen):
    options = [LanguageCandidate(code=c, probability=p) for c, p in candidates]
    assert _with_hint(options, hint).code == chosen


def test_cleaning_drops_urls_email_and_furniture():
    text = (
        "Visit https://example.com/a?b=1 or write to desk@example.com\n"
        "Photo : Xinhua\nComment (0)\nSource : https://x.vn/a\nLe texte reste."
    )
    cleaned = clean_text("Titre", text, max_chars=1_000)
    assert "example.com" not in cleaned
    assert "Xinhua" not in cleaned
    assert "Comment" not in cleaned
    assert cleaned.startswith("Titre") and cleaned.endswith("Le texte reste.")


@pytest.mark.parametrize(
    "byline",
    [
        "Hoai Phuong (selon CCTV, TASS, SCMP)",
        "By Jane Doe, Reuters",
        "Par Marie Dupont",
    ],
)
def test_cleaning_drops_bylines(byline):
    cleaned = clean_text(None, f"Le texte de l'article.\n{byline}\nSuite.", 1_000)
    assert cleaned == "Le texte de l'article. Suite."


def test_long_articles_are_read_up_to_the_cap():
    assert len(clean_text(None, "mot " * 5_000, max_chars=2_000)) == 2_000


def test_zh_variants_map_to_iso_639_1(detector):
    article = make_article("我们今天讨论了两国之间的经济合作和贸易关系。")
    assert detector(article).language.code == "zh"
