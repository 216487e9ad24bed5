"""The gazetteer: shipped, valid, extendable; aliases resolved as Indonesian news writes them."""

from datetime import date

import pytest

from stance import ResourceError, load_gazetteer, read_article

REQUIRED = [
    "vladimir_putin", "kim_jong_un", "russia", "north_korea", "south_korea", "united_states", "china",
    "ukraine", "nato", "us_allies", "joe_biden", "donald_trump", "xi_jinping", "volodymyr_zelensky",
    "dmitry_peskov", "sergei_lavrov", "antonio_guterres", "european_union", "united_nations", "japan",
    "taiwan", "iran", "israel", "indonesia",
]  # fmt: skip


def entities(text: str, day: date | None = date(2024, 6, 19)) -> list[tuple[str, str]]:
    return [(m.surface, m.entity) for m in read_article(text, day).mentions]


def test_shipped_gazetteer_is_large_and_valid(gazetteer):
    assert len(gazetteer.entities) >= 150
    assert set(REQUIRED) <= set(gazetteer.entities["id"])
    assert set(gazetteer.entities["type"]) <= {"person", "state", "organization", "group"}
    assert gazetteer.represents("vladimir_putin") == "russia"
    assert gazetteer.represents("antonio_guterres") == "united_nations"
    assert gazetteer.country_of("kim_jong_un") == "north_korea"
    assert gazetteer.country_of("russia") == "russia"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Amerika Serikat, AS, Washington, Gedung Putih dan Paman Sam.", ["united_states"] * 5),
        ("Rusia, Federasi Rusia, Moskow dan Kremlin.", ["russia"] * 4),
        ("Korea Utara, Korut, Pyongyang, Republik Rakyat Demokratik Korea, RRDK, DPRK.", ["north_korea"] * 6),
        ("Korea Selatan, Korsel dan Seoul.", ["south_korea"] * 3),
        ("China, Tiongkok, Cina, Beijing dan RRT.", ["china"] * 5),
        ("Ukraina, Kyiv dan Kiev.", ["ukraine"] * 3),
        ("Kim Jong-un, Kim Jong Un dan Kim Jong - un.", ["kim_jong_un"] * 3),
    ],
)
def test_state_and_person_aliases(text, expected):
    assert [e for _, e in entities(text)] == expected


@pytest.mark.parametrize("text", ["Harga naik as usual.", "Dia bertindak as-is.", "Kata as roda patah."])
def test_lower_case_as_is_never_the_us(text):
    assert "united_states" not in [e for _, e in entities(text)]


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2019, 5, 1), "donald_trump"),
        (date(2022, 3, 1), "joe_biden"),
        (date(2025, 1, 19), "joe_biden"),
        (date(2025, 3, 1), "donald_trump"),
    ],
)
def test_role_titles_follow_the_article_date(day, expected):
    found = dict(entities("Presiden AS berbicara.", day))
    assert found["Presiden AS"] == expected


def test_undated_role_falls_back_to_the_state():
    found = dict(entities("Presiden AS berbicara.", None))
    assert found["Presiden AS"] == "united_states"


def test_short_form_only_after_a_full_mention():
    assert "kim_jong_un" not in [e for _, e in entities("Kim tiba di Moskow.")]
    found = entities("Kim Jong-un tiba di Moskow. Kim disambut.")
    assert found[-1] == ("Kim", "kim_jong_un")


def test_short_form_picks_the_person_mentioned_last():
    found = entities("Kim Jong-un dan adiknya Kim Yo-jong tiba. Kim lalu berbicara.")
    assert found[-1] == ("Kim", "kim_yo_jong")


@pytest.mark.parametrize(
    "text, surface, entity",
    [
        ("Pasukan Rusia maju.", "Pasukan Rusia", "russia"),
        ("Militer AS bersiaga.", "Militer AS", "united_states"),
        ("Hal itu untuk rakyat Korea Utara.", "rakyat Korea Utara", "north_korea"),
    ],
)
def test_demonym_forms(text, surface, entity):
    assert (surface, entity) in entities(text)


def test_group_references():
    found = entities(
        "Putin berkunjung ke Korea Utara. Korea Selatan dan Amerika Serikat khawatir atas hubungan kedua negara."
    )
    assert [e for s, e in found if s == "kedua negara"] == ["north_korea", "russia"]
    # a group once named keeps its members when the text refers to it again, past the look-back window
    # (demo: Camp David, 2023), where pairing the most recent states would name China and Taiwan
    found = entities(
        "Presiden AS Joe Biden, Perdana Menteri Jepang Fumio Kishida, dan Presiden Korea Selatan Yoon Suk Yeol "
        "bertemu di Camp David. Ketiga negara menyepakati langkah baru. Ketiganya berbagi data rudal. "
        "China menggelar latihan di sekitar Taiwan. Beijing mengecam pertemuan itu. Taiwan diam. "
        "Taipei menyambut baik. China kembali mengecam. Ketiga negara juga menyatakan berdiri bersama Ukraina."
    )
    groups = [e for s, e in found if s.lower() in ("ketiga negara", "ketiganya")]
    assert groups == ["south_korea", "japan", "united_states"] * 3
    # two states named in the reference's own sentence, not as its subject list, are the two it names
    # (real-news wording), before a pair named together in earlier sentences
    found = entities(
        "Foxconn mengirim iPhone dari India ke Amerika Serikat. Ekspor India ke Amerika Serikat naik. Presiden AS "
        "Donald Trump mengatakan China akan menghadapi tarif 55% setelah kedua negara menyetujui sebuah rencana.",
        date(2025, 6, 12),
    )
    assert [e for s, e in found if s == "kedua negara"] == ["china", "united_states"]
    # ministers who are not named are their states' (a real-news sentence, shortened)
    found = entities(
        "Amerika Serikat, Australia dan Jepang meminta China mematuhi hukum internasional. Ketiga menteri luar "
        "negeri dari negara-negara tersebut meminta ASEAN dan China menetapkan aturan yang mengikat."
    )
    assert [e for s, e in found if s == "Ketiga menteri"] == ["united_states", "australia", "japan"]
    found = entities("Amerika Serikat dan sekutu-sekutunya khawatir.")
    assert found == [("Amerika Serikat", "united_states"), ("sekutu-sekutunya", "us_allies")]


