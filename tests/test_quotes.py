"""Quote attribution, one construction a row."""

from datetime import date

import pytest

from stance import read_article


def attributed(text: str, day: date | None = date(2024, 6, 19)) -> list[tuple[str, str, bool]]:
    """(speaker, content, direct) of each attributed quote."""
    return [(q.speaker, q.content, q.direct) for q in read_article(text, day).quotes if q.status == "ok"]


@pytest.mark.parametrize(
    "text, speaker, content, direct",
    [
        # speaker after the quote, every cue
        ("“Kami siap,” kata Kim Jong-un.", "kim_jong_un", "Kami siap,", True),
        ("“Kami siap,” ujar Putin.", "vladimir_putin", "Kami siap,", True),
        ("“Kami siap,” ucap Putin.", "vladimir_putin", "Kami siap,", True),
        ("“Kami siap,” tutur Putin.", "vladimir_putin", "Kami siap,", True),
        ("“Kami siap,” ungkap Putin.", "vladimir_putin", "Kami siap,", True),
        ("“Kami siap,” tegas Putin.", "vladimir_putin", "Kami siap,", True),
        ("“Kami siap,” jelas Putin.", "vladimir_putin", "Kami siap,", True),
        ("“Kami siap,” sebut Putin.", "vladimir_putin", "Kami siap,", True),
        ("“Kami siap,” imbuh Putin.", "vladimir_putin", "Kami siap,", True),
        ("“Kami siap,” tambah Putin.", "vladimir_putin", "Kami siap,", True),
        ("“Kami siap,” papar Putin.", "vladimir_putin", "Kami siap,", True),
        ('"Kami siap," kata Putin kepada wartawan.', "vladimir_putin", "Kami siap,", True),
        # speaker before
        ("Putin mengatakan: “Kami siap.”", "vladimir_putin", "Kami siap.", True),
        (
            "Zelensky menegaskan, “Kami tidak akan menyerah.”",
            "volodymyr_zelensky",
            "Kami tidak akan menyerah.",
            True,
        ),
        # a role with a name
        ("“Itu provokasi,” kata juru bicara Kremlin Dmitry Peskov.", "dmitry_peskov", "Itu provokasi,", True),
        (
            "Presiden Rusia Vladimir Putin mengatakan bahwa Barat salah.",
            "vladimir_putin",
            "Barat salah",
            False,
        ),
        # indirect speech
        ("Putin mengatakan, Moskow siap berunding.", "vladimir_putin", "Moskow siap berunding", False),
        ("Putin mengatakan bahwa Moskow siap berunding.", "vladimir_putin", "Moskow siap berunding", False),
        ("Menurut Lavrov, Barat gagal.", "sergei_lavrov", "Barat gagal", False),
        ("Barat gagal, menurut Lavrov.", "sergei_lavrov", "Barat gagal", False),
        ("Moskow siap berunding, kata Putin.", "vladimir_putin", "Moskow siap berunding", False),
        ("Xi Jinping menegaskan Beijing menentang sanksi.", "xi_jinping", "Beijing menentang sanksi", False),
        ("AS menuduh Korea Utara memasok rudal.", "united_states", "Korea Utara memasok rudal", False),
        # reporting chains: the inner speaker said it
        (
            "Media Rusia melaporkan bahwa Putin mengatakan, Moskow siap.",
            "vladimir_putin",
            "Moskow siap",
            False,
        ),
        (
            "KCNA melaporkan bahwa Kim Jong-un menegaskan Pyongyang siap.",
            "kim_jong_un",
            "Pyongyang siap",
            False,
        ),
        # a subject with a modifier between it and the cue
        (
            "Putin, yang tiba di Pyongyang pada Rabu, mengatakan Moskow siap.",
            "vladimir_putin",
            "Moskow siap",
            False,
        ),
        # coordinated subjects
        (
            "Korea Selatan dan Amerika Serikat menyatakan mereka khawatir.",
            "south_korea|united_states",
            "mereka khawatir",
            False,
        ),
    ],
)
def test_constructions(text, speaker, content, direct):
    assert (speaker, content, direct) in attributed(text)


