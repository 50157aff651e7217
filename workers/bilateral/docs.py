"""spaCy Docs built from another parser's tokens, so that one set of role rules
reads every parse: natasha's (Russian) and the one the entities stage carries on
the topic (Japanese: GiNZA's)."""

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc
from spacy.vocab import Vocab

from topics.article import Syntax
from workers.bilateral.sentences import Sentence

# Languages whose complements come before their verb ("援助を行った"): readers
# that look for a verb's objects after it look on both sides in their Docs.
HEAD_FINAL_LANGUAGES = frozenset({"ja"})
HEAD_FINAL = "head_final"  # the key in Doc.user_data


def head_final(doc: Doc) -> bool:
    """Whether the Doc's language puts complements before the verb."""
    return bool(doc.user_data.get(HEAD_FINAL, False))


@dataclass(frozen=True)
class ParsedToken:
    """A token: offsets into the text, its head's index among the tokens."""

    start: int
    end: int
    head: int
    dep: str
    pos: str
    lemma: str


def build_doc(vocab: Vocab, text: str, tokens: Sequence[ParsedToken]) -> Doc:
    """A Doc whose text (and every character offset) is exactly `text`.

    Any gap between tokens wider than one space becomes a token of its own,
    hung on the word before it; a head outside `tokens` makes a root.
    """
    words: list[str] = []
    spaces: list[bool] = []
    position: list[int] = []  # each token's index among the Doc's words
    gaps: list[int] = []
    cursor = 0
    for i, token in enumerate(tokens):
        if token.start > cursor:  # text before the first token
            words.append(text[cursor : token.start])
            spaces.append(False)
            gaps.append(len(words) - 1)
        position.append(len(words))
        words.append(text[token.start : token.end])
        following = tokens[i + 1].start if i + 1 < len(tokens) else len(text)
        gap = text[token.end : following]
        spaces.append(gap.startswith(" "))
        if gap and gap != " ":
            words.append(gap[1:] if gap.startswith(" ") else gap)
            spaces.append(False)
            gaps.append(len(words) - 1)
        cursor = max(following, token.end)
    heads = list(range(len(words)))
    deps = ["dep"] * len(words)
    pos = ["SPACE"] * len(words)
    lemmas = list(words)
    for token, at in zip(tokens, position, strict=True):
        inside = 0 <= token.head < len(tokens)
        heads[at] = position[token.head] if inside else at
        deps[at] = "ROOT" if heads[at] == at else token.dep
        pos[at] = token.pos
        lemmas[at] = token.lemma
    for at in gaps:
        heads[at] = max(at - 1, 0)
        if heads[at] == at:
            deps[at] = "ROOT"
    return Doc(
        vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos,
        lemmas=lemmas,
    )  # fmt: skip


def sentence_docs(
    vocab: Vocab, syntax: Syntax, sentences: Sequence[Sentence], language: str
) -> list[Doc]:
    """A Doc per sentence from a parse of the whole text: the tokens inside it,
    heads renumbered; a token whose head lies outside the sentence is a root."""
    docs = []
    for sentence in sentences:
        first = bisect_left(syntax.starts, sentence.start)
        last = bisect_right(syntax.ends, sentence.end)  # one past the last inside
        tokens = [
            ParsedToken(
                syntax.starts[i] - sentence.start,
                syntax.ends[i] - sentence.start,
                syntax.heads[i] - first if first <= syntax.heads[i] < last else -1,
                syntax.deps[i],
                syntax.pos[i],
                syntax.lemmas[i],
            )
            for i in range(first, last)
        ]
        doc = build_doc(vocab, sentence.text, tokens)
        doc.user_data[HEAD_FINAL] = language in HEAD_FINAL_LANGUAGES
        docs.append(doc)
    return docs
