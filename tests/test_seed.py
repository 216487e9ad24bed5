"""The seed article end to end: the first case every part must get right."""

from stance.extract import extract

PEOPLE_AND_STATES = {
    "vladimir_putin", "kim_jong_un", "russia", "north_korea", "south_korea", "united_states", "china", "ukraine",
}  # fmt: skip


def test_seed_entities_found(seed_reading):
    assert {m.entity for m in seed_reading.mentions} >= PEOPLE_AND_STATES
    found = {(m.surface, m.entity) for m in seed_reading.mentions}
    assert ("Presiden Rusia", "vladimir_putin") in found
    assert ("pemimpin Korea Utara", "kim_jong_un") in found
    assert ("Kim", "kim_jong_un") in found
    assert ("sekutu-sekutunya", "us_allies") in found
    assert ("negara-negara satelitnya", "us_allies") in found
    assert {e for s, e in found if s == "Keduanya"} == {"vladimir_putin", "kim_jong_un"}


def by_speaker(reading, speaker):
    return [q for q in reading.quotes if q.status == "ok" and speaker in q.speaker.split("|")]


def test_seed_kim_quotes(seed_reading):
    kim = by_speaker(seed_reading, "kim_jong_un")
    assert any(q.direct and q.cue == "kata" and q.content.startswith("Hubungan dua negara kita") for q in kim)
    assert any(q.direct and q.content == "dukungan tanpa syarat" for q in kim)


def test_seed_putin_quotes(seed_reading):
    putin = by_speaker(seed_reading, "vladimir_putin")
    assert any(q.direct and q.cue == "ujar" and q.content.startswith("Kami sangat menghargai") for q in putin)
    # the statement Russian media reported: a reporting chain with Putin as the speaker
    assert any(
        not q.direct and q.cue == "mengatakan" and q.content.startswith("Moskow tengah melawan kebijakan")
        for q in putin
    )
    assert not by_speaker(seed_reading, "russia")  # "Media Rusia" reported it; Russia did not say it


def test_seed_park_quote(seed_reading):
    park = by_speaker(seed_reading, "person:park_won_gon")
    assert len(park) == 1 and park[0].content.startswith("Poin terpenting")


def test_seed_us_statements(seed_reading):
    us = by_speaker(seed_reading, "united_states")
    accusation = [q for q in us if q.cue == "menuduh"]
    assert accusation and accusation[0].content.startswith("Korea Utara menyediakan rudal")
    assert "us_allies" in accusation[0].speaker  # "Mereka" = the US and its allies


def test_seed_through_the_api(tmp_path, seed_text):
    (tmp_path / "000_3ffcf151adeb4a7b.txt").write_text(seed_text, encoding="utf-8")
    tables = extract(tmp_path, year=2024)
    article = tables["articles"].iloc[0]
    assert article["article_id"] == "000_3ffcf151adeb4a7b"
    assert str(article["date"].date()) == "2024-06-19"
    assert article["n_sentences"] == len(tables["sentences"]) == 21
    sentences = tables["sentences"]
    assert sentences["quoted"].sum() >= 4
    text = tables["texts"].iloc[0]["text"]
    for row in tables["mentions"].itertuples():
        assert text[row.start : row.end] == row.surface
