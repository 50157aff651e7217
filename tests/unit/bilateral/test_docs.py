"""Docs built from another parser's tokens: offsets kept, heads renumbered."""

import pytest
import spacy

from topics.article import Syntax
from workers.bilateral.docs import ParsedToken, build_doc, sentence_docs
from workers.bilateral.sentences import Sentence


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("xx").vocab


def test_a_doc_keeps_the_text_and_every_offset(vocab):
    text = "  Russia  and China agreed."  # a gap before, and one wider than a space
    tokens = [
        ParsedToken(2, 8, 3, "nsubj", "PROPN", "Russia"),
        ParsedToken(10, 13, 2, "cc", "CCONJ", "and"),
        ParsedToken(14, 19, 0, "conj", "PROPN", "China"),
        ParsedToken(20, 26, 3, "ROOT", "VERB", "agree"),
        ParsedToken(26, 27, 3, "punct", "PUNCT", "."),
    ]
    doc = build_doc(vocab, text, tokens)
    assert doc.text == text
    china = doc.char_span(14, 19)
    assert china is not None
    assert china.root.dep_ == "conj"
    assert china.root.head.text == "Russia"
    agreed = doc.char_span(20, 26)
    assert agreed is not None
    assert agreed.root.dep_ == "ROOT"
    assert china.root.lower_ == "china"  # the vocabulary has lexical attributes


def test_sentences_of_a_carried_parse_get_their_own_tokens_and_roots(vocab):
    text = "日本は抗議した。中国は反対した。"
    syntax = Syntax(
        parser="test",
        starts=[0, 2, 3, 5, 7, 8, 10, 11, 13, 15],
        ends=[2, 3, 5, 7, 8, 10, 11, 13, 15, 16],
        heads=[2, 0, 2, 2, 2, 7, 5, 7, 7, 2],  # the last hangs across the boundary
        deps=["nsubj", "case", "ROOT", "aux", "punct"] * 2,
        pos=["PROPN", "ADP", "VERB", "AUX", "PUNCT"] * 2,
        lemmas=["日本", "は", "抗議", "する", "。", "中国", "は", "反対", "する", "。"],
    )
    first, second = sentence_docs(
        vocab, syntax, [Sentence(text[:8], 0, 8), Sentence(text[8:], 8, 16)], "ja"
    )
    assert first.text == "日本は抗議した。"
    assert second.text == "中国は反対した。"
    assert [t.head.i for t in second] == [2, 0, 2, 2, 4]  # renumbered; stray: root
    assert second[4].dep_ == "ROOT"
    assert second[0].head.lemma_ == "反対"


def test_a_parse_s_columns_must_align():
    with pytest.raises(ValueError, match="one entry per token"):
        Syntax(
            parser="p", starts=[0], ends=[1, 2], heads=[0], deps=["ROOT"],
            pos=["X"], lemmas=["a"],
        )  # fmt: skip
    with pytest.raises(ValueError, match="index of a token"):
        Syntax(
            parser="p", starts=[0], ends=[1], heads=[3], deps=["ROOT"],
            pos=["X"], lemmas=["a"],
        )  # fmt: skip
