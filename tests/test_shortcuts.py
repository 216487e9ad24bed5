"""The reading layer's shortcuts (tests that skip work which cannot change the result) give what the
plain computation gives: on the demo and real-news texts, and on arbitrary text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stance import clean, sentences, tokens
from stance.clean import clean_text
from stance.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
# Characters around the shortcuts' edges: the letters a case-blind "i" or "s" also matches, a capital
# that lower-cases to two characters, white space of every kind, hyphens, word characters that are not
# letters.
EDGY = 'İıſKΣ \t\n\xa0\u3000-–_,.:;/“”"12٣abcBACAbacasimaklihatJUGAjuga'


def _texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "data" / "demo").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    realnews = ROOT.parent / "shared" / "realnews" / "dev.jsonl"
    if realnews.is_file():
        texts += [json.loads(line)["text"] for line in realnews.read_text(encoding="utf-8").splitlines()[:100]]
    return texts


def _plain_tokenize(text: str, bounds: list[tuple[int, int]]):
    """`tokens.tokenize` written the plain way: one match object per word, one step per token."""
    words, starts, ends = [], [], []
    for m in re.finditer(r"\w+", text):
        words.append(m.group(0))
        starts.append(m.start())
        ends.append(m.end())
    sentence, k = [], 0
    for s in starts:
        while k + 1 < len(bounds) and s >= bounds[k + 1][0]:
            k += 1
        sentence.append(k)
    reach = [1] * len(words)
    for i in range(len(words) - 2, -1, -1):
        if sentence[i] == sentence[i + 1] and tokens._JOINABLE.fullmatch(text, ends[i], starts[i + 1]):
            reach[i] = reach[i + 1] + 1
    return words, [w.lower() for w in words], starts, ends, sentence, reach


def _fields(t: tokens.Tokens):
    return t.words, t.lowers, t.starts, t.ends, t.sentence, t.reach


@pytest.mark.parametrize("raw", _texts())
def test_tokenize_is_the_plain_tokenizer(raw):
    text = clean_text(raw)
    bounds = split_sentences(text)
    assert _fields(tokens.tokenize(text, bounds)) == _plain_tokenize(text, bounds)


@given(st.text(alphabet=EDGY, max_size=80), st.lists(st.integers(0, 80), max_size=6))
def test_tokenize_is_the_plain_tokenizer_on_any_text(text, cuts):
    starts = sorted([0, *(c for c in cuts if c <= len(text))])  # repeated starts: empty sentences
    bounds = [(a, b) for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    assert _fields(tokens.tokenize(text, bounds)) == _plain_tokenize(text, bounds)


PLAIN_TEASER_START = re.compile(r"\b(?i:baca|simak|lihat)\s+(?i:juga|pula)(?:\s*:\s*|(?=[A-Z]))")


@given(st.text(alphabet=EDGY, max_size=60))
def test_teaser_pattern_matches_as_written_plainly(text):
    for candidate in (text, "BACA JUGA: " + text, "x" + text + " simak juga: X", "(L\u0130HAT JUGA Y" + text):
        found = [m.span() for m in clean._TEASER_START.finditer(candidate)]
        assert found == [m.span() for m in PLAIN_TEASER_START.finditer(candidate)]


@pytest.mark.parametrize("raw", _texts())
def test_teaser_pattern_matches_as_written_plainly_on_news(raw):
    assert [m.span() for m in clean._TEASER_START.finditer(raw)] == [m.span() for m in PLAIN_TEASER_START.finditer(raw)]


@given(st.text(alphabet=EDGY, max_size=60))
def test_teaser_test_never_skips_a_teaser(text):
    for candidate in (text, "BACA JUGA: " + text, text + " simak juga: X", "L\u0130HAT JUGA: X" + text):
        if clean._TEASER_START.search(candidate):
            assert clean._may_open_teaser(candidate)


@pytest.mark.parametrize("text", ["s\u0131mak juga: X", "\u017fimak juga: X", "L\u0130HAT JUGA: X", "BACA JUGA: X"])
def test_teaser_test_takes_the_pattern_s_other_letters(text):
    assert clean._may_open_teaser(text)
    assert clean._cut_teasers(text) != text or not clean._TEASER_START.search(text)


@given(st.text(alphabet=EDGY, max_size=80))
def test_space_runs_merge_as_before(text):
    plain = re.sub(r"[ \t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]+", " ", text)
    assert clean._SPACES.sub(" ", text) == plain
    assert clean._merge_spaces(text) == plain


@given(st.text(alphabet="ab_1é ,.\n()\t", max_size=60))
def test_tokenised_test_as_before(text):
    spaced = len(re.findall(r"[\w)] [,.](?= |\n|$)", text))
    marks = len(re.findall(r"[,.](?= |\n|$)", text))
    assert clean._looks_tokenised(text) == (spaced >= clean._TOKENISED_MIN and spaced >= clean._TOKENISED_SHARE * marks)


def _plain_strip_urls(text: str) -> str:
    """`clean._strip_urls` written plainly: every run of non-space characters with a "." or ":" inside
    it handed to the address pattern."""
    from indoNLP.preprocessing import URL_PATTERN

    def replace(m: re.Match[str]) -> str:
        found = m.group(0)
        return " " if re.match(r"(?i)(?:https?:|www\.)", found) or "/" in found else found

    if "http" in text or "www." in text or "/" in text:
        text = re.sub(r"(?<!\S)\S*?[.:]\S+", lambda run: re.sub(URL_PATTERN, replace, run.group(0)), text)
    return text


URL_PIECES = ["http://", "https://", "HTTP://", "www.", "WwW.", "kompas.com", "/", "//", ".", ":", "a", "id", " ",
              "\n", "\xa0", "x.co.id/berita/1", "19/6", "(24/8).", "Kompas.com", "?q=1&b=2", "#", "-", "~"]  # fmt: skip


@given(st.lists(st.sampled_from(URL_PIECES), max_size=25))
def test_address_removal_as_written_plainly(pieces):
    text = "".join(pieces)
    assert clean._strip_urls(text) == _plain_strip_urls(text)


@pytest.mark.parametrize("raw", _texts())
def test_address_removal_as_written_plainly_on_news(raw):
    assert clean._strip_urls(raw) == _plain_strip_urls(raw)


@given(st.text(alphabet=".…!?)]a \n", max_size=40))
def test_end_marks_as_written_plainly(text):
    plain = [m.span() for m in re.finditer(r"(?:\.{3}|…|[.!?])+[)\]]*", text)]
    assert [m.span() for m in sentences._END_MARK.finditer(text)] == plain