@pytest.mark.parametrize(
    "text, speaker",
    [
        # pronoun speakers resolve to the last fitting named speaker
        ("“Kami siap,” kata Putin. “Kami kuat,” ujarnya.", "vladimir_putin"),
        ("“Kami siap,” kata Putin. “Kami kuat,” kata dia.", "vladimir_putin"),
        ("Menurut Lavrov, Barat gagal. Ia mengatakan, sanksi tidak berhasil.", "sergei_lavrov"),
        # an unknown quoted person becomes a holder, short forms resolved to the full name
        ("Park Won-gon adalah dosen di Seoul. “Ini simbolis,” kata Park.", "person:park_won_gon"),
        ("“Ini simbolis,” kata pengamat Rina Kusumawati.", "person:rina_kusumawati"),
        ("Peneliti Rina Kusumawati mengatakan, Rusia terisolasi.", "person:rina_kusumawati"),
        # a known name or a title word glued before a person is not part of the name its short form expands to
        ("Duta Besar AS untuk PBB Susan Rice tiba. “Kami menolak,” kata Rice.", "person:susan_rice"),
        # a capitalised common word, written in lower case elsewhere, is not a person
        ("Pertemuan itu singkat. Rusia menolak. “Tidak ada hasil,” tulis Pertemuan. Itu pertemuan kedua.", ""),
        # a quote split around its attribution
        ("“Kami siap,” kata Putin, “dan kami kuat.”", "vladimir_putin"),
        # an expert introduced after the last speaker is who "ujarnya" points to
        (
            "“Kami siap,” kata Putin. Rina Kusumawati, peneliti di Yogyakarta, melihat hal lain. “Moskow terdesak,” ujarnya.",
            "person:rina_kusumawati",
        ),
        (
            "“Kami siap,” kata Putin. Menurut analis Ratna Dewi, situasinya lain. “Moskow terdesak,” ujarnya.",
            "person:ratna_dewi",
        ),
    ],
)
def test_last_quote_speaker(text, speaker):
    assert attributed(text)[-1][0] == speaker


def test_continued_quote_keeps_its_speaker():
    quotes = attributed("“Kami siap,” kata Putin.\n“Kami tidak takut pada siapa pun.”")
    assert [q[0] for q in quotes] == ["vladimir_putin", "vladimir_putin"]


@pytest.mark.parametrize(
    "text",
    [
        "Dengan kata lain, Rusia terisolasi.",  # kata = "word"
        "Kedua klub mencapai kata sepakat.",
        "Polisi ungkap kasus penipuan di Jakarta.",  # ungkap = "uncover"
        "Putin dengan tegas menolak tuduhan itu.",  # tegas = "firmly"
        "Jelas bahwa Rusia terisolasi.",
    ],
)
def test_traps_are_not_quotes(text):
    assert attributed(text) == []


def test_unbalanced_quote_is_skipped_with_reason():
    quotes = read_article("Putin berkata, “Kami siap.\nLalu ia pergi.", None).quotes
    skipped = [q for q in quotes if q.status == "skipped"]
    assert len(skipped) == 1 and "never closed" in skipped[0].reason


def test_offsets_point_at_content():
    reading = read_article("Rusia siap. “Kami kuat,” kata Putin.", None)
    quote = reading.quotes[0]
    assert reading.text[quote.start : quote.end] == quote.content


@pytest.mark.parametrize(
    "text",
    [
        "Putin menolak mengatakan apakah Moskow siap berunding.",
        "Masih terlalu dini untuk menyatakan perang akan usai.",
        "Lavrov tidak mengatakan kapan pertemuan digelar.",
    ],
)
def test_unsaid_statements_are_not_quotes(text):
    assert attributed(text) == []


