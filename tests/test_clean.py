"""Cleaning: page leftovers of Indonesian news sites removed, the sentences kept."""

import pytest

from stance import clean_text, split_sentences


@pytest.mark.parametrize(
    "raw, expected",
    [
        # the seed's teaser glued to the next sentence
        (
            "BACA JUGA: Sambut Putin, Kim Jong Un Gelar Karpet MerahMedia Rusia melaporkan bahwa Putin datang.",
            "Media Rusia melaporkan bahwa Putin datang.",
        ),
        ("Satu.\nBaca juga: Harga Minyak Naik\nDua.", "Satu.\nDua."),
        ("Satu.\nYour browser doesn’t support HTML5\nDua.", "Satu.\nDua."),
        ("Satu.\nYour browser doesn't support HTML5 video.\nDua.", "Satu.\nDua."),
        ("Rusia menyerang Ukraina. [ns/rd]", "Rusia menyerang Ukraina."),
        ("Valencia tengah bernegosiasi. (as/rer)", "Valencia tengah bernegosiasi."),
        (
            "kata dia.ADVERTISEMENTSCROLL TO CONTINUE WITH CONTENTMenurut Putin, ya.",
            "kata dia.\nMenurut Putin, ya.",
        ),
        ("Jakarta, CNN Indonesia -- Presiden datang.", "Presiden datang."),
        ("JAKARTA, KOMPAS.com - Presiden datang.", "Presiden datang."),
        ("Liputan6.com, Jakarta Presiden datang.", "Presiden datang."),
        ("REPUBLIKA.CO.ID, BANDUNG -- Ekonomi melambat.", "Ekonomi melambat."),
        ("London ( ANTARA News ) - Sebuah kelompok datang.", "Sebuah kelompok datang."),
        ("Jakarta - Presiden datang.", "Presiden datang."),
        # a dash inside an ordinary sentence is not a dateline
        (
            "Presiden Joko Widodo - yang baru tiba - berbicara.",
            "Presiden Joko Widodo - yang baru tiba - berbicara.",
        ),
        # pre-tokenised archives
        (
            "Amerika Serikat ( AS ) menyatakan , pada Jumat ( 30 / 6 ) , bahwa mereka siap .",
            "Amerika Serikat (AS) menyatakan, pada Jumat (30/6), bahwa mereka siap.",
        ),
        (
            '" Ini adalah mimpi , " ujar Haipeng . Bangsa - bangsa dan Tiangong - 2 .',
            '"Ini adalah mimpi," ujar Haipeng. Bangsa-bangsa dan Tiangong-2.',
        ),
        ("<p>Halo&nbsp;<strong>dunia</strong></p><p>Kata &quot;baik&quot;.</p>", 'Halo dunia\nKata "baik".'),
        (
            "Lihat https://example.com/a?b=1 sekarang. Kompas.com menulis.",
            "Lihat sekarang. Kompas.com menulis.",
        ),
        ("<script>alert(1)</script>Teks.", "Teks."),
    ],
)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


def test_seed_teaser_becomes_its_own_sentence(seed_text):
    text = clean_text(seed_text)
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert any(s.startswith("Media Rusia melaporkan bahwa Putin mengatakan") for s in sentences)
    assert "Karpet Merah" not in text
    assert "HTML5" not in text
    assert "[ns/rd]" not in text
    assert text.endswith("dalam perang di Ukraina.")


def test_realnews_leftovers_removed(realnews_records):
    for record in realnews_records:
        text = clean_text(record["text"])
        assert "ADVERTISEMENT" not in text
        assert "SCROLL TO CONTINUE" not in text
        assert "BACA JUGA" not in text.upper()


def _urls_stripped_everywhere(text: str) -> str:
    """What `_strip_urls` does, the address pattern tried at every position of the text (no pre-filter)."""
    import re

    from indoNLP.preprocessing import URL_PATTERN

    def replace(m: re.Match[str]) -> str:
        found = m.group(0)
        return " " if re.match(r"(?i)(?:https?:|www\.)", found) or "/" in found else found

    return re.sub(URL_PATTERN, replace, text)


@pytest.mark.parametrize(
    "text",
    [
        "lihat https://x.com/a/b(c) dan www.kompas.com/read/2024/01/02/abc.html, Kompas.com (19/6).",
        "surel a@b.com/x http:foo HTTPS://A.B/c?d=e. (lihat: detik.com/news) «antaranews.com/berita/123»",
        "x.y/z\n\nfoo.co.id/bar.\tbaz:/qux http://t.co/ab\u00a0cd.org/e itu. Rabu (19/6): selesai.",
    ],
)
def test_urls_found_only_where_an_address_can_be(text, seed_text):
    from stance.clean import _strip_urls

    assert _strip_urls(text) == _urls_stripped_everywhere(text)
    assert _strip_urls(seed_text) == _urls_stripped_everywhere(seed_text)