def test_researcher_can_extend(tmp_path):
    (tmp_path / "entities.csv").write_text("id,type,represents,name\nrina_k,person,,Rina K\n")
    (tmp_path / "aliases.csv").write_text("id,alias,case,kind\nrina_k,Rina Kusumawati,any,name\n")
    gaz = load_gazetteer(tmp_path)
    assert "rina_k" in gaz and "vladimir_putin" in gaz
    assert [m.entity for m in read_article("Rina Kusumawati berkata.", None, gaz).mentions] == ["rina_k"]


@pytest.mark.parametrize(
    "entities_csv, aliases_csv, message",
    [
        (
            "id,type,represents,name\nBad Id,person,,X\n",
            "id,alias,case,kind\n",
            r"entities\.csv:2: id 'Bad Id'",
        ),
        (
            "id,type,represents,name\nx,alien,,X\n",
            "id,alias,case,kind\nx,X,any,name\n",
            r"entities\.csv:2: type 'alien'",
        ),
        (
            "id,type,represents,name\nx,person,nowhere,X\n",
            "id,alias,case,kind\nx,X,any,name\n",
            r"entities\.csv:2: represents unknown",
        ),
        (
            "id,type,represents,name\nx,person,,X\n",
            "id,alias,case,kind\nx,X,any,name\ny,Y,any,name\n",
            r"aliases\.csv:3: .*unknown entity 'y'",
        ),
        (
            "id,type,represents,name\nx,person,,X\n",
            "id,alias,case,kind\nx,X,loud,name\n",
            r"aliases\.csv:2: case 'loud'",
        ),
        (
            "id,type,represents,name\nx,person,,X\n",
            "# about\n# version: 1\nid,alias,case,kind,valid_from\nx,X,any,role,2020-13-01\n",
            r"aliases\.csv:4: '2020-13-01'",
        ),
        (
            "id,type,represents,name\nx,person,,X\n",
            "id,alias,case,kind\nx,X,any,short\n",
            r"entities\.csv:2: entity 'x' has no alias",
        ),
    ],
)
def test_bad_rows_are_named(tmp_path, entities_csv, aliases_csv, message):
    (tmp_path / "entities.csv").write_text(entities_csv)
    (tmp_path / "aliases.csv").write_text(aliases_csv)
    with pytest.raises(ResourceError, match=message):
        load_gazetteer(tmp_path)


def test_overlapping_roles_are_rejected(tmp_path):
    (tmp_path / "entities.csv").write_text("id,type,represents,name\na,person,,A\nb,person,,B\n")
    (tmp_path / "aliases.csv").write_text(
        "id,alias,case,kind,valid_from,valid_to\na,A,any,name,,\nb,B,any,name,,\n"
        "a,Ketua X,any,role,2020-01-01,2022-01-01\nb,Ketua X,any,role,2021-01-01,\n"
    )
    with pytest.raises(ResourceError, match=r"aliases\.csv:5: role 'Ketua X'.*overlaps"):
        load_gazetteer(tmp_path)


@pytest.mark.parametrize(
    "text, absent",
    [
        ("Gubernur Jawa Barat meresmikan jembatan.", "western_countries"),
        ("Kapal patroli berlayar di Laut China Selatan.", "china"),
        ("Ia fasih berbahasa Inggris dan bahasa Inggris.", "united_kingdom"),
        ("Rupiah melemah terhadap dolar AS.", "united_states"),
    ],
)
def test_blocked_phrases_name_no_entity(text, absent):
    assert absent not in [e for _, e in entities(text)]


def test_former_office_holders_are_not_the_current_one():
    found = [e for _, e in entities("Mantan Presiden AS Barack Obama berbicara.", date(2024, 6, 19))]
    assert "joe_biden" not in found and "barack_obama" in found
    deputy = [e for _, e in entities("Wakil Menteri Luar Negeri China Zhang Yesui tiba.", date(2016, 1, 1))]
    assert "wang_yi" not in deputy and "china" in deputy


def test_plural_reference_takes_a_list_named_before():
    found = entities(
        "Presiden AS Joe Biden, PM Jepang Fumio Kishida, dan Presiden Korea Selatan Yoon Suk Yeol bertemu. "
        "China mengecam pertemuan itu. Ketiga negara berjanji berdiri bersama Ukraina."
    )
    assert sorted(e for s, e in found if s == "Ketiga negara") == ["japan", "south_korea", "united_states"]