def test_pronoun_cue_after_a_quote_points_before_the_quote():
    """'“Putin membaca keengganan Trump …,” imbuhnya' in a demo analysis: the analyst quoted just before
    speaks, not Putin, whom she names inside her own quote (ujarnya/kata dia look back from the quote)."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    record = next(
        r
        for part in sorted((root / "data" / "demo").glob("*.jsonl"))
        for r in map(json.loads, part.read_text(encoding="utf-8").splitlines())
        if r["id"] == "demo-analysis-002"
    )
    reading = read_article(record["text"], date(2025, 6, 20))
    quote = next(q for q in reading.quotes if q.content.startswith("Putin membaca keengganan Trump"))
    assert quote.cue == "imbuhnya"
    assert quote.speaker == "person:nadia_prawiranegara"


@pytest.mark.parametrize(
    "text, speaker",
    [
        # an official the gazetteer does not know speaks for the state in their title (real-news wording)
        (
            "Penasihat Keamanan Nasional Myanmar, Thaung Tun, mengaku bernegosiasi dengan China. “China adalah "
            "teman kami,” ujar Tun.",
            "person:thaung_tun|myanmar",
        ),
        ("“Kami tidak akan mundur,” kata Menteri Perdagangan Iran Reza Tavakoli.", "person:reza_tavakoli|iran"),
        # an analyst does not: "peneliti" is no official's title
        ("“Ini sinyal penting,” kata peneliti Rusia Andrei Volkov.", "person:andrei_volkov"),
    ],
)
def test_unknown_official_speaks_for_their_state(text, speaker):
    assert attributed(text)[-1][0] == speaker


def test_a_list_of_speakers_speaks_together():
    """A statement by a list of officials, or by "ketiganya" after it, is each one's (demo wording)."""
    text = (
        "Menteri luar negeri Amerika Serikat (AS), Jepang, dan Korea Selatan mengecam keras pasokan amunisi dari "
        "Korea Utara kepada Rusia. Dalam pernyataan bersama, ketiganya menyatakan pengiriman itu sudah selesai. "
        "Menteri Luar Negeri AS Antony Blinken, Menlu Jepang Yoko Kamikawa, dan Menlu Korea Selatan Park Jin "
        "menyebut pasokan itu akan menambah korban. Ketiganya menegaskan tetap mendukung kedaulatan Ukraina."
    )
    speakers = [q for q, _, _ in attributed(text, date(2023, 10, 27))]
    assert speakers[0] == "united_states|japan|south_korea"
    assert set(speakers[1].split("|")) == set(speakers[2].split("|")) == {"antony_blinken", "yoko_kamikawa", "park_jin"}


@pytest.mark.parametrize(
    "text",
    [
        "Berbagai kelompok HAM menuduh China mengekang hak beragama warga Tibet.",
        "Komite Nobel menyebut China bertanggung jawab atas kematian Liu.",
        "“Kami berterima kasih atas dukungan Presiden Trump,” ujar manajemen TikTok.",
    ],
)
def test_a_body_the_gazetteer_does_not_know_is_not_a_person(text):
    """Unknown organisations (real-news wording) are not made into person:… speakers."""
    assert not any(speaker.startswith("person:") for speaker, _, _ in attributed(text))


def test_a_pronoun_subject_is_the_person_after_a_state_in_a_title(gazetteer):
    """ "Duta Besar Rusia Vassily Nebenzia bersikukuh … Ia menuduh …": Ia is Nebenzia, not the last speaker
    before him (a demo passage)."""
    text = (
        "Duta Besar Ukraina untuk PBB Sergiy Kyslytsya menuduh Rusia ingin menghapus hak Ukraina. “Yang "
        "dipertaruhkan bukan hanya Ukraina,” kata Kyslytsya. Duta Besar Rusia Vassily Nebenzia bersikukuh bahwa "
        "operasi militer negaranya bertujuan melindungi warga Donbas. Ia menuduh Amerika Serikat dan sekutunya "
        "menekan negara-negara anggota agar mendukung resolusi."
    )
    reading = read_article(text, None, gazetteer)
    pronoun = next(m for m in reading.mentions if m.kind == "pronoun")
    assert pronoun.entity == "vassily_nebenzia"
