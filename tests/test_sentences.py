"""Sentence splitting that knows Indonesian news: abbreviations, decimals, initials, ellipses, quotes."""

import pytest

from stance import find_quote_spans, split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dr. Budi datang. Dia pergi.", ["Dr. Budi datang.", "Dia pergi."]),
        ("Prof. H. Ali, S.H., M.Si. menjawab. Lalu.", ["Prof. H. Ali, S.H., M.Si. menjawab.", "Lalu."]),
        (
            "Kantor di Jl. Sudirman No. 5 ramai. Esoknya sepi.",
            ["Kantor di Jl. Sudirman No. 5 ramai.", "Esoknya sepi."],
        ),
        (
            "Ia membeli apel, jeruk, dll. Selain itu ia pulang.",
            ["Ia membeli apel, jeruk, dll.", "Selain itu ia pulang."],
        ),
        ("Dana a.n. Budi dikirim. Selesai.", ["Dana a.n. Budi dikirim.", "Selesai."]),
        (
            "Ekonomi tumbuh 3,5 persen. Inflasi 2.5 persen.",
            ["Ekonomi tumbuh 3,5 persen.", "Inflasi 2.5 persen."],
        ),
        ("Presiden George W. Bush datang. Ia pulang.", ["Presiden George W. Bush datang.", "Ia pulang."]),
        ("Dia diam... Lalu pergi.", ["Dia diam...", "Lalu pergi."]),
        ("Dia diam… dan menunggu.", ["Dia diam… dan menunggu."]),
        ("Apa benar? Ya! Tentu.", ["Apa benar?", "Ya!", "Tentu."]),
        # a multi-sentence quote stays with its attribution
        (
            "“Kami siap. Kami kuat,” kata Kim. Lalu ia pergi.",
            ["“Kami siap. Kami kuat,” kata Kim.", "Lalu ia pergi."],
        ),
        (
            'Putin mengatakan: "Kami siap. Kami kuat." Kim setuju.',
            ['Putin mengatakan: "Kami siap. Kami kuat."', "Kim setuju."],
        ),
        ("“Apa?” tanya dia. Baik.", ["“Apa?” tanya dia.", "Baik."]),
        # scrapers that dropped the space between sentences
        (
            'ke Jabar."Kami harap," ujar Nunung, Senin (24/8).Nunung pergi.',
            ["ke Jabar.", '"Kami harap," ujar Nunung, Senin (24/8).', "Nunung pergi."],
        ),
        ("Saham Amazon.com Inc. naik. Lalu turun.", ["Saham Amazon.com Inc. naik.", "Lalu turun."]),
        ("Baris satu\nBaris dua.", ["Baris satu", "Baris dua."]),
    ],
)
def test_split_sentences(text, expected):
    assert sentences(text) == expected


def test_offsets_point_into_the_text():
    text = "Satu dua. “Tiga empat,” kata Kim.\nLima."
    for s, e in split_sentences(text):
        assert text[s:e] == text[s:e].strip()
        assert text[s:e]


@pytest.mark.parametrize(
    "text, n_spans, n_problems",
    [
        ("“A,” kata Kim. “B,” ujar Putin.", 2, 0),
        ('"A," kata Kim. "B," ujar Putin.', 2, 0),
        ("“A, kata Kim.\nLalu.", 0, 1),  # never closed in its paragraph
        ("Ia berkata A.” Lalu.", 0, 1),  # closing without opening
        ('" Ini , " kata dia', 0, 2),  # spaced straight quotes cannot pair
    ],
)
def test_quote_spans(text, n_spans, n_problems):
    spans, problems = find_quote_spans(text)
    assert (len(spans), len(problems)) == (n_spans, n_problems)
