"""Sentence boundaries: the quick pattern cuts where the first one did."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from workers.bilateral.sentences import (
    WRAP_WIDTH,
    boundary_spans,
    split_sentences,
    without_dateline,
)

# The boundary as first written: clear, but tried at every character of a text.
REFERENCE = re.compile(r"(?<=[.!?…])[»\"”)]?\s+(?=[«\"“(A-ZÀ-ÖØ-Þ0-9])|\n+")
PIECES = ["Mr.", "U.S.", "a", "B", "é", "É", "1", ".", "?", "!", "…", "»", "«", '"']
PIECES += ["”", "“", ")", "(", " ", "  ", "\n", "\n\n", " \n", "\t", "x. Y", "x.\nY"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_boundaries_are_those_of_the_reference_pattern(text):
    assert boundary_spans(text) == [m.span() for m in REFERENCE.finditer(text)]


def test_sentences_with_quotes_abbreviations_and_newlines():
    text = 'Mr. Li said "never." Then he left!\nNext line. «Bien» dit-il. 2 more'
    assert [s.text for s in split_sentences(text)] == [
        'Mr. Li said "never."',
        "Then he left!",
        "Next line.",
        "«Bien» dit-il.",
        "2 more",
    ]
    assert all(text[s.start : s.end] == s.text for s in split_sentences(text))


def test_hard_wrapped_wire_text_runs_on_until_a_new_paragraph():
    text = (
        "Nigeria and Britain signed an agreement\n"
        "to reschedule Nigeria's official debts, sources said.\n"
        "    The Nigerians will go on to Paris for similar bilateral\n"
        "talks tomorrow.\n"
        "Short title line\n"
        "Body of the text follows here."
    )
    assert [" ".join(s.text.split()) for s in split_sentences(text)] == [
        "Nigeria and Britain signed an agreement to reschedule Nigeria's official "
        "debts, sources said.",
        "The Nigerians will go on to Paris for similar bilateral talks tomorrow.",
        "Short title line",
        "Body of the text follows here.",
    ]


def test_a_line_longer_than_any_wrapping_width_is_a_paragraph():
    caption = (
        "Le président chinois rencontre le secrétaire du Conseil de sécurité russe"
    )
    text = f"{caption} au Palais du Peuple, le 28 février. Photo : Xinhua\nCette fois."
    assert len(text.split("\n")[0]) > WRAP_WIDTH
    assert [s.text for s in split_sentences(text)][-1] == "Cette fois."


def test_a_wire_dateline_is_cut_from_the_first_sentence():
    text = "KABUL (Reuters) — Pakistan and India traded fire. More followed."
    first = without_dateline(split_sentences(text)[0])
    assert first.text == "Pakistan and India traded fire."
    assert text[first.start : first.end] == first.text
    plain = split_sentences("Pakistan and India traded fire.")[0]
    assert without_dateline(plain) == plain  # no dateline, nothing cut
    dated = split_sentences("TOKYO, March 3 - Japan protested.")[0]
    assert without_dateline(dated).text == "Japan protested."


def test_japanese_full_stops_end_a_sentence_with_no_space_after_them():
    text = "日本は抗議した。「中国は反対した。」ロシアは？Then English. More"
    assert [(s.text, s.start) for s in split_sentences(text)] == [
        ("日本は抗議した。", 0),
        ("「中国は反対した。」", 8),
        ("ロシアは？", 18),
        ("Then English.", 23),
        ("More", 37),
    ]
